"""Matching quality on simulated traffic: several unseen seeds, calibration, figures to docs/quality.md.

Usage: .venv/bin/python bench/quality.py [--operations 1500 4000] [--seeds 83 97 131] [--write]

Each (operations, seed) is simulated afresh, run through the embedded pipeline exactly as
`ppd run` does, and evaluated over cross-state case pairs. The calibration table bins every
predicted pair (alert or review band) by score and reports the share that is truly the same
conduct: a calibrated score means what it says.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory

from detector.evaluate import evaluate, predicted_pairs, truth_pairs
from detector.ingest import DeadLetterFile
from detector.runner import run_file
from detector.settings import Settings
from detector.simulate import generate_traffic

ROOT = Path(__file__).resolve().parents[1]
# Score deciles from the review threshold up; the top decile split where most alerts sit.
BINS = [(0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95),
        (0.95, 0.99), (0.99, 1.01)]


def run_one(operations: int, seed: int) -> tuple[dict, list[tuple[float, bool]], float]:
    lines, truth = generate_traffic(operations, seed)
    truth_lines = [__import__("json").dumps(t) for t in truth]
    out = io.StringIO()
    with TemporaryDirectory() as tmp:
        start = time.perf_counter()
        run_file(lines, Settings(), DeadLetterFile(Path(tmp) / "dead.jsonl"), out)
        elapsed = time.perf_counter() - start
    alert_lines = out.getvalue().splitlines()
    result, _ = evaluate(alert_lines, truth_lines)
    alert, review, scores = predicted_pairs(alert_lines)
    true = truth_pairs(truth_lines)
    scored = [(scores[p], p in true) for p in alert | review]
    return result.as_dict(), scored, elapsed


def calibration(scored: list[tuple[float, bool]]) -> list[str]:
    """Score bins against the share truly the same conduct: a calibrated score is near its mean."""
    rows = ["| score | pairs | mean score | truly same conduct |", "| --- | --- | --- | --- |"]
    for lo, hi in BINS:
        inside = [(s, t) for s, t in scored if lo <= s < hi]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            true = sum(t for _, t in inside) / len(inside)
            rows.append(f"| {lo:.2f}-{min(hi, 1.0):.2f} | {len(inside)} | {mean:.3f} | {true:.3f} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--operations", type=int, nargs="+", default=[1500, 4000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[83, 97, 131])
    parser.add_argument("--write", action="store_true", help="write docs/quality.md")
    args = parser.parse_args()
    rows = ["| operations | seed | true pairs | precision | recall | F1 | recall counting review | review pairs | run time |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    all_scored: list[tuple[float, bool]] = []
    for ops in args.operations:
        for seed in args.seeds:
            r, scored, elapsed = run_one(ops, seed)
            all_scored += scored
            row = (f"| {ops} | {seed} | {r['true_pairs']} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | "
                   f"{r['recall_with_review']:.4f} | {r['review_pairs']} | {elapsed:.1f} s |")
            rows.append(row)
            print(row, flush=True)
    calib = calibration(all_scored)
    print("\n".join(calib))
    if args.write:
        command = "make bench-quality  # = .venv/bin/python bench/quality.py " + " ".join(sys.argv[1:])
        text = QUALITY_DOC.format(date=datetime.now(UTC).date(), command=command, table="\n".join(rows),
                                  calibration="\n".join(calib))
        (ROOT / "docs" / "quality.md").write_text(text, encoding="utf-8")


QUALITY_DOC = """# Matching quality

Measured {date} on this project's machine kind (2 cores), by:

```sh
{command}
```

Synthetic multi-state traffic from `ppd simulate` (seeds never used while tuning: tuning looked at
seeds 7, 11, 31, 47, 59, 101 and 202), run through the embedded pipeline as `ppd run` does, evaluated over
cross-state case pairs (`ppd evaluate`): an alert predicts every cross-state pair among its
parties; withdrawn alerts predict nothing. "Recall counting review" also counts pairs that only
reached the liaison officers' review band.

{table}

## Calibration

Every predicted pair (alert or review band), binned by its alert score, against the ground truth:

{calibration}

Read: compare each row's mean score with the share truly the same conduct. Name-only evidence
(no birth date, address or document on one side) is charged for what it is: an unchecked name's
level weighs at most `name.unchecked_cap` (5 bits), and a name held by many cases loses a bit per
doubling (term frequency). Such pairs score about 0.05-0.3 and sit at the bottom of the review
queue, which is why the review band starts at 0.05 (`PPD_REVIEW_THRESHOLD`): the true pairs of
multi-state clusters found only by a name stay in front of a liaison officer, ordered by score,
and never reach a 24/7 desk. The price is a longer review queue (the "review pairs" column),
mostly namesakes at its bottom: the two lowest rows still overstate (a pair at 0.07 is the same
conduct about 2 times in 100, at 0.15 about 7), so the queue is worked from the top.

Review-band pairs are for a liaison officer, not for a 24/7 desk.

## Hard cases covered by unit tests

tests/test_names.py, test_dates.py, test_indicators.py and test_features.py hold the hard cases
named in DESIGN.md and the matching-quality issue (scripts and romanisations, patronymics, order,
nicknames, Arabic variants, pinyin syllables, partial and swapped dates, defanged indicators,
phone formats, e-mail provider rules, rarity, public infrastructure, namesakes). Open defects are
marked `xfail(strict=True)` with the reason starting "OPEN:".
"""


if __name__ == "__main__":
    main()
