"""Cluster backend: Elasticsearch 8.x, versioned indices behind aliases.

Every read the engine makes during an apply is a GET/mget by id, which Elasticsearch serves in
real time (no refresh lag): cases, the holders of each blocking key, each case's links (its pairs
and alerts), alerts and notification records all live in documents keyed by what they are looked
up by. Searches (export, outbox) refresh first.

Elasticsearch has no transactions. Two guarantees replace them (docs/architecture.md):
- ``transaction()`` holds a lease lock shared by all workers, so applies are serialised and two
  overlapping notifications on different partitions always meet (the second sees the first);
- a notification is recorded as processed last, so after a crash it is applied again, and the
  engine's repair path recomputes everything the interrupted attempt may have half written.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import socket
import time
from collections.abc import Iterable, Iterator

from elasticsearch import ConflictError, NotFoundError
from elasticsearch.helpers import bulk, scan

from detector.service.stats import acknowledged_states, minutes_to_acknowledge
from detector.store.base import (
    AlertQuery,
    AlertRecord,
    CaseRecord,
    DecisionRecord,
    PairRecord,
    ReentrantTransactions,
)
from detector.store.elastic_indices import VersionedIndices

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_KEYWORD = {"type": "keyword"}
_BLOB = {"type": "text", "index": False}
# Case versions have no upper bound in the contract: beyond a long they stay in _source, unindexed
_VERSION = {"type": "long", "ignore_malformed": True}
MAPPINGS: dict[str, dict] = {
    "cases": {"case_key": _KEYWORD, "state": _KEYWORD, "version": _VERSION, "status": _KEYWORD,
              "fingerprint": _KEYWORD, "notification": _BLOB, "content_version": _VERSION,
              "keys": _KEYWORD, "previous_keys": _KEYWORD},
    "keys": {"key": _KEYWORD, "holders": _KEYWORD},
    "pairs": {"a": _KEYWORD, "b": _KEYWORD, "band": _KEYWORD, "probability": {"type": "float"}, "payload": _BLOB},
    "links": {"case_key": _KEYWORD, "pairs": _KEYWORD, "alerts": _KEYWORD},
    "alerts": {"alert_id": _KEYWORD, "members": _KEYWORD, "body": _BLOB, "content_hash": _KEYWORD,
               "version": {"type": "long"}, "published_version": {"type": "long"}, "pending": {"type": "boolean"},
               "status": _KEYWORD, "band": _KEYWORD, "states": _KEYWORD, "score": {"type": "float"},
               "offences": _KEYWORD, "urgent": {"type": "boolean"}, "ack_minutes": {"type": "double"},
               "acknowledged_states": _KEYWORD,
               "created_at": {"type": "date"}, "updated_at": {"type": "date"}},
    "decisions": {"alert_id": _KEYWORD, "decision": _KEYWORD, "note": _BLOB, "user": _KEYWORD,
                  "at": {"type": "date"}, "score": {"type": "float"}},
    "notifications": {"case_key": _KEYWORD, "version": _VERSION, "fingerprint": _KEYWORD, "outcome": _KEYWORD},
    "locks": {"owner": _KEYWORD, "expires_at": {"type": "double"}},
}
_LOCK_ID = "apply"


def _doc_id(text: str) -> str:
    """Ids are limited to 512 bytes; long keys are hashed (the key itself stays in the document)."""
    return text if len(text.encode()) <= 200 else "sha1:" + hashlib.sha1(text.encode()).hexdigest()


class ElasticStore(VersionedIndices, ReentrantTransactions):
    """Store (detector.store.base) on Elasticsearch; safe to share between worker processes."""

    atomic = False  # see the module docstring: the engine repairs interrupted applies
    mappings = MAPPINGS
    schema_version = SCHEMA_VERSION

    def __init__(self, url: str, prefix: str = "ppd", lease_seconds: float = 30.0) -> None:
        self.lease_seconds = lease_seconds
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{random.getrandbits(32):08x}"
        self._held = (0, 0)
        self._cache: dict[tuple[str, str], dict | None] = {}
        self._dirty: set[tuple[str, str]] = set()
        self._notifications: list[tuple[str, dict]] = []
        super().__init__(url, prefix)

    # ------------------------------------------------------------------ the apply lock
    def _begin(self) -> None:
        self._acquire()
        self._cache, self._dirty, self._notifications = {}, set(), []

    def _commit(self) -> None:
        self._flush()

    def _end(self) -> None:
        self._cache, self._dirty, self._notifications = {}, set(), []
        self._release()

    def _flush(self) -> None:
        """Write the transaction's documents: the case first, then the rest, then the records.

        A crash can therefore leave (a) nothing, (b) the new case version with some of its
        effects, or (c) everything but the notification record. In (b) and (c) the message comes
        again (it was never recorded) and finds its own case version stored: the engine's repair
        path recomputes everything the interrupted attempt could have touched.
        """
        phases = [[d for d in sorted(self._dirty) if d[0] == "cases"],
                  [d for d in sorted(self._dirty) if d[0] != "cases"]]
        for phase in phases:
            self._write(phase)
        for notification_id, source in self._notifications:
            self.es.index(index=self.alias("notifications"), id=_doc_id(notification_id), document=source)

    def _write(self, docs: list[tuple[str, str]]) -> None:
        actions = []
        for name, doc_id in docs:
            source = self._cache[(name, doc_id)]
            if source is None:
                actions.append({"_op_type": "delete", "_index": self.alias(name), "_id": _doc_id(doc_id)})
            else:
                actions.append({"_op_type": "index", "_index": self.alias(name), "_id": _doc_id(doc_id),
                                "_source": source})
        if actions:
            _, errors = bulk(self.es, actions, refresh=False, raise_on_error=False)
            real = [e for e in errors if e.get("delete", {}).get("status") != 404]
            if real:
                raise RuntimeError(f"bulk write failed: {real[:3]}")

    def _acquire(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        index = self.alias("locks")
        while True:
            try:
                created = self.es.create(index=index, id=_LOCK_ID, document={
                    "owner": self.owner, "expires_at": time.time() + self.lease_seconds})
                self._held = (created["_seq_no"], created["_primary_term"])
                return
            except ConflictError:
                pass
            try:
                held = self.es.get(index=index, id=_LOCK_ID)
                if held["_source"]["expires_at"] < time.time():  # its holder died: take it over
                    self.es.delete(index=index, id=_LOCK_ID, if_seq_no=held["_seq_no"],
                                   if_primary_term=held["_primary_term"])
                    log.warning("expired apply lock taken over", extra={"from": held["_source"]["owner"]})
                    continue
            except (NotFoundError, ConflictError):
                continue
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not take the apply lock within {timeout:.0f} s")
            time.sleep(random.uniform(0.005, 0.03))

    def _release(self) -> None:
        seq_no, term = self._held
        try:  # only our own lock: if the lease expired and another worker took it, this conflicts
            self.es.delete(index=self.alias("locks"), id=_LOCK_ID, if_seq_no=seq_no, if_primary_term=term)
        except (NotFoundError, ConflictError):
            log.warning("apply lock was lost before release (lease expired?)")

    # ------------------------------------------------------------------ helpers
    def _mget(self, name: str, ids: Iterable[str]) -> dict[str, dict]:
        """Documents by id, real time; inside a transaction through its read-through cache."""
        ids = list(dict.fromkeys(ids))
        out: dict[str, dict] = {}
        if self._depth:
            missing = [i for i in ids if (name, i) not in self._cache]
            fetched = self._fetch(name, missing)
            for i in missing:
                self._cache[(name, i)] = fetched.get(i)
            for i in ids:
                doc = self._cache[(name, i)]
                if doc is not None:
                    out[i] = doc
            return out
        return self._fetch(name, ids)

    def _put(self, name: str, doc_id: str, source: dict | None) -> None:
        """Write (None: delete) a document: buffered inside a transaction, direct outside."""
        if self._depth:
            self._cache[(name, doc_id)] = source
            self._dirty.add((name, doc_id))
        elif source is None:
            try:
                self.es.delete(index=self.alias(name), id=_doc_id(doc_id))
            except NotFoundError:
                pass
        else:
            self.es.index(index=self.alias(name), id=_doc_id(doc_id), document=source)

    def _fetch(self, name: str, ids: list[str]) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for start in range(0, len(ids), 1000):
            chunk = ids[start:start + 1000]
            resp = self.es.mget(index=self.alias(name), ids=[_doc_id(i) for i in chunk], realtime=True)
            for wanted, doc in zip(chunk, resp["docs"]):
                if doc.get("found"):
                    out[wanted] = doc["_source"]
        return out

    def _links(self, case_keys: Iterable[str]) -> dict[str, dict]:
        return self._mget("links", case_keys)

    def _edit_links(self, case_key: str, field: str, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
        current = self._links([case_key]).get(case_key, {"case_key": case_key, "pairs": [], "alerts": []})
        values = set(current.get(field, [])) - set(remove) | set(add)
        self._put("links", case_key, {**current, field: sorted(values)})

    # ------------------------------------------------------------------ notifications
    def notification_fingerprint(self, notification_id: str) -> str | None:
        doc = self._mget("notifications", [notification_id]).get(notification_id)
        return doc["fingerprint"] if doc else None

    def record_notification(self, notification_id, case_key, version, fingerprint, outcome) -> None:
        source = {"case_key": case_key, "version": version, "fingerprint": fingerprint, "outcome": outcome}
        if self._depth:
            self._cache[("notifications", notification_id)] = source
            self._notifications.append((notification_id, source))
        else:
            self.es.index(index=self.alias("notifications"), id=_doc_id(notification_id), document=source)

    # ------------------------------------------------------------------ cases and keys
    def get_cases(self, case_keys: Iterable[str]) -> dict[str, CaseRecord]:
        return {k: CaseRecord(k, d["state"], d["version"], d["status"], d["fingerprint"], d["notification"],
                              d["content_version"]) for k, d in self._mget("cases", case_keys).items()}

    def put_case(self, record: CaseRecord) -> None:
        existing = self._mget("cases", [record.case_key]).get(record.case_key, {})
        self._put("cases", record.case_key, {
            "case_key": record.case_key, "state": record.state, "version": record.version, "status": record.status,
            "fingerprint": record.fingerprint, "notification": record.notification,
            "content_version": record.content_version, "keys": existing.get("keys", []),
            "previous_keys": existing.get("previous_keys", [])})

    def keys_of_cases(self, case_keys: Iterable[str]) -> dict[str, set[str]]:
        return {k: set(d.get("keys", [])) for k, d in self._mget("cases", case_keys).items() if d.get("keys")}

    def previous_keys(self, case_key: str) -> set[str]:
        doc = self._mget("cases", [case_key]).get(case_key, {})
        return set(doc.get("previous_keys", [])) | set(doc.get("keys", []))

    def set_case_keys(self, case_key: str, state: str, keys: set[str]) -> None:
        doc = self._mget("cases", [case_key]).get(case_key)
        old = set(doc.get("keys", [])) if doc else set()
        if doc is not None:
            # previous_keys tells a repeated (repair) apply what the case held before the attempt
            # that may have stopped half way; a repeat must not overwrite it with the new keys.
            previous = set(doc.get("previous_keys", [])) | old if old == keys else old
            self._put("cases", case_key, {**doc, "keys": sorted(keys), "previous_keys": sorted(previous)})
        # Reconcile every key the case holds or held, not only the difference: after an
        # interrupted attempt the key documents may lag behind the case document.
        touched = keys | old | set(doc.get("previous_keys", []) if doc else ())
        docs = self._mget("keys", touched)
        for key in sorted(touched):
            current = set(docs.get(key, {}).get("holders", []))
            holders = current | {case_key} if key in keys else current - {case_key}
            if holders == current:
                continue
            self._put("keys", key, {"key": key, "holders": sorted(holders)} if holders else None)

    def key_counts(self, keys: Iterable[str]) -> dict[str, int]:
        return {k: len(d.get("holders", [])) for k, d in self._mget("keys", keys).items() if d.get("holders")}

    def holders(self, keys: Iterable[str]) -> dict[str, list[str]]:
        return {k: sorted(d["holders"]) for k, d in self._mget("keys", keys).items() if d.get("holders")}

    # ------------------------------------------------------------------ pairs
    def pairs_of_cases(self, case_keys: Iterable[str]) -> list[PairRecord]:
        ids = {p for links in self._links(case_keys).values() for p in links.get("pairs", [])}
        found = self._mget("pairs", ids)
        return [PairRecord(d["a"], d["b"], d["band"], d["probability"], d["payload"])
                for _, d in sorted(found.items())]

    def put_pair(self, record: PairRecord) -> None:
        self._put("pairs", record.pair_key, {
            "a": record.a, "b": record.b, "band": record.band, "probability": record.probability,
            "payload": record.payload})
        for case_key in (record.a, record.b):
            self._edit_links(case_key, "pairs", add=[record.pair_key])

    def delete_pair(self, a: str, b: str) -> None:
        pair_key = f"{a}|{b}"
        self._put("pairs", pair_key, None)
        for case_key in (a, b):
            self._edit_links(case_key, "pairs", remove=[pair_key])

    # ------------------------------------------------------------------ alerts
    def alerts_of_cases(self, case_keys: Iterable[str]) -> list[AlertRecord]:
        ids = sorted({a for links in self._links(case_keys).values() for a in links.get("alerts", [])})
        docs = self._mget("alerts", ids)
        return [AlertRecord(i, tuple(d["members"]), d["body"], d["content_hash"]) for i, d in sorted(docs.items())]

    def get_alert(self, alert_id: str) -> AlertRecord | None:
        doc = self._mget("alerts", [alert_id]).get(alert_id)
        return AlertRecord(alert_id, tuple(doc["members"]), doc["body"], doc["content_hash"]) if doc else None

    def put_alert(self, record: AlertRecord) -> None:
        body = json.loads(record.body)
        previous = self._mget("alerts", [record.alert_id]).get(record.alert_id, {})
        self._put("alerts", record.alert_id, {
            "alert_id": record.alert_id, "members": list(record.members), "body": record.body,
            "content_hash": record.content_hash, "version": body["version"],
            "published_version": previous.get("published_version", 0), "pending": True,
            "status": body["status"], "band": body["band"], "score": body["score"],
            "states": sorted({p["state"] for p in body["parties"]}), "offences": body.get("offences", []),
            "urgent": bool(body.get("urgent")), "ack_minutes": minutes_to_acknowledge(body),
            "acknowledged_states": acknowledged_states(body),
            "created_at": body["created_at"], "updated_at": body["updated_at"]})
        for case_key in record.members:  # members only grow the index, as in SQLite
            self._edit_links(case_key, "alerts", add=[record.alert_id])

    def iter_alerts(self) -> Iterator[AlertRecord]:
        self.es.indices.refresh(index=self.alias("alerts"))
        docs = sorted(scan(self.es, index=self.alias("alerts"), query={"query": {"match_all": {}}}),
                      key=lambda d: d["_source"]["alert_id"])
        for d in docs:
            s = d["_source"]
            yield AlertRecord(s["alert_id"], tuple(s["members"]), s["body"], s["content_hash"])

    def list_alerts(self, query: AlertQuery) -> list[AlertRecord]:
        self.es.indices.refresh(index=self.alias("alerts"))
        filters: list[dict] = []
        for state in sorted(query.states or ()):
            filters.append({"term": {"states": state}})
        for field, value in (("band", query.band), ("status", query.status)):
            if value is not None:
                filters.append({"term": {field: value}})
        if query.since is not None:
            filters.append({"range": {"updated_at": {"gte": query.since}}})
        if query.after:
            filters.append({"range": {"alert_id": {"gt": query.after}}})
        resp = self.es.search(index=self.alias("alerts"), query={"bool": {"filter": filters}}, size=query.limit,
                              sort=[{"alert_id": "asc"}])
        return [AlertRecord(h["_source"]["alert_id"], tuple(h["_source"]["members"]), h["_source"]["body"],
                            h["_source"]["content_hash"]) for h in resp["hits"]["hits"]]

    # ------------------------------------------------------------------ decisions
    def get_decisions(self, alert_ids: Iterable[str]) -> dict[str, DecisionRecord]:
        return {i: DecisionRecord(i, d["decision"], d["note"], d["user"], d["at"], d["score"])
                for i, d in self._mget("decisions", alert_ids).items()}

    def put_decision(self, record: DecisionRecord) -> None:
        self._put("decisions", record.alert_id, {
            "alert_id": record.alert_id, "decision": record.decision, "note": record.note, "user": record.user,
            "at": record.at, "score": record.score})

    # ------------------------------------------------------------------ outbox
    def unpublished_alerts(self, limit: int = 500) -> list[tuple[AlertRecord, int]]:
        self.es.indices.refresh(index=self.alias("alerts"))
        resp = self.es.search(index=self.alias("alerts"), query={"term": {"pending": True}}, size=limit,
                              sort=[{"alert_id": "asc"}])
        out = []
        for hit in resp["hits"]["hits"]:
            s = hit["_source"]
            out.append((AlertRecord(s["alert_id"], tuple(s["members"]), s["body"], s["content_hash"]), s["version"]))
        return out

    def mark_published(self, alert_id: str, version: int) -> None:
        for _ in range(5):
            try:
                doc = self.es.get(index=self.alias("alerts"), id=_doc_id(alert_id))
            except NotFoundError:
                return
            src = doc["_source"]
            update = {"published_version": max(src.get("published_version", 0), version)}
            update["pending"] = src["version"] > update["published_version"]
            try:
                self.es.update(index=self.alias("alerts"), id=_doc_id(alert_id), doc=update,
                               if_seq_no=doc["_seq_no"], if_primary_term=doc["_primary_term"])
                return
            except ConflictError:
                continue  # a newer version landed meanwhile: re-read and keep it pending
