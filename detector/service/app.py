"""The HTTP API of `ppd serve` (FastAPI): health, submission, stats, audit; alerts in routes_alerts.

Every route is a thin edge: it authenticates, checks detector.service.access, calls the engine or
a store under the context lock, audits, and returns contract v1 objects redacted for the caller.
"""

from __future__ import annotations

import json
import logging
from importlib import resources

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from detector.dashboard.routes import router as dashboard_router
from detector.processing import process_message
from detector.service.access import allowed
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
from detector.service.stats import StatsFilter
from detector.service.stats_source import gather_stats

log = logging.getLogger(__name__)

NOTIFICATION_BODY = {
    "requestBody": {
        "required": True,
        "description": "One case notification (contract case-notification v1), or JSON Lines of them.",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/CaseNotificationV1"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
        },
    }
}


class Health(BaseModel):
    status: str


def deny(ctx: ServiceContext, user: User, action: str, target: str) -> HTTPException:
    ctx.audit(user, action, target, "denied")
    return HTTPException(403, f"a {user.role} may not do {action}")


def notification_schema_components() -> dict:
    """Contract case-notification v1 as OpenAPI components (its $defs lifted beside it)."""
    text = resources.files("detector.data").joinpath("case-notification.v1.schema.json").read_text()
    text = text.replace('"#/$defs/', '"#/components/schemas/CaseNotificationV1_')
    schema = json.loads(text)
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    return {"CaseNotificationV1": schema} | {f"CaseNotificationV1_{k}": v for k, v in defs.items()}


def create_app(ctx: ServiceContext) -> FastAPI:
    app = FastAPI(
        title="Parallel-proceedings conflict detector",
        version="1.0",
        description="Art. 22(5) consultation alerts for 24/7 points of contact, liaison officers and coordinators.",
    )
    app.state.ctx = ctx
    app.include_router(alerts_router)
    app.include_router(dashboard_router)
    install_error_handlers(app)
    publish_contract(app)

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
              responses={**AUTH_ERRORS, 413: {"model": Problem},
                         409: {"model": Problem, "description": "every message conflicts with one already received"},
                         422: {"model": SubmissionResult, "description": "nothing accepted: see each reason"}})
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
        answer, status = result.model_dump(), 200
        if result.rejected and not result.accepted:
            reasons = [r.reason or "" for r in result.results]
            if all(r.startswith("case.state:") for r in reasons):  # a Problem like any 403, results beside it
                status, answer = 403, {"detail": f"{user.state} users submit notifications for {user.state} only"} | answer
            elif all(r.startswith("conflict:") for r in reasons):
                status, answer = 409, {"detail": "already received with different content"} | answer
            else:
                status = 422
        return JSONResponse(answer, status_code=status)

    @app.get("/v1/stats", response_model=StatsBody, tags=["dashboards"], responses=AUTH_ERRORS)
    def stats(request: Request, user: CurrentUser,
              since: str | None = Query(None, pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="created from (YYYY-MM[-DD])"),
              until: str | None = Query(None, pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="created before"),
              state: str | None = Query(None, pattern=r"^[A-Z]{2}$"),
              offence: str | None = Query(None, max_length=64)):
        c = context(request)
        if not allowed(user, "stats.read"):
            raise deny(c, user, "stats.read", "-")
        return gather_stats(c, user, StatsFilter(since=since, until=until, state=state, offence=offence))

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
        full = len(entries) == min(limit, c.settings.api_page_limit)
        return {"items": items, "next": str(entries[-1].seq) if full else None}

    return app


def install_error_handlers(app: FastAPI) -> None:
    """Every error is {"detail": "<field>: <why>; ...", "errors": [...]}: readable and machine-usable."""
    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):
        errors = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            errors.append({"field": where, "message": err.get("msg", "invalid")})
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors[:5]) or "invalid request"
        return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


def publish_contract(app: FastAPI) -> None:
    """The OpenAPI document names contract v1 for submissions, and the uniform error answers."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        doc.setdefault("components", {}).setdefault("schemas", {}).update(notification_schema_components())
        for item in doc["paths"].values():
            for operation in item.values():
                answers = operation.setdefault("responses", {})
                answers["422"] = answers.get("422") if "SubmissionResult" in json.dumps(answers.get("422", {})) else {
                    "description": "invalid request: which field, and why",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                if "requestBody" in operation:
                    answers.setdefault("400", {
                        "description": "the body is not JSON",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}})
        doc["components"]["schemas"].pop("HTTPValidationError", None)
        doc["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = doc
        return doc

    app.openapi = openapi


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
