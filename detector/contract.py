"""Wire contracts: case-notification v1 and consultation-alert v1.

The models implement ``schemas/*.v1.schema.json`` exactly: unknown extra properties are tolerated
(forward compatibility), every rule the schema states is enforced, and nothing more is required, so
that a message the published schema accepts is never dead-lettered by us and vice versa
(tests/test_contract.py checks both directions rule by rule).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StringConstraints

_UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
# RFC 3339 date-time as JSON Schema's "date-time" format means it: offset mandatory.
_DATETIME_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _check_uuid(value: str) -> str:
    if not _UUID_RE.match(value):
        raise ValueError("must be a UUID in its hyphenated form (8-4-4-4-12 hex digits)")
    return value


def check_datetime(value: str) -> str:
    if not _DATETIME_RE.match(value):
        raise ValueError("must be an RFC 3339 date-time with an offset, e.g. 2026-03-02T09:15:00Z")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise ValueError(f"is not a real date-time ({exc})") from None
    return value


def _check_date(value: str) -> str:
    if not _DATE_RE.match(value):
        raise ValueError("must be a date in the form YYYY-MM-DD")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"is not a real calendar date ({exc})") from None
    return value


def _str(min_length: int = 0, max_length: int | None = None, pattern: str | None = None):
    return Annotated[
        str, StringConstraints(min_length=min_length, max_length=max_length, pattern=pattern)
    ]


def _json_integer(value: object) -> object:
    """JSON Schema's integer: any number with no fractional part (2.0 too); never a bool or a string."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be an integer")  # noqa: TRY004 - pydantic turns only ValueError into a field error
    return value


JsonInt = Annotated[int, BeforeValidator(_json_integer)]
Uuid = Annotated[str, AfterValidator(_check_uuid)]
DateTime = Annotated[str, AfterValidator(check_datetime)]
IsoDate = Annotated[str, AfterValidator(_check_date)]
Country = _str(pattern=r"^[A-Z]{2}$")
PartialDate = _str(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")
Tlp = Literal["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"]

IndicatorType = Literal[
    "ipv4", "ipv6", "cidr", "domain", "url", "email", "phone",
    "crypto_wallet", "file_hash", "iban", "username", "onion",
]
Offence = Literal[
    "illegal_access", "illegal_interception", "data_interference", "system_interference",
    "misuse_of_devices", "forgery", "theft_or_fraud", "child_sexual_abuse_material",
    "solicitation_of_child", "non_consensual_intimate_images", "laundering", "other_serious_crime",
]
Jurisdiction = Literal[
    "territory", "flag_vessel_or_aircraft", "victim_national", "offender_national",
    "offender_stateless_resident", "laundering_predicate", "against_state",
    "offender_present_not_extradited",
]


class _Inbound(BaseModel):
    """Contract objects: unknown properties pass through untouched; JSON types are not coerced.

    Optional fields default to None without being declared nullable: the schema lets a sender
    leave a field out but not send null, so an explicit null fails validation on that field.
    """

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)


class Contact(_Inbound):
    point_of_contact: _str(1, 200)
    email: _str(0, 320) = None
    phone: _str(0, 64) = None


class Case(_Inbound):
    state: Country
    reference: _str(1, 128)
    version: Annotated[JsonInt, Field(ge=1)]
    authority: _str(1, 300)
    stage: Literal["investigation", "prosecution", "trial", "judgment", "appeal"] = None
    opened_on: IsoDate = None
    jurisdiction: list[Jurisdiction] = None
    tlp: Tlp = None
    contact: Contact = None

    @property
    def key(self) -> str:
        """(state, reference) identifies the proceeding."""
        return f"{self.state}:{self.reference}"


class PartyName(_Inbound):
    full: _str(1, 300)
    given: _str(0, 200) = None
    family: _str(0, 200) = None
    kind: Literal[
        "primary", "alias", "nickname", "birth_name", "former", "transliteration"
    ] = None


class Identifier(_Inbound):
    type: Literal["passport", "national_id", "tax_id", "company_registration", "driver_license", "other"]
    value: _str(1, 128)
    country: Country = None


class Address(_Inbound):
    full: _str(0, 500) = None
    city: _str(0, 200) = None
    postcode: _str(0, 32) = None
    country: Country = None


