"""One message in, its outcome out: the step every transport shares (file, HTTP, Kafka worker)."""

from __future__ import annotations

from dataclasses import dataclass, field

from detector.engine import Engine, NotificationConflict
from detector.ingest import Rejection, parse_notification
from detector.store.base import AlertRecord


@dataclass
class Outcome:
    kind: str  # applied | duplicate | stale | rejected
    rejection: Rejection | None = None
    alerts: list[AlertRecord] = field(default_factory=list)
    case_key: str | None = None


def process_message(engine: Engine, raw: str | bytes) -> Outcome:
    """Validate and apply one message. Never raises on bad input: a rejection says why."""
    parsed = parse_notification(raw)
    if isinstance(parsed, Rejection):
        return Outcome("rejected", parsed)
    try:
        result = engine.apply(parsed)
    except NotificationConflict as exc:
        return Outcome("rejected", Rejection(f"conflict: {exc}"), case_key=parsed.case_key)
    return Outcome(result.outcome, alerts=result.alerts, case_key=parsed.case_key)
