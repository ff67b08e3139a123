"""Per-state Kafka topic (cluster mode): key alert_id, value the state's view, idempotency header."""

from __future__ import annotations

import json

from kafka import KafkaProducer
from kafka.errors import KafkaError

from detector.delivery.channels import DeliveryError
from detector.settings import Settings


def open_producer(settings: Settings) -> KafkaProducer:
    """As streams.submit: idempotent, acks=all, bounded by PPD_KAFKA_TIMEOUT (kafka-python 3 names)."""
    from streams.admin import bootstrap_servers, no_broker

    timeout_ms = int(settings.kafka_timeout * 1000)
    try:
        return KafkaProducer(
            bootstrap_servers=bootstrap_servers(settings), client_id=f"ppd-delivery-{settings.worker_id}",
            enable_idempotence=True, acks="all", linger_ms=5, bootstrap_timeout_ms=timeout_ms,
            max_block_ms=timeout_ms, request_timeout_ms=max(timeout_ms, 5000))
    except KafkaError as exc:
        raise no_broker(settings, exc) from None


class KafkaTopicChannel:
    def __init__(self, producer: KafkaProducer, topic: str, timeout: float = 10.0) -> None:
        self.producer, self.topic, self.timeout = producer, topic, timeout

    def send(self, payload: dict, idempotency_key: str) -> None:
        value = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
        try:
            self.producer.send(self.topic, key=payload["alert_id"].encode(), value=value,
                               headers=[("Idempotency-Key", idempotency_key.encode())]).get(timeout=self.timeout)
        except KafkaError as exc:
            raise DeliveryError(f"topic {self.topic}: {type(exc).__name__}: {exc}") from None
