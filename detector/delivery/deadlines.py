"""Acknowledgement deadlines and which escalations are due (pure: no IO, time is passed in)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime, timedelta

from detector.delivery.ledger import AlertProgress
from detector.settings import Settings


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def ack_minutes(urgent: bool, settings: Settings) -> float:
    """A suspect in custody cannot wait: the custody deadline applies to every party of the alert,
    since each must be able to consult before a transfer or further coercive measure."""
    if urgent:
        return min(settings.custody_ack_deadline_minutes, settings.ack_deadline_minutes)
    return settings.ack_deadline_minutes


def ack_deadline(progress: AlertProgress, settings: Settings) -> datetime | None:
    """When the parties must have acknowledged; None while the alert never reached band alert."""
    if progress.alerted_at is None:
        return None
    return parse_time(progress.alerted_at) + timedelta(minutes=ack_minutes(progress.urgent, settings))


def is_overdue(progress: AlertProgress, state: str, settings: Settings, now: datetime) -> bool:
    deadline = ack_deadline(progress, settings)
    return deadline is not None and state in progress.awaiting and now >= deadline


def due_escalations(progress: Iterable[AlertProgress], escalated: Collection[tuple[str, str]],
                    settings: Settings, now: datetime) -> list[tuple[AlertProgress, str, datetime]]:
    """(alert, state, deadline) for each state past its deadline without acknowledging, not yet
    escalated; in alert and state order."""
    out = []
    for p in sorted(progress, key=lambda p: p.alert_id):
        deadline = ack_deadline(p, settings)
        if deadline is None or now < deadline:
            continue
        out.extend((p, state, deadline) for state in p.awaiting if (p.alert_id, state) not in escalated)
    return out
