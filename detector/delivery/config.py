"""Per-state delivery channels, as given in settings (PPD_CHANNELS, JSON keyed by state code)."""

from __future__ import annotations

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator


class Channels(BaseModel):
    """Where one contact receives alerts; any combination, none at all is allowed (API only)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    webhook_url: AnyHttpUrl | None = None
    webhook_secret: str | None = Field(None, min_length=16, description="HMAC-SHA256 key for the signature header")
    email_to: tuple[str, ...] = ()
    kafka_topic: str | None = Field(None, description="Per-state topic (cluster mode), e.g. ppd.alerts.DE")

    @model_validator(mode="after")
    def _signed(self) -> Channels:
        if self.webhook_url is not None and not self.webhook_secret:
            raise ValueError("webhook_url needs webhook_secret: every webhook body is signed")
        return self

    @property
    def empty(self) -> bool:
        return self.webhook_url is None and not self.email_to and self.kafka_topic is None


class StateChannels(BaseModel):
    """A state's 24/7 point of contact, and who hears of an alert it leaves unacknowledged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    primary: Channels = Channels()
    secondary: Channels = Channels()
