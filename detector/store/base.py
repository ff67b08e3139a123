"""The small interface the engine needs from a backend (SQLite embedded, Elasticsearch in cluster).

Backends hold data, never decide: every rule lives in detector.engine and detector.policy, so the
same notifications give the same alerts whichever backend runs underneath.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class CaseRecord:
    case_key: str
    state: str
    version: int
    status: str  # open | closed | withdrawn
    fingerprint: str
    notification: str  # the effective notification (content carried over into closed), JSON
    content_version: int  # version of the newest notification that carried suspects/conduct/indicators


@dataclass(frozen=True, slots=True)
class PairRecord:
    a: str
    b: str
    band: str  # alert | review
    probability: float
    payload: str  # JSON: features and flags (see detector.policy.pair_payload)

    @property
    def pair_key(self) -> str:
        return f"{self.a}|{self.b}"


@dataclass(frozen=True, slots=True)
class AlertRecord:
    alert_id: str
    members: tuple[str, ...]  # case keys, sorted
    body: str  # ConsultationAlert JSON (contract v1)
    content_hash: str  # what, when it changes, makes a new version


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A liaison officer's decision on a review-band alert; remembered across restarts and re-runs."""

    alert_id: str
    decision: str  # confirm | dismiss
    note: str
    user: str
    at: str
    score: float  # the alert's score when decided: a dismissal lapses when new evidence raises it


@dataclass(frozen=True, slots=True)
class AlertQuery:
    """Filters of an alert listing; ``after`` is the last alert_id of the previous page."""

    states: frozenset[str] = frozenset()  # alerts to which every one of these states is a party
    band: str | None = None
    status: str | None = None
    since: str | None = None  # updated_at at or after (RFC 3339, UTC)
    after: str | None = None
    limit: int = 50


class ReentrantTransactions:
    """transaction() that nests: only the outermost one begins, commits or aborts.

    Backends supply _begin, _commit, _abort and _end (_end always runs last, after either).
    """

    _depth = 0

    def _begin(self) -> None: ...
    def _commit(self) -> None: ...
    def _abort(self) -> None: ...
    def _end(self) -> None: ...

    @contextmanager
    def transaction(self):
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._begin()
        self._depth = 1
        try:
            yield
            self._commit()
        except BaseException:
            self._abort()
            raise
        finally:
            self._depth = 0
            self._end()


class Store(Protocol):
    # True when transaction() is atomic; otherwise the engine repairs repeated applies
    atomic: bool

    def transaction(self) -> AbstractContextManager[None]: ...

    # notifications (idempotency)
    def notification_fingerprint(self, notification_id: str) -> str | None: ...
    def record_notification(self, notification_id: str, case_key: str, version: int, fingerprint: str,
                            outcome: str) -> None: ...

    # cases and their keys
    def get_cases(self, case_keys: Iterable[str]) -> dict[str, CaseRecord]: ...
    def put_case(self, record: CaseRecord) -> None: ...
    def keys_of_cases(self, case_keys: Iterable[str]) -> dict[str, set[str]]: ...
    def set_case_keys(self, case_key: str, state: str, keys: set[str]) -> None: ...
    def previous_keys(self, case_key: str) -> set[str]: ...
    def key_counts(self, keys: Iterable[str]) -> dict[str, int]: ...
    def holders(self, keys: Iterable[str]) -> dict[str, list[str]]: ...

    # scored pairs above the review threshold
    def pairs_of_cases(self, case_keys: Iterable[str]) -> list[PairRecord]: ...
    def put_pair(self, record: PairRecord) -> None: ...
    def delete_pair(self, a: str, b: str) -> None: ...

    # alerts
    def alerts_of_cases(self, case_keys: Iterable[str]) -> list[AlertRecord]: ...
    def get_alert(self, alert_id: str) -> AlertRecord | None: ...
    def put_alert(self, record: AlertRecord) -> None: ...
    def iter_alerts(self) -> Iterator[AlertRecord]: ...
    def list_alerts(self, query: AlertQuery) -> list[AlertRecord]: ...  # alert_id order

    # liaison officers' decisions
    def get_decisions(self, alert_ids: Iterable[str]) -> dict[str, DecisionRecord]: ...
    def put_decision(self, record: DecisionRecord) -> None: ...

    # outbox: alert versions not yet published to the alerts topic / delivery channels
    def unpublished_alerts(self, limit: int = 500) -> list[tuple[AlertRecord, int]]: ...
    def mark_published(self, alert_id: str, version: int) -> None: ...
