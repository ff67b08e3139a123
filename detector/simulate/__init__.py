"""Synthetic multi-state case-notification traffic with ground truth (``ppd simulate``).

An independent yardstick for the detector: it uses only the standard library and none of the
detector's normalisers. Crews (people, front companies, infrastructure, an operation) are
investigated by several states at once ("clusters"); each state records what it saw in its own
way: names in its script or in one of several romanisations, partial or wrong birth dates,
defanged and reformatted indicators, a partial and overlapping view of the infrastructure.
Unrelated single-state proceedings are drawn from the same distributions (namesakes, shared
public infrastructure, common malware and victims) to supply hard negatives.

Ground truth: two cases of different states are a true pair iff they share a non-null
``cluster`` and neither is ``withdrawn`` (its highest-version event is a withdrawal).
"""

from __future__ import annotations

import json
import pathlib

from .traffic import build, true_pairs

__all__ = ["generate_traffic", "true_pairs", "write_traffic"]


def generate_traffic(operations: int, seed: int) -> tuple[list[str], list[dict]]:
    """Returns (lines, truth). lines: JSON Lines text lines (no trailing newline), in delivery
    order, exactly ``operations`` of them. truth: one dict per distinct case (state:reference)
    that appears in at least one VALID line:
    {"case": "DE:ZIT-2026-0412", "cluster": "op-0007" or None, "withdrawn": bool}."""
    tr = build(operations, seed)
    return tr.lines, tr.truth


def write_traffic(out_dir: pathlib.Path, operations: int, seed: int) -> dict:
    """Writes out_dir/notifications.jsonl and out_dir/truth.jsonl (creates out_dir); returns a
    small summary (counts of lines, cases, clusters, invalid lines, true cross-state pairs)."""
    tr = build(operations, seed)
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "notifications.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(line + "\n" for line in tr.lines)
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in tr.truth)
    return dict(tr.summary, seed=seed, operations=operations)
