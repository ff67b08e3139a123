"""Where the aggregates come from: the alerts (SQLite: in Python; Elasticsearch: its aggregations) and the
delivery tracking, scoped per user."""

from __future__ import annotations

import json
from collections.abc import Callable

from detector.service.access import stats_scope
from detector.service.accounts import User
from detector.service.context import ServiceContext
from detector.service.stats import StatsFilter, compute_stats
from detector.service.views import Tracking


def scoped_tracking(tracking: Callable[[list[str]], Tracking], scope: str | None) -> Callable[[list[str]], Tracking]:
    """A state's user counts its own state's lateness as overdue, not the other parties'."""
    if scope is None:
        return tracking
    return lambda ids: {aid: {s: t for s, t in per_state.items() if s == scope}
                        for aid, per_state in tracking(ids).items()}


def gather_stats(ctx: ServiceContext, user: User, flt: StatsFilter) -> dict:
    """compute_stats over the alerts the user may count: all (coordinators, admins) or their state's."""
    scope = stats_scope(user)
    track = scoped_tracking(ctx.tracking, scope)
    es = getattr(ctx.store, "es", None)
    if es is not None:  # cluster mode: Elasticsearch aggregates, the service only adds overdue counts
        from detector.service.stats_elastic import elastic_stats

        return elastic_stats(es, ctx.store.alias("alerts"), flt, scope, track) | {"scope": scope or "all states"}
    with ctx.lock:
        records = list(ctx.store.iter_alerts())
    tracking = track([r.alert_id for r in records])
    selected = []
    for record in records:
        body = json.loads(record.body)
        if scope is None or scope in {p["state"] for p in body["parties"]}:
            selected.append((body, tracking.get(record.alert_id, {})))
    return compute_stats(selected, flt) | {"scope": scope or "all states"}
