"""Per-state Kafka topic (cluster mode): key alert_id, value the state's view, idempotency header."""

from __future__ import annotations

import json

from kafka import KafkaProducer
from kafka.errors import KafkaError

from detector.delivery.channels import DeliveryError
from detector.settings import Settings


def open_producer(settings: Settings) -> KafkaProducer:
    """The project's idempotent, acks=all producer (streams.submit), named for delivery."""
    from streams.submit import open_producer as open_project_producer

    return open_project_producer(settings, role="delivery")


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
