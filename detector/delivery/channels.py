"""The one interface every channel adapter has, and the factory that builds them from settings."""

from __future__ import annotations

import threading
from typing import Protocol

from detector.delivery.config import Channels
from detector.settings import Settings


class DeliveryError(RuntimeError):
    """A send did not succeed; the message says why in words fit for the audit trail."""


class Channel(Protocol):
    def send(self, payload: dict, idempotency_key: str) -> None:
        """Deliver ``payload`` (the alert as the recipient state may see it); raise on failure."""


class ChannelFactory(Protocol):
    def __call__(self, channel: str, target: str, contact: Channels) -> Channel: ...


class SettingsChannels:
    """Builds channel adapters from settings; one Kafka producer shared by all per-state topics."""

    def __init__(self, settings: Settings, timeout: float = 10.0) -> None:
        self.settings = settings
        self.timeout = timeout
        self._producer = None
        self._guard = threading.Lock()

    def __call__(self, channel: str, target: str, contact: Channels) -> Channel:
        if channel == "webhook":
            from detector.delivery.webhook import WebhookChannel

            if contact.webhook_url is None or str(contact.webhook_url) != target or not contact.webhook_secret:
                raise DeliveryError(f"webhook {target} is no longer configured")
            return WebhookChannel(target, contact.webhook_secret, timeout=self.timeout)
        if channel == "email":
            from detector.delivery.email import EmailChannel

            return EmailChannel(self.settings.smtp_host, self.settings.smtp_port, self.settings.smtp_sender, target,
                                timeout=self.timeout)
        if channel == "kafka":
            from detector.delivery.kafka_topic import KafkaTopicChannel, open_producer

            with self._guard:
                if self._producer is None:
                    self._producer = open_producer(self.settings)
            return KafkaTopicChannel(self._producer, target, timeout=self.settings.kafka_timeout)
        raise DeliveryError(f"unknown channel {channel!r}")

    def close(self) -> None:
        with self._guard:
            if self._producer is not None:
                self._producer.close(timeout=self.settings.kafka_timeout)
                self._producer = None
