"""Topics and consumer-group lag through kafka-python's admin client (bounded by PPD_KAFKA_TIMEOUT)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from kafka import KafkaAdminClient, TopicPartition
from kafka.admin import OffsetSpec
from kafka.errors import KafkaError

from detector.settings import Settings

log = logging.getLogger(__name__)

TOPIC_ALREADY_EXISTS = 36  # Kafka protocol error code


class BrokerUnavailable(RuntimeError):
    """No Kafka broker answered at the configured bootstrap address in time."""


def bootstrap_servers(settings: Settings) -> list[str]:
    return [s.strip() for s in settings.kafka_bootstrap.split(",") if s.strip()]


def no_broker(settings: Settings, exc: Exception) -> BrokerUnavailable:
    return BrokerUnavailable(
        f"no Kafka broker reachable at {settings.kafka_bootstrap} within {settings.kafka_timeout:g} s "
        f"(PPD_KAFKA_BOOTSTRAP, PPD_KAFKA_TIMEOUT): {exc}")


@contextmanager
def admin_client(settings: Settings) -> Iterator[KafkaAdminClient]:
    timeout_ms = int(settings.kafka_timeout * 1000)
    try:
        client = KafkaAdminClient(bootstrap_servers=bootstrap_servers(settings),
                                  client_id=f"ppd-admin-{settings.worker_id}",
                                  bootstrap_timeout_ms=timeout_ms, request_timeout_ms=max(timeout_ms, 5000))
    except KafkaError as exc:
        raise no_broker(settings, exc) from None
    try:
        yield client
    finally:
        client.close()


def topic_specs(settings: Settings) -> dict[str, dict]:
    """What cluster mode needs: notifications (keyed by case), alerts (compacted, keyed by
    alert_id: the topic keeps each alert's latest version) and the dead letter (one partition,
    so rejections read back in the order they happened)."""
    partitions = settings.notifications_partitions
    return {
        settings.topic_notifications: {"num_partitions": partitions},
        settings.topic_alerts: {"num_partitions": partitions, "configs": {"cleanup.policy": "compact"}},
        settings.topic_dead_letter: {"num_partitions": 1},
    }


def ensure_topics(settings: Settings) -> dict[str, str]:
    """Create the three topics; existing ones are left as they are. Returns name -> created|exists."""
    specs = topic_specs(settings)
    with admin_client(settings) as admin:
        try:
            response = admin.create_topics(specs, timeout_ms=int(settings.kafka_timeout * 1000), raise_errors=False)
        except KafkaError as exc:
            raise no_broker(settings, exc) from None
    result = {}
    for topic in response["topics"]:
        code = topic["error_code"]
        if code == 0:
            result[topic["name"]] = "created"
        elif code == TOPIC_ALREADY_EXISTS:
            result[topic["name"]] = "exists"
        else:
            raise RuntimeError(f"cannot create topic {topic['name']}: {topic['error_message'] or code}")
    log.info("topics ensured", extra={"topics": result})
    return result


def group_progress(settings: Settings, group: str, topic: str) -> dict[int, tuple[int, int]]:
    """Per partition of ``topic``: (offset committed by consumer group ``group``, end offset).
    The difference is the group's lag: records not yet processed and committed."""
    with admin_client(settings) as admin:
        (described,) = admin.describe_topics([topic])
        partitions = [TopicPartition(topic, p["partition_index"]) for p in described["partitions"]]
        ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in partitions})
        committed = admin.list_group_offsets({group: partitions}).get(group, {})
    progress = {}
    for tp in partitions:
        done = committed.get(tp)
        progress[tp.partition] = (max(done.offset, 0) if done is not None else 0, ends[tp].offset)
    return dict(sorted(progress.items()))
