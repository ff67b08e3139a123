"""Webhook channel: a signed JSON POST.

The receiver verifies ``X-PPD-Signature: sha256=<hex>``, the HMAC-SHA256 of the exact body bytes
under the state's shared secret, and drops repeats by ``Idempotency-Key``. ``X-PPD-Timestamp`` is
covered by the signature too (it is the body's ``delivery.sent_at``), so a receiver can refuse
old replays.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from detector.delivery.channels import DeliveryError

SIGNATURE_HEADER = "X-PPD-Signature"
TIMESTAMP_HEADER = "X-PPD-Timestamp"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def body_bytes(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """What a receiver does (and the tests do): constant-time comparison over the raw body."""
    return header is not None and hmac.compare_digest(signature(secret, body), header)


class WebhookChannel:
    def __init__(self, url: str, secret: str, timeout: float = 10.0) -> None:
        self.url, self.secret, self.timeout = url, secret, timeout

    def send(self, payload: dict, idempotency_key: str) -> None:
        body = body_bytes(payload)
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: signature(self.secret, body),
                   TIMESTAMP_HEADER: str(payload.get("delivery", {}).get("sent_at", "")),
                   IDEMPOTENCY_HEADER: idempotency_key}
        try:
            # no redirects: a signed alert goes to the configured URL or nowhere
            response = httpx.post(self.url, content=body, headers=headers, timeout=self.timeout,
                                  follow_redirects=False)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"webhook unreachable: {type(exc).__name__}: {exc}") from None
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"webhook answered HTTP {response.status_code}")
