"""Bearer-token authentication for the API (and, through the same lookup, dashboard sessions)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

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


def context(request: Request) -> ServiceContext:
    return request.app.state.ctx


def current_user(request: Request,
                 creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    token = creds.credentials if creds is not None else ""
    if not token and request.method in ("GET", "HEAD"):
        # the dashboard's HttpOnly session cookie; never for changes, so no cross-site request can act
        token = request.cookies.get("ppd_session", "")
    user = authenticate(context(request), token)
    if user is None:
        log.info("authentication failed", extra={"path": request.url.path, "had_token": bool(token)})
        raise HTTPException(401, "missing, unknown or revoked bearer token", headers={"WWW-Authenticate": "Bearer"})
    return user


CurrentUser = Annotated[User, Depends(current_user)]
