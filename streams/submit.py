"""State-side producer: validate JSON Lines, then send each valid line to the notifications topic.

Key ``STATE:reference`` (UTF-8), so every message of one proceeding lands on one partition, in
order; value: the line's own bytes, untouched. Invalid lines are never sent: they are reported with
their line number and reason (and to a dead-letter file if asked).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kafka import KafkaProducer
from kafka.errors import KafkaError

from detector.ingest import DeadLetterFile, Rejection, parse_notification
from detector.settings import Settings
from streams.admin import bootstrap_servers, no_broker

log = logging.getLogger(__name__)


@dataclass
class SubmitStats:
    sent: int = 0
    invalid: int = 0
    failed: int = 0  # sent but not acknowledged by the broker


def open_producer(settings: Settings, role: str = "submit") -> KafkaProducer:
    """Idempotent producer, acks from all in-sync replicas; fails within PPD_KAFKA_TIMEOUT without a broker.
    ``role`` names the client in the broker's logs (submit, delivery)."""
    timeout_ms = int(settings.kafka_timeout * 1000)
    try:
        return KafkaProducer(
            bootstrap_servers=bootstrap_servers(settings), client_id=f"ppd-{role}-{settings.worker_id}",
            enable_idempotence=True, acks="all", linger_ms=5, bootstrap_timeout_ms=timeout_ms,
            max_block_ms=timeout_ms, request_timeout_ms=max(timeout_ms, 5000))
    except KafkaError as exc:
        raise no_broker(settings, exc) from None


def submit_lines(lines: Iterable[bytes], producer: KafkaProducer, settings: Settings,
                 on_invalid: Callable[[int, bytes, Rejection], None],
                 dead_letter: DeadLetterFile | None = None, source: str = "input") -> SubmitStats:
    """Send every valid line; call ``on_invalid`` (and write the dead letter) for the others.
    Flushes before returning; ``failed`` counts sends the broker did not acknowledge."""
    stats = SubmitStats()

    def failed(exc: Exception) -> None:
        stats.failed += 1
        log.error("send failed", extra={"error": repr(exc)})

    for number, line in enumerate(lines, start=1):
        raw = line.rstrip(b"\r\n")
        if not raw.strip():
            continue  # blank lines carry no message
        parsed = parse_notification(raw)
        if isinstance(parsed, Rejection):
            stats.invalid += 1
            on_invalid(number, raw, parsed)
            if dead_letter is not None:
                dead_letter.write(raw.decode("utf-8", errors="replace"), parsed, source=source, line=number)
            continue
        key = f"{parsed.case.state}:{parsed.case.reference}".encode()
        producer.send(settings.topic_notifications, key=key, value=raw).add_errback(failed)
        stats.sent += 1
    try:
        producer.flush(timeout=max(settings.kafka_timeout, 30.0))
    except KafkaError as exc:
        raise RuntimeError(f"the broker did not acknowledge every message: {exc}") from None
    return stats
