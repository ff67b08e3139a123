"""Embedded backend: one SQLite file (WAL) in the data directory.

A notification's effects (case, keys, pairs, alerts, its idempotency record) commit in one
transaction: after a crash at any point the store holds either all of them or none, and the
notification is simply applied again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from detector.store.base import (
    AlertQuery,
    AlertRecord,
    CaseRecord,
    DecisionRecord,
    PairRecord,
    ReentrantTransactions,
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS notifications (
    notification_id TEXT PRIMARY KEY, case_key TEXT NOT NULL, version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL, outcome TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cases (
    case_key TEXT PRIMARY KEY, state TEXT NOT NULL, version INTEGER NOT NULL, status TEXT NOT NULL,
    fingerprint TEXT NOT NULL, notification TEXT NOT NULL, content_version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS case_keys (
    key TEXT NOT NULL, case_key TEXT NOT NULL, state TEXT NOT NULL, PRIMARY KEY (key, case_key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS case_keys_by_case ON case_keys (case_key);
CREATE TABLE IF NOT EXISTS pairs (
    a TEXT NOT NULL, b TEXT NOT NULL, band TEXT NOT NULL, probability REAL NOT NULL, payload TEXT NOT NULL,
    PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pairs_by_b ON pairs (b);
CREATE TABLE IF NOT EXISTS alerts (
    alert_id TEXT PRIMARY KEY, members TEXT NOT NULL, body TEXT NOT NULL, content_hash TEXT NOT NULL,
    version INTEGER NOT NULL, published_version INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS alerts_unpublished ON alerts (published_version, version);
CREATE TABLE IF NOT EXISTS decisions (
    alert_id TEXT PRIMARY KEY, decision TEXT NOT NULL, note TEXT NOT NULL, user TEXT NOT NULL, at TEXT NOT NULL,
    score REAL NOT NULL);
CREATE TABLE IF NOT EXISTS alert_members (
    case_key TEXT NOT NULL, alert_id TEXT NOT NULL, PRIMARY KEY (case_key, alert_id)) WITHOUT ROWID;
"""
_CHUNK = 500  # stay well under SQLite's bound-parameter limit


