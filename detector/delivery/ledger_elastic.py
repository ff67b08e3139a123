"""Delivery ledger on Elasticsearch (cluster mode): versioned indices behind aliases, as the store.

Lookups by id (progress, escalations, claims) are real time; searches (due deliveries, pending
ones of an alert, alerts awaiting acknowledgement) refresh their index first. Elasticsearch has no
transactions: take_up writes the progress last, so an interrupted take-up is simply done again
(deliveries are created with create-only ids, so nothing is added twice). Claims and
escalations are conditional writes, so two `ppd serve` processes never send the same attempt or
escalate twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace

from elasticsearch import ConflictError, NotFoundError
from elasticsearch.helpers import bulk, scan

from detector.delivery.ledger import PENDING, SUPERSEDED, AlertProgress, Delivery, Escalation
from detector.store.elastic_indices import VersionedIndices

SCHEMA_VERSION = 1
_KEYWORD = {"type": "keyword"}
_DATE = {"type": "date"}
MAPPINGS: dict[str, dict] = {
    "delivery-progress": {"alert_id": _KEYWORD, "version": {"type": "long"}, "band": _KEYWORD, "status": _KEYWORD,
                          "urgent": {"type": "boolean"}, "states": _KEYWORD, "acknowledged": _KEYWORD,
                          "alerted_at": _DATE, "awaiting": {"type": "boolean"}},
    "deliveries": {"alert_id": _KEYWORD, "version": {"type": "long"}, "state": _KEYWORD, "purpose": _KEYWORD,
                   "channel": _KEYWORD, "target": _KEYWORD, "status": _KEYWORD, "attempts": {"type": "long"},
                   "next_attempt_at": _DATE, "last_error": {"type": "text", "index": False}, "updated_at": _DATE},
    "escalations": {"alert_id": _KEYWORD, "state": _KEYWORD, "version": {"type": "long"}, "due_at": _DATE,
                    "escalated_at": _DATE},
}


def _doc_id(text: str) -> str:
    """Ids are limited to 512 bytes; delivery ids hold a URL, so long ones are hashed."""
    return text if len(text.encode()) <= 200 else "sha1:" + hashlib.sha1(text.encode()).hexdigest()


def _progress(source: dict) -> AlertProgress:
    return AlertProgress(source["alert_id"], source["version"], source["band"], source["status"],
                         source["urgent"], tuple(source["states"]), tuple(source["acknowledged"]),
                         source.get("alerted_at"))


def _progress_source(p: AlertProgress) -> dict:
    return {**asdict(p), "states": list(p.states), "acknowledged": list(p.acknowledged),
            "awaiting": bool(p.awaiting)}


def _delivery(source: dict) -> Delivery:
    return Delivery(**{k: source.get(k) for k in Delivery.__slots__})


class ElasticLedger(VersionedIndices):
    """DeliveryLedger (detector.delivery.ledger) on Elasticsearch 8.x."""

    mappings = MAPPINGS
    schema_version = SCHEMA_VERSION

    def _search(self, name: str, query: dict, sort: list | None = None, size: int | None = None) -> list[dict]:
        self.es.indices.refresh(index=self.alias(name))
        if size is not None:
            hits = self.es.search(index=self.alias(name), query=query, sort=sort, size=size)["hits"]["hits"]
        else:
            hits = scan(self.es, index=self.alias(name), query={"query": query})
        return [h["_source"] for h in hits]

    def _mget(self, name: str, ids: list[str]) -> list[dict]:
        out = []
        for start in range(0, len(ids), 1000):
            resp = self.es.mget(index=self.alias(name), ids=[_doc_id(i) for i in ids[start:start + 1000]],
                                realtime=True)
            out += [d["_source"] for d in resp["docs"] if d.get("found")]
        return out

    # ------------------------------------------------------------------ progress
    def progress(self, alert_ids: Iterable[str]) -> dict[str, AlertProgress]:
        docs = self._mget("delivery-progress", list(dict.fromkeys(alert_ids)))
        return {d["alert_id"]: _progress(d) for d in docs}

    def awaiting_progress(self) -> list[AlertProgress]:
        docs = self._search("delivery-progress", {"term": {"awaiting": True}})
        return sorted((_progress(d) for d in docs), key=lambda p: p.alert_id)

    def take_up(self, items: Sequence[tuple[AlertProgress, Sequence[Delivery]]]) -> None:
        versions = {p.alert_id: p.version for p, _ in items}
        for old in self._pending_of_many(list(versions)):
            if old.version < versions[old.alert_id]:
                self._replace(old, replace(old, status=SUPERSEDED))
        self.add_deliveries([d for _, deliveries in items for d in deliveries])
        actions = [{"_op_type": "index", "_index": self.alias("delivery-progress"), "_id": _doc_id(p.alert_id),
                    "_source": _progress_source(p)} for p, _ in items]
        self._bulk(actions)

    # ------------------------------------------------------------------ deliveries
    def _bulk(self, actions: list[dict]) -> None:
        if not actions:
            return
        _, errors = bulk(self.es, actions, refresh=False, raise_on_error=False)
        real = [e for e in errors if e.get("create", {}).get("status") != 409]  # create-only: already there
        if real:
            raise RuntimeError(f"delivery ledger bulk write failed: {real[:3]}")

    def add_deliveries(self, deliveries: Sequence[Delivery]) -> None:
        self._bulk([{"_op_type": "create", "_index": self.alias("deliveries"), "_id": _doc_id(d.delivery_id),
                     "_source": asdict(d)} for d in deliveries])

    def due(self, now: str, limit: int) -> list[Delivery]:
        query = {"bool": {"filter": [{"term": {"status": PENDING}}, {"range": {"next_attempt_at": {"lte": now}}}]}}
        docs = self._search("deliveries", query, sort=[{"next_attempt_at": "asc"}], size=limit)
        return [_delivery(d) for d in docs]

    def pending_of(self, alert_id: str) -> list[Delivery]:
        return self._pending_of_many([alert_id])

    def _pending_of_many(self, alert_ids: list[str]) -> list[Delivery]:
        out = []
        for start in range(0, len(alert_ids), 1000):  # one search per thousand alerts, not one per alert
            query = {"bool": {"filter": [{"terms": {"alert_id": alert_ids[start:start + 1000]}},
                                         {"term": {"status": PENDING}}]}}
            out += [_delivery(d) for d in self._search("deliveries", query)]
        return sorted(out, key=lambda d: d.delivery_id)

    def deliveries(self, alert_id: str) -> list[Delivery]:
        docs = self._search("deliveries", {"term": {"alert_id": alert_id}})
        return sorted((_delivery(d) for d in docs), key=lambda d: (d.version, d.delivery_id))

    def _replace(self, expected: Delivery, new: Delivery) -> bool:
        """Write ``new`` only if the stored row is still ``expected`` (compare and set)."""
        try:
            doc = self.es.get(index=self.alias("deliveries"), id=_doc_id(expected.delivery_id))
        except NotFoundError:
            return False
        if _delivery(doc["_source"]) != expected:
            return False
        try:
            self.es.index(index=self.alias("deliveries"), id=_doc_id(new.delivery_id), document=asdict(new),
                          if_seq_no=doc["_seq_no"], if_primary_term=doc["_primary_term"])
        except ConflictError:
            return False
        return True

    def claim(self, delivery: Delivery, until: str) -> Delivery | None:
        claimed = replace(delivery, next_attempt_at=until)
        return claimed if delivery.status == PENDING and self._replace(delivery, claimed) else None

    def record(self, delivery: Delivery) -> None:
        self.es.index(index=self.alias("deliveries"), id=_doc_id(delivery.delivery_id), document=asdict(delivery))

    # ------------------------------------------------------------------ escalations
    def escalations(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Escalation]:
        docs = self._mget("escalations", [f"{a}:{s}" for a, s in dict.fromkeys(keys)])
        return {(d["alert_id"], d["state"]): Escalation(**d) for d in docs}

    def add_escalation(self, escalation: Escalation) -> bool:
        try:
            self.es.create(index=self.alias("escalations"), id=_doc_id(f"{escalation.alert_id}:{escalation.state}"),
                           document=asdict(escalation))
        except ConflictError:
            return False
        return True
