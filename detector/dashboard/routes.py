"""Dashboard routes: /login, /logout, /dashboard, its exports and one alert's "why" (HTML).

The pages use the API's own rules: the same access table, the same per-viewer redaction, the same
audit. Coordinators and admins get aggregates only. No inline script: data travels in a JSON
<script type="application/json"> block that the page's own script reads (CSP script-src 'self').
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from importlib import resources
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from detector.dashboard.model import ARTICLES, TABLES, chart_data, table_csv, tiles, waterfall, when
from detector.dashboard.sessions import COOKIE, issue_session
from detector.service.access import allowed, is_party
from detector.service.auth import authenticate, context, session_user
from detector.service.stats import StatsFilter
from detector.service.stats_source import gather_stats
from detector.service.views import user_view
from detector.store.base import AlertQuery

router = APIRouter(include_in_schema=False)
templates = Environment(loader=PackageLoader("detector.dashboard", "templates"),
                        autoescape=select_autoescape(default=True, default_for_string=True))
templates.filters["when"] = when
STATIC = resources.files("detector.dashboard").joinpath("static")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
}
PERIOD = re.compile(r"\d{4}-\d{2}(-\d{2})?")
STATE = re.compile(r"[A-Z]{2}")
LIVE_STATUSES = ("open", "acknowledged", "in_consultation", "resolved")  # a state's queue: not withdrawn/dismissed


class BadFilter(ValueError):
    """A filter value the form should not have sent; shown to the user, never a stack trace."""


def page(name: str, status: int = 200, **values) -> HTMLResponse:
    return HTMLResponse(templates.get_template(name).render(**values), status_code=status, headers=SECURITY_HEADERS)


def as_json_block(data: dict) -> str:
    """JSON safe inside <script type="application/json"> (no "</script>" can close it)."""
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@router.get("/login")
def login_form() -> HTMLResponse:
    return page("login.html")


def cross_site(request: Request) -> bool:
    """A login posted from another site (login CSRF: the victim would act as the attacker's user).

    Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin, which is
    "null" for our own form because the pages send Referrer-Policy: no-referrer, so "null" proves nothing.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc != request.headers.get("host", "")


@router.post("/login")
async def login(request: Request) -> Response:
    ctx = context(request)
    if cross_site(request):
        return page("login.html", 403, error="Log in from this site's own form.")
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    user = authenticate(ctx, (form.get("token") or [""])[0].strip())
    if user is None:
        return page("login.html", 401, error="Unknown or revoked token.")
    ctx.audit(user, "dashboard.login", user.user_id, "ok")
    response = RedirectResponse("/dashboard", status_code=303)
    cookie = issue_session(user.user_id, ctx.session_secret, ctx.now(), timedelta(hours=ctx.settings.session_hours))
    response.set_cookie(COOKIE, cookie, max_age=int(ctx.settings.session_hours * 3600), httponly=True,
                        samesite="strict", secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    ctx = context(request)
    user = session_user(ctx, request)
    if user is not None:
        ctx.audit(user, "dashboard.logout", user.user_id, "ok")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _filters(since: str | None, until: str | None, state: str | None, offence: str | None) -> StatsFilter:
    """The form's filters, checked: periods YYYY-MM[-DD], a two-letter state (any case), a known offence."""
    since, until, state, offence = ((v or "").strip() or None for v in (since, until, state, offence))
    for value in (since, until):
        if value is not None and not PERIOD.fullmatch(value):
            raise BadFilter("From and Before take a month (YYYY-MM) or a day (YYYY-MM-DD).")
    if state is not None:
        state = state.upper()
        if not STATE.fullmatch(state):
            raise BadFilter("State takes a two-letter code, such as DE.")
    if offence is not None and offence not in ARTICLES:
        raise BadFilter("Offence must be one of the list's.")
    return StatsFilter(since=since, until=until, state=state, offence=offence)


def _query(flt: StatsFilter) -> dict[str, str]:
    return {k: v for k, v in (("since", flt.since), ("until", flt.until), ("state", flt.state),
                              ("offence", flt.offence)) if v}


@router.get("/dashboard")
def dashboard(request: Request, since: str | None = None, until: str | None = None, state: str | None = None,
              offence: str | None = None) -> Response:
    ctx = context(request)
    user = session_user(ctx, request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    try:
        flt = _filters(since, until, state, offence)
    except BadFilter as bad:
        return page("message.html", 400, user=user, message=str(bad))
    stats = gather_stats(ctx, user, flt)
    mine, queue = [], []
    if allowed(user, "alerts.read"):
        with ctx.lock:
            # the queue: alerts still in play (as counted in the tiles), not the withdrawn or dismissed
            mine = [r for status in LIVE_STATUSES for r in ctx.store.list_alerts(
                AlertQuery(states=frozenset({user.state}), band="alert", status=status, limit=200))]
        if allowed(user, "review.read"):
            with ctx.lock:
                queue = ctx.store.list_alerts(AlertQuery(states=frozenset({user.state}), band="review",
                                                         status="open", limit=200))
        tracking = ctx.tracking([r.alert_id for r in mine + queue])
        mine = [user_view(r, user, tracking) for r in mine]
        queue = [user_view(r, user, tracking) for r in queue]
        ctx.audit(user, "dashboard.alerts", f"{len(mine) + len(queue)} alert(s)", "ok",
                  alert_ids=[a["alert_id"] for a in mine + queue])
    query = _query(flt)
    exports = {t: "/dashboard/export.csv?" + urlencode({"table": t} | query) for t in TABLES}
    exports["json"] = "/dashboard/export.json" + ("?" + urlencode(query) if query else "")
    return page("dashboard.html", user=user, stats=stats, tiles=tiles(stats), charts=as_json_block(chart_data(stats)),
                articles=ARTICLES, filters=query, exports=exports, mine=sorted(mine, key=_urgency), queue=queue)


def _urgency(alert: dict) -> tuple:
    return (not alert.get("overdue"), alert["status"] != "open", min(
        (p.get("ack_due") or "9999" for p in alert["parties"]), default="9999"), alert["alert_id"])


@router.get("/dashboard/export.{fmt}")
def export(request: Request, fmt: str, table: str = Query("by_state_pair"), since: str | None = None,
           until: str | None = None, state: str | None = None, offence: str | None = None):
    ctx = context(request)
    user = session_user(ctx, request)
    if user is None:
        raise HTTPException(401, "log in at /login first")
    if fmt not in ("csv", "json") or (fmt == "csv" and table not in TABLES):
        raise HTTPException(404, "export.csv?table=<one of " + ", ".join(TABLES) + "> or export.json")
    try:
        flt = _filters(since, until, state, offence)
    except BadFilter as bad:
        raise HTTPException(400, str(bad)) from None
    stats = gather_stats(ctx, user, flt)
    if fmt == "json":
        return JSONResponse(stats, headers={"Content-Disposition": 'attachment; filename="ppd-overlaps.json"'})
    return PlainTextResponse(table_csv(stats[table]), media_type="text/csv",
                             headers={"Content-Disposition": f'attachment; filename="ppd-{table}.csv"'})


@router.get("/dashboard/alerts/{alert_id}")
def alert_page(alert_id: str, request: Request) -> Response:
    ctx = context(request)
    user = session_user(ctx, request)
    if user is None:
        return RedirectResponse("/login", status_code=303)
    if not allowed(user, "alerts.read"):
        ctx.audit(user, "alert.read", alert_id, "denied", via="dashboard")
        return page("message.html", 403, user=user, message="Coordinators and admins see aggregates only.")
    with ctx.lock:
        record = ctx.store.get_alert(alert_id)
    if record is None or not is_party(user, json.loads(record.body)):
        ctx.audit(user, "alert.read", alert_id, "not_found", via="dashboard")
        return page("message.html", 404, user=user, message="Alert not found.")
    view = user_view(record, user, ctx.tracking([alert_id]))
    ctx.audit(user, "alert.read", alert_id, "ok", via="dashboard")
    return page("alert.html", user=user, alert=view, chart=as_json_block({"waterfall": waterfall(view["evidence"])}))


@router.get("/static/plotly.min.js")
def plotly_js() -> FileResponse:
    path = resources.files("plotly").joinpath("package_data", "plotly.min.js")
    return FileResponse(str(path), media_type="text/javascript", headers={"Cache-Control": "public, max-age=86400"})


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    kinds = {"dashboard.js": "text/javascript", "dashboard.css": "text/css"}
    if name not in kinds:
        raise HTTPException(404, "no such file")
    return Response(STATIC.joinpath(name).read_text(), media_type=kinds[name],
                    headers={"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"})
