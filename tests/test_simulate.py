"""The synthetic traffic generator: contract validity, ground truth, determinism, realism."""

from __future__ import annotations

import json
import pathlib
import re
import time
import unicodedata
from collections import defaultdict

import jsonschema
import pytest
from pydantic import ValidationError

from detector.contract import CaseNotification
from detector.simulate import generate_traffic, true_pairs, write_traffic
from detector.simulate.crypto import eth_checksum, iban_valid
from detector.simulate.indicators import identity_key
from detector.simulate.traffic import INVALID_KINDS, build
from detector.simulate.world import Builder

SCHEMA = json.loads((pathlib.Path(__file__).resolve().parents[1]
                     / "schemas" / "case-notification.v1.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
N = 600


@pytest.fixture(scope="module")
def traffic():
    return build(N, 11)


def _schema_ok(line: str) -> bool:
    try:
        doc = json.loads(line)
    except json.JSONDecodeError:
        return False
    return VALIDATOR.is_valid(doc)


def _model_ok(line: str) -> bool:
    try:
        CaseNotification.model_validate_json(line)
    except ValidationError:
        return False
    return True


def _valid(tr):
    for line, kind in zip(tr.lines, tr.kinds):
        if not kind.startswith("invalid"):
            yield json.loads(line), kind


def _script(text: str) -> str:
    scripts = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts.add(name.split()[0] if not name.startswith("CJK") else "HAN")
    for s in ("CYRILLIC", "HAN", "ARABIC", "GREEK", "HANGUL"):
        if s in scripts:
            return s
    return "LATIN" if scripts else "NONE"


def test_valid_lines_pass_schema_and_model_and_invalid_ones_fail_both(traffic):
    assert len(traffic.lines) == N
    for line, kind in zip(traffic.lines, traffic.kinds):
        if kind.startswith("invalid"):
            assert not _schema_ok(line), (kind, line[:300])
            assert not _model_ok(line), (kind, line[:300])
        else:
            errors = [e.message for e in VALIDATOR.iter_errors(json.loads(line))]
            assert not errors, (errors, line[:300])
            assert _model_ok(line), line[:300]


def test_every_invalid_rule_is_exercised_once_broken(traffic):
    kinds = {k.split(":", 1)[1] for k in traffic.kinds if k.startswith("invalid")}
    assert kinds == set(INVALID_KINDS)
    assert traffic.summary["invalid_lines"] == round(0.02 * N)


def test_datetimes_are_rfc3339_even_without_format_checker(traffic):
    for doc, _ in _valid(traffic):
        assert DATETIME.match(doc["sent_at"])
        for ind in doc.get("indicators", []):
            for key in ("first_seen", "last_seen"):
                if key in ind:
                    assert DATETIME.match(ind[key])


def test_same_seed_same_output_different_seed_different():
    a = generate_traffic(300, 5)
    assert a == generate_traffic(300, 5)
    assert a[0] != generate_traffic(300, 6)[0]


@pytest.mark.parametrize("n", [0, 1, 2, 7, 49, 50, 137, 600])
def test_requested_count_is_honoured(n):
    lines, truth = generate_traffic(n, 3)
    assert len(lines) == n
    assert all("\n" not in line for line in lines)
    assert len({t["case"] for t in truth}) == len(truth)


def test_truth_covers_exactly_the_cases_of_valid_lines(traffic):
    keys = {f"{d['case']['state']}:{d['case']['reference']}" for d, _ in _valid(traffic)}
    truth = {t["case"]: t for t in traffic.truth}
    assert set(truth) == keys
    for t in traffic.truth:
        assert set(t) == {"case", "cluster", "withdrawn"}
        assert t["cluster"] is None or re.fullmatch(r"op-\d{4}", t["cluster"])


def test_withdrawn_flag_follows_the_highest_version_event(traffic):
    last: dict[str, tuple[int, str]] = {}
    for doc, _ in _valid(traffic):
        key = f"{doc['case']['state']}:{doc['case']['reference']}"
        v = doc["case"]["version"]
        if key not in last or v > last[key][0]:
            last[key] = (v, doc["event"])
    for t in traffic.truth:
        assert t["withdrawn"] == (last[t["case"]][1] == "withdrawn")


def test_stream_order_duplicates_and_stale_resends(traffic):
    best: dict[str, int] = {}
    seen_lines: set[str] = set()
    ids: dict[str, str] = {}
    for line, kind in zip(traffic.lines, traffic.kinds):
        if kind.startswith("invalid"):
            continue
        doc = json.loads(line)
        key = f"{doc['case']['state']}:{doc['case']['reference']}"
        v = doc["case"]["version"]
        if key not in best:
            assert doc["event"] == "opened" and v == 1, (kind, line[:200])
        if kind == "duplicate":
            assert line in seen_lines
        else:
            assert ids.setdefault(doc["notification_id"], line) == line  # ids unique per message
        if kind == "stale":
            assert v < best[key], line[:200]
        elif kind != "duplicate":
            assert v > best.get(key, 0), (kind, line[:200])
        best[key] = max(best.get(key, 0), v)
        seen_lines.add(line)
    s = traffic.summary["by_kind"]
    assert s["duplicate"] == round(0.05 * N) and s["stale"] == round(0.04 * N)
    assert s["updated"] == round(0.25 * N) and s["closed"] == round(0.05 * N)
    assert s["withdrawn"] == round(0.03 * N)


def test_true_pairs_and_cluster_shape(traffic):
    pairs = true_pairs(traffic.truth)
    assert pairs and traffic.summary["true_cross_state_pairs"] == len(pairs)
    members = defaultdict(list)
    for t in traffic.truth:
        if t["cluster"]:
            members[t["cluster"]].append(t["case"].split(":")[0])
    assert all(len(states) == len(set(states)) and 2 <= len(states) <= 5 for states in members.values())
    share = sum(len(v) for v in members.values()) / len(traffic.truth)
    assert 0.3 <= share <= 0.5


def test_every_cluster_case_shares_real_evidence(traffic):
    by_cluster = defaultdict(list)
    for p in traffic.plans:
        if p.cluster:
            by_cluster[p.cluster].append(p)
    for cases in by_cluster.values():
        for c in cases:
            others = set().union(*(Builder.evidence(o) for o in cases if o is not c))
            assert Builder.evidence(c) & others, c.key


def test_unrelated_crews_never_share_their_own_things(traffic):
    owners = defaultdict(set)
    for i, p in enumerate(traffic.plans):
        for e in p.entities:
            if not e.public:
                owners[identity_key(e.type, e.value)].add(p.cluster or f"single-{i}")
    assert all(len(v) == 1 for v in owners.values())
    handles = [x.handle for x in {id(q): q for p in traffic.plans for q in p.crew.people}.values() if x.handle]
    assert len(handles) == len(set(handles))


def test_clusters_span_scripts(traffic):
    """Some cluster records the same person in Cyrillic / Han / Arabic in one state and in Latin
    in another."""
    last = {}
    for doc, _ in _valid(traffic):
        if doc["event"] in ("opened", "updated"):
            last[f"{doc['case']['state']}:{doc['case']['reference']}"] = doc
    found = set()
    by_cluster = defaultdict(list)
    for p in traffic.plans:
        if p.cluster:
            by_cluster[p.cluster].append(p)
    for cases in by_cluster.values():
        seen = defaultdict(set)  # person -> scripts of primary names
        for c in cases:
            parties = {s["party_id"]: s for s in last[c.key].get("suspects", [])}
            for pid, party_id in traffic.party_ids[c.key].items():
                if party_id in parties:
                    seen[pid].add(_script(parties[party_id]["names"][0]["full"]))
        for scripts in seen.values():
            for s in ("CYRILLIC", "HAN", "ARABIC"):
                if {s, "LATIN"} <= scripts:
                    found.add(s)
    assert found == {"CYRILLIC", "HAN", "ARABIC"}


def test_indicator_variety_and_validity(traffic):
    types, gmail_variants, defanged = set(), 0, 0
    for doc, _ in _valid(traffic):
        for ind in doc.get("indicators", []):
            types.add(ind["type"])
            v = ind["value"]
            if "[.]" in v or "hxxp" in v or "[@]" in v or "(.)" in v:
                defanged += 1
            if ind["type"] == "email" and "gmail" in v.lower() and ("+" in v):
                gmail_variants += 1
            if ind["type"] == "iban":
                assert iban_valid(v.replace("-", "")), v
            if ind["type"] == "crypto_wallet" and v.startswith("0x") and v[2:] != v[2:].lower() \
                    and v[2:] != v[2:].upper():
                assert eth_checksum(v[2:]) == v
    assert len(types) == 12
    assert gmail_variants and defanged > 20


def test_namesakes_exist_across_unrelated_cases(traffic):
    names = defaultdict(set)
    cluster_of = {t["case"]: t["cluster"] for t in traffic.truth}
    for doc, _ in _valid(traffic):
        key = f"{doc['case']['state']}:{doc['case']['reference']}"
        if cluster_of[key] is None:
            for s in doc.get("suspects", []):
                for n in s["names"]:
                    if n.get("kind", "primary") == "primary":
                        names[n["full"].lower()].add(key)
    shared = [k for k, v in names.items() if len({c.split(":")[0] for c in v}) > 1]
    assert shared


def test_write_traffic(tmp_path):
    summary = write_traffic(tmp_path / "out", 200, 9)
    lines = (tmp_path / "out" / "notifications.jsonl").read_text(encoding="utf-8").splitlines()
    truth = [json.loads(x) for x in (tmp_path / "out" / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (lines, truth) == generate_traffic(200, 9)
    assert summary["lines"] == 200 and summary["cases"] == len(truth)
    for key in ("clusters", "invalid_lines", "true_cross_state_pairs"):
        assert isinstance(summary[key], int)


def test_generation_is_fast():
    t = time.perf_counter()
    generate_traffic(4000, 1)
    assert time.perf_counter() - t < 20


def test_a_few_files_record_a_wrong_birth_date_for_the_same_person():
    """As in real files (a false or misread document): the engine must meet birth-date conflicts
    between records of one person, not only typos and partial dates."""
    import random
    from datetime import date

    from detector.normalize.dates import DateRelation, PartialDate, compare_birth_dates
    from detector.simulate.parties import birth_dates

    rng = random.Random(5)
    true = date(1986, 7, 19)
    relations = [compare_birth_dates(PartialDate.parse(true.isoformat()), PartialDate.parse(d))
                 for d in (birth_dates(rng, true, 1)[0] for _ in range(4000)) if d]
    conflicts = sum(r is DateRelation.CONFLICT for r in relations) / len(relations)
    assert 0.01 < conflicts < 0.06
