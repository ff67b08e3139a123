"""Small builders for case notifications in tests (valid against contract v1)."""

from __future__ import annotations

import json
import uuid

_NS = uuid.UUID("6f1c1f1e-0000-4000-8000-000000000000")


def notification(state: str, reference: str, version: int = 1, event: str = "opened", *,
                 suspects: list[dict] | None = None, indicators: list[dict] | None = None,
                 offences: list[str] | None = None, period: tuple[str, str] | None = ("2025-01-01", "2025-06-30"),
                 malware: list[str] | None = None, tlp: str = "GREEN", content: bool = True,
                 tag: str = "") -> dict:
    """A notification whose notification_id is derived from its identity, so rebuilding is a re-send."""
    nid = str(uuid.uuid5(_NS, f"{state}:{reference}:{version}:{event}:{tag}"))
    doc = {
        "schema_version": "1.0", "notification_id": nid, "event": event,
        "sent_at": f"2026-01-{min(version, 28):02d}T10:00:00Z",
        "case": {"state": state, "reference": reference, "version": version, "authority": f"{state} cyber unit",
                 "stage": "investigation", "tlp": tlp, "contact": {"point_of_contact": f"{state}-24x7"}},
    }
    if content:
        doc["suspects"] = suspects or []
        doc["indicators"] = indicators or []
        conduct = {"offences": offences or ["illegal_access"]}
        if period:
            conduct["period"] = {"from": period[0], "to": period[1]}
        if malware:
            conduct["malware"] = malware
        doc["conduct"] = conduct
    return doc


def person(name: str, birth_date: str | None = None, party_id: str = "S1", **extra) -> dict:
    out = {"party_id": party_id, "kind": "person", "names": [{"full": name}], **extra}
    if birth_date:
        out["birth_date"] = birth_date
    return out


def line(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False)