def _chunks(items: Iterable[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def _big(number: int) -> int | str:
    """Case versions have no upper bound in the contract; SQLite integers stop at 2**63 - 1. Larger
    ones are kept as their decimal text (the column's integer affinity leaves them text) and read
    back with int()."""
    return number if -(2**63) <= number < 2**63 else str(number)


class SqliteStore(ReentrantTransactions):
    """Store (detector.store.base) on SQLite; one writer process at a time."""

    atomic = True  # one transaction per notification
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable at checkpoint, never corrupt
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def _begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        self._db.execute("COMMIT")

    def _abort(self) -> None:
        if self._db.in_transaction:
            self._db.execute("ROLLBACK")

    # ------------------------------------------------------------------ notifications
    def notification_fingerprint(self, notification_id: str) -> str | None:
        row = self._db.execute(
            "SELECT fingerprint FROM notifications WHERE notification_id = ?", (notification_id,)
        ).fetchone()
        return row[0] if row else None

    def record_notification(self, notification_id, case_key, version, fingerprint, outcome) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO notifications VALUES (?, ?, ?, ?, ?)",
            (notification_id, case_key, _big(version), fingerprint, outcome),
        )

    # ------------------------------------------------------------------ cases
    def get_cases(self, case_keys: Iterable[str]) -> dict[str, CaseRecord]:
        out = {}
        for batch in _chunks(dict.fromkeys(case_keys)):
            marks = ",".join("?" * len(batch))
            for row in self._db.execute(f"SELECT * FROM cases WHERE case_key IN ({marks})", batch):
                key, state, version, status, fingerprint, notification, content_version = row
                out[key] = CaseRecord(key, state, int(version), status, fingerprint, notification, int(content_version))
        return out

    def put_case(self, record: CaseRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO cases VALUES (?, ?, ?, ?, ?, ?, ?)",
            (record.case_key, record.state, _big(record.version), record.status, record.fingerprint,
             record.notification, _big(record.content_version)),
        )

    def keys_of_cases(self, case_keys: Iterable[str]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for batch in _chunks(dict.fromkeys(case_keys)):
            marks = ",".join("?" * len(batch))
            for case_key, key in self._db.execute(
                f"SELECT case_key, key FROM case_keys WHERE case_key IN ({marks})", batch
            ):
                out.setdefault(case_key, set()).add(key)
        return out

    def previous_keys(self, case_key: str) -> set[str]:
        return self.keys_of_cases([case_key]).get(case_key, set())  # atomic: never half applied

    def set_case_keys(self, case_key: str, state: str, keys: set[str]) -> None:
        self._db.execute("DELETE FROM case_keys WHERE case_key = ?", (case_key,))
        self._db.executemany(
            "INSERT INTO case_keys VALUES (?, ?, ?)", [(k, case_key, state) for k in sorted(keys)]
        )

    def key_counts(self, keys: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for batch in _chunks(dict.fromkeys(keys)):
            marks = ",".join("?" * len(batch))
            out.update(self._db.execute(
                f"SELECT key, COUNT(*) FROM case_keys WHERE key IN ({marks}) GROUP BY key", batch
            ).fetchall())
        return out

    def holders(self, keys: Iterable[str]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for batch in _chunks(dict.fromkeys(keys)):
            marks = ",".join("?" * len(batch))
            for key, case_key in self._db.execute(
                f"SELECT key, case_key FROM case_keys WHERE key IN ({marks}) ORDER BY key, case_key", batch
            ):
                out.setdefault(key, []).append(case_key)
        return out

    # ------------------------------------------------------------------ pairs
    def pairs_of_cases(self, case_keys: Iterable[str]) -> list[PairRecord]:
        found: dict[tuple[str, str], PairRecord] = {}
        for batch in _chunks(dict.fromkeys(case_keys)):
            marks = ",".join("?" * len(batch))
            for row in self._db.execute(
                f"SELECT * FROM pairs WHERE a IN ({marks}) UNION SELECT * FROM pairs WHERE b IN ({marks})",
                batch + batch,
            ):
                found[(row[0], row[1])] = PairRecord(*row)
        return [found[k] for k in sorted(found)]

    def put_pair(self, record: PairRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO pairs VALUES (?, ?, ?, ?, ?)",
            (record.a, record.b, record.band, record.probability, record.payload),
        )

    def delete_pair(self, a: str, b: str) -> None:
        self._db.execute("DELETE FROM pairs WHERE a = ? AND b = ?", (a, b))

    # ------------------------------------------------------------------ alerts
    def alerts_of_cases(self, case_keys: Iterable[str]) -> list[AlertRecord]:
        ids: set[str] = set()
        for batch in _chunks(dict.fromkeys(case_keys)):
            marks = ",".join("?" * len(batch))
            ids.update(r[0] for r in self._db.execute(
                f"SELECT alert_id FROM alert_members WHERE case_key IN ({marks})", batch))
        return [a for a in (self.get_alert(i) for i in sorted(ids)) if a is not None]

    def get_alert(self, alert_id: str) -> AlertRecord | None:
        row = self._db.execute(
            "SELECT alert_id, members, body, content_hash FROM alerts WHERE alert_id = ?", (alert_id,)).fetchone()
        if row is None:
            return None
        return AlertRecord(row[0], tuple(row[1].split("\n")), row[2], row[3])

    def put_alert(self, record: AlertRecord) -> None:
        old = self.get_alert(record.alert_id)
        version = json.loads(record.body)["version"]
        self._db.execute(
            "INSERT INTO alerts (alert_id, members, body, content_hash, version) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (alert_id) DO UPDATE SET members = excluded.members, body = excluded.body, "
            "content_hash = excluded.content_hash, version = excluded.version",
            (record.alert_id, "\n".join(record.members), record.body, record.content_hash, version),
        )
        if old is None or old.members != record.members:
            # Members only grow the index: a withdrawn member must still find its withdrawn alert.
            self._db.executemany(
                "INSERT OR IGNORE INTO alert_members VALUES (?, ?)",
                [(m, record.alert_id) for m in record.members],
            )

    def iter_alerts(self) -> Iterator[AlertRecord]:
        rows = self._db.execute("SELECT alert_id, members, body, content_hash FROM alerts ORDER BY alert_id")
        for row in rows.fetchall():
            yield AlertRecord(row[0], tuple(row[1].split("\n")), row[2], row[3])

    def list_alerts(self, query: AlertQuery) -> list[AlertRecord]:
        where, args = ["alert_id > ?"], [query.after or ""]
        for state in sorted(query.states or ()):
            where.append("EXISTS (SELECT 1 FROM json_each(body, '$.parties') WHERE json_extract(value, '$.state') = ?)")
            args.append(state)
        for field, value in (("band", query.band), ("status", query.status)):
            if value is not None:
                where.append(f"json_extract(body, '$.{field}') = ?")
                args.append(value)
        if query.since is not None:
            where.append("json_extract(body, '$.updated_at') >= ?")
            args.append(query.since)
        rows = self._db.execute(
            f"SELECT alert_id, members, body, content_hash FROM alerts WHERE {' AND '.join(where)} "
            "ORDER BY alert_id LIMIT ?", (*args, query.limit)).fetchall()
        return [AlertRecord(r[0], tuple(r[1].split("\n")), r[2], r[3]) for r in rows]

    # ------------------------------------------------------------------ decisions
    def get_decisions(self, alert_ids: Iterable[str]) -> dict[str, DecisionRecord]:
        out = {}
        for batch in _chunks(dict.fromkeys(alert_ids)):
            marks = ",".join("?" * len(batch))
            for row in self._db.execute(f"SELECT * FROM decisions WHERE alert_id IN ({marks})", batch):
                out[row[0]] = DecisionRecord(*row)
        return out

    def put_decision(self, record: DecisionRecord) -> None:
        self._db.execute("INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?)",
                         (record.alert_id, record.decision, record.note, record.user, record.at, record.score))

    # ------------------------------------------------------------------ outbox
    def unpublished_alerts(self, limit: int = 500) -> list[tuple[AlertRecord, int]]:
        rows = self._db.execute(
            "SELECT alert_id, members, body, content_hash, version FROM alerts WHERE version > published_version "
            "ORDER BY alert_id LIMIT ?", (limit,)).fetchall()
        return [(AlertRecord(r[0], tuple(r[1].split("\n")), r[2], r[3]), r[4]) for r in rows]

    def mark_published(self, alert_id: str, version: int) -> None:
        self._db.execute("UPDATE alerts SET published_version = MAX(published_version, ?) WHERE alert_id = ?",
                         (version, alert_id))
