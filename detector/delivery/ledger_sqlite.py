"""Delivery ledger on SQLite: its own connection and tables in the embedded store's file (WAL)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from detector.delivery.ledger import PENDING, SUPERSEDED, AlertProgress, Delivery, Escalation

_SCHEMA = """
CREATE TABLE IF NOT EXISTS delivery_progress (
    alert_id TEXT PRIMARY KEY, version INTEGER NOT NULL, band TEXT NOT NULL, status TEXT NOT NULL,
    urgent INTEGER NOT NULL, states TEXT NOT NULL, acknowledged TEXT NOT NULL, alerted_at TEXT,
    awaiting INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS delivery_progress_awaiting ON delivery_progress (awaiting);
CREATE TABLE IF NOT EXISTS deliveries (
    delivery_id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, version INTEGER NOT NULL, state TEXT NOT NULL,
    purpose TEXT NOT NULL, channel TEXT NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
    attempts INTEGER NOT NULL, next_attempt_at TEXT NOT NULL, last_error TEXT, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_by_alert ON deliveries (alert_id, status);
CREATE TABLE IF NOT EXISTS escalations (
    alert_id TEXT NOT NULL, state TEXT NOT NULL, version INTEGER NOT NULL, due_at TEXT NOT NULL,
    escalated_at TEXT NOT NULL, PRIMARY KEY (alert_id, state)) WITHOUT ROWID;
"""
_CHUNK = 400
_DELIVERY_COLUMNS = ("alert_id, version, state, purpose, channel, target, status, attempts, next_attempt_at, "
                     "last_error, updated_at")


def _progress(row) -> AlertProgress:
    return AlertProgress(row[0], row[1], row[2], row[3], bool(row[4]), tuple(json.loads(row[5])),
                         tuple(json.loads(row[6])), row[7])


def _delivery_row(d: Delivery) -> tuple:
    return (d.delivery_id, d.alert_id, d.version, d.state, d.purpose, d.channel, d.target, d.status, d.attempts,
            d.next_attempt_at, d.last_error, d.updated_at)


class SqliteLedger:
    """DeliveryLedger (detector.delivery.ledger) on SQLite; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=10000")  # the store writes to the same file
        self._db.executescript(_SCHEMA)
        # the API's request threads read tracking while the loop writes: one connection, one user at a time
        self._guard = threading.RLock()

    def close(self) -> None:
        with self._guard:
            self._db.close()

    def _write(self, statements) -> None:
        with self._guard:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                statements()
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _select(self, sql: str, args: Sequence = ()) -> list:
        with self._guard:
            return self._db.execute(sql, args).fetchall()

    # ------------------------------------------------------------------ progress
    def progress(self, alert_ids: Iterable[str]) -> dict[str, AlertProgress]:
        ids, out = list(dict.fromkeys(alert_ids)), {}
        for start in range(0, len(ids), _CHUNK):
            batch = ids[start:start + _CHUNK]
            marks = ",".join("?" * len(batch))
            out.update((r[0], _progress(r)) for r in self._select(
                f"SELECT * FROM delivery_progress WHERE alert_id IN ({marks})", batch))
        return out

    def awaiting_progress(self) -> list[AlertProgress]:
        rows = self._select("SELECT * FROM delivery_progress WHERE awaiting = 1 ORDER BY alert_id")
        return [_progress(r) for r in rows]

    def take_up(self, items: Sequence[tuple[AlertProgress, Sequence[Delivery]]]) -> None:
        def statements() -> None:
            for p, deliveries in items:
                self._db.execute(
                    "INSERT OR REPLACE INTO delivery_progress VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (p.alert_id, p.version, p.band, p.status, int(p.urgent), json.dumps(p.states),
                     json.dumps(p.acknowledged), p.alerted_at, int(bool(p.awaiting))))
                self._db.execute(
                    "UPDATE deliveries SET status = ? WHERE alert_id = ? AND status = ? AND version < ?",
                    (SUPERSEDED, p.alert_id, PENDING, p.version))
                self._insert(deliveries)
        self._write(statements)

    # ------------------------------------------------------------------ deliveries
    def _insert(self, deliveries: Sequence[Delivery]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             [_delivery_row(d) for d in deliveries])

    def add_deliveries(self, deliveries: Sequence[Delivery]) -> None:
        self._write(lambda: self._insert(deliveries))

    def due(self, now: str, limit: int) -> list[Delivery]:
        rows = self._select(f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE status = ? AND next_attempt_at <= ? "
                            "ORDER BY next_attempt_at, delivery_id LIMIT ?", (PENDING, now, limit))
        return [Delivery(*r) for r in rows]

    def pending_of(self, alert_id: str) -> list[Delivery]:
        rows = self._select(f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE alert_id = ? AND status = ? "
                            "ORDER BY delivery_id", (alert_id, PENDING))
        return [Delivery(*r) for r in rows]

    def deliveries(self, alert_id: str) -> list[Delivery]:
        rows = self._select(f"SELECT {_DELIVERY_COLUMNS} FROM deliveries WHERE alert_id = ? "
                            "ORDER BY version, delivery_id", (alert_id,))
        return [Delivery(*r) for r in rows]

    def claim(self, delivery: Delivery, until: str) -> Delivery | None:
        with self._guard:
            changed = self._db.execute(
                "UPDATE deliveries SET next_attempt_at = ? WHERE delivery_id = ? AND status = ? AND attempts = ? "
                "AND next_attempt_at = ?",
                (until, delivery.delivery_id, PENDING, delivery.attempts, delivery.next_attempt_at)).rowcount
        if not changed:
            return None
        return replace(delivery, next_attempt_at=until)

    def record(self, delivery: Delivery) -> None:
        with self._guard:
            self._db.execute("INSERT OR REPLACE INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             _delivery_row(delivery))

    # ------------------------------------------------------------------ escalations
    def escalations(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Escalation]:
        wanted = set(keys)
        alert_ids = sorted({a for a, _ in wanted})
        out = {}
        for start in range(0, len(alert_ids), _CHUNK):
            batch = alert_ids[start:start + _CHUNK]
            marks = ",".join("?" * len(batch))
            for row in self._select(f"SELECT * FROM escalations WHERE alert_id IN ({marks})", batch):
                if (row[0], row[1]) in wanted:
                    out[(row[0], row[1])] = Escalation(*row)
        return out

    def add_escalation(self, escalation: Escalation) -> bool:
        e = escalation
        with self._guard:
            return self._db.execute("INSERT OR IGNORE INTO escalations VALUES (?, ?, ?, ?, ?)",
                                    (e.alert_id, e.state, e.version, e.due_at, e.escalated_at)).rowcount == 1
