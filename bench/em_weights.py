"""Person-feature weights estimated by EM (as splink does), to set beside the hand-set table.

Usage: .venv/bin/python bench/em_weights.py NOTIFICATIONS[:TRUTH_PAIRS.json] [...]

For each file: every cross-state candidate pair (a shared blocking key held by at most
``common_key_cases`` cases, latest case versions) is reduced to the levels ppd's feature
functions give for its best suspect pair: name level, birth-date relation, address level.
A two-class mixture with conditionally independent comparisons is fitted by EM (no ground truth
is used); "no value on one side" is left out of the likelihood, as splink does with nulls. Printed
per level: m (share among matches), u (among non-matches) and log2(m/u) next to the table's bits.
With a truth file (a JSON list of [case_a, case_b]) the same m and u are also counted from the
labels, which shows where the independence assumption of EM goes wrong (blocked candidates met
through a name or a date, so those comparisons are not independent). These are estimates for the file's population (Febrl's corruption rates, the simulator's
namesakes), to check the table's reasons against, not values to copy into it.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from detector.blocking import blocking_keys, is_blocking
from detector.contract import CaseNotification
from detector.ingest import parse_notification
from detector.matching.scoring import score_pair
from detector.matching.weights import WEIGHTS
from detector.profile import build_profile
from detector.settings import Settings

COMPARISONS = {
    "name": ("name.exact", "name.strong", "name.close", "name.weak", "name.partial", "name.other"),
    "birth_date": ("birth_date.exact", "birth_date.swapped", "birth_date.near", "birth_date.typo",
                   "birth_date.same_month", "birth_date.same_year", "birth_date.conflict"),
    "address": ("address.full", "address.street", "address.household", "address.same", "address.differ"),
}


def comparison_vectors(path: Path) -> list[tuple[tuple[str, str], dict[str, str | None]]]:
    cap = Settings().common_key_cases
    latest: dict[str, CaseNotification] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        n = parse_notification(line)
        if isinstance(n, CaseNotification) and (
                n.case_key not in latest or latest[n.case_key].case.version < n.case.version):
            latest[n.case_key] = n
    profiles, counts, holders = {}, Counter(), defaultdict(list)
    for key, n in latest.items():
        if n.event != "withdrawn" and n.suspects:
            profiles[key] = build_profile(n)
            keys = blocking_keys(profiles[key])
            counts.update(keys)
            for k in keys:
                holders[k].append(key)
    pairs = {(x, y) for k, hs in holders.items() if is_blocking(k) and counts[k] <= cap
             for x, y in combinations(sorted(hs), 2) if x.split(":")[0] != y.split(":")[0]}
    vectors = []
    for a, b in sorted(pairs):
        names = {f.name for f in score_pair(profiles[a], profiles[b], counts, cap).features if f.kind == "suspect"}
        vector = {c: next((lv for lv in levels if lv in names), None) for c, levels in COMPARISONS.items()}
        if vector["name"] is None and not names:
            vector["name"] = "name.none"  # no person evidence at all: the pair met through another key
        vectors.append(((a, b), vector))
    return vectors


def em(vectors: list[dict[str, str | None]], rounds: int = 60) -> tuple[float, dict, dict]:
    levels = {c: sorted({v[c] for v in vectors if v[c]}) for c in COMPARISONS}
    # start: strong agreement likelier among matches
    m = {c: {lv: 1.0 / len(ls) for lv in ls} for c, ls in levels.items()}
    u = {c: {lv: 1.0 / len(ls) for lv in ls} for c, ls in levels.items()}
    for c, mc in m.items():
        for lv in mc:
            strong = any(w in lv for w in ("exact", "full", "strong"))
            mc[lv] *= 4.0 if strong else 1.0
            u[c][lv] *= 0.25 if strong else 1.0
        for table in (mc, u[c]):
            total = sum(table.values())
            for lv in table:
                table[lv] /= total
    lam = 0.3
    for _ in range(rounds):
        wm = {c: defaultdict(float) for c in levels}
        wu = {c: defaultdict(float) for c in levels}
        total_p = 0.0
        for v in vectors:
            pm, pu = lam, 1 - lam
            for c, lv in v.items():
                if lv:
                    pm *= m[c][lv]
                    pu *= u[c][lv]
            p = pm / (pm + pu) if pm + pu else 0.0
            total_p += p
            for c, lv in v.items():
                if lv:
                    wm[c][lv] += p
                    wu[c][lv] += 1 - p
        lam = total_p / len(vectors)
        for c, ls in levels.items():
            sm, su = sum(wm[c].values()), sum(wu[c].values())
            m[c] = {lv: max(wm[c][lv] / sm, 1e-6) for lv in ls}
            u[c] = {lv: max(wu[c][lv] / su, 1e-6) for lv in ls}
    return lam, m, u


def main() -> None:
    for arg in sys.argv[1:]:
        path, _, truth_path = arg.partition(":")
        labelled = comparison_vectors(Path(path))
        vectors = [v for _, v in labelled]
        lam, m, u = em(vectors)
        true = {tuple(sorted(p)) for p in json.loads(Path(truth_path).read_text())} if truth_path else None
        print(f"\n{arg}: {len(vectors)} candidate pairs, estimated share of matches {lam:.3f} "
              f"(prior {math.log2(lam / (1 - lam)):+.1f} bits; table {WEIGHTS['prior'].bits:+.1f})")
        labels = labelled_rates(labelled, true) if true is not None else None
        head = f"{'level':24} {'pairs':>6} {'m':>7} {'u':>7} {'EM bits':>8} {'table':>6}"
        print(head + ("  | labelled m, u, bits" if labels else ""))
        seen = Counter(lv for v in vectors for lv in v.values() if lv)
        for c in COMPARISONS:
            for lv in sorted(m[c], key=lambda x: -m[c][x] / u[c][x]):
                table = f"{WEIGHTS[lv].bits:+6.1f}" if lv in WEIGHTS else "     -"
                row = f"{lv:24} {seen[lv]:6d} {m[c][lv]:7.4f} {u[c][lv]:7.4f} {math.log2(m[c][lv] / u[c][lv]):+8.1f} {table}"
                if labels:
                    lm, lu = labels[c].get(lv, (0.0, 0.0))
                    bits = math.log2(max(lm, 1e-6) / max(lu, 1e-6))
                    row += f"  | {lm:.4f} {lu:.4f} {bits:+6.1f}"
                print(row)


def labelled_rates(labelled, true) -> dict[str, dict[str, tuple[float, float]]]:
    """m and u per level counted from the truth (each comparison over pairs where it has a value)."""
    out = {}
    for c in COMPARISONS:
        match = Counter(v[c] for p, v in labelled if v[c] and p in true)
        non = Counter(v[c] for p, v in labelled if v[c] and p not in true)
        nm, nn = sum(match.values()) or 1, sum(non.values()) or 1
        out[c] = {lv: (match[lv] / nm, non[lv] / nn) for lv in set(match) | set(non)}
    return out


if __name__ == "__main__":
    main()
