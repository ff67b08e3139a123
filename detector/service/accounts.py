"""Users, roles and bearer tokens (pure). A token is shown once; only its SHA-256 is kept."""

from __future__ import annotations

import hashlib
import secrets
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Role = Literal["poc", "liaison", "coordinator", "admin"]
STATE_ROLES = frozenset({"poc", "liaison"})  # act for one state
TOKEN_PREFIX = "ppd_"


class User(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    name: str = Field(min_length=1, max_length=200)
    role: Role
    state: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    token_hash: str
    created_at: str
    revoked_at: str | None = None

    @model_validator(mode="after")
    def _state_fits_role(self) -> User:
        if self.role in STATE_ROLES and self.state is None:
            raise ValueError(f"a {self.role} user belongs to a state: give --state")
        if self.role not in STATE_ROLES and self.state is not None:
            raise ValueError(f"a {self.role} user acts for no single state: leave out --state")
        return self

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def describe(self) -> str:
        return f"{self.user_id} ({self.role}{' ' + self.state if self.state else ''}, {self.name})"


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough (no slow hash needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_user(name: str, role: str, state: str | None, now: str) -> tuple[User, str]:
    """A user and its token (the token is returned once and never stored)."""
    token = new_token()
    user = User(user_id="u-" + secrets.token_hex(6), name=name, role=role, state=state,
                token_hash=token_hash(token), created_at=now)
    return user, token
