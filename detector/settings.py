"""All settings in one object, read once from the environment (prefix PPD_) and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from detector.delivery.config import StateChannels


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PPD_", frozen=True, extra="ignore")

    data_dir: Path | None = Field(None, description="Embedded store directory; None = a fresh temporary one")

    # Alert policy
    alert_threshold: float = Field(0.85, ge=0, le=1, description="Calibrated score from which points of contact are alerted")
    review_threshold: float = Field(0.05, ge=0, le=1, description="Score from which liaison officers review a match")
    common_key_cases: int = Field(
        30, ge=2, description="A value held by more cases than this is too common to find or weigh candidates"
    )
    max_evidence_items: int = Field(40, ge=1)
    dismissal_reopen_margin: float = Field(
        0.02, ge=0, le=1, description="Score rise over the dismissed score that puts a dismissed match back in review")

    # Cluster mode
    kafka_bootstrap: str = "127.0.0.1:9092"
    topic_notifications: str = "ppd.notifications.v1"
    topic_alerts: str = "ppd.alerts.v1"
    topic_dead_letter: str = "ppd.dead-letter.v1"
    elasticsearch_url: str = "http://127.0.0.1:9200"
    cluster_store: Literal["elasticsearch", "sqlite"] = "elasticsearch"
    worker_id: str = Field("worker", description="Names this worker in logs and Kafka client ids")
    index_prefix: str = "ppd"
    notifications_partitions: int = Field(
        4, ge=1, description="Partitions of the notifications topic (ppd topics create)")
    worker_group: str = Field("ppd-workers", description="Faust app id = Kafka consumer group the workers share")
    kafka_timeout: float = Field(10.0, gt=0, description="Seconds to reach the broker or have a send acknowledged")
    worker_session_timeout: float = Field(
        10.0, gt=0, description="Seconds before a silent worker leaves the group and its partitions move")

    # Points of contact: delivery, deadlines, escalation (detector.delivery)
    channels: dict[str, StateChannels] = Field(
        default_factory=dict, description="Per-state delivery channels, JSON keyed by state code")
    ack_deadline_minutes: float = Field(120, gt=0, description="Time a point of contact has to acknowledge an alert")
    custody_ack_deadline_minutes: float = Field(
        30, gt=0, description="The same when a suspect is in custody (the alert is urgent)")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_sender: str = "ppd-alerts@localhost"
    delivery_poll_seconds: float = Field(2.0, gt=0, description="How often ppd serve looks for work to deliver")
    delivery_max_attempts: int = Field(8, ge=1, description="Attempts per delivery before it is marked failed")
    delivery_backoff_seconds: float = Field(2.0, gt=0, description="First retry delay; doubles per attempt")

    # HTTP API
    api_page_limit: int = Field(100, ge=1, le=1000, description="Largest page of GET /v1/alerts and /v1/audit")
    max_request_bytes: int = Field(10_000_000, ge=1024, description="Largest POST /v1/notifications body")

    # Dashboard sessions (detector/dashboard)
    session_secret: SecretStr | None = Field(
        None, description="Signs dashboard session cookies; unset: a random key per process (logins end on restart)")
    session_hours: float = Field(12, gt=0, le=168, description="How long a dashboard login lasts")

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> Settings:
        if self.review_threshold > self.alert_threshold:
            raise ValueError("review_threshold must not exceed alert_threshold")
        bad = [s for s in self.channels if len(s) != 2 or not s.isalpha() or not s.isupper()]
        if bad:
            raise ValueError(f"channels: keys must be two-letter upper-case state codes, not {bad}")
        return self
