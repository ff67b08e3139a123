"""The API in cluster mode: the same flows on Elasticsearch (cases, alerts, decisions, users, audit)."""

from __future__ import annotations

import json

import pytest

from detector.disclosure import public_view
from detector.service.audit import verify_chain
from detector.service.context import open_context
from detector.settings import Settings
from tests.api_world import EMAIL, FakeClock, build_world, serving

pytestmark = pytest.mark.integration


@pytest.fixture
def cluster_world(services, tmp_path, request):
    settings = Settings(elasticsearch_url=services.elasticsearch_url,
                        index_prefix=f"api-{services.session_id}-{request.node.name[-20:].lower().strip('[]')}")
    clock = FakeClock()
    ctx = open_context(settings, tmp_path / "api", cluster=True, now=clock)
    world = build_world(tmp_path, ctx=ctx, clock=clock)
    yield world, settings
    ctx.store.drop_indices()
    ctx.accounts.drop_indices()
    ctx.close()


def _stable(body: dict) -> dict:
    return {k: v for k, v in public_view(body).items() if k not in ("created_at", "updated_at")}


def test_cluster_and_embedded_give_the_same_alerts(cluster_world, tmp_path):
    world, _ = cluster_world
    embedded = build_world(tmp_path / "embedded")
    try:
        on_es = {r.alert_id: _stable(json.loads(r.body)) for r in world.ctx.store.iter_alerts()}
        on_sqlite = {r.alert_id: _stable(json.loads(r.body)) for r in embedded.ctx.store.iter_alerts()}
        assert on_es == on_sqlite and len(on_es) == 3
    finally:
        embedded.ctx.close()


def test_access_redaction_paging_on_elasticsearch(cluster_world):
    world, _ = cluster_world
    with serving(world.ctx) as client:
        assert client.get(f"/v1/alerts/{world.alerts['FR-NL']}", headers=world.headers("poc_de")).status_code == 404
        assert client.get("/v1/alerts", headers=world.headers("coordinator")).status_code == 403
        fr = client.get(f"/v1/alerts/{world.alerts['DE-FR']}", headers=world.headers("poc_fr"))
        assert fr.status_code == 200 and EMAIL not in fr.text and "disclosure" not in fr.text
        seen, cursor = [], None
        while True:
            page = client.get("/v1/alerts", headers=world.headers("poc_fr"),
                              params={"limit": 1} | ({"cursor": cursor} if cursor else {})).json()
            seen += [a["alert_id"] for a in page["items"]]
            if not (cursor := page["next"]):
                break
        assert seen == sorted({world.alerts["DE-FR"], world.alerts["FR-NL"]})
        only_nl = client.get("/v1/alerts", headers=world.headers("poc_fr"), params={"state": "NL"}).json()
        assert [a["alert_id"] for a in only_nl["items"]] == [world.alerts["FR-NL"]]
        stats = client.get("/v1/stats", headers=world.headers("coordinator")).json()
        assert stats["totals"]["overlaps"] == 2


def test_acknowledgement_decision_and_audit_survive_a_restart(cluster_world, tmp_path):
    world, settings = cluster_world
    review = world.alerts["review"]
    with serving(world.ctx) as client:
        ack = client.post(f"/v1/alerts/{world.alerts['DE-FR']}/acknowledge", headers=world.headers("poc_de"))
        assert ack.status_code == 200
        dismissed = client.post(f"/v1/alerts/{review}/decision", headers=world.headers("liaison_nl"),
                                json={"decision": "dismiss", "note": "namesake"})
        assert dismissed.json()["status"] == "dismissed"
    again = open_context(settings, tmp_path / "api2", cluster=True)
    try:
        assert json.loads(again.store.get_alert(review).body)["status"] == "dismissed"
        assert again.store.get_decisions([review])[review].decision == "dismiss"
        de_party = [p for p in json.loads(again.store.get_alert(world.alerts["DE-FR"]).body)["parties"]
                    if p["state"] == "DE"]
        assert de_party[0]["acknowledged_at"]
        entries = again.accounts.audit_page(0, 10_000)
        assert verify_chain(entries) == (True, "")
        actions = {(e.event.action, e.event.outcome) for e in entries}
        assert {("alert.acknowledge", "ok"), ("alert.decide", "ok")} <= actions
        assert again.accounts.user_by_token_hash("nope") is None
    finally:
        again.close()


def test_concurrent_audit_appenders_keep_one_chain(cluster_world, services):
    world, settings = cluster_world
    from concurrent.futures import ThreadPoolExecutor

    from detector.service.audit import AuditEvent
    from detector.store.elastic_service import ElasticServiceStore

    writers = [ElasticServiceStore(settings.elasticsearch_url, settings.index_prefix) for _ in range(4)]

    def write(i: int) -> None:
        store = writers[i % 4]
        store.append_audit(AuditEvent("2026-03-01T00:00:00Z", "system", "system", None, "test.append", str(i), "ok"))

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(write, range(40)))
    entries = world.ctx.accounts.audit_page(0, 10_000)
    assert verify_chain(entries) == (True, "")
    assert sum(e.event.action == "test.append" for e in entries) == 40
    for w in writers:
        w.close()


def test_dashboard_aggregates_from_elasticsearch_equal_the_python_ones(cluster_world):
    from detector.service.stats import StatsFilter, compute_stats
    from detector.service.stats_source import gather_stats
    from detector.simulate import generate_traffic

    world, _ = cluster_world
    ctx = world.ctx
    lines, _truth = generate_traffic(120, 5)
    from detector.processing import process_message

    for raw in lines:
        process_message(ctx.engine, raw)
    ctx.engine.acknowledge(world.alerts["DE-FR"], "DE")
    world.clock.set(world.clock.moment.replace(hour=11))
    ctx.engine.acknowledge(world.alerts["DE-FR"], "FR")
    bodies = [(json.loads(r.body), {}) for r in ctx.store.iter_alerts()]
    users = {"coordinator": None, "poc_fr": "FR"}
    filters = [StatsFilter(), StatsFilter(offence="forgery"), StatsFilter(state="NL"),
               StatsFilter(since="2026-03", until="2026-04"), StatsFilter(since="2030-01")]
    for who, scope in users.items():
        user = ctx.accounts.get_user(world.users[who])
        for flt in filters:
            scoped = [(b, t) for b, t in bodies if scope is None or scope in {p["state"] for p in b["parties"]}]
            expected = compute_stats(scoped, flt) | {"scope": scope or "all states"}
            assert gather_stats(ctx, user, flt) == expected, (who, flt)
    assert compute_stats(bodies, StatsFilter())["time_to_acknowledge"]["acknowledgements"] == 2
