"""Deadlines and escalations per alert and party state, for the API, the dashboard and deliveries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from detector.delivery.deadlines import ack_deadline, is_overdue
from detector.delivery.ledger import AlertProgress, DeliveryLedger, Escalation
from detector.settings import Settings


def state_tracking(progress: AlertProgress, escalations: dict[tuple[str, str], Escalation], settings: Settings,
                   now: datetime) -> dict[str, dict]:
    """Pure: {state: {"ack_due", "escalated_at", "overdue"}} for one alert."""
    from detector.service.context import stamp  # here, so that the service context may import this module

    deadline = ack_deadline(progress, settings)
    out = {}
    for state in progress.states:
        escalation = escalations.get((progress.alert_id, state))
        out[state] = {"ack_due": stamp(deadline) if deadline else None,
                      "escalated_at": escalation.escalated_at if escalation else None,
                      "overdue": is_overdue(progress, state, settings, now)}
    return out


def tracking_for(ledger: DeliveryLedger, alert_ids: Iterable[str], settings: Settings,
                 now: datetime) -> dict[str, dict[str, dict]]:
    """alert_id -> state -> tracking; alerts the delivery loop has not taken up yet are absent."""
    progress = ledger.progress(alert_ids)
    escalations = ledger.escalations((p.alert_id, s) for p in progress.values() for s in p.states)
    return {alert_id: state_tracking(p, escalations, settings, now) for alert_id, p in progress.items()}


def annotate(view: dict, tracking_for_alert: dict[str, dict], viewer_state: str | None = None) -> dict:
    """Pure: per party ``ack_due`` and ``escalated_at``; alert-level ``overdue`` for the viewer (for
    no viewer: any party). The view's own acknowledged_at wins over the tracking, which may lag the
    store by one loop tick."""
    overdue = {}
    for party in view.get("parties", ()):
        t = tracking_for_alert.get(party["state"], {})
        party["ack_due"] = t.get("ack_due")
        party["escalated_at"] = t.get("escalated_at")
        late = bool(t.get("overdue")) and not party.get("acknowledged_at")
        overdue[party["state"]] = overdue.get(party["state"], False) or late
    view["overdue"] = overdue.get(viewer_state, False) if viewer_state else any(overdue.values())
    return view