class Party(_Inbound):
    party_id: _str(1, 64)
    kind: Literal["person", "organization"]
    names: Annotated[list[PartyName], Field(min_length=1, max_length=50)]
    birth_date: PartialDate = None
    birth_place: _str(0, 300) = None
    gender: Literal["male", "female", "other", "unknown"] = None
    in_custody: bool = None
    nationalities: Annotated[list[Country], Field(max_length=10)] = None
    identifiers: Annotated[list[Identifier], Field(max_length=50)] = None
    addresses: Annotated[list[Address], Field(max_length=20)] = None


class Period(_Inbound):
    from_: IsoDate = Field(alias="from")
    to: IsoDate = None


class Victim(_Inbound):
    kind: Literal["person", "organization"] = None
    name: _str(0, 300) = None
    country: Country = None
    sector: _str(0, 100) = None
    count: Annotated[JsonInt, Field(ge=1)] = None


class Loss(_Inbound):
    # JSON "number" admits integers too; bool is not a number in JSON.
    amount: Annotated[StrictInt | float, Field(ge=0)]
    currency: _str(pattern=r"^[A-Z]{3}$")


class Conduct(_Inbound):
    offences: Annotated[list[Offence], Field(min_length=1)]
    period: Period = None
    description: _str(0, 20000) = None
    modus_operandi: Annotated[list[_str(0, 100)], Field(max_length=50)] = None
    malware: Annotated[list[_str(0, 100)], Field(max_length=50)] = None
    victims: Annotated[list[Victim], Field(max_length=1000)] = None
    loss: Loss = None


class Indicator(_Inbound):
    type: IndicatorType
    value: _str(1, 2048)
    network: _str(0, 32) = None
    party_id: _str(0, 64) = None
    first_seen: DateTime = None
    last_seen: DateTime = None
    tlp: Tlp = None


class CaseNotification(_Inbound):
    """One message from a State Party about one proceeding (contract case-notification v1)."""

    schema_version: Literal["1.0"]
    notification_id: Uuid
    event: Literal["opened", "updated", "closed", "withdrawn"]
    sent_at: DateTime
    case: Case
    suspects: Annotated[list[Party], Field(max_length=200)] = None
    conduct: Conduct = None
    indicators: Annotated[list[Indicator], Field(max_length=5000)] = None

    @property
    def case_key(self) -> str:
        return self.case.key

    @property
    def idempotency_key(self) -> str:
        return self.notification_id.lower()

    def content_fingerprint(self) -> str:
        """Digest of the message without its envelope, to tell a re-send from a conflict."""
        import hashlib
        import json

        body = self.model_dump(mode="json", by_alias=True, exclude={"notification_id", "sent_at"})
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()


# ---------------------------------------------------------------- consultation alert v1

AlertStatus = Literal["open", "acknowledged", "in_consultation", "resolved", "dismissed", "withdrawn"]
AlertBand = Literal["alert", "review"]
EvidenceKind = Literal["suspect", "identifier", "indicator", "conduct", "victim"]


class AlertParty(_Inbound):
    state: Country
    reference: str
    point_of_contact: str
    authority: str = None
    stage: str = None
    case_version: JsonInt = None
    acknowledged_at: DateTime | None = None  # null allowed: not yet acknowledged


class Evidence(_Inbound):
    kind: EvidenceKind
    weight: StrictInt | float
    summary: str
    between: list[str] = None


class ConsultationAlert(_Inbound):
    """Art. 22(5) consultation alert (contract consultation-alert v1): always the latest full state."""

    schema_version: Literal["1.0"]
    alert_id: _str(1, 128)
    version: Annotated[JsonInt, Field(ge=1)]
    article: Literal["22(5)"]
    status: AlertStatus
    band: AlertBand
    score: Annotated[StrictInt | float, Field(ge=0, le=1)]
    parties: Annotated[list[AlertParty], Field(min_length=2)]
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    recommended_actions: list[str] = None
    created_at: DateTime
    updated_at: DateTime

    def to_wire(self) -> dict:
        """The JSON object sent to points of contact (absent optionals left out, not null).

        ``acknowledged_at`` is the exception: the contract allows null and receivers rely on it.
        """
        data = self.model_dump(mode="json", by_alias=True, exclude_none=True)
        for party, model in zip(data["parties"], self.parties):
            party["acknowledged_at"] = model.acknowledged_at
        return data
