"""Alert routes: listing, one alert, acknowledgement, review queue and liaison decisions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from detector.contract import check_datetime
from detector.engine import AlertNotFound, InvalidAlertAction
from detector.service.access import allowed, is_party
from detector.service.accounts import User
from detector.service.auth import CurrentUser, context
from detector.service.context import ServiceContext, stamp
from detector.service.schemas import AUTH_ERRORS, AlertPage, AlertView, Decision, Problem
from detector.service.views import user_view
from detector.store.base import AlertQuery, AlertRecord

router = APIRouter(prefix="/v1", tags=["alerts"])
ONE_ALERT_ERRORS = {**AUTH_ERRORS, 404: {"model": Problem, "description": "no such alert, or not one of yours"}}
NOT_FOUND = "alert not found"  # the same words whether it is missing or another state's
CURSOR = r"^[A-Za-z0-9_.:-]+$"  # the last alert_id of the previous page


def _deny(ctx: ServiceContext, user: User, action: str, target: str) -> HTTPException:
    ctx.audit(user, action, target, "denied")
    return HTTPException(403, f"a {user.role} may not do {action}")


def _visible(ctx: ServiceContext, user: User, alert_id: str, action: str) -> AlertRecord:
    """The alert if the user's state is a party to it; otherwise 404, audited."""
    with ctx.lock:
        record = ctx.store.get_alert(alert_id)
    if record is None or not is_party(user, _body(record)):
        ctx.audit(user, action, alert_id, "not_found")
        raise HTTPException(404, NOT_FOUND)
    return record


def _body(record: AlertRecord) -> dict:
    return json.loads(record.body)


def _views(ctx: ServiceContext, user: User, records: list[AlertRecord]) -> list[dict]:
    tracking = ctx.tracking([r.alert_id for r in records])
    return [user_view(r, user, tracking) for r in records]


def _since(text: str | None) -> str | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(check_datetime(text))
    except ValueError:
        raise HTTPException(422, f"since: not an RFC 3339 date-time with an offset: {text!r}") from None
    return stamp(value.astimezone(UTC))


def _page(ctx: ServiceContext, user: User, query: AlertQuery, action: str) -> dict:
    with ctx.lock:
        records = ctx.store.list_alerts(query)
    items = _views(ctx, user, records)
    ctx.audit(user, action, f"{len(items)} alert(s)", "ok", alert_ids=[r.alert_id for r in records])
    return {"items": items, "next": records[-1].alert_id if len(records) == query.limit else None}


@router.get("/alerts", response_model=AlertPage, responses={**AUTH_ERRORS, 422: {"model": Problem}})
def list_alerts(request: Request, user: CurrentUser,
                band: str | None = Query(None, pattern="^(alert|review)$"),
                status: str | None = Query(
                    None, pattern="^(open|acknowledged|in_consultation|resolved|dismissed|withdrawn)$"),
                state: str | None = Query(None, pattern=r"^[A-Z]{2}$", description="another party's state"),
                since: Annotated[str | None, Query(max_length=40, description="updated at or after (RFC 3339)",
                                                    json_schema_extra={"format": "date-time"})] = None,
                cursor: str | None = Query(None, max_length=128, pattern=CURSOR),
                limit: int = Query(50, ge=1, le=1000)):
    ctx = context(request)
    if not allowed(user, "alerts.read"):
        raise _deny(ctx, user, "alerts.list", "-")
    states = frozenset({user.state} | ({state} if state else set()))
    query = AlertQuery(states=states, band=band, status=status, since=_since(since), after=cursor,
                       limit=min(limit, ctx.settings.api_page_limit))
    return _page(ctx, user, query, "alerts.list")


@router.get("/alerts/{alert_id}", response_model=AlertView, responses=ONE_ALERT_ERRORS)
def get_alert(alert_id: str, request: Request, user: CurrentUser):
    ctx = context(request)
    if not allowed(user, "alerts.read"):
        raise _deny(ctx, user, "alert.read", alert_id)
    record = _visible(ctx, user, alert_id, "alert.read")
    ctx.audit(user, "alert.read", alert_id, "ok")
    return _views(ctx, user, [record])[0]


@router.post("/alerts/{alert_id}/acknowledge", response_model=AlertView,
             responses={**ONE_ALERT_ERRORS, 409: {"model": Problem, "description": "not an alert to acknowledge"}})
def acknowledge(alert_id: str, request: Request, user: CurrentUser):
    ctx = context(request)
    record = _act(ctx, user, alert_id, "alerts.acknowledge", "alert.acknowledge",
                  lambda: ctx.engine.acknowledge(alert_id, user.state))
    ctx.audit(user, "alert.acknowledge", alert_id, "ok", version=_body(record)["version"])
    return _views(ctx, user, [record])[0]


def _act(ctx, user, alert_id: str, permission: str, audit_action: str, change):
    """Check the permission and the alert's visibility, then make the change under the lock: a
    refused change is audited and answers 409, a vanished alert 404."""
    if not allowed(user, permission):
        raise _deny(ctx, user, audit_action, alert_id)
    _visible(ctx, user, alert_id, audit_action)
    try:
        with ctx.lock:
            return change()
    except InvalidAlertAction as exc:
        ctx.audit(user, audit_action, alert_id, "refused", reason=str(exc))
        raise HTTPException(409, str(exc)) from None
    except AlertNotFound:
        raise HTTPException(404, NOT_FOUND) from None


@router.get("/review-queue", response_model=AlertPage, responses={**AUTH_ERRORS, 422: {"model": Problem}})
def review_queue(request: Request, user: CurrentUser,
                 cursor: str | None = Query(None, max_length=128, pattern=CURSOR), limit: int = Query(50, ge=1, le=1000)):
    ctx = context(request)
    if not allowed(user, "review.read"):
        raise _deny(ctx, user, "review.list", "-")
    query = AlertQuery(states=frozenset({user.state}), band="review", status="open", after=cursor,
                       limit=min(limit, ctx.settings.api_page_limit))
    return _page(ctx, user, query, "review.list")


@router.post("/alerts/{alert_id}/decision", response_model=AlertView,
             responses={**ONE_ALERT_ERRORS, 409: {"model": Problem, "description": "not a match to decide"}})
def decide(alert_id: str, decision: Decision, request: Request, user: CurrentUser):
    ctx = context(request)
    record = _act(ctx, user, alert_id, "alerts.decide", "alert.decide",
                  lambda: ctx.engine.decide(alert_id, decision.decision, decision.note, user.user_id))
    body = _body(record)
    ctx.audit(user, "alert.decide", alert_id, "ok", decision=decision.decision, note=decision.note,
              band=body["band"], status=body["status"], version=body["version"])
    return _views(ctx, user, [record])[0]
