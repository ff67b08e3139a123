"""Who may do what (pure). One table of actions by role, plus the party rule for alert bodies.

- poc and liaison users act for their own state only and see only alerts their state is party to;
  any other alert is answered as if it did not exist (404), so its existence is not revealed.
- coordinators see aggregates, never alert bodies (403); admins read the audit trail, and manage
  users from the command line.
"""

from __future__ import annotations

from detector.service.accounts import User

# action -> (roles allowed, why)
ACCESS: dict[str, tuple[frozenset[str], str]] = {
    "notifications.submit": (frozenset({"poc", "liaison"}), "a state submits its own proceedings"),
    "alerts.read": (frozenset({"poc", "liaison"}), "bodies go to the parties' people only"),
    "alerts.acknowledge": (frozenset({"poc"}), "acknowledging is the 24/7 point of contact's duty (Art. 41)"),
    "review.read": (frozenset({"liaison"}), "liaison officers review borderline matches"),
    "alerts.decide": (frozenset({"liaison"}), "liaison officers confirm or dismiss"),
    "stats.read": (frozenset({"poc", "liaison", "coordinator", "admin"}), "aggregates carry no case contents"),
    "audit.read": (frozenset({"admin"}), "the audit trail names users and cases"),
}


def allowed(user: User, action: str) -> bool:
    roles, _ = ACCESS[action]
    return user.active and user.role in roles


def party_states(body: dict) -> set[str]:
    return {p["state"] for p in body.get("parties", ())}


def is_party(user: User, body: dict) -> bool:
    """A state user's view of an alert exists only when the state is a party to it."""
    return user.state is not None and user.state in party_states(body)


def stats_scope(user: User) -> str | None:
    """Aggregates over every alert (coordinators, admins) or over the user's state's alerts only."""
    return user.state if user.role in ("poc", "liaison") else None
