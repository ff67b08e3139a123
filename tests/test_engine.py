"""Case-store semantics and alert lifecycle, on the real SQLite store."""

from __future__ import annotations

import json

import pytest

from detector.contract import CaseNotification, ConsultationAlert
from detector.engine import Engine, NotificationConflict
from detector.settings import Settings
from detector.store.sqlite import SqliteStore
from tests.factories import notification, person

WALLET = {"type": "crypto_wallet", "value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "network": "BTC"}
DOMAIN = {"type": "domain", "value": "files-update-secure.top"}


@pytest.fixture
def engine(tmp_path):
    store = SqliteStore(tmp_path / "ppd.sqlite3")
    ticks = iter(range(10_000))
    yield Engine(store, Settings(), clock=lambda: f"2026-03-01T00:00:{next(ticks) % 60:02d}Z")
    store.close()


def apply(engine: Engine, doc: dict):
    return engine.apply(CaseNotification.model_validate(doc))


def alerts(engine: Engine) -> list[ConsultationAlert]:
    return [ConsultationAlert.model_validate_json(a.body) for a in engine.store.iter_alerts()]


def overlapping_pair():
    de = notification("DE", "ZIT-1", suspects=[person("Oleksandr Kovalenko", "1991-04")], indicators=[WALLET, DOMAIN])
    ua = notification("UA", "1202-7", suspects=[person("Коваленко Олександр Петрович", "1991-04-17")],
                      indicators=[{**WALLET, "value": WALLET["value"].upper()}, {"type": "url", "value": "hxxps://files-update-secure[.]top/x"}])
    return de, ua


def test_overlap_raises_one_alert_with_evidence(engine):
    de, ua = overlapping_pair()
    assert apply(engine, de).outcome == "applied"
    result = apply(engine, ua)
    assert [a.alert_id for a in result.alerts] == [alerts(engine)[0].alert_id]
    (alert,) = alerts(engine)
    assert alert.band == "alert" and alert.status == "open" and alert.version == 1
    assert {(p.state, p.reference) for p in alert.parties} == {("DE", "ZIT-1"), ("UA", "1202-7")}
    names = {e.model_extra["feature"] for e in alert.evidence}
    assert {"indicator.wallet", "indicator.host", "name.exact"} <= names
    assert all(e.summary for e in alert.evidence)


def test_same_notification_twice_is_idempotent(engine):
    de, ua = overlapping_pair()
    apply(engine, de)
    apply(engine, ua)
    before = [a.body for a in engine.store.iter_alerts()]
    assert apply(engine, ua).outcome == "duplicate"
    assert apply(engine, de).outcome == "duplicate"
    assert [a.body for a in engine.store.iter_alerts()] == before


def test_stale_version_changes_nothing(engine):
    de, ua = overlapping_pair()
    de2 = notification("DE", "ZIT-1", version=2, event="updated", suspects=[person("Someone Else", "1970")])
    apply(engine, ua)
    apply(engine, de2)
    assert alerts(engine) == []  # v2 no longer overlaps
    assert apply(engine, de).outcome == "stale"
    assert alerts(engine) == []


def test_same_version_different_content_is_a_conflict(engine):
    de, _ = overlapping_pair()
    apply(engine, de)
    other = notification("DE", "ZIT-1", suspects=[person("Other Person")], tag="different-id")
    with pytest.raises(NotificationConflict, match="version 1 was already received with different content"):
        apply(engine, other)
    reused_id = {**notification("DE", "ZIT-9"), "notification_id": de["notification_id"]}
    with pytest.raises(NotificationConflict, match="already used"):
        apply(engine, reused_id)


def test_same_version_same_content_new_id_is_a_duplicate(engine):
    de, _ = overlapping_pair()
    apply(engine, de)
    resent = {**de, "notification_id": "11111111-2222-4333-8444-555555555555", "sent_at": "2026-02-02T00:00:00Z"}
    assert apply(engine, resent).outcome == "duplicate"


def test_withdrawn_case_withdraws_its_alerts(engine):
    de, ua = overlapping_pair()
    apply(engine, de)
    apply(engine, ua)
    result = apply(engine, notification("UA", "1202-7", version=2, event="withdrawn", content=False))
    (alert,) = alerts(engine)
    assert alert.status == "withdrawn" and alert.version == 2
    assert [a.alert_id for a in result.alerts] == [alert.alert_id]
    # the withdrawn case no longer matches anything new
    apply(engine, notification("FR", "PNC-1", indicators=[WALLET]))
    active = [a for a in alerts(engine) if a.status != "withdrawn"]
    assert [{p.state for p in a.parties} for a in active] == [{"DE", "FR"}]


def test_closed_case_stays_matchable_and_is_marked(engine):
    de, ua = overlapping_pair()
    apply(engine, de)
    apply(engine, notification("DE", "ZIT-1", version=2, event="closed", content=False))
    apply(engine, ua)
    (alert,) = alerts(engine)
    assert alert.band == "alert"
    de_party = next(p for p in alert.parties if p.state == "DE")
    assert de_party.model_extra["case_status"] == "closed" and de_party.case_version == 2
    assert any("ne bis in idem" in a for a in alert.recommended_actions)


def test_three_states_are_presented_together(engine):
    de, ua = overlapping_pair()
    fr = notification("FR", "PNC-77", indicators=[WALLET])
    for doc in (de, ua, fr):
        apply(engine, doc)
    active = [a for a in alerts(engine) if a.status != "withdrawn"]
    assert len(active) == 1
    assert {p.state for p in active[0].parties} == {"DE", "UA", "FR"}


def test_update_with_new_evidence_makes_a_new_version(engine):
    de, ua = overlapping_pair()
    apply(engine, de)
    apply(engine, ua)
    (v1,) = alerts(engine)
    ua2 = json.loads(json.dumps(ua))
    ua2["case"]["version"] = 2
    ua2["notification_id"] = "22222222-2222-4333-8444-555555555555"
    ua2["indicators"].append({"type": "email", "value": "ops@files-update-secure.top"})
    apply(engine, ua2)
    (v2,) = alerts(engine)
    assert v2.alert_id == v1.alert_id and v2.version == 2 and v2.created_at == v1.created_at
    assert next(p for p in v2.parties if p.state == "UA").case_version == 2


def test_same_state_cases_never_alert(engine):
    apply(engine, notification("DE", "A-1", indicators=[WALLET]))
    apply(engine, notification("DE", "A-2", indicators=[WALLET]))
    assert alerts(engine) == []


def test_namesake_with_conflicting_birth_date_raises_nothing(engine):
    apply(engine, notification("DE", "N-1", suspects=[person("Wang Wei", "1980-02-03")], offences=["theft_or_fraud"]))
    apply(engine, notification("CN", "N-2", suspects=[person("王伟", "1992-11-20")], offences=["theft_or_fraud"]))
    assert alerts(engine) == []


def test_crash_mid_notification_leaves_nothing_half_done(tmp_path):
    store = SqliteStore(tmp_path / "ppd.sqlite3")
    de, ua = overlapping_pair()
    engine = Engine(store, Settings())
    apply(engine, de)

    def boom(*_a, **_k):
        raise RuntimeError("power cut")

    engine._refresh_alerts = boom  # fail after the case, keys and pairs were written
    with pytest.raises(RuntimeError):
        apply(engine, ua)
    store.close()
    reopened = SqliteStore(tmp_path / "ppd.sqlite3")
    assert reopened.get_cases(["UA:1202-7"]) == {}
    assert reopened.notification_fingerprint(CaseNotification.model_validate(ua).idempotency_key) is None
    assert reopened.pairs_of_cases(["DE:ZIT-1"]) == []
    engine = Engine(reopened, Settings())
    assert apply(engine, ua).outcome == "applied"  # processed again, fully this time
    assert len(alerts(engine)) == 1
    reopened.close()


def huge_version_story(engine: Engine) -> None:
    """Versions beyond 64 bits (the contract sets no bound): applied, compared, stale as any other."""
    de, ua = overlapping_pair()
    big = 2**70
    apply(engine, de)
    assert apply(engine, {**ua, "notification_id": "5b0f6a3e-0000-4000-8000-000000000001",
                          "case": {**ua["case"], "version": big}}).outcome == "applied"
    newer = {**ua, "notification_id": "5b0f6a3e-0000-4000-8000-000000000002", "event": "updated",
             "case": {**ua["case"], "version": big + 1}}
    assert apply(engine, newer).outcome == "applied"
    older = {**ua, "notification_id": "5b0f6a3e-0000-4000-8000-000000000003", "event": "updated",
             "case": {**ua["case"], "version": big - 1}}
    assert apply(engine, older).outcome == "stale"
    (alert,) = alerts(engine)
    assert {p.state: p.case_version for p in alert.parties}["UA"] == big + 1


def test_case_versions_beyond_64_bits(engine):
    huge_version_story(engine)
