"""Cluster mode end to end on a real Kafka broker: `ppd topics create`, `ppd submit`, `ppd worker`
processes, `ppd alerts export`, against the embedded `ppd run` on the same traffic.

The shared store is chosen by PPD_TEST_CLUSTER_STORE (elasticsearch, the default, or sqlite: one
SQLite file shared by the worker processes). Every test uses its own topics, consumer group and
index prefix, so sessions and tests never see each other's data.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

import pytest
from kafka import KafkaProducer
from kafka.errors import KafkaError

from detector.ingest import Rejection, parse_notification
from detector.settings import Settings
from detector.store.factory import open_cluster_store
from streams.admin import admin_client, group_progress
from tests.integration.kafka_topics import read_topic

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "schemas" / "examples"  # published copies of the shared contract's examples
STORE = os.environ.get("PPD_TEST_CLUSTER_STORE", "elasticsearch")
NOT_UTF8 = b'{"schema_version": "1.0", "note": "\xff\xfe not UTF-8"}'
WAIT_S = 180


def base_env() -> dict[str, str]:
    """The environment without any PPD_ setting of the person running the tests."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PPD_")}


def ppd(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "detector.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout, check=False)


def signature(alerts: list[dict], active_only: bool = True) -> set[tuple]:
    """What must agree between cluster and embedded mode. Only the active alerts: with several
    partitions the arrival order differs from the file's, and which intermediate alerts were
    opened and withdrawn on the way depends on it (the final ones do not: order independence)."""
    return {(a["alert_id"], a["band"], a["status"], a["score"],
             tuple(sorted((p["state"], p["reference"], p.get("case_version")) for p in a["parties"])))
            for a in alerts if not (active_only and a["status"] == "withdrawn")}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


class Cluster:
    """One test's topics, group, store and worker processes."""

    def __init__(self, services, label: str, tmp: Path) -> None:
        name = f"ppdit-{services.session_id}-{label}"
        self.tmp = tmp
        self.env = {**base_env(),
                    "PPD_KAFKA_BOOTSTRAP": services.kafka_bootstrap,
                    "PPD_ELASTICSEARCH_URL": services.elasticsearch_url,
                    "PPD_TOPIC_NOTIFICATIONS": f"{name}.notifications",
                    "PPD_TOPIC_ALERTS": f"{name}.alerts",
                    "PPD_TOPIC_DEAD_LETTER": f"{name}.dead-letter",
                    "PPD_WORKER_GROUP": f"{name}-workers",
                    "PPD_INDEX_PREFIX": name,
                    "PPD_CLUSTER_STORE": STORE,
                    "PPD_DATA_DIR": str(tmp / "cluster-store"),
                    "PPD_WORKER_SESSION_TIMEOUT": "6"}
        self.settings = Settings(**{k.removeprefix("PPD_").lower(): v for k, v in self.env.items()
                                    if k.startswith("PPD_")})
        self.workers: dict[str, subprocess.Popen] = {}
        self.logs: list[Path] = []

    # ------------------------------------------------------------------ processes
    def ppd(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return ppd(*args, env=self.env, timeout=timeout)

    def start_worker(self, name: str) -> subprocess.Popen:
        log = self.tmp / f"{name}-{len(self.logs)}.log"
        self.logs.append(log)
        with log.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "detector.cli", "--log-level", "INFO", "worker"],
                                    cwd=ROOT, env={**self.env, "PPD_WORKER_ID": name},
                                    stdout=subprocess.DEVNULL, stderr=err)
        self.workers[name] = proc
        return proc

    def stop_worker(self, name: str, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
        proc = self.workers.pop(name)
        proc.send_signal(sig)
        return proc.wait(timeout=timeout)

    def log_tails(self, lines: int = 15) -> str:
        out = []
        for log in self.logs:
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            out.append(f"--- {log.name}\n" + "\n".join(tail))
        return "\n".join(out)

    def assignments(self) -> dict[str, list[int]]:
        """Each running worker's latest notifications partitions, from its "partitions assigned" log."""
        latest: dict[str, list[int]] = {}
        for log in self.logs:
            for line in log.read_text(errors="replace").splitlines():
                if '"partitions assigned"' in line:
                    event = json.loads(line)
                    latest[event["worker_id"]] = event["partitions"]
        return {name: latest[name] for name in self.workers if name in latest}

    def wait_for_assignment(self, names: list[str], timeout: float = 60) -> dict[str, list[int]]:
        """Until every named worker owns partitions and together they own all of them."""
        deadline = time.monotonic() + timeout
        while True:
            owned = self.assignments()
            everyone = all(owned.get(n) for n in names)
            parts = [p for n in names for p in owned.get(n, [])]
            if everyone and sorted(parts) == list(range(self.settings.notifications_partitions)):
                return owned
            assert time.monotonic() < deadline, f"no stable assignment: {owned}\n{self.log_tails()}"
            time.sleep(0.2)

    # ------------------------------------------------------------------ progress
    def progress(self) -> dict[int, tuple[int, int]]:
        return group_progress(self.settings, self.settings.worker_group, self.settings.topic_notifications)

    def wait_until_processed(self, records: int, timeout: float = WAIT_S) -> float:
        """Until the group committed all ``records`` and the outbox is empty; returns seconds waited."""
        start = time.monotonic()
        store = open_cluster_store(self.settings)
        try:
            while True:
                try:
                    progress = self.progress()
                except KafkaError as exc:  # a fresh broker elects the group coordinator lazily
                    if not getattr(exc, "retriable", False):
                        raise
                    assert time.monotonic() - start < timeout, f"Kafka kept answering {exc!r}"
                    time.sleep(1.0)
                    continue
                ends = sum(end for _, end in progress.values())
                done = ends == records and all(c == e for c, e in progress.values())
                if done and not store.unpublished_alerts(limit=1):  # only then: it refreshes ES
                    return time.monotonic() - start
                dead = {n: p.returncode for n, p in self.workers.items() if p.poll() is not None}
                assert not dead, f"workers exited: {dead}\n{self.log_tails()}"
                assert time.monotonic() - start < timeout, \
                    f"not processed within {timeout} s: {progress}, expected {records}\n{self.log_tails()}"
                time.sleep(1.0)
        finally:
            store.close()

    # ------------------------------------------------------------------ topics
    def read_topic(self, topic: str) -> list:
        return read_topic(self.settings.kafka_bootstrap, topic)

    def produce_raw(self, values: list[bytes]) -> None:
        """A state client that does not validate: records straight onto the notifications topic."""
        producer = KafkaProducer(bootstrap_servers=self.settings.kafka_bootstrap, acks="all")
        for value in values:
            producer.send(self.settings.topic_notifications, value=value)
        producer.flush(timeout=30)
        producer.close()

    def export(self) -> list[dict]:
        out = self.tmp / "export.jsonl"
        done = self.ppd("alerts", "export", "--output", str(out))
        assert done.returncode == 0, done.stderr
        return read_jsonl(out)

    def assert_alerts_topic_holds_latest(self, exported: list[dict]) -> None:
        latest: dict[str, dict] = {}
        for record in self.read_topic(self.settings.topic_alerts):  # offset order within each partition
            latest[record.key.decode()] = json.loads(record.value)
        assert set(latest) == {a["alert_id"] for a in exported}
        stale = [a["alert_id"] for a in exported if latest[a["alert_id"]] != a]
        assert not stale, f"the alerts topic does not end with the latest version of {stale[:5]}"

    def cleanup(self) -> None:
        for name in list(self.workers):
            self.stop_worker(name, signal.SIGKILL)
        s = self.settings
        with suppress(KafkaError), admin_client(s) as admin:  # best effort: the names are unique anyway
            admin.delete_topics([s.topic_notifications, s.topic_alerts, s.topic_dead_letter,
                                 f"{s.worker_group}-__assignor-__leader"], raise_errors=False)
            admin.delete_groups([s.worker_group])
        if STORE == "elasticsearch":
            from detector.store.elastic import ElasticStore

            store = ElasticStore(s.elasticsearch_url, s.index_prefix)
            store.drop_indices()
            store.close()


@pytest.fixture
def cluster(services, tmp_path, request):
    label = "-".join(request.node.name.split("_")[1:3])
    c = Cluster(services, label, tmp_path)
    yield c
    c.cleanup()


@pytest.fixture(scope="module")
def traffic(tmp_path_factory):
    """Simulated traffic and what the embedded `ppd run` makes of it."""
    tmp = tmp_path_factory.mktemp("traffic")
    sim = ppd("simulate", "--operations", "400", "--seed", "5", "--out", str(tmp / "sim"), env=base_env())
    assert sim.returncode == 0, sim.stderr
    source = tmp / "sim" / "notifications.jsonl"
    run = ppd("run", "--input", str(source), "--output", str(tmp / "embedded.jsonl"),
              "--dead-letter", str(tmp / "embedded-dead-letter.jsonl"), env=base_env())
    assert run.returncode == 0, run.stderr
    lines = source.read_text(encoding="utf-8").splitlines()
    invalid = [line for line in lines if line.strip() and isinstance(parse_notification(line), Rejection)]
    return {"source": source, "lines": lines, "invalid": invalid,
            "embedded": read_jsonl(tmp / "embedded.jsonl"),
            "dead_letter": [r["original"] for r in read_jsonl(tmp / "embedded-dead-letter.jsonl")]}


def test_parity_two_workers_give_the_embedded_alerts(cluster, traffic):
    created = cluster.ppd("topics", "create")
    assert created.returncode == 0, created.stderr
    assert created.stderr.count(": created") == 3
    again = cluster.ppd("topics", "create")
    assert again.returncode == 0 and again.stderr.count(": exists") == 3

    cluster.start_worker("w1")
    cluster.start_worker("w2")
    submitted = cluster.ppd("submit", "--input", str(traffic["source"]))
    assert submitted.returncode == 0, submitted.stderr
    valid = len([line for line in traffic["lines"] if line.strip()]) - len(traffic["invalid"])
    assert f"submitted {valid} notifications" in submitted.stderr
    assert f"invalid {len(traffic['invalid'])}" in submitted.stderr
    # Invalid records still arrive from clients that do not validate: the workers dead-letter them.
    cluster.produce_raw([line.encode() for line in traffic["invalid"]] + [NOT_UTF8])

    waited = cluster.wait_until_processed(valid + len(traffic["invalid"]) + 1)
    assert cluster.stop_worker("w1") == 0, cluster.log_tails()
    assert cluster.stop_worker("w2") == 0, cluster.log_tails()

    exported = cluster.export()
    assert signature(exported) == signature(traffic["embedded"])
    assert len(signature(exported)) > 50
    assert len({a["alert_id"] for a in exported}) == len(exported)
    cluster.assert_alerts_topic_holds_latest(exported)

    dead = [json.loads(r.value) for r in cluster.read_topic(cluster.settings.topic_dead_letter)]
    assert Counter(d["original"] for d in dead if d["original_encoding"] == "utf-8") == Counter(traffic["dead_letter"])
    (binary,) = [d for d in dead if d["original_encoding"] == "base64"]
    assert binary["reason"].startswith("not UTF-8")
    for d in dead:
        assert d["reason"] and isinstance(d["errors"], list)
        assert d["topic"] == cluster.settings.topic_notifications
        assert isinstance(d["partition"], int) and isinstance(d["offset"], int)
    print(f"\nparity ({STORE}): processed in {waited:.1f} s after submit")


def test_restart_after_sigkill_mid_stream(cluster, traffic):
    assert cluster.ppd("topics", "create").returncode == 0
    valid = len([line for line in traffic["lines"] if line.strip()]) - len(traffic["invalid"])
    cluster.start_worker("w1")
    cluster.start_worker("w2")
    owned = cluster.wait_for_assignment(["w1", "w2"])
    assert cluster.ppd("submit", "--input", str(traffic["source"])).returncode == 0

    # Kill w1 once it has committed part of its own partitions: the records it applied since its
    # last commit, and any apply it was in the middle of, go to whoever owns them next.
    deadline = time.monotonic() + WAIT_S
    while True:
        progress = cluster.progress()
        if any(progress[p][0] > 0 for p in owned["w1"]):
            break
        assert time.monotonic() < deadline, cluster.log_tails()
        time.sleep(0.05)
    assert cluster.stop_worker("w1", signal.SIGKILL) == -signal.SIGKILL
    assert any(progress[p][0] < progress[p][1] for p in owned["w1"]), f"w1 had finished: {progress}"
    time.sleep(1.0)
    cluster.start_worker("w1")

    cluster.wait_until_processed(valid)
    assert cluster.stop_worker("w1") == 0, cluster.log_tails()
    assert cluster.stop_worker("w2") == 0, cluster.log_tails()
    exported = cluster.export()
    ids = [a["alert_id"] for a in exported]
    assert len(ids) == len(set(ids))
    assert signature(exported) == signature(traffic["embedded"])
    cluster.assert_alerts_topic_holds_latest(exported)


def test_submit_reports_invalid_lines_and_sends_the_valid_ones(cluster):
    good = (EXAMPLES / "overlap-de-ua.jsonl").read_text(encoding="utf-8").splitlines()
    bad = (EXAMPLES / "invalid.jsonl").read_text(encoding="utf-8").splitlines()
    mixed = [good[0], bad[0], "this is not json", "", good[1], bad[2], good[2]]
    source = cluster.tmp / "mixed.jsonl"
    source.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    dead = cluster.tmp / "dead.jsonl"
    assert cluster.ppd("topics", "create").returncode == 0

    done = cluster.ppd("submit", "--input", str(source), "--dead-letter", str(dead))
    assert done.returncode == 0, done.stderr
    assert "line 2: does not follow case-notification v1: notification_id" in done.stderr
    assert "line 3: not valid JSON" in done.stderr
    assert "line 6: does not follow case-notification v1: case.state" in done.stderr
    assert "submitted 3 notifications" in done.stderr and "invalid 3" in done.stderr
    assert [r["line"] for r in read_jsonl(dead)] == [2, 3, 6]
    assert [r["original"] for r in read_jsonl(dead)] == [bad[0], "this is not json", bad[2]]

    records = cluster.read_topic(cluster.settings.topic_notifications)
    assert sorted(r.value.decode() for r in records) == sorted([good[0], good[1], good[2]])
    for r in records:
        case = json.loads(r.value)["case"]
        assert r.key.decode() == f"{case['state']}:{case['reference']}"


def test_submit_without_a_broker_fails_quickly(cluster, tmp_path):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**cluster.env, "PPD_KAFKA_BOOTSTRAP": f"127.0.0.1:{port}"}
    started = time.monotonic()
    done = ppd("submit", "--input", str(EXAMPLES / "overlap-de-ua.jsonl"), env=env, timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode != 0
    assert f"no Kafka broker reachable at 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 20, f"took {elapsed:.1f} s"
