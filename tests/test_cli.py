"""The `ppd` command line as a user runs it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "schemas" / "examples"  # published copies of the shared contract's examples
ALERT_SCHEMA = json.loads((ROOT / "schemas" / "consultation-alert.v1.schema.json").read_text())


def ppd(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "detector.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=300, check=False)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_run_on_the_shared_example_raises_one_urgent_alert(tmp_path):
    out = tmp_path / "alerts.jsonl"
    result = ppd("run", "--input", str(EXAMPLES / "overlap-de-ua.jsonl"), "--output", str(out))
    assert result.returncode == 0, result.stderr
    (alert,) = read_jsonl(out)
    assert not list(Draft202012Validator(ALERT_SCHEMA, format_checker=FormatChecker()).iter_errors(alert))
    assert {(p["state"], p["reference"]) for p in alert["parties"]} == {("DE", "ZIT-2026-0412"), ("UA", "12026000000000123")}
    assert alert["band"] == "alert" and alert["urgent"] is True
    assert alert["recommended_actions"][0].startswith("URGENT")
    # the DE case's TLP:RED e-mail is never disclosed, only signalled
    assert "sanya" not in json.dumps(alert).lower()
    assert any("TLP:RED" in e["summary"] for e in alert["evidence"])
    assert "processed 3 notifications" in result.stderr and "alerts 1" in result.stderr


def test_invalid_lines_go_to_the_dead_letter_with_reasons(tmp_path):
    good = (EXAMPLES / "overlap-de-ua.jsonl").read_text().splitlines()
    bad = (EXAMPLES / "invalid.jsonl").read_text().splitlines()
    mixed = [good[0], bad[0], "this is not json", good[1], bad[2], "[1, 2]"]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    dead = tmp_path / "dead.jsonl"
    out = tmp_path / "alerts.jsonl"
    result = ppd("run", "--input", str(source), "--output", str(out), "--dead-letter", str(dead))
    assert result.returncode == 0, result.stderr
    records = read_jsonl(dead)
    assert [r["line"] for r in records] == [2, 3, 5, 6]
    assert [r["original"] for r in records] == [mixed[1], mixed[2], mixed[4], mixed[5]]
    assert records[0]["errors"][0]["field"] == "notification_id"
    assert "UUID" in records[0]["reason"]
    assert records[1]["reason"].startswith("not valid JSON")
    assert records[2]["errors"][0]["field"] == "case.state"
    assert "JSON object" in records[3]["reason"]
    assert len(read_jsonl(out)) == 1  # the valid lines still met
    assert "invalid 4" in result.stderr


def test_rerun_with_data_dir_is_harmless(tmp_path):
    data = tmp_path / "store"
    out1, out2 = tmp_path / "a1.jsonl", tmp_path / "a2.jsonl"
    src = str(EXAMPLES / "overlap-de-ua.jsonl")
    assert ppd("run", "--input", src, "--output", str(out1), "--data-dir", str(data)).returncode == 0
    second = ppd("run", "--input", src, "--output", str(out2), "--data-dir", str(data))
    assert second.returncode == 0
    assert "applied 0, duplicate 3" in second.stderr
    assert read_jsonl(out1) == read_jsonl(out2)


def test_stdin_and_stdout(tmp_path):
    text = (EXAMPLES / "overlap-de-ua.jsonl").read_text()
    result = ppd("run", "--input", "-", "--output", "-", stdin=text, cwd=tmp_path)
    assert result.returncode == 0
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 1


def test_unusable_arguments_fail_clearly(tmp_path):
    missing = ppd("run", "--input", str(tmp_path / "nope.jsonl"), "--output", "-")
    assert missing.returncode != 0 and "no such file" in missing.stderr
    bad_dir = ppd("run", "--input", str(EXAMPLES / "overlap-de-ua.jsonl"), "--output", str(tmp_path / "x" / "y.jsonl"))
    assert bad_dir.returncode != 0 and "does not exist" in bad_dir.stderr
    no_args = ppd("run")
    assert no_args.returncode != 0 and "--input" in no_args.stderr


def test_simulate_then_evaluate_and_explain(tmp_path):
    sim = ppd("simulate", "--operations", "300", "--seed", "5", "--out", str(tmp_path / "sim"))
    assert sim.returncode == 0, sim.stderr
    data = tmp_path / "store"
    run = ppd("run", "--input", str(tmp_path / "sim" / "notifications.jsonl"), "--output", str(tmp_path / "alerts.jsonl"),
              "--data-dir", str(data))
    assert run.returncode == 0, run.stderr
    ev = ppd("evaluate", "--alerts", str(tmp_path / "alerts.jsonl"), "--truth", str(tmp_path / "sim" / "truth.jsonl"),
             "--json")
    figures = json.loads(ev.stdout)
    assert figures["true_pairs"] > 0 and figures["precision"] >= 0.9 and figures["recall_with_review"] >= 0.9
    alert_id = next(a["alert_id"] for a in read_jsonl(tmp_path / "alerts.jsonl") if a["status"] == "open")
    explained = ppd("explain", alert_id, "--data-dir", str(data))
    assert explained.returncode == 0, explained.stderr
    assert "prior" in explained.stdout and "-> probability" in explained.stdout
    unknown = ppd("explain", "ppd-nope", "--data-dir", str(data))
    assert unknown.returncode != 0 and "no alert ppd-nope" in unknown.stderr


def test_demo_runs_end_to_end(tmp_path):
    result = ppd("demo", "--operations", "200", "--seed", "3", "--show", "1")
    assert result.returncode == 0, result.stderr
    assert "Art. 22(5) overlaps found" in result.stdout
    assert "precision" in result.stdout
