"""Cluster-mode commands: `ppd topics create`, `ppd submit`, `ppd worker`, `ppd alerts export`.

Endpoints and names come from Settings (PPD_KAFKA_BOOTSTRAP, PPD_TOPIC_*, PPD_CLUSTER_STORE, ...).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from pydantic import ValidationError

from detector.settings import Settings


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:  # pydantic's message names the field and the rule
        raise click.UsageError(f"invalid settings: {exc}") from None


def _fail(message: str) -> click.ClickException:
    return click.ClickException(message)


def _quiet_kafka_python() -> None:
    """kafka-python logs every refused connection at ERROR; the commands report the outcome in one
    clear message instead. Its logs stay available with --log-level INFO or DEBUG."""
    if logging.getLogger().getEffectiveLevel() >= logging.WARNING:
        logging.getLogger("kafka").setLevel(logging.CRITICAL)


@click.group()
def topics() -> None:
    """Kafka topics of cluster mode."""


@topics.command("create")
def topics_create() -> None:
    """Create the notifications, alerts (compacted) and dead-letter topics; existing ones are kept."""
    from streams.admin import BrokerUnavailable, ensure_topics

    settings = _settings()
    _quiet_kafka_python()
    try:
        result = ensure_topics(settings)
    except (BrokerUnavailable, RuntimeError) as exc:
        raise _fail(str(exc)) from None
    for name, state in result.items():
        click.echo(f"{name}: {state}", err=True)


@click.command()
@click.option("--input", "input_path", required=True, help="JSON Lines notifications, or - for stdin.")
@click.option("--dead-letter", "dead_letter_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the invalid lines here (JSON Lines: line, reason, errors, original).")
def submit(input_path: str, dead_letter_path: Path | None) -> None:
    """Validate notifications and produce the valid ones to the notifications topic (key STATE:reference)."""
    from kafka.errors import KafkaError

    from detector.ingest import DeadLetterFile
    from streams.admin import BrokerUnavailable
    from streams.submit import open_producer, submit_lines

    settings = _settings()
    _quiet_kafka_python()
    if input_path == "-":
        source = sys.stdin.buffer
    else:
        p = Path(input_path)
        if not p.is_file():
            raise click.BadParameter(f"{input_path}: no such file", param_hint="--input")
        try:
            source = p.open("rb")
        except OSError as exc:
            raise click.BadParameter(f"{input_path}: {exc.strerror}", param_hint="--input") from None
    try:
        producer = open_producer(settings)
    except BrokerUnavailable as exc:
        raise _fail(str(exc)) from None

    def report(number: int, raw: bytes, rejection) -> None:
        click.echo(f"line {number}: {rejection.reason}", err=True)

    dead_letter = DeadLetterFile(dead_letter_path) if dead_letter_path else None
    try:
        stats = submit_lines(source, producer, settings, report, dead_letter,
                             source="stdin" if input_path == "-" else input_path)
    except (KafkaError, RuntimeError) as exc:
        raise _fail(f"submit stopped: {exc}") from None
    finally:
        producer.close(timeout=settings.kafka_timeout)
        if dead_letter is not None:
            dead_letter.close()
        if source is not sys.stdin.buffer:
            source.close()
    click.echo(
        f"submitted {stats.sent} notifications to {settings.topic_notifications}; invalid {stats.invalid}"
        + (f" -> {dead_letter_path}" if stats.invalid and dead_letter_path else ""), err=True)
    if stats.failed:
        raise _fail(f"{stats.failed} notifications were not acknowledged by the broker")


@click.command()
def worker() -> None:
    """Run a cluster worker (faust-streaming) until SIGTERM: apply notifications, publish alerts."""
    from streams.admin import BrokerUnavailable
    from streams.worker import run_worker

    settings = _settings()
    _quiet_kafka_python()  # used only to ensure the topics; the worker's own Kafka client is aiokafka
    try:
        run_worker(settings)
    except (BrokerUnavailable, RuntimeError) as exc:
        raise _fail(str(exc)) from None


@click.group()
def alerts() -> None:
    """Alerts in the cluster store."""


@alerts.command("export")
@click.option("--output", "output_path", required=True, help="Where to write every alert (JSON Lines), or -.")
def alerts_export(output_path: str) -> None:
    """Write every alert's current state from the cluster store, as `ppd run --output` does."""
    from detector.runner import write_alerts
    from detector.store.factory import open_cluster_store

    settings = _settings()
    if output_path == "-":
        out = sys.stdout
    else:
        p = Path(output_path)
        if not p.parent.exists():
            raise click.BadParameter(f"{output_path}: directory {p.parent} does not exist", param_hint="--output")
        out = p.open("w", encoding="utf-8")
    try:
        store = open_cluster_store(settings)
    except Exception as exc:  # noqa: BLE001 - any backend failure (refused, bad URL, auth) ends here, said plainly
        raise _fail(f"cannot open the cluster store ({settings.cluster_store}): {exc}") from None
    try:
        count = write_alerts(store, out)
    finally:
        if out is not sys.stdout:
            out.close()
        close = getattr(store, "close", None)
        if close is not None:
            close()
    click.echo(f"alerts {count}", err=True)

