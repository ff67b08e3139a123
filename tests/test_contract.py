"""The published JSON Schemas and the pydantic models agree, rule by rule.

Starting from a maximal valid document, every keyword of the schema found along the document is
broken once (a mutation per rule) and once bent to its boundary; the schema (jsonschema with
format checking) and the model must give the same verdict on each. Unknown extra properties are
accepted by both at every level.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from pydantic import ValidationError

from detector.contract import CaseNotification, ConsultationAlert

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "contract"  # the states' copy, beside the project where it is checked out
EXAMPLES = ROOT / "schemas" / "examples"


def load_schema(name: str) -> dict:
    return json.loads((ROOT / "schemas" / name).read_text())


NOTIFICATION_SCHEMA = load_schema("case-notification.v1.schema.json")
ALERT_SCHEMA = load_schema("consultation-alert.v1.schema.json")

FULL_NOTIFICATION = {
    "schema_version": "1.0",
    "notification_id": "0f6b7c1e-2d4a-4f1b-9b1e-5a9f0c3d7e21",
    "event": "opened",
    "sent_at": "2026-03-02T09:15:00Z",
    "case": {
        "state": "DE", "reference": "ZIT-2026-0412", "version": 1, "authority": "ZIT", "stage": "investigation",
        "opened_on": "2026-02-27", "jurisdiction": ["territory"], "tlp": "AMBER",
        "contact": {"point_of_contact": "DE-24x7", "email": "24x7@example.de", "phone": "+49 611 0"},
    },
    "suspects": [{
        "party_id": "S1", "kind": "person",
        "names": [{"full": "Oleksandr Kovalenko", "given": "Oleksandr", "family": "Kovalenko", "kind": "primary"}],
        "birth_date": "1991-04-17", "birth_place": "Kyiv", "gender": "male", "in_custody": False,
        "nationalities": ["UA"],
        "identifiers": [{"type": "passport", "value": "FA 123456", "country": "UA"}],
        "addresses": [{"full": "Main St 1", "city": "Kyiv", "postcode": "01001", "country": "UA"}],
    }],
    "conduct": {
        "offences": ["illegal_access"], "period": {"from": "2025-11-01", "to": "2026-02-20"},
        "description": "Ransomware.", "modus_operandi": ["ransomware"], "malware": ["LockBit"],
        "victims": [{"kind": "organization", "name": "Klinikum", "country": "DE", "sector": "health", "count": 1}],
        "loss": {"amount": 1200000.5, "currency": "EUR"},
    },
    "indicators": [{
        "type": "email", "value": "x@example.org", "network": "smtp", "party_id": "S1",
        "first_seen": "2026-01-01T00:00:00+01:00", "last_seen": "2026-01-02T00:00:00.5Z", "tlp": "RED",
    }],
}

FULL_ALERT = {
    "schema_version": "1.0", "alert_id": "ppd-1", "version": 1, "article": "22(5)", "status": "open",
    "band": "alert", "score": 0.97,
    "parties": [
        {"state": "DE", "reference": "A", "point_of_contact": "DE-24x7", "authority": "ZIT", "stage": "trial",
         "case_version": 2, "acknowledged_at": None},
        {"state": "UA", "reference": "B", "point_of_contact": "UA-24x7", "acknowledged_at": "2026-03-02T09:15:00Z"},
    ],
    "evidence": [{"kind": "indicator", "weight": 12.5, "summary": "shared wallet", "between": ["DE:A", "UA:B"]}],
    "recommended_actions": ["consult"], "created_at": "2026-03-02T09:15:00Z", "updated_at": "2026-03-02T09:15:00Z",
}

_BAD_FORMATS = {
    "uuid": ["not-a-uuid", "0f6b7c1e2d4a4f1b9b1e5a9f0c3d7e21", "0f6b7c1e-2d4a-4f1b-9b1e-5a9f0c3d7e2"],
    "date": ["17.04.1991", "2026-02-30", "2026-2-3"],
    "date-time": ["2026-03-02T09:15:00", "2026-03-02", "yesterday", "2026-13-02T09:15:00Z"],
}


def resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    return schema


def _set(doc, path, value):
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value


def _delete(doc, path):
    target = doc
    for p in path[:-1]:
        target = target[p]
    del target[path[-1]]


def mutations(schema: dict, root: dict, value, path=()):
    """(label, path, new value or DELETE) breaking or bending each rule met along the document."""
    schema = resolve(schema, root)
    label = "/".join(map(str, path)) or "(root)"
    if "const" in schema:
        yield f"{label}: const", path, "9.9", False
    if "enum" in schema:
        yield f"{label}: enum", path, "not-in-the-enum", False
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types or []
    if types and "null" not in types:
        yield f"{label}: null", path, None, False
    if "string" in types:
        yield f"{label}: type", path, 12, False
        if "minLength" in schema:
            yield f"{label}: minLength", path, "", schema["minLength"] == 0
        if "maxLength" in schema:
            yield f"{label}: maxLength+1", path, "x" * (schema["maxLength"] + 1), False
            if "pattern" not in schema and "format" not in schema:
                yield f"{label}: maxLength", path, "x" * schema["maxLength"], True
        if "pattern" in schema:
            yield f"{label}: pattern", path, "!!" + str(value), False
        for bad in _BAD_FORMATS.get(schema.get("format", ""), []):
            yield f"{label}: format {bad}", path, bad, False
    if "integer" in types:
        yield f"{label}: integer type", path, "1", False
        yield f"{label}: integer not fractional", path, 1.5, False
        if isinstance(value, int) and not isinstance(value, bool):
            yield f"{label}: integer written with .0", path, float(value), True
        yield f"{label}: integer not bool", path, True, False
    if "number" in types and "integer" not in types:
        yield f"{label}: number type", path, "1", False
        yield f"{label}: number not bool", path, True, False
    for bound, delta, ok in (("minimum", -1, False), ("maximum", 1, False)):
        if bound in schema:
            yield f"{label}: {bound}", path, schema[bound] + delta, ok
            yield f"{label}: {bound} exact", path, schema[bound], True
    if "boolean" in types:
        yield f"{label}: boolean type", path, "yes", False
    if "array" in types and isinstance(value, list):
        yield f"{label}: array type", path, {}, False
        if "minItems" in schema:
            yield f"{label}: minItems", path, value[: max(schema["minItems"] - 1, 0)], schema["minItems"] == 0
        if "maxItems" in schema and value:
            yield f"{label}: maxItems+1", path, [value[0]] * (schema["maxItems"] + 1), False
            yield f"{label}: maxItems", path, [value[0]] * schema["maxItems"], True
        for i, item in enumerate(value):
            yield from mutations(schema.get("items", {}), root, item, path + (i,))
    if "object" in types and isinstance(value, dict):
        yield f"{label}: object type", path, [], False
        yield f"{label}: extra property tolerated", path + ("x_future_field",), {"any": 1}, True
        for req in schema.get("required", []):
            yield f"{label}: required {req}", path + (req,), "DELETE", False
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                yield from mutations(sub, root, value[key], path + (key,))


def verdicts(doc, schema, model):
    schema_ok = not list(Draft202012Validator(schema, format_checker=FormatChecker()).iter_errors(doc))
    try:
        model.model_validate_json(json.dumps(doc))
        model_ok = True
    except ValidationError:
        model_ok = False
    return schema_ok, model_ok


CASES = [
    (NOTIFICATION_SCHEMA, FULL_NOTIFICATION, CaseNotification),
    (ALERT_SCHEMA, FULL_ALERT, ConsultationAlert),
]


def _mutation_params():
    for schema, full, model in CASES:
        for label, path, new, expected in mutations(schema, schema, full):
            yield pytest.param(schema, full, model, path, new, expected, id=f"{model.__name__}:{label}")


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared contract beside the project ({SHARED})")
def test_published_schemas_are_the_shared_contract():
    for name in ("case-notification.v1.schema.json", "consultation-alert.v1.schema.json"):
        assert (ROOT / "schemas" / name).read_bytes() == (SHARED / name).read_bytes()
    shared_examples = sorted(p.name for p in (SHARED / "examples").iterdir())
    assert sorted(p.name for p in EXAMPLES.iterdir()) == shared_examples
    for name in shared_examples:
        assert (EXAMPLES / name).read_bytes() == (SHARED / "examples" / name).read_bytes()


@pytest.mark.parametrize("schema,full,model", CASES, ids=["notification", "alert"])
def test_maximal_document_is_valid_for_both(schema, full, model):
    assert verdicts(full, schema, model) == (True, True)


@pytest.mark.parametrize("schema,full,model,path,new,expected", list(_mutation_params()))
def test_schema_and_model_agree_on_each_rule(schema, full, model, path, new, expected):
    doc = copy.deepcopy(full)
    if not path:
        doc = new
    elif new == "DELETE":
        _delete(doc, path)
    else:
        _set(doc, path, new)
    schema_ok, model_ok = verdicts(doc, schema, model)
    assert schema_ok == expected, "the mutation does not do what its label says"
    assert model_ok == schema_ok


def test_shared_examples_valid_and_invalid():
    for line in (EXAMPLES / "overlap-de-ua.jsonl").read_text().splitlines():
        assert verdicts(json.loads(line), NOTIFICATION_SCHEMA, CaseNotification) == (True, True)
    for line in (EXAMPLES / "invalid.jsonl").read_text().splitlines():
        assert verdicts(json.loads(line), NOTIFICATION_SCHEMA, CaseNotification) == (False, False)


def test_every_mutation_family_is_exercised():
    labels = [m[0] for m in mutations(NOTIFICATION_SCHEMA, NOTIFICATION_SCHEMA, FULL_NOTIFICATION)]
    for rule in ("const", "enum", "minLength", "maxLength+1", "pattern", "format", "minimum", "minItems",
                 "maxItems+1", "required", "extra property"):
        assert any(f": {rule}" in label for label in labels), rule
    assert len(labels) > 150
