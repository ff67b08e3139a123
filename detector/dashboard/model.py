"""What the dashboard shows, as plain data (pure): tiles, tables and chart series from the stats."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

# Offence types by the Convention article that defines them
ARTICLES = {
    "illegal_access": "Art. 7 illegal access", "illegal_interception": "Art. 8 illegal interception",
    "data_interference": "Art. 9 data interference", "system_interference": "Art. 10 system interference",
    "misuse_of_devices": "Art. 11 misuse of devices", "forgery": "Art. 12 computer-related forgery",
    "theft_or_fraud": "Art. 13 theft or fraud", "child_sexual_abuse_material": "Art. 14 CSAM",
    "solicitation_of_child": "Art. 15 solicitation of a child",
    "non_consensual_intimate_images": "Art. 16 intimate images", "laundering": "Art. 17 laundering",
    "other_serious_crime": "other serious crime", "unspecified": "unspecified",
}
TABLES = ("by_state_pair", "by_offence", "by_month", "by_status", "by_band")


def pair_matrix(rows: list[dict]) -> dict:
    """Symmetric state x state counts for the heatmap (no self pairs)."""
    states = sorted({r["state_a"] for r in rows} | {r["state_b"] for r in rows})
    index = {s: i for i, s in enumerate(states)}
    z = [[0] * len(states) for _ in states]
    for r in rows:
        i, j = index[r["state_a"]], index[r["state_b"]]
        z[i][j] = z[j][i] = r["count"]
    return {"states": states, "z": z}


def chart_data(stats: dict) -> dict:
    """Series for the charts; the page also renders each as a table (screen readers, screenshots)."""
    return {
        "pairs": pair_matrix(stats["by_state_pair"]),
        "months": {"x": [r["month"] for r in stats["by_month"]], "y": [r["count"] for r in stats["by_month"]]},
        "offences": {"x": [ARTICLES.get(r["offence"], r["offence"]) for r in stats["by_offence"]],
                     "y": [r["count"] for r in stats["by_offence"]]},
        "statuses": {"x": [r["status"] for r in stats["by_status"]], "y": [r["count"] for r in stats["by_status"]]},
    }


def duration(minutes: float) -> str:
    """Minutes as a person reads them: "40 s", "25 min", "3.5 h", "2.0 days"."""
    if minutes < 1:
        return f"{minutes * 60:.0f} s"
    if minutes < 120:
        return f"{minutes:.0f} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.1f} days"


def when(stamp: str | None) -> str:
    """A stored timestamp to the minute, for deadlines and acknowledgements: "2026-11-22 11:02 UTC"."""
    if not stamp:
        return "—"
    return datetime.fromisoformat(stamp).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def tiles(stats: dict) -> list[tuple[str, str]]:
    ack = stats["time_to_acknowledge"]
    mean = duration(ack["mean_minutes"]) if "mean_minutes" in ack else "n/a"
    return [("Overlaps (alerts)", str(stats["totals"]["overlaps"])),
            ("Review queue", str(stats["totals"]["review_queue"])),
            ("Overdue acknowledgements", str(stats["totals"]["overdue"])),
            ("Mean time to acknowledge", mean)]


def waterfall(evidence: list[dict]) -> dict:
    """Per-feature weights in evidence order: what matched, how strongly, what argued against."""
    return {"labels": [e.get("feature") or e["kind"] for e in evidence],
            "weights": [e["weight"] for e in evidence],
            "texts": [e["summary"] for e in evidence]}


def table_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return out.getvalue()
