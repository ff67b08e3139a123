"""Everything a `ppd serve` process shares, built once from settings and passed in.

One lock serialises store access: the embedded SQLite connection is shared by the request threads
and the delivery loop, and applies must not interleave (in cluster mode the store adds its own
cross-process lock underneath).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from detector.engine import Engine
from detector.ingest import DeadLetterFile
from detector.service.accounts import User
from detector.service.audit import AuditEvent
from detector.service.views import NoTracking, Tracking
from detector.settings import Settings
from detector.store.base import Store
from detector.store.service_base import ServiceStore


def system_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The one timestamp format stored and compared as text (UTC, microseconds, Z)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class ServiceContext:
    settings: Settings
    store: Store
    accounts: ServiceStore
    dead_letter: DeadLetterFile
    now: Callable[[], datetime] = system_now  # injectable: deadlines and escalation are tested with a fake clock
    lock: threading.RLock = field(default_factory=threading.RLock)
    # deadlines and escalations per alert and state, from the delivery ledger once it is wired
    tracking: Callable[[list[str]], Tracking] = NoTracking
    closers: list[Callable[[], None]] = field(default_factory=list)  # run by close(), newest first
    engine: Engine = field(init=False)
    session_secret: bytes = field(init=False)

    def __post_init__(self) -> None:
        self.engine = Engine(self.store, self.settings, clock=lambda: stamp(self.now()))
        configured = self.settings.session_secret
        self.session_secret = configured.get_secret_value().encode() if configured else secrets.token_bytes(32)

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self.lock:
            yield

    def audit(self, user: User | None, action: str, target: str, outcome: str, **details) -> None:
        """Append to the audit trail; ``user`` None means the service itself (delivery, escalation)."""
        event = AuditEvent(
            at=stamp(self.now()), actor=user.user_id if user else "system", role=user.role if user else "system",
            state=user.state if user else None, action=action, target=target, outcome=outcome, details=details)
        with self.lock:
            self.accounts.append_audit(event)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.dead_letter.close()
        for part in (self.accounts, self.store):
            close = getattr(part, "close", None)
            if close:
                close()


def open_context(settings: Settings, data_dir: Path, cluster: bool = False,
                 now: Callable[[], datetime] = system_now) -> ServiceContext:
    """Embedded: SQLite in data_dir. Cluster: the cluster store (Elasticsearch by default) for
    cases, alerts, users and audit; data_dir then keeps only the API's dead letter."""
    data_dir.mkdir(parents=True, exist_ok=True)
    dead_letter = DeadLetterFile(data_dir / "dead-letter.jsonl")
    if cluster and settings.cluster_store == "elasticsearch":
        from detector.store.elastic import ElasticStore
        from detector.store.elastic_service import ElasticServiceStore

        store: Store = ElasticStore(settings.elasticsearch_url, settings.index_prefix)
        accounts: ServiceStore = ElasticServiceStore(settings.elasticsearch_url, settings.index_prefix)
    else:
        from detector.store.sqlite import SqliteStore
        from detector.store.sqlite_service import SqliteServiceStore

        store = SqliteStore(data_dir / "ppd.sqlite3")
        accounts = SqliteServiceStore(data_dir / "ppd.sqlite3")
    return ServiceContext(settings, store, accounts, dead_letter, now=now)
