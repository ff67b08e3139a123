"""What the dashboard draws, from the stats (pure): the heatmap matrix, durations, waterfall, CSV."""

from __future__ import annotations

from detector.dashboard.model import chart_data, duration, pair_matrix, table_csv, tiles, waterfall, when
from detector.service.stats import StatsFilter, compute_stats


def test_the_state_pair_matrix_is_symmetric_with_an_empty_diagonal():
    m = pair_matrix([{"state_a": "DE", "state_b": "FR", "count": 3}, {"state_a": "FR", "state_b": "NL", "count": 1}])
    assert m == {"states": ["DE", "FR", "NL"], "z": [[0, 3, 0], [3, 0, 1], [0, 1, 0]]}
    assert pair_matrix([]) == {"states": [], "z": []}


def test_durations_read_naturally():
    assert [duration(m) for m in (0.1, 0.99, 1, 25.4, 119, 210, 47 * 60, 72 * 60)] == [
        "6 s", "59 s", "1 min", "25 min", "119 min", "3.5 h", "47.0 h", "3.0 days"]


def test_tiles_and_charts_from_compute_stats():
    body = {"alert_id": "a1", "band": "alert", "status": "open", "created_at": "2026-03-01T10:00:00.000000Z",
            "offences": ["forgery"], "parties": [
                {"state": "DE", "acknowledged_at": "2026-03-01T10:00:30.000000Z"}, {"state": "FR"}]}
    stats = compute_stats([(body, {"FR": {"overdue": True}})], StatsFilter())
    assert dict(tiles(stats)) == {"Overlaps (alerts)": "1", "Review queue": "0", "Overdue acknowledgements": "1",
                                  "Mean time to acknowledge": "30 s"}
    charts = chart_data(stats)
    assert charts["offences"] == {"x": ["Art. 12 computer-related forgery"], "y": [1]}
    assert charts["months"] == {"x": ["2026-03"], "y": [1]} and charts["pairs"]["states"] == ["DE", "FR"]


def test_waterfall_keeps_evidence_order_and_signs():
    evidence = [{"kind": "indicator", "feature": "indicator.wallet", "weight": 13.0, "summary": "wallet [masked]"},
                {"kind": "suspect", "weight": -4.0, "summary": "birth dates conflict"}]
    assert waterfall(evidence) == {"labels": ["indicator.wallet", "suspect"], "weights": [13.0, -4.0],
                                   "texts": ["wallet [masked]", "birth dates conflict"]}


def test_csv_has_a_header_and_one_line_per_row():
    assert table_csv([{"state_a": "DE", "state_b": "FR", "count": 2}]) == "state_a,state_b,count\nDE,FR,2\n"
    assert table_csv([]) == ""


def test_timestamps_show_to_the_minute_in_utc():
    assert when("2026-11-22T11:02:36.763743Z") == "2026-11-22 11:02 UTC"
    assert when("2026-11-22T12:02:00+01:00") == "2026-11-22 11:02 UTC"
    assert when(None) == "—"


def test_a_states_overdue_count_is_its_own_lateness():
    from detector.service.stats_source import scoped_tracking

    tracking = {"a1": {"DE": {"overdue": False}, "FR": {"overdue": True}}, "a2": {"DE": {"overdue": True}}}
    as_de = scoped_tracking(lambda ids: tracking, "DE")(["a1", "a2"])
    assert as_de == {"a1": {"DE": {"overdue": False}}, "a2": {"DE": {"overdue": True}}}
    assert scoped_tracking(lambda ids: tracking, None)(["a1"]) is tracking


def test_an_acknowledged_state_is_not_overdue_even_before_the_ledger_knows():
    from detector.service.stats import acknowledged_states, is_overdue

    body = {"parties": [{"state": "DE", "acknowledged_at": "2026-03-01T08:00:00Z"},
                        {"state": "FR", "acknowledged_at": None},
                        {"state": "DE", "acknowledged_at": None}]}
    assert acknowledged_states(body) == []  # one DE party still owes it
    body["parties"][2]["acknowledged_at"] = "2026-03-01T08:05:00Z"
    assert acknowledged_states(body) == ["DE"]
    late = {"DE": {"overdue": True}, "FR": {"overdue": False}}
    assert not is_overdue(late, ["DE"])
    assert is_overdue(late | {"FR": {"overdue": True}}, ["DE"])
