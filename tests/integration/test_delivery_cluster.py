"""Delivery in cluster mode: the Elasticsearch ledger and per-state Kafka topics, on the real services."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest

from detector.delivery.config import Channels, StateChannels
from detector.delivery.deadlines import parse_time
from detector.delivery.ledger import DELIVERED, ESCALATION, open_ledger
from detector.delivery.ledger_elastic import ElasticLedger
from detector.delivery.loop import DeliveryLoop
from detector.delivery.tracking import tracking_for
from detector.service.context import open_context
from detector.settings import Settings
from streams.admin import admin_client
from tests.delivery_helpers import (
    RED_EMAIL,
    Clock,
    alerts_by_band,
    apply_all,
    check_ledger_rules,
    overlap_notifications,
)
from tests.integration.kafka_topics import read_topic

pytestmark = pytest.mark.integration


@pytest.fixture
def ledger(services, request):
    made = ElasticLedger(services.elasticsearch_url, f"dl-{services.session_id}-{request.node.name[-24:].lower()}")
    yield made
    made.drop_indices()
    made.close()


def test_ledger_indices_are_versioned_behind_aliases(ledger):
    for name in ("deliveries", "escalations", "delivery-progress"):
        assert list(ledger.es.indices.get_alias(name=ledger.alias(name))) == [f"{ledger.alias(name)}-v1"]


def test_elastic_ledger_keeps_the_delivery_rules(ledger):
    check_ledger_rules(ledger)


def test_cluster_delivery_to_per_state_topics_with_escalation_and_restart(services, tmp_path):
    tag = f"{services.session_id}-{int(time.time())}"
    topics = {"DE": f"ppd.test.{tag}.alerts.DE", "FR": f"ppd.test.{tag}.alerts.FR",
              "FR2": f"ppd.test.{tag}.duty.FR"}
    settings = Settings(
        elasticsearch_url=services.elasticsearch_url, kafka_bootstrap=services.kafka_bootstrap,
        index_prefix=f"dlc-{tag}", ack_deadline_minutes=60, custody_ack_deadline_minutes=15,
        channels={"DE": StateChannels(primary=Channels(kafka_topic=topics["DE"])),
                  "FR": StateChannels(primary=Channels(kafka_topic=topics["FR"]),
                                      secondary=Channels(kafka_topic=topics["FR2"]))})
    with admin_client(settings) as admin:
        admin.create_topics({name: {"num_partitions": 1} for name in topics.values()}, timeout_ms=10_000)
    clock = Clock()
    ctx = open_context(settings, tmp_path, cluster=True, now=clock)
    ledger = open_ledger(ctx.store, settings)
    assert isinstance(ledger, ElasticLedger) and ledger.prefix == settings.index_prefix
    try:
        apply_all(ctx, overlap_notifications(in_custody=True))
        (alert,) = alerts_by_band(ctx)["alert"]
        loop = DeliveryLoop(ctx, ledger)
        report = loop.run_once()
        assert (report.taken_up, report.delivered) == (1, 2)
        (fr,) = read_topic(settings.kafka_bootstrap, topics["FR"])
        (de,) = read_topic(settings.kafka_bootstrap, topics["DE"])
        assert fr.key.decode() == alert["alert_id"]
        assert dict(fr.headers)["Idempotency-Key"] == f"{alert['alert_id']}:1:FR".encode()
        assert RED_EMAIL not in fr.value.decode() and "a TLP:RED email matched" in fr.value.decode()
        assert RED_EMAIL in de.value.decode()  # DE sees the address under FR's GREEN marking
        assert "disclosure" not in fr.value.decode()

        with ctx.lock:
            ctx.engine.acknowledge(alert["alert_id"], "DE")
        alerted = parse_time(ledger.progress([alert["alert_id"]])[alert["alert_id"]].alerted_at)
        clock.set(alerted + timedelta(minutes=15, seconds=-1))  # custody: 15 minutes
        assert loop.run_once().escalated == []
        clock.set(alerted + timedelta(minutes=15, seconds=1))
        assert loop.run_once().escalated == [(alert["alert_id"], "FR")]
        (duty,) = read_topic(settings.kafka_bootstrap, topics["FR2"])
        assert dict(duty.headers)["Idempotency-Key"] == f"{alert['alert_id']}:2:FR:escalation".encode()
        assert json.loads(duty.value)["delivery"]["contact"] == "secondary"
        tracking = tracking_for(ledger, [alert["alert_id"]], settings, clock())[alert["alert_id"]]
        assert tracking["FR"]["escalated_at"] and tracking["FR"]["overdue"] and not tracking["DE"]["overdue"]
        purposes = {(d.version, d.state, d.purpose, d.status) for d in ledger.deliveries(alert["alert_id"])}
        assert (2, "FR", ESCALATION, DELIVERED) in purposes

        # a new process on the same cluster store sends nothing again
        counts = {name: len(read_topic(settings.kafka_bootstrap, topic)) for name, topic in topics.items()}
        loop.channels.close()
        ledger.close()
        ledger = ElasticLedger(settings.elasticsearch_url, settings.index_prefix)
        again = DeliveryLoop(ctx, ledger)
        clock.set(clock.moment + timedelta(hours=3))
        report = again.run_once()
        assert (report.delivered, report.escalated) == (0, [])
        assert {name: len(read_topic(settings.kafka_bootstrap, t)) for name, t in topics.items()} == counts
        again.channels.close()
    finally:
        ledger.drop_indices()
        ledger.close()
        ctx.store.drop_indices()
        ctx.accounts.drop_indices()
        ctx.close()
