"""Alert bodies as one user may see them: redaction by TLP, then delivery tracking (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable

from detector.delivery.tracking import annotate
from detector.disclosure import alert_view
from detector.service.accounts import User
from detector.store.base import AlertRecord

# alert_id -> {state: {"ack_due": ..., "escalated_at": ..., "overdue": bool}}
Tracking = dict[str, dict[str, dict]]


def user_view(record: AlertRecord, user: User, tracking: Tracking) -> dict:
    return annotate(alert_view(json.loads(record.body), user.state), tracking.get(record.alert_id, {}), user.state)


NoTracking: Callable[[list[str]], Tracking] = lambda alert_ids: {}  # until delivery is wired
