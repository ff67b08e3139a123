"""Users and the audit trail in Elasticsearch (cluster mode), beside the engine's indices.

Audit entries are documents whose id is their sequence number, written create-only: two API
processes appending at once cannot both take the same number, and the loser re-reads its new
predecessor (a real-time GET) before chaining. That keeps one chain without a lock.
"""

from __future__ import annotations

from elasticsearch import ConflictError, NotFoundError

from detector.service.accounts import User
from detector.service.audit import GENESIS, AuditEntry, AuditEvent, chain
from detector.store.elastic_indices import VersionedIndices
from detector.store.sqlite_service import entry_from_json

SCHEMA_VERSION = 1
_KEYWORD = {"type": "keyword"}
MAPPINGS = {
    "users": {"user_id": _KEYWORD, "name": _KEYWORD, "role": _KEYWORD, "state": _KEYWORD, "token_hash": _KEYWORD,
              "created_at": {"type": "date"}, "revoked_at": {"type": "date"}},
    "audit": {"seq": {"type": "long"}, "at": {"type": "date"}, "actor": _KEYWORD, "role": _KEYWORD,
              "state": _KEYWORD, "action": _KEYWORD, "target": _KEYWORD, "outcome": _KEYWORD,
              "prev_hash": _KEYWORD, "hash": _KEYWORD},
}


class ElasticServiceStore(VersionedIndices):
    """ServiceStore (detector.store.service_base) on Elasticsearch."""

    mappings = MAPPINGS
    schema_version = SCHEMA_VERSION

    def __init__(self, url: str, prefix: str = "ppd") -> None:
        self._head: tuple[int, str] | None = None
        super().__init__(url, prefix)

    # ------------------------------------------------------------------ users
    def add_user(self, user: User) -> None:
        if self.user_by_token_hash(user.token_hash) is not None:
            raise ValueError("token collision")
        self.es.create(index=self.alias("users"), id=user.user_id, document=user.model_dump(), refresh="wait_for")

    def get_user(self, user_id: str) -> User | None:
        try:
            return User(**self.es.get(index=self.alias("users"), id=user_id)["_source"])
        except NotFoundError:
            return None

    def user_by_token_hash(self, token_hash: str) -> User | None:
        hits = self.es.search(index=self.alias("users"), query={"term": {"token_hash": token_hash}}, size=1)
        found = hits["hits"]["hits"]
        return User(**found[0]["_source"]) if found else None

    def list_users(self) -> list[User]:
        hits = self.es.search(index=self.alias("users"), query={"match_all": {}}, size=10_000,
                              sort=[{"created_at": "asc"}, {"user_id": "asc"}])
        return [User(**h["_source"]) for h in hits["hits"]["hits"]]

    def revoke_user(self, user_id: str, at: str) -> User | None:
        user = self.get_user(user_id)
        if user is None or user.revoked_at:
            return user
        self.es.update(index=self.alias("users"), id=user_id, doc={"revoked_at": at}, refresh="wait_for")
        return self.get_user(user_id)

    # ------------------------------------------------------------------ audit
    def _last(self) -> tuple[int, str]:
        self.es.indices.refresh(index=self.alias("audit"))
        hits = self.es.search(index=self.alias("audit"), query={"match_all": {}}, size=1, sort=[{"seq": "desc"}])
        found = hits["hits"]["hits"]
        return (found[0]["_source"]["seq"], found[0]["_source"]["hash"]) if found else (0, GENESIS)

    def append_audit(self, event: AuditEvent) -> AuditEntry:
        seq, prev = self._head or self._last()
        while True:
            entry = chain(seq + 1, event, prev)
            try:
                self.es.create(index=self.alias("audit"), id=str(entry.seq), document=entry.to_json())
                self._head = (entry.seq, entry.hash)
                return entry
            except ConflictError:  # someone else took this number: chain after theirs
                taken = self.es.get(index=self.alias("audit"), id=str(seq + 1))["_source"]
                seq, prev = taken["seq"], taken["hash"]

    def audit_page(self, after_seq: int, limit: int) -> list[AuditEntry]:
        self.es.indices.refresh(index=self.alias("audit"))
        hits = self.es.search(index=self.alias("audit"), query={"range": {"seq": {"gt": after_seq}}}, size=limit,
                              sort=[{"seq": "asc"}])
        return [entry_from_json(h["_source"]) for h in hits["hits"]["hits"]]
