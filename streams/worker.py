"""The cluster worker: a faust-streaming agent that runs the shared engine on the notifications topic.

Per record, in partition order, and only then is the record acknowledged (at-least-once):

1. ``process_message(engine, value)``: validate and apply (idempotent on notification_id, so a
   record delivered again after a crash or a rebalance is a harmless duplicate);
2. a rejected record goes to the dead-letter topic: reason, errors, original (text, or base64 when
   not UTF-8), topic, partition, offset;
3. when the record made new alert versions (or was a redelivery), the store's outbox goes to the
   alerts topic (key alert_id, value the alert JSON), each version marked published only after
   Kafka acknowledged it. A timer sweeps the outbox every few seconds for versions a crashed
   worker left unpublished.

Acknowledging: faust's default stream acks an event in a ``finally`` when the agent moves on, also
when the agent body raised or was cancelled, which would commit a record whose effects never
happened. The agent therefore iterates ``stream.noack()`` and acks explicitly after step 3; a
failing record is retried (with back-off) and never acked.

The engine is synchronous (SQLite, or the blocking Elasticsearch client): it runs in one worker
thread per process, so the event loop keeps heartbeating to the group coordinator while a record
is applied. Sends go through faust's own producer, on the loop, and the thread waits for the acks.

Outbox order: two workers publishing the same alert could race (A reads version 2, B writes and
publishes version 3, A's send of version 2 lands last and the compacted topic keeps it). Each
publishing pass therefore runs inside ``store.transaction()``, the store's apply lock (SQLite
``BEGIN IMMEDIATE``, the Elasticsearch lease lock): it reads, sends and marks with no apply or
other publisher in between, so the last message of an alert on the topic is its latest version.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from detector.disclosure import public_view
from detector.engine import Engine
from detector.processing import process_message
from detector.settings import Settings
from detector.store.base import Store

log = logging.getLogger(__name__)

OUTBOX_SWEEP_SECONDS = 5.0

# send(topic, key, value) -> a future resolved when the broker acknowledged the record
SendFn = Callable[[str, bytes | None, bytes], Future]


@dataclass(frozen=True)
class Where:
    topic: str
    partition: int
    offset: int
    key: bytes | None


def dead_letter_record(value: bytes, where: Where, rejection: dict) -> dict:
    """What a rejected record becomes on the dead-letter topic."""
    try:
        original, encoding = value.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        original, encoding = base64.b64encode(value).decode("ascii"), "base64"
    return {**rejection, "original": original, "original_encoding": encoding,
            "topic": where.topic, "partition": where.partition, "offset": where.offset}


class RecordProcessor:
    """The synchronous part of the agent: one record's effects, made durable before returning."""

    outbox_batch = 200

    def __init__(self, engine: Engine, store: Store, settings: Settings, send: SendFn) -> None:
        self.engine = engine
        self.store = store
        self.settings = settings
        self.send = send

    def handle(self, value: bytes | None, where: Where) -> str:
        raw = value or b""
        started = time.perf_counter()
        outcome = process_message(self.engine, raw)
        extra = {"topic": where.topic, "partition": where.partition, "offset": where.offset,
                 "outcome": outcome.kind, "case_key": outcome.case_key, "alerts": len(outcome.alerts),
                 "apply_ms": round((time.perf_counter() - started) * 1000, 1)}
        if outcome.kind == "rejected":
            record = dead_letter_record(raw, where, outcome.rejection.as_dict())
            self._wait(self.send(self.settings.topic_dead_letter, where.key,
                                 json.dumps(record, ensure_ascii=False).encode()))
            log.warning("record rejected to the dead letter", extra={**extra, "reason": outcome.rejection.reason})
        if outcome.alerts or outcome.kind == "duplicate":
            # New alert versions; or a redelivery, whose first attempt may have stopped before
            # publishing. Anything else left pending (another worker crashed) the timer sweeps.
            started = time.perf_counter()
            extra["published"] = self.publish_outbox()
            extra["publish_ms"] = round((time.perf_counter() - started) * 1000, 1)
        log.debug("record done", extra=extra)
        return outcome.kind

    def publish_outbox(self) -> int:
        """Send every unpublished alert version, then mark it published. Returns how many."""
        published = 0
        if not self.store.unpublished_alerts(limit=1):  # the common case, without taking the lock
            return 0
        while True:
            with self.store.transaction():  # the apply lock: see the module docstring
                entries = self.store.unpublished_alerts(limit=self.outbox_batch)
                pending = [(record, version, self.send(self.settings.topic_alerts, record.alert_id.encode(),
                                                       _public_bytes(record.body)))
                           for record, version in entries]
                for record, version, future in pending:
                    self._wait(future)
                    self.store.mark_published(record.alert_id, version)
            published += len(entries)
            if len(entries) < self.outbox_batch:
                if published:
                    log.debug("alerts published", extra={"count": published})
                return published

    def _wait(self, future: Future) -> None:
        future.result(timeout=self.settings.kafka_timeout)


