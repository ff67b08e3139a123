"""What the delivery loop has taken up, sent and escalated: the records and the small interface
each backend implements (SQLite embedded, Elasticsearch in cluster mode).

The ledger is what makes a restart safe: every delivery is a row with its status, so a new
process picks up pending work and never sends what is already marked delivered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from detector.settings import Settings

PENDING, DELIVERED, FAILED, SUPERSEDED = "pending", "delivered", "failed", "superseded"
PRIMARY, ESCALATION = "alert", "escalation"  # purpose: to the 24/7 contact, or to the secondary contact
TERMINAL_STATUSES = frozenset({"withdrawn", "dismissed", "resolved"})  # nothing left to acknowledge


@dataclass(frozen=True, slots=True)
class AlertProgress:
    """The latest version of one alert the loop has taken up, and what deadlines need of it."""

    alert_id: str
    version: int
    band: str
    status: str
    urgent: bool
    states: tuple[str, ...]  # party states, sorted
    acknowledged: tuple[str, ...]  # states all of whose parties acknowledged, sorted
    alerted_at: str | None  # when the loop first saw the alert in band "alert": deadlines count from here

    @property
    def awaiting(self) -> tuple[str, ...]:
        """States that still owe an acknowledgement (empty once nothing is left to acknowledge)."""
        if self.alerted_at is None or self.band != "alert" or self.status in TERMINAL_STATUSES:
            return ()
        return tuple(s for s in self.states if s not in self.acknowledged)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One alert version to one target of one state's contact, and how sending it went."""

    alert_id: str
    version: int
    state: str
    purpose: str  # PRIMARY | ESCALATION
    channel: str  # webhook | email | kafka
    target: str  # URL, e-mail address or topic
    status: str = PENDING
    attempts: int = 0
    next_attempt_at: str = ""  # stamp(); a claim moves it forward while a send is under way
    last_error: str | None = None
    updated_at: str = ""

    @property
    def delivery_id(self) -> str:
        return f"{self.alert_id}:{self.version}:{self.state}:{self.purpose}:{self.channel}:{self.target}"

    @property
    def idempotency_key(self) -> str:
        """Stable across retries and restarts; an escalation is a different message from the alert."""
        base = f"{self.alert_id}:{self.version}:{self.state}"
        return base if self.purpose == PRIMARY else f"{base}:{ESCALATION}"


@dataclass(frozen=True, slots=True)
class Escalation:
    """A state left an alert unacknowledged past its deadline; recorded once per (alert, state)."""

    alert_id: str
    state: str
    version: int
    due_at: str
    escalated_at: str


class DeliveryLedger(Protocol):
    # alerts taken up
    def progress(self, alert_ids: Iterable[str]) -> dict[str, AlertProgress]: ...
    def awaiting_progress(self) -> list[AlertProgress]: ...  # alerted, open, some state unacknowledged

    def take_up(self, items: Sequence[tuple[AlertProgress, Sequence[Delivery]]]) -> None:
        """Record each alert's new progress; its pending deliveries of older versions become
        superseded; the given deliveries are added unless already there (same delivery_id)."""

    # deliveries
    def add_deliveries(self, deliveries: Sequence[Delivery]) -> None: ...  # insert-if-absent
    def due(self, now: str, limit: int) -> list[Delivery]: ...  # pending, next_attempt_at <= now
    def pending_of(self, alert_id: str) -> list[Delivery]: ...

    def claim(self, delivery: Delivery, until: str) -> Delivery | None:
        """Move next_attempt_at to ``until`` if the row is still exactly as read; None if another
        process (or a newer version) got there first. A claim that is never recorded (a crash
        mid-send) expires at ``until`` and the delivery is due again: at least once."""

    def record(self, delivery: Delivery) -> None: ...  # the outcome of an attempt
    def deliveries(self, alert_id: str) -> list[Delivery]: ...

    # escalations
    def escalations(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Escalation]: ...
    def add_escalation(self, escalation: Escalation) -> bool: ...  # False: already escalated

    def close(self) -> None: ...


def open_ledger(store: object, settings: Settings) -> DeliveryLedger:
    """The ledger beside the engine store: its SQLite file, or its Elasticsearch cluster and prefix."""
    from detector.store.elastic import ElasticStore
    from detector.store.sqlite import SqliteStore

    if isinstance(store, SqliteStore):
        from detector.delivery.ledger_sqlite import SqliteLedger

        return SqliteLedger(store.path)
    if isinstance(store, ElasticStore):
        from detector.delivery.ledger_elastic import ElasticLedger

        return ElasticLedger(settings.elasticsearch_url, store.prefix)
    raise TypeError(f"no delivery ledger for a {type(store).__name__}")
