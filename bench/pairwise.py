"""Pairwise scoring of a notifications file in one pass (tuning aid, no store, no alert grouping).

Usage: python bench/pairwise.py NOTIFICATIONS TRUTH_PAIRS.json [N]

Takes the latest version of every case, counts every key over all of them (the engine's counts at
the end of a run), scores every cross-state candidate pair (a shared blocking key held by at most
``common_key_cases`` cases) and bands it as the engine would. Prints pairwise precision and recall,
how many true pairs were never candidates, and the evidence behind the commonest kinds of miss
and false pair, grouped by which features fired. TRUTH_PAIRS.json is a list of [case_a, case_b].
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from detector.blocking import blocking_keys, is_blocking
from detector.contract import CaseNotification
from detector.ingest import parse_notification
from detector.matching.scoring import score_pair
from detector.policy import pair_band
from detector.profile import build_profile
from detector.settings import Settings


def main() -> None:
    path, truth_path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    settings = Settings()
    cap = settings.common_key_cases
    latest: dict[str, CaseNotification] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        n = parse_notification(line)
        if isinstance(n, CaseNotification) and (
                n.case_key not in latest or latest[n.case_key].case.version < n.case.version):
            latest[n.case_key] = n
    profiles, keys, counts = {}, {}, Counter()
    for key, n in latest.items():
        if n.event == "withdrawn":
            continue
        profiles[key] = build_profile(n)
        keys[key] = blocking_keys(profiles[key])
        counts.update(keys[key])
    holders = defaultdict(list)
    for case, ks in keys.items():
        for k in ks:
            if is_blocking(k) and counts[k] <= cap:
                holders[k].append(case)
    candidates = set()
    for hs in holders.values():
        for x, y in combinations(sorted(hs), 2):
            if x.split(":")[0] != y.split(":")[0]:
                candidates.add((x, y))
    true = {tuple(sorted(p)) for p in json.loads(Path(truth_path).read_text())}
    bands, scores = {}, {}
    for a, b in candidates:
        s = score_pair(profiles[a], profiles[b], counts, cap)
        scores[(a, b)] = s
        bands[(a, b)] = pair_band(s, settings)
    alert = {p for p, band in bands.items() if band == "alert"}
    if os.environ.get("PAIRWISE_DUMP"):
        Path(os.environ["PAIRWISE_DUMP"]).write_text(json.dumps(sorted(alert)))
    review = {p for p, band in bands.items() if band == "review"}

    def prf(pred):
        tp = len(pred & true)
        p = tp / len(pred) if pred else 1.0
        r = tp / len(true) if true else 1.0
        return f"P={p:.4f} R={r:.4f} F1={2 * p * r / (p + r) if p + r else 0:.4f} predicted={len(pred)}"

    print(f"cases {len(profiles)} candidates {len(candidates)} true {len(true)} "
          f"never candidates {len(true - candidates)}")
    print("alert          ", prf(alert))
    print("alert or review", prf(alert | review))

    for lo, hi in ((0.25, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01)):
        inside = [p in true for p in alert | review if lo <= scores[p].probability < hi]
        if inside:
            print(f"score {lo:.2f}-{min(hi, 1):.2f}: {len(inside)} pairs, {sum(inside) / len(inside):.3f} true")

    def show(n):
        s = n.suspects[0]
        return f"[{s.names[0].full} | {s.birth_date} | {s.addresses[0].full if s.addresses else '-'} {s.addresses[0].city if s.addresses else ''} {s.addresses[0].postcode if s.addresses else ''}]"

    def signature(s):
        return " ".join(sorted({f.name for f in s.features}))

    for label, pairs in (("missed or review", (true & candidates) - alert), ("false alert", alert - true),
                         ("false review", review - true)):
        groups = defaultdict(list)
        for p in pairs:
            groups[signature(scores[p])].append(p)
        print(f"\n===== {label}: {len(pairs)}")
        for sig, ps in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:12]:
            print(f"-- {len(ps)} x [{sig}]")
            for p in sorted(ps)[:limit]:
                if label.startswith("missed") and len(sys.argv) > 4: print("   RAW", *(show(latest[c]) for c in p))
                s = scores[p]
                print(f"   {p} p={s.probability} bits={s.log2_odds} corr={s.corroborated}")
                for f in s.features:
                    print(f"      {f.weight:+6.2f} {f.name:22} {f.detail}")


if __name__ == "__main__":
    main()