class WorkerRuntime:
    """Bridges the agent (event loop) and the processor (one thread)."""

    def __init__(self, engine: Engine, store: Store, settings: Settings, producer_of: Callable) -> None:
        self.settings = settings
        self._producer_of = producer_of
        self._loop: asyncio.AbstractEventLoop | None = None
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ppd-engine")
        self.processor = RecordProcessor(engine, store, settings, self._send_from_thread)

    def _send_from_thread(self, topic: str, key: bytes | None, value: bytes) -> Future:
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(self._send(topic, key, value), self._loop)

    async def _send(self, topic: str, key: bytes | None, value: bytes):
        producer = self._producer_of()
        sent = await producer.send(topic, key, value, partition=None, timestamp=None, headers=None)
        return await sent

    async def handle(self, value: bytes | None, where: Where) -> None:
        """Run one record to completion; retried until it succeeds (never skipped, never acked early)."""
        self._loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            work = self._loop.run_in_executor(self.executor, self.processor.handle, value, where)
            try:
                await asyncio.shield(work)
                return
            except asyncio.CancelledError:
                # Stopping: let the thread finish its record (it is not acked: it comes again, a duplicate).
                await asyncio.wait([work], timeout=2 * self.settings.kafka_timeout)
                raise
            except Exception as exc:
                attempt += 1
                delay = min(30.0, 0.5 * 2 ** min(attempt, 6))
                log.error("record failed; retrying", exc_info=exc, extra={
                    "topic": where.topic, "partition": where.partition, "offset": where.offset,
                    "attempt": attempt, "retry_in_s": delay})
                await asyncio.sleep(delay)

    async def sweep_outbox(self) -> None:
        """Publish what is pending in the outbox, in the engine thread (between records)."""
        self._loop = asyncio.get_running_loop()
        try:
            await self._loop.run_in_executor(self.executor, self.processor.publish_outbox)
        except Exception as exc:  # the next sweep tries again
            log.error("outbox sweep failed", exc_info=exc)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def build_app(settings: Settings, runtime: WorkerRuntime, datadir: Path):
    """The faust app: id = consumer group shared by all workers, one agent on the notifications topic."""
    import faust

    session = settings.worker_session_timeout
    app = faust.App(
        settings.worker_group,
        broker=["kafka://" + s for s in settings.kafka_bootstrap.split(",") if s.strip()],
        broker_client_id=f"ppd-{settings.worker_id}",
        datadir=str(datadir),
        web_enabled=False,
        autodiscover=False,
        topic_partitions=settings.notifications_partitions,  # also faust's internal assignor topic
        consumer_auto_offset_reset="earliest",
        processing_guarantee="at_least_once",
        producer_acks=-1,
        # Group membership: a killed worker's partitions move after `session` seconds.
        broker_session_timeout=session,
        broker_heartbeat_interval=max(0.5, min(3.0, session / 4)),
        broker_rebalance_timeout=max(session * 2, 20.0),
        broker_commit_interval=1.0,
        stream_recovery_delay=0.2,  # faust sleeps this long after every rebalance before streaming
        # On revocation, wait until in-flight records are acked (and committed) before handing over.
        stream_wait_empty=True,
        worker_redirect_stdouts=False,
    )
    source = app.topic(settings.topic_notifications, key_type=bytes, value_type=bytes,
                       key_serializer="raw", value_serializer="raw")

    @app.agent(source, name="ppd.apply-notifications", concurrency=1)
    async def apply_notifications(stream):
        manual = stream.noack()
        async for event in manual.events():
            message = event.message
            await runtime.handle(event.value, Where(message.topic, message.partition, message.offset, message.key))
            await manual.ack(event)

    @app.on_partitions_assigned.connect
    async def on_assigned(sender, assigned, **kwargs) -> None:
        mine = sorted(tp.partition for tp in assigned if tp.topic == settings.topic_notifications)
        log.info("partitions assigned", extra={"worker_id": settings.worker_id,
                                               "topic": settings.topic_notifications, "partitions": mine})

    @app.timer(OUTBOX_SWEEP_SECONDS)
    async def sweep_outbox():
        await runtime.sweep_outbox()

    return app


def run_worker(settings: Settings) -> None:
    """Build the store, engine and app from ``settings`` and run until SIGTERM/SIGINT."""
    import faust

    from detector.store.factory import open_cluster_store
    from streams.admin import ensure_topics

    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("elastic_transport").setLevel(logging.WARNING)  # one INFO line per request
    ensure_topics(settings)  # idempotent; the alerts topic must be compacted before the first alert
    try:
        store = open_cluster_store(settings)
    except Exception as exc:
        raise RuntimeError(f"cannot open the cluster store ({settings.cluster_store}): {exc}") from exc
    engine = Engine(store, settings)
    app_box: list = []
    runtime = WorkerRuntime(engine, store, settings, producer_of=lambda: app_box[0].producer)
    with tempfile.TemporaryDirectory(prefix="ppd-faust-") as datadir:
        app = build_app(settings, runtime, Path(datadir))
        app_box.append(app)
        # Our JSON logging stays (override_logging=False); no banner, spinner or stdout capture.
        worker = faust.Worker(app, quiet=True, override_logging=False, redirect_stdouts=False)
        worker.spinner = None
        log.info("worker starting", extra={"worker_id": settings.worker_id, "group": settings.worker_group,
                                           "topic": settings.topic_notifications, "store": settings.cluster_store})
        try:
            worker.execute_from_commandline()  # returns by SystemExit once stopped
        finally:
            runtime.close()
            close = getattr(store, "close", None)
            if close is not None:
                close()
            log.info("worker stopped", extra={"worker_id": settings.worker_id})


def _public_bytes(body: str) -> bytes:
    """The alerts topic is read by every consumer: markings applied as for a non-party."""
    return json.dumps(public_view(json.loads(body)), ensure_ascii=False).encode()
