"""What a new alert version means for delivery (pure): its progress record and the deliveries it needs.

Rules:
- only the latest version of an alert is delivered: a newer one supersedes pending older ones;
- band "alert" goes to each party state's primary contact;
- band "review" never goes out (liaison officers see it through the API) - except the
  withdrawn/dismissed version of an alert that reached the points of contact before, so that
  they hear it is off.
"""

from __future__ import annotations

from collections.abc import Iterable

from detector.delivery.config import Channels, StateChannels
from detector.delivery.ledger import ESCALATION, PRIMARY, AlertProgress, Delivery

CLOSING_STATUSES = frozenset({"withdrawn", "dismissed"})


def progress_of(body: dict, previous: AlertProgress | None, now: str) -> AlertProgress:
    states = sorted({p["state"] for p in body["parties"]})
    acknowledged = [s for s in states if all(p.get("acknowledged_at") for p in body["parties"] if p["state"] == s)]
    alerted_at = previous.alerted_at if previous else None
    if alerted_at is None and body["band"] == "alert" and body["status"] not in CLOSING_STATUSES:
        alerted_at = now
    urgent = bool(body.get("urgent")) or any(p.get("in_custody") for p in body["parties"])
    return AlertProgress(body["alert_id"], body["version"], body["band"], body["status"], urgent, tuple(states),
                         tuple(acknowledged), alerted_at)


def deliverable(body: dict, previous: AlertProgress | None) -> bool:
    if body["band"] == "alert":
        return True
    was_delivered = previous is not None and previous.alerted_at is not None
    return was_delivered and body["status"] in CLOSING_STATUSES


def targets(contact: Channels) -> list[tuple[str, str]]:
    """(channel, target) of every way a contact receives alerts."""
    out = [("webhook", str(contact.webhook_url))] if contact.webhook_url is not None else []
    out += [("email", address) for address in contact.email_to]
    out += [("kafka", contact.kafka_topic)] if contact.kafka_topic else []
    return out


def contact_of(channels: dict[str, StateChannels], state: str, purpose: str) -> Channels:
    configured = channels.get(state, StateChannels())
    return configured.secondary if purpose == ESCALATION else configured.primary


def deliveries_for(body: dict, states: Iterable[str], purpose: str, channels: dict[str, StateChannels],
                   now: str) -> list[Delivery]:
    return [Delivery(body["alert_id"], body["version"], state, purpose, channel, target, next_attempt_at=now,
                     updated_at=now)
            for state in sorted(states) for channel, target in targets(contact_of(channels, state, purpose))]


def plan_version(body: dict, previous: AlertProgress | None, pending: Iterable[Delivery],
                 channels: dict[str, StateChannels], now: str) -> tuple[AlertProgress, list[Delivery]]:
    """The progress to record for a new version and the deliveries to add. A pending escalation of
    an older version moves to the new one: the secondary contact must still hear of it."""
    progress = progress_of(body, previous, now)
    out = deliveries_for(body, progress.states, PRIMARY, channels, now) if deliverable(body, previous) else []
    escalating = {d.state for d in pending if d.purpose == ESCALATION and d.version < body["version"]}
    if escalating and (body["band"] == "alert" or body["status"] in CLOSING_STATUSES):
        out += deliveries_for(body, escalating & set(progress.states), ESCALATION, channels, now)
    return progress, out
