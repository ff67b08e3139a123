"""The dashboard over HTTP: login and session cookie, access, redaction, exports, escaping."""

from __future__ import annotations

import csv
import io

import pytest

from detector.contract import CaseNotification
from tests.api_world import EMAIL, HOST, build_world, serving
from tests.factories import notification, person


@pytest.fixture
def site(tmp_path):
    world = build_world(tmp_path)
    with serving(world.ctx) as client:
        yield world, client
    world.ctx.close()


def login(world, client, who: str):
    resp = client.post("/login", data={"token": world.tokens[who]})
    assert resp.status_code == 303 and resp.headers["location"] == "/dashboard"
    client.cookies.set("ppd_session", resp.cookies["ppd_session"])
    return resp


def test_login_sets_a_strict_httponly_session_that_is_not_the_token(site):
    world, client = site
    cookie = login(world, client, "poc_de").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and world.tokens["poc_de"] not in cookie
    assert client.get("/dashboard").status_code == 200
    wrong = client.post("/login", data={"token": "ppd_not-a-token"})
    assert wrong.status_code == 401 and "Unknown or revoked token" in wrong.text


def test_without_a_session_the_dashboard_sends_you_to_login(site):
    _, client = site
    resp = client.get("/dashboard")
    assert resp.status_code == 303 and resp.headers["location"] == "/login"
    client.cookies.set("ppd_session", "u-forged.9999999999.00")
    assert client.get("/dashboard").headers["location"] == "/login"
    login_page = client.get("/login")
    assert 'name="token"' in login_page.text


def test_a_session_cookie_cannot_change_anything_through_the_api(site):
    world, client = site
    login(world, client, "poc_de")
    assert client.get("/v1/alerts").status_code == 200  # reading with the cookie: fine
    ack = client.post(f"/v1/alerts/{world.alerts['DE-FR']}/acknowledge")
    assert ack.status_code == 401  # changes need the bearer token, so no cross-site form can act


def test_coordinator_page_has_aggregates_and_no_case_contents(site):
    world, client = site
    login(world, client, "coordinator")
    page = client.get("/dashboard").text
    assert "Overlaps by state pair" in page and "DE–FR" in page and "FR–NL" in page
    for secret in (EMAIL, HOST, "Kovalenko", "Petrovi", "de Vries", "ZIT-1", "PNC-77", "OM-5", "185.220",
                   world.alerts["DE-FR"]):
        assert secret not in page
    assert client.get(f"/dashboard/alerts/{world.alerts['DE-FR']}").status_code == 403


def test_state_user_sees_their_alerts_and_the_why_redacted_for_them(site):
    world, client = site
    login(world, client, "poc_fr")
    page = client.get("/dashboard").text
    assert world.alerts["DE-FR"] in page and world.alerts["FR-NL"] in page and world.alerts["review"] not in page
    detail = client.get(f"/dashboard/alerts/{world.alerts['DE-FR']}")
    assert detail.status_code == 200 and "chart-waterfall" in detail.text
    assert EMAIL not in detail.text and "a TLP:RED email matched" in detail.text and f"host {HOST}" in detail.text
    assert "disclosure" not in detail.text
    assert client.get(f"/dashboard/alerts/{world.alerts['review']}").status_code == 404
    audit = world.ctx.accounts.audit_page(0, 10_000)
    assert any(e.event.action == "alert.read" and e.event.target == world.alerts["DE-FR"]
               and e.event.details.get("via") == "dashboard" for e in audit)


def test_liaison_sees_the_review_queue(site):
    world, client = site
    login(world, client, "liaison_nl")
    page = client.get("/dashboard").text
    assert "Review queue (1)" in page and world.alerts["review"] in page


def test_exports_match_the_api_stats(site):
    world, client = site
    login(world, client, "coordinator")
    exported = client.get("/dashboard/export.json").json()
    api = client.get("/v1/stats", headers=world.headers("coordinator")).json()
    assert exported == api
    rows = list(csv.DictReader(io.StringIO(client.get("/dashboard/export.csv", params={"table": "by_state_pair"}).text)))
    assert {(r["state_a"], r["state_b"], int(r["count"])) for r in rows} == {
        (r["state_a"], r["state_b"], r["count"]) for r in api["by_state_pair"]}
    assert client.get("/dashboard/export.csv", params={"table": "nope"}).status_code == 404
    filtered = client.get("/dashboard/export.json", params={"offence": "forgery"}).json()
    assert filtered["totals"]["overlaps"] == 1


def test_everything_from_the_data_is_escaped(site):
    world, client = site
    evil = "<script>alert(1)</script>"
    for state, ref in (("DE", "X-1"), ("NL", "X-2")):
        doc = notification(state, ref, suspects=[person("Ivan Sidorenko", "1980-05-05")],
                           indicators=[{"type": "domain", "value": "evil-example.top"}])
        doc["case"]["contact"]["point_of_contact"] = evil
        world.ctx.engine.apply(CaseNotification.model_validate(doc))
    login(world, client, "poc_de")
    items = client.get("/v1/alerts", headers=world.headers("poc_de"), params={"state": "NL"}).json()["items"]
    (alert_id,) = [a["alert_id"] for a in items if {p["reference"] for p in a["parties"]} == {"X-1", "X-2"}]
    detail = client.get(f"/dashboard/alerts/{alert_id}").text
    assert evil not in detail and "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "script-src 'self'" in client.get("/dashboard").headers["content-security-policy"]
