"""The HTTP API of `ppd serve` (FastAPI): health, submission, stats, audit; alerts in routes_alerts.

Every route is a thin edge: it authenticates, checks detector.service.access, calls the engine or
a store under the context lock, audits, and returns contract v1 objects redacted for the caller.
"""

from __future__ import annotations

import base64
import binascii
import logging

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from detector.processing import process_message
from detector.service.access import allowed, stats_scope
from detector.service.accounts import User
from detector.service.auth import CurrentUser, context
from detector.service.context import ServiceContext
from detector.service.routes_alerts import router as alerts_router
from detector.service.schemas import (
    AUTH_ERRORS,
    AuditPage,
    Problem,
    StatsBody,
    SubmissionResult,
)
from detector.service.stats import StatsFilter, compute_stats

log = logging.getLogger(__name__)

NOTIFICATION_BODY = {
    "requestBody": {
        "required": True,
        "description": "One case notification (contract case-notification v1), or JSON Lines of them.",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


class Health(BaseModel):
    status: str


def deny(ctx: ServiceContext, user: User, action: str, target: str) -> HTTPException:
    ctx.audit(user, action, target, "denied")
    return HTTPException(403, f"a {user.role} may not do {action}")


def decode_cursor(cursor: str | None) -> str | None:
    if not cursor:
        return None
    try:
        padded = cursor.encode() + b"=" * (-len(cursor) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise HTTPException(422, "cursor: not a cursor returned by this API") from None


def encode_cursor(value: str) -> str:
    return base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")


def create_app(ctx: ServiceContext) -> FastAPI:
    app = FastAPI(
        title="Parallel-proceedings conflict detector",
        version="1.0",
        description="Art. 22(5) consultation alerts for 24/7 points of contact, liaison officers and coordinators.",
    )
    app.state.ctx = ctx
    app.include_router(alerts_router)

    @app.get("/healthz", response_model=Health, tags=["service"])
    def healthz() -> Health:
        return Health(status="ok")

    @app.get("/readyz", response_model=Health, tags=["service"], responses={503: {"model": Problem}})
    def readyz(request: Request):
        c = context(request)
        try:
            with c.lock:
                c.store.get_alert("readiness-probe")
                c.accounts.get_user("readiness-probe")
        except Exception as exc:  # noqa: BLE001 - any backend failure means not ready, said plainly
            return JSONResponse({"detail": f"store unavailable: {exc}"}, status_code=503)
        return Health(status="ready")

    @app.post("/v1/notifications", response_model=SubmissionResult, tags=["notifications"],
              openapi_extra=NOTIFICATION_BODY,
              responses={**AUTH_ERRORS, 413: {"model": Problem}, 422: {"model": SubmissionResult}})
    async def submit(request: Request, user: CurrentUser):
        c = context(request)
        if not allowed(user, "notifications.submit"):
            raise deny(c, user, "notifications.submit", "-")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > c.settings.max_request_bytes:
            raise HTTPException(413, f"body larger than {c.settings.max_request_bytes} bytes")
        raw = await request.body()
        if len(raw) > c.settings.max_request_bytes:
            raise HTTPException(413, f"body larger than {c.settings.max_request_bytes} bytes")
        result = _submit_lines(c, user, raw)
        status = 422 if result.rejected and not result.accepted else 200
        return JSONResponse(result.model_dump(), status_code=status)

    @app.get("/v1/stats", response_model=StatsBody, tags=["dashboards"], responses=AUTH_ERRORS)
    def stats(request: Request, user: CurrentUser,
              since: str | None = Query(None, pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="created from (YYYY-MM[-DD])"),
              until: str | None = Query(None, pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="created before"),
              state: str | None = Query(None, pattern=r"^[A-Z]{2}$"),
              offence: str | None = Query(None, max_length=64)):
        c = context(request)
        if not allowed(user, "stats.read"):
            raise deny(c, user, "stats.read", "-")
        scope = stats_scope(user)
        flt = StatsFilter(since=since, until=until, state=state, offence=offence)
        with c.lock:
            records = list(c.store.iter_alerts())
        bodies = [r.body for r in records]
        tracking = c.tracking([r.alert_id for r in records])
        import json as _json

        pairs = []
        for record, body in zip(records, bodies):
            data = _json.loads(body)
            if scope is not None and scope not in {p["state"] for p in data["parties"]}:
                continue
            pairs.append((data, tracking.get(record.alert_id, {})))
        return compute_stats(pairs, flt) | {"scope": scope or "all states"}

    @app.get("/v1/audit", response_model=AuditPage, tags=["audit"], responses=AUTH_ERRORS)
    def audit(request: Request, user: CurrentUser,
              cursor: str | None = Query(None, max_length=40, pattern=r"^\d+$"),
              limit: int = Query(100, ge=1, le=1000)):
        c = context(request)
        if not allowed(user, "audit.read"):
            raise deny(c, user, "audit.read", "audit")
        after = int(cursor) if cursor else 0
        with c.lock:
            entries = c.accounts.audit_page(after, min(limit, c.settings.api_page_limit))
        c.audit(user, "audit.read", "audit", "ok", after=after, count=len(entries))
        items = [e.to_json() for e in entries]
        return {"items": items, "next": str(entries[-1].seq) if len(entries) == min(limit, c.settings.api_page_limit) else None}

    return app


def _submit_lines(ctx: ServiceContext, user: User, raw: bytes) -> SubmissionResult:
    """Validate and apply each line; a state submits for itself only; rejections to the dead letter."""
    from detector.ingest import Rejection, parse_notification

    results, accepted, rejected = [], 0, 0
    text_lines = raw.split(b"\n") if raw.strip() else [raw]
    for number, line in enumerate(text_lines, start=1):
        if not line.strip() and len(text_lines) > 1:
            continue
        parsed = parse_notification(line)
        if not isinstance(parsed, Rejection) and parsed.case.state != user.state:
            outcome_kind, rejection, case_key = "rejected", Rejection(
                f"case.state: {user.state} users submit notifications for {user.state} only, not {parsed.case.state}"), None
        else:
            with ctx.lock:
                outcome = process_message(ctx.engine, line)
            outcome_kind, rejection, case_key = outcome.kind, outcome.rejection, outcome.case_key
        original = line.decode("utf-8", errors="replace")
        if rejection is not None:
            rejected += 1
            with ctx.lock:
                ctx.dead_letter.write(original, rejection, source="api", line=number, user=user.user_id)
            results.append({"line": number, "outcome": "rejected", **rejection.as_dict()})
        else:
            accepted += 1
            results.append({"line": number, "outcome": outcome_kind, "case": case_key})
    ctx.audit(user, "notifications.submit", f"{len(results)} message(s)", "ok" if not rejected else "partly rejected",
              accepted=accepted, rejected=rejected,
              cases=sorted({r["case"] for r in results if r.get("case")}))
    return SubmissionResult(accepted=accepted, rejected=rejected, results=results)
