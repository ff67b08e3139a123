"""Alert bodies as one user may see them: redaction by TLP, then delivery tracking (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable

from detector.disclosure import alert_view
from detector.service.accounts import User
from detector.store.base import AlertRecord

# alert_id -> {state: {"ack_due": ..., "escalated_at": ..., "overdue": bool}}
Tracking = dict[str, dict[str, dict]]


def annotate(view: dict, tracking: dict[str, dict], viewer_state: str | None) -> dict:
    """Per party: when its acknowledgement is due and whether it escalated; ``overdue`` for the viewer."""
    for party in view.get("parties", ()):
        t = tracking.get(party["state"], {})
        party["ack_due"] = t.get("ack_due")
        party["escalated_at"] = t.get("escalated_at")
    mine = tracking.get(viewer_state or "", {})
    view["overdue"] = bool(mine.get("overdue"))
    return view


def user_view(record: AlertRecord, user: User, tracking: Tracking) -> dict:
    return annotate(alert_view(json.loads(record.body), user.state), tracking.get(record.alert_id, {}), user.state)


NoTracking: Callable[[list[str]], Tracking] = lambda alert_ids: {}  # until delivery is wired
