"""What the API needs stored besides the engine's data: users and the audit trail."""

from __future__ import annotations

from typing import Protocol

from detector.service.accounts import User
from detector.service.audit import AuditEntry, AuditEvent


class ServiceStore(Protocol):
    def add_user(self, user: User) -> None: ...
    def get_user(self, user_id: str) -> User | None: ...
    def user_by_token_hash(self, token_hash: str) -> User | None: ...
    def list_users(self) -> list[User]: ...
    def revoke_user(self, user_id: str, at: str) -> User | None: ...  # None: no such user

    def append_audit(self, event: AuditEvent) -> AuditEntry: ...  # assigns seq and chains the hash
    def audit_page(self, after_seq: int, limit: int) -> list[AuditEntry]: ...  # seq order
    def close(self) -> None: ...
