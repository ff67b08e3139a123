"""Real receivers for delivery tests: an HTTP webhook endpoint that checks HMAC signatures, an SMTP
server (aiosmtpd), a settable clock, and notifications that raise alerts through the real engine."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

from detector.contract import CaseNotification
from detector.delivery.ledger import (
    DELIVERED,
    PENDING,
    PRIMARY,
    SUPERSEDED,
    AlertProgress,
    Delivery,
    DeliveryLedger,
    Escalation,
)
from detector.service.context import ServiceContext
from tests.factories import notification, person

WALLET = {"type": "crypto_wallet", "value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "network": "BTC"}
RED_EMAIL = "kovalenko.op@protonmail.com"  # RED in DE's file: FR may only learn that "a RED item matched"


class Clock:
    """Settable UTC clock; each reading moves on by a millisecond, like a real clock."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        self.moment += timedelta(milliseconds=1)
        return self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment


def overlap_notifications(in_custody: bool = False, tag: str = "") -> list[dict]:
    """DE and FR investigate the same man; DE marked the e-mail address RED."""
    suspect = {"in_custody": True} if in_custody else {}
    return [
        notification("DE", f"ZIT-1{tag}", suspects=[person("Oleksandr Kovalenko", "1991-04-17", **suspect)],
                     indicators=[WALLET, {"type": "email", "value": RED_EMAIL, "tlp": "RED"}]),
        notification("FR", f"PNC-77{tag}", suspects=[person("Oleksandr Kovalenko", "1991-04-17")],
                     indicators=[WALLET, {"type": "email", "value": RED_EMAIL, "tlp": "GREEN"}]),
    ]


def review_notifications() -> list[dict]:
    """A strong namesake with unrelated conduct: review band, never sent to the points of contact."""
    return [
        notification("DE", "ZIT-20", suspects=[person("Dragan Petrović", "1983-06-01")], offences=["theft_or_fraud"]),
        notification("NL", "OM-20", suspects=[person("Dragan Petrović", "1983-06-01")], offences=["forgery"],
                     period=("2019-01-01", "2019-03-01")),
    ]


def apply_all(ctx: ServiceContext, docs: list[dict]) -> None:
    with ctx.lock:
        for doc in docs:
            ctx.engine.apply(CaseNotification.model_validate(doc))


def alerts_by_band(ctx: ServiceContext) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for record in ctx.store.iter_alerts():
        body = json.loads(record.body)
        out.setdefault(body["band"], []).append(body)
    return out


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes
    signature_ok: bool

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A real HTTP endpoint; answers 503 to the first ``fail_first`` requests, then 200."""

    secret: str
    fail_first: int = 0
    requests: list[Received] = field(default_factory=list)  # every request, failed ones too
    accepted: list[Received] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                expected = "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                got = self.headers.get("X-PPD-Signature", "")
                item = Received(dict(self.headers), body, hmac.compare_digest(expected, got))
                receiver.requests.append(item)
                if len(receiver.requests) <= receiver.fail_first or not item.signature_ok:
                    self.send_response(503 if item.signature_ok else 401)
                else:
                    receiver.accepted.append(item)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/ppd/alerts"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpSink:
    """A real SMTP server (aiosmtpd) on a free loopback port, keeping every message it accepts."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def close(self) -> None:
        self.controller.stop()


def check_ledger_rules(ledger: DeliveryLedger) -> None:
    """What every ledger backend must do: create-only deliveries, supersede, claims, escalations once."""
    now = "2026-03-01T08:00:00.000000Z"
    v1 = AlertProgress("ppd-x", 1, "alert", "open", True, ("DE", "FR"), (), now)
    url = "http://127.0.0.1:1/" + "long-path/" * 30  # hashed into a short document id
    first = [Delivery("ppd-x", 1, s, PRIMARY, "webhook", url, next_attempt_at=now, updated_at=now) for s in ("DE", "FR")]
    ledger.take_up([(v1, first)])
    ledger.take_up([(v1, first)])  # an interrupted take-up done again adds nothing twice
    assert ledger.progress(["ppd-x", "ppd-none"]) == {"ppd-x": v1}
    assert [p.alert_id for p in ledger.awaiting_progress()] == ["ppd-x"]
    due = ledger.due("2026-03-01T08:00:01.000000Z", 10)
    assert sorted(d.state for d in due) == ["DE", "FR"] and ledger.due("2026-03-01T07:59:59.000000Z", 10) == []

    claimed = ledger.claim(due[0], "2026-03-01T08:02:00.000000Z")
    assert claimed is not None and ledger.claim(due[0], "2026-03-01T09:00:00.000000Z") is None
    ledger.record(replace(claimed, status=DELIVERED, attempts=1))

    v2 = replace(v1, version=2, acknowledged=("DE",))
    second = [replace(d, version=2) for d in first]
    ledger.take_up([(v2, second)])
    statuses = {(d.version, d.state): d.status for d in ledger.deliveries("ppd-x")}
    assert statuses == {(1, due[0].state): DELIVERED, (1, due[1].state): SUPERSEDED, (2, "DE"): PENDING,
                        (2, "FR"): PENDING}
    assert ledger.progress(["ppd-x"])["ppd-x"].awaiting == ("FR",)

    escalation = Escalation("ppd-x", "FR", 2, "2026-03-01T08:30:00.000000Z", "2026-03-01T08:30:01.000000Z")
    assert ledger.add_escalation(escalation) is True
    assert ledger.add_escalation(replace(escalation, escalated_at="2026-03-01T09:00:00.000000Z")) is False
    assert ledger.escalations([("ppd-x", "FR"), ("ppd-x", "DE")]) == {("ppd-x", "FR"): escalation}
