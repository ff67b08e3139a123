"""Who is calling: a bearer token (API), or a signed dashboard session cookie (GET only)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from detector.dashboard.sessions import COOKIE, session_user_id
from detector.service.accounts import User, token_hash
from detector.service.context import ServiceContext

log = logging.getLogger(__name__)
bearer = HTTPBearer(auto_error=False, description="A token from `ppd users add`")


def authenticate(ctx: ServiceContext, token: str) -> User | None:
    """The active user holding ``token``, or None."""
    if not token or len(token) > 200:
        return None
    with ctx.lock:
        user = ctx.accounts.user_by_token_hash(token_hash(token))
    return user if user is not None and user.active else None


def session_user(ctx: ServiceContext, request: Request) -> User | None:
    """The active user of a valid dashboard session cookie, or None."""
    user_id = session_user_id(request.cookies.get(COOKIE, ""), ctx.session_secret, ctx.now())
    if user_id is None:
        return None
    with ctx.lock:
        user = ctx.accounts.get_user(user_id)
    return user if user is not None and user.active else None


def context(request: Request) -> ServiceContext:
    return request.app.state.ctx


def current_user(request: Request,
                 creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    token = creds.credentials if creds is not None else ""
    ctx = context(request)
    user = authenticate(ctx, token)
    if user is None and not token and request.method in ("GET", "HEAD"):
        # the dashboard's session cookie; never for changes, so no cross-site request can act
        user = session_user(ctx, request)
    if user is None:
        log.info("authentication failed", extra={"path": request.url.path, "had_token": bool(token)})
        raise HTTPException(401, "missing, unknown or revoked bearer token", headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(current_user)]
