"""The HTTP API on a real server: access matrix, redaction by TLP, acknowledgement, review, audit."""

from __future__ import annotations

import json

import pytest

from detector.service.audit import verify_chain
from detector.service.context import open_context
from detector.settings import Settings
from tests.api_world import EMAIL, HOST, build_world, served_world, serving
from tests.factories import line, notification, person

ALL = ["poc_de", "liaison_de", "poc_fr", "poc_nl", "liaison_nl", "coordinator", "admin", "revoked", "anonymous"]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    w = build_world(tmp_path_factory.mktemp("api"))
    yield w
    w.ctx.close()


@pytest.fixture(scope="module")
def client(world):
    with serving(world.ctx) as c:
        yield c


def expected(who: str, endpoint: str, target: str) -> int:
    """The access rules, stated once: role x endpoint x own/other state."""
    if who in ("revoked", "anonymous"):
        return 401
    role = who.split("_")[0]
    state = who.split("_")[1].upper() if "_" in who else None
    own = {"DE-FR": {"DE", "FR"}, "FR-NL": {"FR", "NL"}, "review": {"DE", "NL"}, "none": set()}[target]
    rules = {"list": {"poc", "liaison"}, "read": {"poc", "liaison"}, "ack": {"poc"}, "queue": {"liaison"},
             "decide": {"liaison"}, "stats": {"poc", "liaison", "coordinator", "admin"}, "audit": {"admin"}}
    if role not in rules[endpoint]:
        return 403
    if endpoint in ("read", "ack", "decide") and state not in own:
        return 404
    if endpoint == "ack" and target == "review":
        return 409
    if endpoint == "decide" and target != "review":
        return 409
    return 200


CASES = [(who, ep, tgt) for who in ALL for ep, tgt in
         [("list", "none"), ("queue", "none"), ("stats", "none"), ("audit", "none")]
         + [(ep, t) for ep in ("read", "ack", "decide") for t in ("DE-FR", "FR-NL", "review")]]


@pytest.mark.parametrize(("who", "endpoint", "target"), CASES, ids=["-".join(c) for c in CASES])
def test_access_matrix(world, client, who, endpoint, target):
    alert_id = world.alerts.get(target, "none")
    method, path, body = {
        "list": ("GET", "/v1/alerts", None), "queue": ("GET", "/v1/review-queue", None),
        "stats": ("GET", "/v1/stats", None), "audit": ("GET", "/v1/audit", None),
        "read": ("GET", f"/v1/alerts/{alert_id}", None),
        "ack": ("POST", f"/v1/alerts/{alert_id}/acknowledge", None),
        # dismiss keeps the review match in band review, so the rows after this one still hold
        "decide": ("POST", f"/v1/alerts/{alert_id}/decision", {"decision": "dismiss", "note": "namesake"}),
    }[endpoint]
    resp = client.request(method, path, headers=world.headers(who), json=body)
    want = expected(who, endpoint, target)
    assert resp.status_code == want, resp.text
    if want == 401:
        assert resp.headers["www-authenticate"] == "Bearer"
    if want == 404:
        assert resp.json() == {"detail": "alert not found"}  # the same words for missing and hidden


def test_unknown_alert_is_404_like_a_hidden_one(world, client):
    resp = client.get("/v1/alerts/ppd-doesnotexist", headers=world.headers("poc_de"))
    assert resp.status_code == 404 and resp.json() == {"detail": "alert not found"}


def test_state_users_list_only_their_states_alerts(world, client):
    for who, state in (("poc_de", "DE"), ("poc_nl", "NL"), ("poc_fr", "FR")):
        items = client.get("/v1/alerts", headers=world.headers(who)).json()["items"]
        assert items and all(state in {p["state"] for p in a["parties"]} for a in items)
        mine = {a for a, ids in world.alerts.items() if state in {"DE-FR": "DE FR", "FR-NL": "FR NL",
                                                                 "review": "DE NL"}[a]}
        assert {a["alert_id"] for a in items} == {world.alerts[m] for m in mine}


def test_redaction_follows_the_other_sides_marking(world, client):
    alert_id = world.alerts["DE-FR"]
    de = client.get(f"/v1/alerts/{alert_id}", headers=world.headers("poc_de"))
    fr = client.get(f"/v1/alerts/{alert_id}", headers=world.headers("poc_fr"))
    de_summaries = [e["summary"] for e in de.json()["evidence"]]
    fr_summaries = [e["summary"] for e in fr.json()["evidence"]]
    # DE marked the e-mail RED, FR GREEN: DE sees it (FR's marking), FR only learns to call DE
    assert f"email {EMAIL}" in de_summaries
    assert EMAIL not in fr.text and "a TLP:RED email matched: contact the originating point of contact" in fr_summaries
    # FR marked the host AMBER, DE GREEN: DE sees it masked, FR sees it
    assert HOST not in de.text and any(s.startswith("host [TLP:AMBER masked, fp ") for s in de_summaries)
    assert f"host {HOST}" in fr_summaries
    for resp in (de, fr):
        assert "disclosure" not in resp.text  # the stored markings never leave the service


