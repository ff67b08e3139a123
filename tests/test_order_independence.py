"""Property: the final alerts depend on the set of notifications, not on how they arrive.

Delivery order, duplicated deliveries and stale re-sends must not change the final active alerts
(identity, band, parties, score, evidence). A tiny "too common" threshold makes rarity buckets and
saturation change often, which is where order dependence would hide.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.contract import CaseNotification, ConsultationAlert
from detector.engine import Engine
from detector.settings import Settings
from detector.store.sqlite import SqliteStore
from tests.factories import notification, person

INDICATORS = [
    {"type": "crypto_wallet", "value": "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
    {"type": "domain", "value": "evil-update.top"},
    {"type": "url", "value": "hxxp://evil-update[.]top/a.bin"},
    {"type": "ipv4", "value": "185.220.101.47"},
    {"type": "cidr", "value": "185.220.100.0/22"},
    {"type": "email", "value": "Crew.Ops+x@gmail.com"},
    {"type": "phone", "value": "+380 67 123 45 67"},
    {"type": "file_hash", "value": "D41D8CD98F00B204E9800998ECF8427E"},
]
SUSPECTS = [
    ("Oleksandr Kovalenko", "1991-04-17"), ("Коваленко Олександр", "1991-04"), ("Wang Xiaoming", "1988"),
    ("王小明", None), ("John Smith", "1975-01-01"), ("Jon Smith", "1975-01-01"),
]
STATES = ["DE", "UA", "FR", "CN"]


@st.composite
def case_histories(draw):
    """Messages of a few cases over several versions, each (case, version) with one content."""
    messages = []
    n_cases = draw(st.integers(3, 6))
    for i in range(n_cases):
        state = STATES[i % len(STATES)]
        ref = f"R{i}"
        versions = draw(st.integers(1, 3))
        for v in range(1, versions + 1):
            inds = draw(st.lists(st.sampled_from(range(len(INDICATORS))), max_size=3, unique=True))
            sus = draw(st.lists(st.sampled_from(range(len(SUSPECTS))), max_size=2, unique=True))
            offences = draw(st.sampled_from([["illegal_access"], ["theft_or_fraud"], ["illegal_access", "laundering"]]))
            messages.append(notification(
                state, ref, v, "opened" if v == 1 else "updated",
                suspects=[person(SUSPECTS[s][0], SUSPECTS[s][1], party_id=f"S{k}") for k, s in enumerate(sus)],
                indicators=[INDICATORS[k] for k in inds], offences=offences,
            ))
        last = draw(st.sampled_from(["none", "none", "closed", "withdrawn"]))
        if last != "none":
            messages.append(notification(state, ref, versions + 1, last, content=False))
    return messages


def final_alerts(messages: list[dict], tmp_path, name: str) -> list[tuple]:
    store = SqliteStore(tmp_path / f"{name}.sqlite3")
    engine = Engine(store, Settings(common_key_cases=3))
    for doc in messages:
        engine.apply(CaseNotification.model_validate(doc))
    out = []
    for record in store.iter_alerts():
        a = ConsultationAlert.model_validate_json(record.body)
        if a.status == "withdrawn":
            continue
        out.append((
            a.alert_id, a.band, a.status, a.score,
            tuple(sorted((p.state, p.reference, p.case_version, p.model_extra.get("case_status")) for p in a.parties)),
            tuple((e.kind, e.weight, e.summary, tuple(e.between or ())) for e in a.evidence),
        ))
    store.close()
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(history=case_histories(), data=st.data())
def test_final_alerts_do_not_depend_on_delivery(history, data, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("order")
    reference = final_alerts(history, tmp_path, "in-order")
    shuffled = data.draw(st.permutations(history))
    repeats = data.draw(st.lists(st.sampled_from(history), max_size=6)) if history else []
    positions = data.draw(st.lists(st.integers(0, len(shuffled)), min_size=len(repeats), max_size=len(repeats)))
    delivered = list(shuffled)
    for doc, pos in zip(repeats, positions):
        delivered.insert(pos, doc)  # duplicates, and stale re-sends when they land after a newer version
    assert final_alerts(delivered, tmp_path, "shuffled") == reference


def test_property_sees_alerts_at_all(tmp_path):
    """Guard against a vacuous property: the pool does produce overlaps."""
    msgs = [notification("DE", "R0", suspects=[person(*SUSPECTS[0])], indicators=[INDICATORS[0]]),
            notification("UA", "R1", suspects=[person(*SUSPECTS[1])], indicators=[INDICATORS[0]])]
    assert len(final_alerts(msgs, tmp_path, "x")) == 1


@pytest.mark.parametrize("order", [[0, 1, 2], [2, 1, 0], [1, 2, 0]])
def test_closed_without_content_takes_newest_content_in_any_order(order, tmp_path):
    v1 = notification("DE", "R0", 1, suspects=[person("Someone Unrelated", "1960")])
    v2 = notification("DE", "R0", 2, "updated", indicators=[INDICATORS[0]])
    v3 = notification("DE", "R0", 3, "closed", content=False)
    other = notification("UA", "R1", indicators=[INDICATORS[0]])
    msgs = [[v1, v2, v3][i] for i in order] + [other]
    result = final_alerts(msgs, tmp_path, "c")
    assert len(result) == 1 and ("DE", "R0", 3, "closed") in result[0][4]
