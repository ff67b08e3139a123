"""Precision, recall and F1 over cross-state case pairs (what `ppd evaluate` reports).

Truth comes in either of two JSON Lines forms:
- clusters: {"case": "DE:REF", "cluster": "op-7" | null, "withdrawn": false} — two cases of
  different states are a true pair when they share a non-null cluster and neither is withdrawn;
- pairs: {"a": "DE:REF", "b": "UA:REF"} — each line one true pair.
An alert predicts every cross-state pair among its parties; withdrawn and dismissed alerts predict
nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import combinations


def _state(case_key: str) -> str:
    return case_key.split(":", 1)[0]


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def cross_state_pairs(members: Iterable[str]) -> set[tuple[str, str]]:
    return {_pair(x, y) for x, y in combinations(sorted(set(members)), 2) if _state(x) != _state(y)}


def truth_pairs(lines: Iterable[str]) -> set[tuple[str, str]]:
    clusters: dict[str, list[str]] = defaultdict(list)
    pairs: set[tuple[str, str]] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if "a" in row and "b" in row:
            if _state(row["a"]) != _state(row["b"]):
                pairs.add(_pair(row["a"], row["b"]))
        elif "case" in row:
            if row.get("cluster") is not None and not row.get("withdrawn", False):
                clusters[str(row["cluster"])].append(row["case"])
        else:
            raise ValueError(f"truth line {number}: expected keys 'case' and 'cluster', or 'a' and 'b'")
    for members in clusters.values():
        pairs |= cross_state_pairs(members)
    return pairs


def predicted_pairs(alert_lines: Iterable[str]) -> tuple[set, set, dict]:
    """(alert-band pairs, review-band pairs, pair -> score)."""
    alert, review, scores = set(), set(), {}
    for line in alert_lines:
        if not line.strip():
            continue
        a = json.loads(line)
        if a.get("status") in ("withdrawn", "dismissed"):
            continue
        members = [f"{p['state']}:{p['reference']}" for p in a["parties"]]
        pairs = cross_state_pairs(members)
        (alert if a["band"] == "alert" else review).update(pairs)
        for p in pairs:
            scores[p] = max(scores.get(p, 0.0), float(a["score"]))
    return alert, review - alert, scores


@dataclass
class Evaluation:
    true_pairs: int
    alert_pairs: int
    review_pairs: int
    true_positives: int
    precision: float
    recall: float
    f1: float
    recall_with_review: float
    review_true: int

    def as_dict(self) -> dict:
        return asdict(self)


def evaluate(alert_lines: Iterable[str], truth_lines: Iterable[str]) -> tuple[Evaluation, dict]:
    truth = truth_pairs(truth_lines)
    alert, review, scores = predicted_pairs(alert_lines)
    tp = len(alert & truth)
    precision = tp / len(alert) if alert else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    recall_review = len((alert | review) & truth) / len(truth) if truth else 1.0
    details = {
        "false_positives": sorted(alert - truth),
        "false_negatives": sorted(truth - alert - review),
        "review_false": sorted(review - truth),
        "scores": scores,
    }
    return Evaluation(len(truth), len(alert), len(review), tp, round(precision, 4), round(recall, 4),
                      round(f1, 4), round(recall_review, 4), len(review & truth)), details
