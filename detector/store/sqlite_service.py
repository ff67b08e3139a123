"""Users and the audit trail in the embedded SQLite file (its own connection, same file)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from detector.service.accounts import User
from detector.service.audit import GENESIS, AuditEntry, AuditEvent, chain

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, state TEXT, token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL, revoked_at TEXT);
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY, event TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""
_USER_COLUMNS = ("user_id", "name", "role", "state", "token_hash", "created_at", "revoked_at")


class SqliteServiceStore:
    """ServiceStore (detector.store.service_base) on SQLite."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    # ------------------------------------------------------------------ users
    def add_user(self, user: User) -> None:
        self._db.execute(f"INSERT INTO users VALUES ({','.join('?' * len(_USER_COLUMNS))})",
                         tuple(getattr(user, c) for c in _USER_COLUMNS))

    def _user(self, where: str, value: str) -> User | None:
        row = self._db.execute(f"SELECT {','.join(_USER_COLUMNS)} FROM users WHERE {where} = ?", (value,)).fetchone()
        return User(**dict(zip(_USER_COLUMNS, row))) if row else None

    def get_user(self, user_id: str) -> User | None:
        return self._user("user_id", user_id)

    def user_by_token_hash(self, token_hash: str) -> User | None:
        return self._user("token_hash", token_hash)

    def list_users(self) -> list[User]:
        rows = self._db.execute(f"SELECT {','.join(_USER_COLUMNS)} FROM users ORDER BY created_at, user_id")
        return [User(**dict(zip(_USER_COLUMNS, r))) for r in rows.fetchall()]

    def revoke_user(self, user_id: str, at: str) -> User | None:
        self._db.execute("UPDATE users SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", (at, user_id))
        return self.get_user(user_id)

    # ------------------------------------------------------------------ audit
    def append_audit(self, event: AuditEvent) -> AuditEntry:
        self._db.execute("BEGIN IMMEDIATE")  # serialises appenders: the chain has one predecessor
        try:
            row = self._db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
            entry = chain(seq, event, prev)
            self._db.execute("INSERT INTO audit VALUES (?, ?, ?, ?)",
                             (seq, json.dumps(entry.to_json(), ensure_ascii=False), prev, entry.hash))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return entry

    def audit_page(self, after_seq: int, limit: int) -> list[AuditEntry]:
        rows = self._db.execute("SELECT event FROM audit WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, limit))
        return [entry_from_json(json.loads(r[0])) for r in rows.fetchall()]


def entry_from_json(data: dict) -> AuditEntry:
    fields = dict(data)
    seq, prev, digest = fields.pop("seq"), fields.pop("prev_hash"), fields.pop("hash")
    return AuditEntry(seq, AuditEvent(**fields), prev, digest)