def test_pages_follow_the_cursor_without_gaps(world, client):
    seen, cursor = [], None
    while True:
        params = {"limit": 1} | ({"cursor": cursor} if cursor else {})
        page = client.get("/v1/alerts", headers=world.headers("poc_fr"), params=params).json()
        seen += [a["alert_id"] for a in page["items"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == sorted(set(seen)) and len(seen) == 2
    bad = client.get("/v1/alerts", headers=world.headers("poc_fr"), params={"cursor": "!!!"})
    assert bad.status_code == 422


def test_filters(world, client):
    h = world.headers("poc_fr")
    assert [a["alert_id"] for a in client.get("/v1/alerts", headers=h, params={"state": "NL"}).json()["items"]] == [
        world.alerts["FR-NL"]]
    assert client.get("/v1/alerts", headers=h, params={"band": "review"}).json()["items"] == []
    later = client.get("/v1/alerts", headers=h, params={"since": "2100-01-01T00:00:00Z"}).json()
    assert later == {"items": [], "next": None}
    assert client.get("/v1/alerts", headers=h, params={"since": "2100-01-01T00:00:00"}).status_code == 422


def test_coordinator_stats_carry_no_case_contents(world, client):
    resp = client.get("/v1/stats", headers=world.headers("coordinator"))
    stats = resp.json()
    assert stats["totals"]["overlaps"] == 2 and stats["scope"] == "all states"
    assert {(r["state_a"], r["state_b"]) for r in stats["by_state_pair"]} == {("DE", "FR"), ("FR", "NL")}
    for secret in (EMAIL, HOST, "Kovalenko", "Petrovi", "ZIT-1", "PNC-77", "185.220"):
        assert secret not in resp.text
    scoped = client.get("/v1/stats", headers=world.headers("poc_nl")).json()
    assert scoped["scope"] == "NL" and {(r["state_a"], r["state_b"]) for r in scoped["by_state_pair"]} == {("FR", "NL")}


@pytest.fixture
def fresh(tmp_path):
    with served_world(tmp_path) as world_and_client:
        yield world_and_client


def test_acknowledgement_by_each_party(fresh):
    world, client = fresh
    alert_id = world.alerts["DE-FR"]
    first = client.post(f"/v1/alerts/{alert_id}/acknowledge", headers=world.headers("poc_de")).json()
    acked = {p["state"]: p["acknowledged_at"] for p in first["parties"]}
    assert acked["DE"] and acked["FR"] is None and first["status"] == "open" and first["version"] == 2
    again = client.post(f"/v1/alerts/{alert_id}/acknowledge", headers=world.headers("poc_de")).json()
    assert again["version"] == 2 and {p["state"]: p["acknowledged_at"] for p in again["parties"]} == acked
    both = client.post(f"/v1/alerts/{alert_id}/acknowledge", headers=world.headers("poc_fr")).json()
    assert both["status"] == "acknowledged" and all(p["acknowledged_at"] for p in both["parties"])


def test_dismissal_is_remembered_across_restarts_until_new_evidence(fresh, tmp_path):
    world, client = fresh
    review = world.alerts["review"]
    resp = client.post(f"/v1/alerts/{review}/decision", headers=world.headers("liaison_nl"),
                       json={"decision": "dismiss", "note": "namesake: different conduct"})
    assert resp.status_code == 200 and resp.json()["status"] == "dismissed"
    assert client.get("/v1/review-queue", headers=world.headers("liaison_de")).json()["items"] == []
    # a re-sent update without new evidence changes nothing; a restart remembers
    world.ctx.store.close()
    again = open_context(Settings(), tmp_path)
    try:
        from detector.contract import CaseNotification

        resend = notification("NL", "OM-20", version=2, suspects=[person("Dragan Petrović", "1983-06-01")],
                              offences=["forgery"], period=("2019-01-01", "2019-03-01"))
        again.engine.apply(CaseNotification.model_validate(resend))
        assert json.loads(again.store.get_alert(review).body)["status"] == "dismissed"
        # new evidence: the same wallet in both files raises the score, the match is back
        wallet = {"type": "crypto_wallet", "value": "0x52908400098527886E0F7030069857D2E4169EE7", "network": "ETH"}
        for doc in (notification("DE", "ZIT-20", version=2, suspects=[person("Dragan Petrović", "1983-06-01")],
                                 offences=["theft_or_fraud"], indicators=[wallet]),
                    notification("NL", "OM-20", version=3, suspects=[person("Dragan Petrović", "1983-06-01")],
                                 offences=["forgery"], period=("2019-01-01", "2019-03-01"), indicators=[wallet])):
            again.engine.apply(CaseNotification.model_validate(doc))
        assert json.loads(again.store.get_alert(review).body)["status"] == "open"
    finally:
        again.close()


def test_confirmed_review_becomes_an_alert_for_the_points_of_contact(fresh):
    world, client = fresh
    review = world.alerts["review"]
    assert client.post(f"/v1/alerts/{review}/acknowledge", headers=world.headers("poc_de")).status_code == 409
    resp = client.post(f"/v1/alerts/{review}/decision", headers=world.headers("liaison_de"),
                       json={"decision": "confirm", "note": "same passport photo"})
    assert resp.json()["band"] == "alert" and resp.json()["status"] == "open"
    listed = client.get("/v1/alerts", headers=world.headers("poc_nl"), params={"band": "alert"}).json()["items"]
    assert review in {a["alert_id"] for a in listed}
    assert client.post(f"/v1/alerts/{review}/acknowledge", headers=world.headers("poc_nl")).status_code == 200


def test_decision_body_is_validated(fresh):
    world, client = fresh
    review = world.alerts["review"]
    for body in ({"decision": "maybe", "note": "x"}, {"decision": "dismiss"}, {"decision": "dismiss", "note": ""}):
        resp = client.post(f"/v1/alerts/{review}/decision", headers=world.headers("liaison_de"), json=body)
        assert resp.status_code == 422, body


def test_submission_validates_each_line_and_keeps_states_to_themselves(fresh, tmp_path):
    world, client = fresh
    good = notification("DE", "ZIT-30", suspects=[person("Anna Schmidt", "1990-01-01")])
    foreign = notification("FR", "PNC-31", suspects=[person("Anna Schmidt", "1990-01-01")])
    body = "\n".join([line(good), '{"schema_version": "1.0"}', line(foreign), "not json"]) + "\n"
    resp = client.post("/v1/notifications", headers=world.headers("poc_de") | {"content-type": "application/x-ndjson"},
                       content=body.encode())
    result = resp.json()
    assert resp.status_code == 200 and result["accepted"] == 1 and result["rejected"] == 3
    outcomes = {r["line"]: r for r in result["results"]}
    assert outcomes[1]["outcome"] == "applied" and outcomes[1]["case"] == "DE:ZIT-30"
    assert "notification_id" in outcomes[2]["reason"] and outcomes[2]["errors"]
    assert "DE users submit notifications for DE only" in outcomes[3]["reason"]
    assert outcomes[4]["reason"].startswith("not valid JSON")
    dead = [json.loads(x) for x in (tmp_path / "dead-letter.jsonl").read_text().splitlines()]
    assert [d["line"] for d in dead] == [2, 3, 4] and all(d["reason"] and "original" in d for d in dead)
    only_bad = client.post("/v1/notifications", headers=world.headers("poc_de"), content=b"[1]")
    assert only_bad.status_code == 422
    single = client.post("/v1/notifications", headers=world.headers("liaison_de"), json=good)
    assert single.json()["results"][0]["outcome"] == "duplicate"


def test_oversized_submission_is_refused(tmp_path):
    w = build_world(tmp_path, Settings(max_request_bytes=2048))
    with serving(w.ctx) as client:
        resp = client.post("/v1/notifications", headers=w.headers("poc_de"), content=b"x" * 5000)
        assert resp.status_code == 413
    w.ctx.close()


def test_audit_records_reads_actions_and_is_tamper_evident(fresh, tmp_path):
    world, client = fresh
    alert_id = world.alerts["DE-FR"]
    client.get(f"/v1/alerts/{alert_id}", headers=world.headers("poc_de"))
    client.get(f"/v1/alerts/{world.alerts['FR-NL']}", headers=world.headers("poc_de"))
    client.post(f"/v1/alerts/{alert_id}/acknowledge", headers=world.headers("poc_fr"))
    client.get("/v1/alerts", headers=world.headers("coordinator"))
    entries, cursor = [], None
    while True:
        page = client.get("/v1/audit", headers=world.headers("admin"),
                          params={"limit": 2} | ({"cursor": cursor} if cursor else {})).json()
        entries += page["items"]
        cursor = page["next"]
        if not cursor:
            break
    seen = {(e["action"], e["actor"], e["target"], e["outcome"]) for e in entries}
    de, fr, coord = world.users["poc_de"], world.users["poc_fr"], world.users["coordinator"]
    assert ("alert.read", de, alert_id, "ok") in seen
    assert ("alert.read", de, world.alerts["FR-NL"], "not_found") in seen
    assert ("alert.acknowledge", fr, alert_id, "ok") in seen
    assert ("alerts.list", coord, "-", "denied") in seen
    assert [e["seq"] for e in entries] == list(range(1, len(entries) + 1))
    assert verify_chain(world.ctx.accounts.audit_page(0, 10_000)) == (True, "")
    import sqlite3

    db = sqlite3.connect(tmp_path / "ppd.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit SET event = '{}' WHERE seq = 2")
    db.execute("DROP TRIGGER audit_no_update")  # someone with file access goes further
    row = json.loads(db.execute("SELECT event FROM audit WHERE seq = 2").fetchone()[0])
    db.execute("UPDATE audit SET event = ? WHERE seq = 2", (json.dumps(row | {"outcome": "denied"}),))
    db.commit()
    db.close()
    ok, where = verify_chain(world.ctx.accounts.audit_page(0, 10_000))
    assert not ok and where == "entry 2 was altered"


def test_health_and_readiness(world, client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
