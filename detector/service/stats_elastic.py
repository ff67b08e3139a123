"""The dashboard aggregates in cluster mode, as Elasticsearch aggregations over the alerts index.

`stats_query` is pure (a request body from the filters); `stats_from_response` turns the answer
into the same shape as detector.service.stats.compute_stats, which a test holds them equal to.
Overdue counts need the delivery ledger, so they are added from the tracking of the overlaps' ids.
"""

from __future__ import annotations

from collections.abc import Callable

from detector.service.stats import StatsFilter, acknowledgement_summary, is_overdue

MAX_STATES = 300  # more than the Convention's States Parties will ever be
LIVE = {"bool": {"filter": [{"term": {"band": "alert"}}],
                 "must_not": [{"terms": {"status": ["withdrawn", "dismissed"]}}]}}


def _filters(flt: StatsFilter, scope: str | None) -> list[dict]:
    out: list[dict] = []
    for state in (scope, flt.state):
        if state:
            out.append({"term": {"states": state}})
    if flt.offence:
        out.append({"term": {"offences": flt.offence}})
    period = {k: v for k, v in (("gte", flt.since), ("lt", flt.until)) if v}
    if period:
        out.append({"range": {"created_at": period | {"format": "yyyy-MM||yyyy-MM-dd||strict_date_optional_time"}}})
    return out


def stats_query(flt: StatsFilter, scope: str | None) -> dict:
    """One search request (size 0) answering every aggregate of the dashboard."""
    return {
        "size": 0, "track_total_hits": True,
        "query": {"bool": {"filter": _filters(flt, scope)}},
        "aggs": {
            "bands": {"terms": {"field": "band", "size": 10}},
            "statuses": {"terms": {"field": "status", "size": 10}},
            "review_queue": {"filter": {"bool": {"filter": [{"term": {"band": "review"}}, {"term": {"status": "open"}}]}}},
            "live": {"filter": LIVE, "aggs": {
                "pairs": {"terms": {"field": "states", "size": MAX_STATES},
                          "aggs": {"with": {"terms": {"field": "states", "size": MAX_STATES}}}},
                "offences": {"terms": {"field": "offences", "size": 50, "missing": "unspecified"}},
                "months": {"date_histogram": {"field": "created_at", "calendar_interval": "month", "format": "yyyy-MM",
                                              "min_doc_count": 1}},
                "ack": {"stats": {"field": "ack_minutes"}},
            }},
        },
    }


def _rows(buckets: list[dict], name: str) -> list[dict]:
    rows = [{name: b["key_as_string"] if "key_as_string" in b else b["key"], "count": b["doc_count"]}
            for b in buckets if b["doc_count"]]
    return sorted(rows, key=lambda r: (-r["count"], r[name]))


def stats_from_response(resp: dict, overdue: int) -> dict:
    aggs = resp["aggregations"]
    live = aggs["live"]
    pairs = [{"state_a": a["key"], "state_b": b["key"], "count": b["doc_count"]}
             for a in live["pairs"]["buckets"] for b in a["with"]["buckets"] if a["key"] < b["key"]]
    ack = live["ack"]
    return {
        "totals": {"alerts": resp["hits"]["total"]["value"], "overlaps": live["doc_count"],
                   "review_queue": aggs["review_queue"]["doc_count"], "overdue": overdue},
        "by_state_pair": sorted(pairs, key=lambda r: (-r["count"], r["state_a"], r["state_b"])),
        "by_offence": _rows(live["offences"]["buckets"], "offence"),
        "by_month": sorted(_rows(live["months"]["buckets"], "month"), key=lambda r: r["month"]),
        "by_status": _rows(aggs["statuses"]["buckets"], "status"),
        "by_band": _rows(aggs["bands"]["buckets"], "band"),
        "time_to_acknowledge": acknowledgement_summary(ack["count"], ack["sum"] or 0.0, ack["max"] or 0.0),
    }


def elastic_stats(es, alerts_alias: str, flt: StatsFilter, scope: str | None,
                  tracking: Callable[[list[str]], dict]) -> dict:
    """Run the aggregation; overdue from the delivery tracking of the live alerts' ids."""
    es.indices.refresh(index=alerts_alias)
    resp = es.search(index=alerts_alias, body=stats_query(flt, scope))
    ids_query = {"bool": {"filter": [*_filters(flt, scope), LIVE]}}
    from elasticsearch.helpers import scan

    acked = {hit["_source"]["alert_id"]: hit["_source"].get("acknowledged_states", []) for hit in scan(
        es, index=alerts_alias, query={"query": ids_query, "_source": ["alert_id", "acknowledged_states"]})}
    overdue = sum(1 for alert_id, per_state in tracking(list(acked)).items() if is_overdue(per_state, acked[alert_id]))
    return stats_from_response(resp, overdue)
