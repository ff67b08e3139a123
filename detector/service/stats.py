"""Aggregates for dashboards (pure): overlaps by state pair, offence, month, status; acknowledgement.

Input is alert bodies (contract v1 plus the ``offences`` extension) and, per alert, the delivery
tracking (deadlines, escalations). Output carries counts and durations only: no names, references,
indicator values or evidence text, so it is safe to show any authenticated user.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations


@dataclass(frozen=True)
class StatsFilter:
    since: str | None = None  # created_at at or after (stamp format)
    until: str | None = None  # created_at before
    state: str | None = None  # alerts with this party
    offence: str | None = None


def _parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts)


def _rows(counter: Counter, *names: str) -> list[dict]:
    out = []
    for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
        values = key if isinstance(key, tuple) else (key,)
        out.append({**dict(zip(names, values)), "count": count})
    return out


def selected(body: dict, flt: StatsFilter) -> bool:
    created = body["created_at"]
    states = {p["state"] for p in body["parties"]}
    return ((flt.since is None or created >= flt.since) and (flt.until is None or created < flt.until)
            and (flt.state is None or flt.state in states)
            and (flt.offence is None or flt.offence in body.get("offences", ())))


def compute_stats(alerts: Iterable[tuple[dict, dict]], flt: StatsFilter) -> dict:
    """``alerts``: (body, tracking) pairs, tracking as from detector.delivery.tracking (may be {})."""
    pairs, offences, months, statuses, bands = Counter(), Counter(), Counter(), Counter(), Counter()
    ack_minutes: list[float] = []
    overdue = review_queue = total = overlaps = 0
    for body, tracking in alerts:
        if not selected(body, flt):
            continue
        total += 1
        states = sorted({p["state"] for p in body["parties"]})
        bands[body["band"]] += 1
        statuses[body["status"]] += 1
        if body["band"] == "review" and body["status"] == "open":
            review_queue += 1
        if body["band"] != "alert" or body["status"] in ("withdrawn", "dismissed"):
            continue
        overlaps += 1
        for a, b in combinations(states, 2):
            pairs[(a, b)] += 1
        for offence in body.get("offences", ()) or ("unspecified",):
            offences[offence] += 1
        months[body["created_at"][:7]] += 1
        ack_minutes += minutes_to_acknowledge(body)
        if is_overdue(tracking, acknowledged_states(body)):
            overdue += 1
    return {
        "totals": {"alerts": total, "overlaps": overlaps,
                   "review_queue": review_queue, "overdue": overdue},
        "by_state_pair": _rows(pairs, "state_a", "state_b"),
        "by_offence": _rows(offences, "offence"),
        "by_month": sorted(_rows(months, "month"), key=lambda r: r["month"]),
        "by_status": _rows(statuses, "status"),
        "by_band": _rows(bands, "band"),
        "time_to_acknowledge": acknowledgement_summary(len(ack_minutes), sum(ack_minutes),
                                                       max(ack_minutes, default=0.0)),
    }


def acknowledged_states(body: dict) -> list[str]:
    """States all of whose parties have acknowledged (the store's word is newer than the ledger's)."""
    states = {p["state"] for p in body["parties"]}
    return sorted(s for s in states if all(p.get("acknowledged_at") for p in body["parties"] if p["state"] == s))


def is_overdue(tracking: dict[str, dict], acknowledged: list[str]) -> bool:
    """Some party state is past its deadline and has not acknowledged."""
    return any(t.get("overdue") and state not in acknowledged for state, t in tracking.items())


def minutes_to_acknowledge(body: dict) -> list[float]:
    """Per acknowledged party, minutes from the alert's creation to its acknowledgement."""
    created = _parse(body["created_at"])
    return [max((_parse(p["acknowledged_at"]) - created).total_seconds() / 60, 0.0)
            for p in body["parties"] if p.get("acknowledged_at")]


def acknowledgement_summary(count: int, total_minutes: float, max_minutes: float) -> dict:
    """Count, mean and longest: exact in any backend (Elasticsearch's percentiles are estimates)."""
    out = {"acknowledgements": count}
    if count:
        out |= {"mean_minutes": round(total_minutes / count, 1), "max_minutes": round(max_minutes, 1)}
    return out
