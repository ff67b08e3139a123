"""Reading notifications off the wire: validation with readable reasons, and the dead letter.

Every transport (JSON Lines file, HTTP body, Kafka record) goes through ``parse_notification``; a
message that fails gets a :class:`Rejection` naming each offending field and why, and is written
to a dead-letter sink with its original text. Nothing is dropped silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from detector.contract import CaseNotification


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True)
class Rejection:
    reason: str
    errors: tuple[FieldError, ...] = field(default=())

    def as_dict(self) -> dict:
        return {"reason": self.reason, "errors": [{"field": e.field, "message": e.message} for e in self.errors]}


_PATTERN_MEANING = {
    "^[A-Z]{2}$": "must be an ISO 3166-1 alpha-2 country code in capitals, e.g. DE",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "must be a date as YYYY, YYYY-MM or YYYY-MM-DD",
    "^[A-Z]{3}$": "must be an ISO 4217 currency code in capitals, e.g. EUR",
}


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(message)"


def describe_validation_error(exc: ValidationError) -> Rejection:
    errors = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if p not in ("function-after",))
        # pydantic names union branches in the location (e.g. 'str', 'constrained-str'): drop them
        loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in ("str", "int", "float"))))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "string_pattern_mismatch":
            pattern = (err.get("ctx") or {}).get("pattern", "")
            message = _PATTERN_MEANING.get(pattern, message) + f" (got {str(err.get('input'))[:40]!r})"
        if err["type"] == "missing":
            message = "required field is missing"
        elif err["type"] == "extra_forbidden":
            continue
        errors.append(FieldError(_loc(loc), message))
    unique = tuple(dict.fromkeys(errors))
    summary = "; ".join(f"{e.field}: {e.message}" for e in unique[:5])
    more = f" (+{len(unique) - 5} more)" if len(unique) > 5 else ""
    return Rejection(f"does not follow case-notification v1: {summary}{more}", unique)


def parse_notification(raw: str | bytes) -> CaseNotification | Rejection:
    """Validate one message against contract v1; never raises on bad input."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Rejection(f"not UTF-8 text: {exc}")
    text = raw.strip()
    if not text:
        return Rejection("empty message")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    if not isinstance(data, dict):
        return Rejection(f"a notification must be a JSON object, not {type(data).__name__}")
    try:
        return CaseNotification.model_validate_json(text)
    except ValidationError as exc:
        return describe_validation_error(exc)


class DeadLetterFile:
    """JSON Lines sink: one object per rejected message, with where it came from and why.

    The file is created on the first rejection (appending), so a clean run leaves nothing behind.
    """

    def __init__(self, path: Path | None = None, stream: IO[str] | None = None) -> None:
        self.path = path
        self._stream = stream
        self.count = 0

    def write(self, original: str, rejection: Rejection, **where) -> None:
        if self._stream is None:
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._stream = self.path.open("a", encoding="utf-8")
        self.count += 1
        record = {**where, **rejection.as_dict(), "original": original}
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._stream.flush()

    def close(self) -> None:
        if self._stream is not None and self.path is not None:
            self._stream.close()
