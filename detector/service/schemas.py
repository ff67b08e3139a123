"""Response and request bodies of the API, as published in its OpenAPI document."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from detector.contract import ConsultationAlert


class FieldProblem(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    detail: str
    errors: list[FieldProblem] | None = None


AUTH_ERRORS: dict = {401: {"model": Problem, "description": "missing, unknown or revoked token"},
                     403: {"model": Problem, "description": "the caller's role may not do this"}}


class AlertView(ConsultationAlert):
    """A contract v1 alert redacted for the caller, with delivery tracking per party."""

    model_config = ConfigDict(extra="allow")
    overdue: bool = Field(False, description="The caller's state has not acknowledged within the deadline")


class AlertPage(BaseModel):
    items: list[AlertView]
    next: str | None = Field(None, description="Cursor of the next page; null on the last page")


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: Literal["confirm", "dismiss"]
    note: str = Field(min_length=1, max_length=2000, description="Why: kept with the decision and in the audit")


class SubmissionLine(BaseModel):
    model_config = ConfigDict(extra="allow")

    line: int
    outcome: Literal["applied", "duplicate", "stale", "rejected"]
    case: str | None = None
    reason: str | None = None
    errors: list[dict] | None = None


class SubmissionResult(BaseModel):
    accepted: int
    rejected: int
    results: list[SubmissionLine]


class StatsBody(BaseModel):
    model_config = ConfigDict(extra="allow")

    scope: str
    totals: dict[str, int]
    by_state_pair: list[dict]
    by_offence: list[dict]
    by_month: list[dict]
    by_status: list[dict]
    by_band: list[dict]
    time_to_acknowledge: dict[str, float]


class AuditPage(BaseModel):
    items: list[dict]
    next: str | None = None
