"""Append-only audit trail, hash-chained so that editing, removing or reordering an entry shows.

Each entry's hash covers its own fields and the previous entry's hash; verify_chain() recomputes
the chain. Stores append through :meth:`AuditStore.append_audit`, which assigns the sequence number
and the chain under its own serialisation (a transaction in SQLite, create-only ids in Elasticsearch).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

GENESIS = "0" * 64


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """What happened: who did what to which target, with what outcome."""

    at: str
    actor: str  # user id, or "system" for delivery and escalation
    role: str
    state: str | None
    action: str  # e.g. alert.read, alert.acknowledge, alert.decide, delivery.attempt, user.add, notifications.submit
    target: str
    outcome: str  # ok | denied | not_found | rejected | failed | ...
    details: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    event: AuditEvent
    prev_hash: str
    hash: str

    def to_json(self) -> dict:
        return {"seq": self.seq, **asdict(self.event), "prev_hash": self.prev_hash, "hash": self.hash}


def entry_hash(seq: int, event: AuditEvent, prev_hash: str) -> str:
    canonical = json.dumps({"seq": seq, "prev": prev_hash, **asdict(event)}, sort_keys=True, ensure_ascii=False,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def chain(seq: int, event: AuditEvent, prev_hash: str) -> AuditEntry:
    return AuditEntry(seq, event, prev_hash, entry_hash(seq, event, prev_hash))


def verify_chain(entries: Iterable[AuditEntry]) -> tuple[bool, str]:
    """(True, "") when every entry follows the one before; else (False, where it breaks)."""
    prev, expected = GENESIS, 1
    for e in entries:
        if e.seq != expected:
            return False, f"entry {expected} is missing (found {e.seq})"
        if e.prev_hash != prev:
            return False, f"entry {e.seq} does not follow entry {e.seq - 1}"
        if entry_hash(e.seq, e.event, e.prev_hash) != e.hash:
            return False, f"entry {e.seq} was altered"
        prev, expected = e.hash, expected + 1
    return True, ""
