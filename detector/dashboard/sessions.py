"""Signed, expiring dashboard sessions (pure): the cookie names a user, never carries a token.

cookie = "<user_id>.<expires unix>.<hex HMAC-SHA256 of the first two parts>". A revoked user's
session ends at the next request, because the user is looked up each time.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

COOKIE = "ppd_session"


def _sign(payload: str, secret: bytes) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()


def issue_session(user_id: str, secret: bytes, now: datetime, lifetime: timedelta) -> str:
    payload = f"{user_id}.{int((now + lifetime).timestamp())}"
    return f"{payload}.{_sign(payload, secret)}"


def session_user_id(cookie: str, secret: bytes, now: datetime) -> str | None:
    """The user id of a valid, unexpired session cookie; None otherwise."""
    parts = cookie.rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    user_id, expires, signature = parts
    if not hmac.compare_digest(_sign(f"{user_id}.{expires}", secret), signature):
        return None
    return user_id if int(expires) > now.timestamp() else None
