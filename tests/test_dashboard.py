"""The dashboard over HTTP: login and session cookie, access, redaction, exports, escaping."""

from __future__ import annotations

import csv
import io

import pytest

from detector.contract import CaseNotification
from tests.api_world import EMAIL, HOST, served_world
from tests.factories import notification, person


@pytest.fixture
def site(tmp_path):
    with served_world(tmp_path) as world_and_client:
        yield world_and_client


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


def test_a_login_posted_from_another_site_is_refused(site):
    world, client = site
    token = world.tokens["poc_de"]
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
                    {"Sec-Fetch-Site": "same-site", "Origin": "null"}):
        resp = client.post("/login", data={"token": token}, headers=headers)
        assert resp.status_code == 403 and "ppd_session" not in resp.headers.get("set-cookie", ""), headers
    own = str(client.base_url).rstrip("/")
    # what Chromium sends for the page's own form (Origin is "null" under Referrer-Policy: no-referrer)
    for headers in ({"Origin": own}, {"Sec-Fetch-Site": "same-origin", "Origin": "null"}, {}):
        same = client.post("/login", data={"token": token}, headers=headers)
        assert same.status_code == 303 and "ppd_session" in same.cookies, headers


def test_logout_clears_the_cookie_and_is_audited(site):
    world, client = site
    login(world, client, "poc_de")
    resp = client.post("/logout")
    assert resp.status_code == 303 and resp.headers["location"] == "/login"
    cleared = resp.headers["set-cookie"]
    assert cleared.startswith('ppd_session=""') and "Max-Age=0" in cleared
    audit = world.ctx.accounts.audit_page(0, 10_000)
    assert any(e.event.action == "dashboard.logout" and e.event.target == world.users["poc_de"] for e in audit)


def test_filters_are_checked_kindly_and_carried_into_the_exports(site):
    world, client = site
    login(world, client, "coordinator")
    page = client.get("/dashboard", params={"state": "nl", "offence": "forgery", "since": "2020-01"})
    assert page.status_code == 200 and 'value="NL"' in page.text
    assert "/dashboard/export.csv?table=by_state_pair&amp;since=2020-01&amp;state=NL&amp;offence=forgery" in page.text
    assert "/dashboard/export.json?since=2020-01&amp;state=NL&amp;offence=forgery" in page.text
    for bad in ({"since": "last week"}, {"state": "NLD"}, {"offence": "<b>x</b>"}):
        resp = client.get("/dashboard", params=bad)
        assert resp.status_code == 400 and resp.headers["content-type"].startswith("text/html"), bad
        assert "<b>x</b>" not in resp.text
    assert client.get("/dashboard/export.json", params={"until": "2026/01"}).status_code == 400
    assert client.get("/dashboard/export.json", params={"state": "fr"}).json() == client.get(
        "/v1/stats", headers=world.headers("coordinator"), params={"state": "FR"}).json()


def test_the_state_queue_lists_alerts_in_play_not_withdrawn_ones(site):
    world, client = site
    world.ctx.engine.apply(CaseNotification.model_validate(
        notification("NL", "OM-5", version=2, event="withdrawn", content=False)))
    login(world, client, "poc_fr")
    page = client.get("/dashboard").text
    assert world.alerts["DE-FR"] in page and world.alerts["FR-NL"] not in page
    # still counted where it belongs: the status aggregate
    assert "<td>withdrawn</td><td>1</td>" in page
