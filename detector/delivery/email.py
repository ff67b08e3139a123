"""E-mail channel (aiosmtplib): a short readable summary first, then the alert view as JSON."""

from __future__ import annotations

import asyncio
import json
from email.message import EmailMessage

import aiosmtplib

from detector.delivery.channels import DeliveryError


def subject(payload: dict) -> str:
    escalated = "ESCALATION: " if payload.get("delivery", {}).get("contact") == "secondary" else ""
    urgent = "URGENT " if payload.get("urgent") else ""
    return (f"[PPD] {escalated}{urgent}Art. 22(5) {payload['band']} {payload['alert_id']} v{payload['version']} "
            f"({payload['status']})")


def summary(payload: dict) -> str:
    delivery = payload.get("delivery", {})
    lines = [(f"Consultation alert {payload['alert_id']}, version {payload['version']}: band {payload['band']}, "
              f"status {payload['status']}, score {payload['score']}.")]
    if payload.get("urgent"):
        lines.append("URGENT: a suspect is in custody.")
    if delivery.get("contact") == "secondary":
        lines.append(f"Escalated: {delivery.get('state')} did not acknowledge by {delivery.get('ack_due')}.")
    for party in payload.get("parties", ()):
        lines.append(f"- {party['state']} {party['reference']} ({party.get('point_of_contact', '')}); acknowledged: "
                     f"{party.get('acknowledged_at') or 'no'}; due: {party.get('ack_due') or '-'}")
    lines += [f"* {action}" for action in payload.get("recommended_actions", ())]
    lines.append(f"Acknowledge through the PPD API. Idempotency key: {delivery.get('idempotency_key', '')}")
    return "\n".join(lines)


def message(payload: dict, sender: str, recipient: str, idempotency_key: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, recipient, subject(payload)
    msg["X-PPD-Idempotency-Key"] = idempotency_key
    msg.set_content(summary(payload) + "\n\n" + json.dumps(payload, ensure_ascii=False, indent=2))
    return msg


class EmailChannel:
    def __init__(self, host: str, port: int, sender: str, recipient: str, timeout: float = 10.0) -> None:
        self.host, self.port, self.sender, self.recipient, self.timeout = host, port, sender, recipient, timeout

    def send(self, payload: dict, idempotency_key: str) -> None:
        msg = message(payload, self.sender, self.recipient, idempotency_key)
        try:
            # the loop runs in a plain thread: a private event loop per send is simplest and cheap
            asyncio.run(aiosmtplib.send(msg, hostname=self.host, port=self.port, timeout=self.timeout,
                                        start_tls=False, use_tls=False))
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise DeliveryError(f"SMTP {self.host}:{self.port} refused or unreachable: {exc}") from None
