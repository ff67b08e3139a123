"""Delivery and escalation on the embedded store, against real receivers (HTTP, SMTP) and a settable clock."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest

from detector.delivery.channels import SettingsChannels
from detector.delivery.config import Channels, StateChannels
from detector.delivery.deadlines import parse_time
from detector.delivery.ledger import DELIVERED, FAILED, SUPERSEDED, AlertProgress, open_ledger
from detector.delivery.ledger_sqlite import SqliteLedger
from detector.delivery.loop import DeliveryLoop
from detector.delivery.tracking import annotate, tracking_for
from detector.delivery.webhook import verify
from detector.service.context import ServiceContext, open_context, stamp
from detector.settings import Settings
from tests.delivery_helpers import (
    RED_EMAIL,
    Clock,
    SmtpSink,
    WebhookReceiver,
    alerts_by_band,
    apply_all,
    check_ledger_rules,
    overlap_notifications,
    review_notifications,
)

SECRETS = {"DE": "de-secret-0123456789abcdef", "FR": "fr-secret-0123456789abcdef",
           "DE2": "de-duty-officer-secret-0123", "FR2": "fr-duty-officer-secret-0123"}


class Harness:
    """The real ServiceContext, SQLite store and ledger in one data dir, webhooks per contact."""

    def __init__(self, tmp_path, fail_first: int = 0, webhooks: tuple[str, ...] = ("DE", "FR"),
                 channel_factory=None, **settings) -> None:
        self.data_dir = tmp_path
        self.clock = Clock()
        self.channel_factory = channel_factory
        self.hooks = {name: WebhookReceiver(secret, fail_first if name in ("DE", "FR") else 0)
                      for name, secret in SECRETS.items()}
        channels = {state: StateChannels(
            primary=Channels(webhook_url=self.hooks[state].url, webhook_secret=SECRETS[state]),
            secondary=Channels(webhook_url=self.hooks[state + "2"].url, webhook_secret=SECRETS[state + "2"]))
            for state in webhooks}
        self.settings = Settings(channels=settings.pop("channels", channels), **settings)
        self.open()

    def open(self) -> None:
        self.ctx: ServiceContext = open_context(self.settings, self.data_dir, now=self.clock)
        self.ledger = open_ledger(self.ctx.store, self.settings)
        factory = self.channel_factory(self.settings) if self.channel_factory else None
        self.loop = DeliveryLoop(self.ctx, self.ledger, channel_factory=factory)

    def restart(self) -> None:
        self.ledger.close()
        self.ctx.close()
        self.open()

    def close(self) -> None:
        self.ledger.close()
        self.ctx.close()
        for hook in self.hooks.values():
            hook.close()

    def later(self, **delta) -> None:
        self.clock.set(self.clock.moment + timedelta(**delta))

    def audit(self, action: str) -> list:
        entries = self.ctx.accounts.audit_page(0, 10_000)
        return [e.event for e in entries if e.event.action == action]

    def the_alert(self) -> dict:
        (body,) = alerts_by_band(self.ctx)["alert"]
        return body

    def deadline(self, alert_id: str):
        return parse_time(self.ledger.progress([alert_id])[alert_id].alerted_at)


@pytest.fixture
def harness(tmp_path):
    made: list[Harness] = []

    def make(**kwargs) -> Harness:
        made.append(Harness(tmp_path / f"h{len(made)}", **kwargs))
        return made[-1]

    yield make
    for h in made:
        h.close()


# ---------------------------------------------------------------------------------------------- webhook


def test_webhook_body_is_signed_redacted_per_state_and_keyed(harness):
    h = harness()
    apply_all(h.ctx, overlap_notifications())
    alert = h.the_alert()
    report = h.loop.run_once()
    assert report.delivered == 2
    (de,), (fr,) = h.hooks["DE"].accepted, h.hooks["FR"].accepted
    for state, got in (("DE", de), ("FR", fr)):
        assert got.signature_ok and verify(SECRETS[state], got.body, got.headers["X-PPD-Signature"])
        assert not verify(SECRETS[state], got.body + b" ", got.headers["X-PPD-Signature"])
        assert got.headers["Idempotency-Key"] == f"{alert['alert_id']}:1:{state}"
        assert got.headers["X-PPD-Timestamp"] == got.json["delivery"]["sent_at"]
        assert got.json["delivery"] == got.json["delivery"] | {"state": state, "contact": "primary"}
        assert "disclosure" not in got.body.decode()  # the stored, unredacted side data never leaves
        assert all(p["ack_due"] for p in got.json["parties"]) and got.json["overdue"] is False
    # FR marked the address GREEN, DE RED: DE sees it under FR's marking, FR only learns to call DE
    assert RED_EMAIL in de.body.decode()
    assert RED_EMAIL not in fr.body.decode() and "a TLP:RED email matched" in fr.body.decode()
    assert {d.status for d in h.ledger.deliveries(alert["alert_id"])} == {DELIVERED}
    attempts = h.audit("delivery.attempt")
    assert sorted((a.outcome, a.details["state"], a.actor) for a in attempts) == [
        ("ok", "DE", "system"), ("ok", "FR", "system")]


def test_review_band_alerts_never_go_to_the_points_of_contact(harness):
    nl_hook = WebhookReceiver(SECRETS["FR"])
    try:
        h = harness(channels={state: StateChannels(primary=Channels(webhook_url=nl_hook.url,
                                                                    webhook_secret=SECRETS["FR"]))
                              for state in ("DE", "NL")})
        apply_all(h.ctx, review_notifications())
        (review,) = alerts_by_band(h.ctx)["review"]
        assert h.loop.run_once().taken_up == 1
        h.later(days=3)
        h.loop.run_once()
        assert nl_hook.requests == [] and h.ledger.deliveries(review["alert_id"]) == []
        assert h.audit("alert.escalate") == []  # nothing for a point of contact to acknowledge
    finally:
        nl_hook.close()


def test_retries_back_off_exponentially_with_a_stable_idempotency_key(harness):
    h = harness(fail_first=2, delivery_backoff_seconds=10, webhooks=("DE",))
    apply_all(h.ctx, overlap_notifications())
    alert = h.the_alert()
    hook = h.hooks["DE"]
    h.loop.run_once()  # attempt 1 fails: next in 10 s
    assert len(hook.requests) == 1 and hook.accepted == []
    h.later(seconds=9)
    h.loop.run_once()
    assert len(hook.requests) == 1  # not before the backoff
    h.later(seconds=2)
    h.loop.run_once()  # attempt 2 fails: next in 20 s
    assert len(hook.requests) == 2
    h.later(seconds=19)
    h.loop.run_once()
    assert len(hook.requests) == 2
    h.later(seconds=2)
    h.loop.run_once()  # attempt 3 succeeds
    assert len(hook.requests) == 3 and len(hook.accepted) == 1
    assert {r.headers["Idempotency-Key"] for r in hook.requests} == {f"{alert['alert_id']}:1:DE"}
    (delivery,) = h.ledger.deliveries(alert["alert_id"])
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DELIVERED, 3, None)
    assert [a.outcome for a in h.audit("delivery.attempt")] == ["retry", "retry", "ok"]
    assert h.audit("delivery.attempt")[0].details["error"] == "webhook answered HTTP 503"
    h.later(hours=1)
    h.loop.run_once()
    assert len(hook.requests) == 3  # delivered is final


def test_a_delivery_that_keeps_failing_ends_failed_and_audited(harness):
    h = harness(fail_first=10**6, delivery_max_attempts=3, delivery_backoff_seconds=1)
    apply_all(h.ctx, overlap_notifications())
    alert = h.the_alert()
    for _ in range(6):
        h.loop.run_once()
        h.later(minutes=1)
    assert len(h.hooks["DE"].requests) == 3 and len(h.hooks["FR"].requests) == 3
    assert {(d.status, d.attempts) for d in h.ledger.deliveries(alert["alert_id"])} == {(FAILED, 3)}
    outcomes = [(a.details["state"], a.outcome) for a in h.audit("delivery.attempt")]
    assert sorted(outcomes) == sorted([(s, o) for s in ("DE", "FR") for o in ("retry", "retry", "failed")])
    failed = [a for a in h.audit("delivery.attempt") if a.outcome == "failed"]
    assert all(a.details["error"] and a.details["next_attempt_at"] is None for a in failed)


def test_an_unreachable_webhook_is_a_failed_attempt_not_a_dead_loop(harness):
    h = harness()
    dead = h.hooks["FR"].url
    h.hooks["FR"].close()
    h.settings = h.settings.model_copy(update={"channels": {
        **h.settings.channels, "FR": StateChannels(primary=Channels(webhook_url=dead, webhook_secret=SECRETS["FR"]))}})
    h.restart()
    apply_all(h.ctx, overlap_notifications())
    report = h.loop.run_once()
    assert (report.delivered, report.failed_attempts) == (1, 1)
    (fr,) = [a for a in h.audit("delivery.attempt") if a.details["state"] == "FR"]
    assert fr.outcome == "retry" and "unreachable" in fr.details["error"]


# ---------------------------------------------------------------------------------------------- e-mail


def test_email_arrives_through_a_real_smtp_server_redacted_for_the_recipient(harness):
    sink = SmtpSink()
    try:
        channels = {"FR": StateChannels(primary=Channels(email_to=("24x7@police.fr.example",)))}
        h = harness(channels=channels, smtp_host="127.0.0.1", smtp_port=sink.port,
                    smtp_sender="ppd@secretariat.example")
        apply_all(h.ctx, overlap_notifications(in_custody=True))
        alert = h.the_alert()
        assert h.loop.run_once().delivered == 1
        (msg,) = sink.messages
        assert sink.envelopes == [("ppd@secretariat.example", ["24x7@police.fr.example"])]
        assert alert["alert_id"] in msg["Subject"] and "URGENT" in msg["Subject"] and " alert " in msg["Subject"]
        assert msg["X-PPD-Idempotency-Key"] == f"{alert['alert_id']}:1:FR"
        text = msg.get_content()
        assert text.startswith(f"Consultation alert {alert['alert_id']}, version 1: band alert")
        view = json.loads(text[text.index("\n{") + 1:])
        assert view["alert_id"] == alert["alert_id"] and view["delivery"]["state"] == "FR"
        assert RED_EMAIL not in text and "a TLP:RED email matched" in text
    finally:
        sink.close()


def test_email_to_a_closed_port_fails_the_attempt(harness):
    sink = SmtpSink()
    port = sink.port
    sink.close()
    h = harness(channels={"FR": StateChannels(primary=Channels(email_to=("a@fr.example",)))}, smtp_port=port)
    apply_all(h.ctx, overlap_notifications())
    assert h.loop.run_once().failed_attempts == 1
    (attempt,) = h.audit("delivery.attempt")
    assert attempt.outcome == "retry" and "SMTP" in attempt.details["error"]


# ---------------------------------------------------------------------------------------------- escalation


def test_escalation_after_the_deadline_to_the_secondary_contact_once(harness):
    h = harness(ack_deadline_minutes=120, custody_ack_deadline_minutes=30)
    apply_all(h.ctx, overlap_notifications())
    alert_id = h.the_alert()["alert_id"]
    h.loop.run_once()
    deadline = h.deadline(alert_id) + timedelta(minutes=120)
    with h.ctx.lock:
        h.ctx.engine.acknowledge(alert_id, "DE")  # DE acknowledges in time, FR never does

    h.clock.set(deadline - timedelta(seconds=1))
    assert h.loop.run_once().escalated == []
    assert tracking_for(h.ledger, [alert_id], h.settings, h.clock())[alert_id]["FR"]["overdue"] is False

    h.clock.set(deadline + timedelta(milliseconds=1))
    assert h.loop.run_once().escalated == [(alert_id, "FR")]
    assert h.hooks["DE2"].requests == []  # an acknowledging party never escalates
    (sent,) = h.hooks["FR2"].accepted
    assert sent.headers["Idempotency-Key"] == f"{alert_id}:2:FR:escalation"
    assert sent.json["delivery"] | {"contact": "secondary", "state": "FR"} == sent.json["delivery"]
    assert sent.json["overdue"] is True and RED_EMAIL not in sent.body.decode()

    for _ in range(3):  # once only, however long it stays unacknowledged
        h.later(hours=5)
        h.loop.run_once()
    assert len(h.hooks["FR2"].requests) == 1
    (escalated,) = h.audit("alert.escalate")
    assert (escalated.target, escalated.details["state"], escalated.outcome) == (alert_id, "FR", "ok")
    assert escalated.details["due_at"] == stamp(deadline)

    tracking = tracking_for(h.ledger, [alert_id], h.settings, h.clock())[alert_id]
    assert tracking["FR"]["escalated_at"] and tracking["FR"]["overdue"] is True
    assert tracking["DE"] == {"ack_due": stamp(deadline), "escalated_at": None, "overdue": False}


def test_custody_shortens_the_deadline(harness):
    h = harness(ack_deadline_minutes=120, custody_ack_deadline_minutes=30)
    apply_all(h.ctx, overlap_notifications(in_custody=True))
    alert_id = h.the_alert()["alert_id"]
    h.loop.run_once()
    deadline = h.deadline(alert_id) + timedelta(minutes=30)
    assert h.hooks["FR"].accepted[0].json["delivery"]["ack_due"] == stamp(deadline)
    h.clock.set(deadline - timedelta(seconds=1))
    assert h.loop.run_once().escalated == []
    h.clock.set(deadline + timedelta(seconds=1))
    assert sorted(h.loop.run_once().escalated) == [(alert_id, "DE"), (alert_id, "FR")]
    assert len(h.hooks["DE2"].accepted) == len(h.hooks["FR2"].accepted) == 1


def test_a_state_without_a_secondary_contact_still_escalates_visibly(harness):
    h = harness(channels={})
    apply_all(h.ctx, overlap_notifications())
    alert_id = h.the_alert()["alert_id"]
    h.loop.run_once()
    h.later(minutes=h.settings.ack_deadline_minutes, seconds=1)
    assert len(h.loop.run_once().escalated) == 2
    assert {e.outcome for e in h.audit("alert.escalate")} == {"no_secondary_contact"}
    tracking = tracking_for(h.ledger, [alert_id], h.settings, h.clock())[alert_id]
    assert all(t["escalated_at"] and t["overdue"] for t in tracking.values())


def test_a_withdrawn_alert_is_delivered_once_more_and_never_escalates(harness):
    h = harness()
    de, fr = overlap_notifications()
    apply_all(h.ctx, [de, fr])
    alert_id = h.the_alert()["alert_id"]
    h.loop.run_once()
    withdrawn = {**de, "notification_id": de["notification_id"][:-1] + "f", "event": "withdrawn",
                 "case": {**de["case"], "version": 2}}
    apply_all(h.ctx, [withdrawn])
    h.loop.run_once()
    statuses = [r.json["status"] for r in h.hooks["FR"].accepted]
    assert statuses == ["open", "withdrawn"]
    h.later(days=2)
    assert h.loop.run_once().escalated == []
    assert h.ledger.progress([alert_id])[alert_id].awaiting == ()


# ---------------------------------------------------------------------------------------------- versions, restarts


def test_a_newer_version_supersedes_pending_deliveries_of_the_older_one(harness):
    h = harness(fail_first=1, delivery_backoff_seconds=30)
    apply_all(h.ctx, overlap_notifications())
    alert_id = h.the_alert()["alert_id"]
    h.loop.run_once()  # v1 fails once for DE and... the first request of each receiver fails
    with h.ctx.lock:
        h.ctx.engine.acknowledge(alert_id, "FR")  # v2
    h.later(seconds=31)
    h.loop.run_once()
    keys = [r.headers["Idempotency-Key"] for hook in ("DE", "FR") for r in h.hooks[hook].accepted]
    assert sorted(keys) == [f"{alert_id}:2:DE", f"{alert_id}:2:FR"]
    by_version = {(d.version, d.state): d.status for d in h.ledger.deliveries(alert_id)}
    assert by_version == {(1, "DE"): SUPERSEDED, (1, "FR"): SUPERSEDED, (2, "DE"): DELIVERED, (2, "FR"): DELIVERED}


def test_a_restart_delivers_nothing_twice_and_finishes_what_was_pending(harness):
    h = harness()
    apply_all(h.ctx, overlap_notifications())
    alert_id = h.the_alert()["alert_id"]
    h.hooks["FR"].fail_first = 1
    h.loop.run_once()
    assert len(h.hooks["DE"].accepted) == 1 and h.hooks["FR"].accepted == []
    h.restart()  # a new process: new context, ledger and loop on the same data dir
    h.later(minutes=5)
    h.loop.run_once()
    h.restart()
    h.later(minutes=5)
    h.loop.run_once()
    assert len(h.hooks["DE"].requests) == 1 and len(h.hooks["FR"].accepted) == 1
    assert {d.status for d in h.ledger.deliveries(alert_id)} == {DELIVERED}
    # the deadline counts from the first take-up, not from the restart
    assert h.ledger.progress([alert_id])[alert_id].alerted_at < stamp(h.clock.moment - timedelta(minutes=9))


class ProcessDied(BaseException):
    """Stands for the process ending between a successful send and its record in the ledger."""


class DiesAfterSending:
    def __init__(self, settings: Settings) -> None:
        self.real = SettingsChannels(settings)

    def __call__(self, channel: str, target: str, contact: Channels):
        real = self.real(channel, target, contact)

        class Sender:
            def send(self, payload: dict, idempotency_key: str) -> None:
                real.send(payload, idempotency_key)
                raise ProcessDied

        return Sender()


def test_a_send_cut_off_before_it_was_recorded_is_sent_again_with_the_same_key(harness):
    """At least once: the delivery stays claimed until its claim expires, then goes out again with
    the same Idempotency-Key, by which the receiver drops the repeat."""
    h = harness(webhooks=("FR",), channel_factory=DiesAfterSending)
    apply_all(h.ctx, overlap_notifications())
    alert_id = h.the_alert()["alert_id"]
    with pytest.raises(ProcessDied):
        h.loop.run_once()
    assert len(h.hooks["FR"].accepted) == 1
    h.channel_factory = None
    h.restart()
    h.later(seconds=60)
    h.loop.run_once()
    assert len(h.hooks["FR"].accepted) == 1  # still claimed by the process that died
    h.later(seconds=61)  # the claim (120 s) has expired
    h.loop.run_once()
    first, again = h.hooks["FR"].accepted
    assert first.headers["Idempotency-Key"] == again.headers["Idempotency-Key"] == f"{alert_id}:1:FR"
    assert [d.status for d in h.ledger.deliveries(alert_id)] == [DELIVERED]
    h.later(hours=1)
    h.loop.run_once()
    assert len(h.hooks["FR"].requests) == 2


def test_a_claim_wins_once_so_two_loops_never_send_the_same_attempt(harness):
    h = harness()
    apply_all(h.ctx, overlap_notifications())
    alert_id = h.the_alert()["alert_id"]
    other = SqliteLedger(h.data_dir / "ppd.sqlite3")  # a second process on the same file
    try:
        h.loop.run_once()
        assert {d.status for d in h.ledger.deliveries(alert_id)} == {DELIVERED}
        with h.ctx.lock:
            h.ctx.engine.acknowledge(alert_id, "DE")
        h.loop._take_up(h.clock())  # v2 enqueued, not sent yet
        due = h.ledger.due(stamp(h.clock()), 10)
        assert len(due) == 2
        assert other.claim(due[0], stamp(h.clock() + timedelta(minutes=2))) is not None
        assert h.ledger.claim(due[0], stamp(h.clock() + timedelta(minutes=2))) is None  # read before the claim
        h.loop.run_once()
        assert [len(h.hooks[s].requests) for s in ("DE", "FR")].count(2) == 1  # only the unclaimed one went
    finally:
        other.close()


def test_run_forever_delivers_in_the_background_and_stops_when_told(harness):
    h = harness(delivery_poll_seconds=0.05)
    stop = threading.Event()
    thread = threading.Thread(target=h.loop.run_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        apply_all(h.ctx, overlap_notifications())  # while the loop runs: it finds the new alert
        deadline = time.monotonic() + 10
        while len(h.hooks["DE"].accepted) + len(h.hooks["FR"].accepted) < 2:
            assert time.monotonic() < deadline, "not delivered in the background"
            time.sleep(0.02)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert not thread.is_alive()
    assert len(h.hooks["DE"].requests) == len(h.hooks["FR"].requests) == 1


def test_sqlite_ledger_keeps_the_delivery_rules(tmp_path):
    ledger = SqliteLedger(tmp_path / "ppd.sqlite3")
    try:
        check_ledger_rules(ledger)
    finally:
        ledger.close()


# ---------------------------------------------------------------------------------------------- tracking (pure)


def test_annotate_adds_deadlines_and_the_viewers_overdue_flag():
    view = {"parties": [{"state": "DE", "acknowledged_at": None}, {"state": "FR", "acknowledged_at": "2026-03-01T09:00:00Z"}]}
    tracking = {"DE": {"ack_due": "T1", "escalated_at": "T2", "overdue": True},
                "FR": {"ack_due": "T1", "escalated_at": None, "overdue": True}}  # FR's ack is newer than the tracking
    assert annotate(json.loads(json.dumps(view)), tracking, "FR")["overdue"] is False
    out = annotate(json.loads(json.dumps(view)), tracking, "DE")
    assert out["overdue"] is True
    assert [(p["ack_due"], p["escalated_at"]) for p in out["parties"]] == [("T1", "T2"), ("T1", None)]
    assert annotate(json.loads(json.dumps(view)), {}, "DE") | {"parties": []} == {"parties": [], "overdue": False}


def test_progress_awaits_only_open_alert_band_parties_that_have_not_acknowledged():
    base = AlertProgress("a", 1, "alert", "open", False, ("DE", "FR"), ("DE",), "2026-03-01T08:00:00.000000Z")
    assert base.awaiting == ("FR",)
    assert replace(base, status="withdrawn").awaiting == ()
    assert replace(base, band="review").awaiting == ()
    assert replace(base, alerted_at=None).awaiting == ()
    assert replace(base, acknowledged=("DE", "FR")).awaiting == ()
