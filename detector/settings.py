"""All settings in one object, read once from the environment (prefix PPD_) and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PPD_", frozen=True, extra="ignore")

    data_dir: Path | None = Field(None, description="Embedded store directory; None = a fresh temporary one")

    # Alert policy
    alert_threshold: float = Field(0.85, ge=0, le=1, description="Calibrated score from which points of contact are alerted")
    review_threshold: float = Field(0.25, ge=0, le=1, description="Score from which liaison officers review a match")
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

    @model_validator(mode="after")
    def _thresholds_ordered(self) -> Settings:
        if self.review_threshold > self.alert_threshold:
            raise ValueError("review_threshold must not exceed alert_threshold")
        return self
