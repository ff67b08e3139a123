"""The embedded pipeline: JSON Lines in, engine, alerts out (what `ppd run` does)."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO

from detector.disclosure import public_view
from detector.engine import Engine
from detector.ingest import DeadLetterFile
from detector.processing import process_message
from detector.settings import Settings
from detector.store.sqlite import SqliteStore

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    lines: int = 0
    outcomes: Counter = field(default_factory=Counter)
    invalid: int = 0
    alerts_written: int = 0

    @property
    def processed(self) -> int:
        return sum(self.outcomes.values())


@contextmanager
def open_store(data_dir: Path | None) -> Iterator[SqliteStore]:
    """The embedded store in ``data_dir``, or in a temporary directory removed afterwards."""
    if data_dir is None:
        with TemporaryDirectory(prefix="ppd-") as tmp:
            store = SqliteStore(Path(tmp) / "ppd.sqlite3")
            try:
                yield store
            finally:
                store.close()
        return
    store = SqliteStore(Path(data_dir) / "ppd.sqlite3")
    try:
        yield store
    finally:
        store.close()


def process_lines(lines: Iterable[str], engine: Engine, dead_letter: DeadLetterFile,
                  stats: RunStats | None = None, source: str = "input") -> RunStats:
    """Validate and apply each line in order; rejected lines go to the dead letter with a reason."""
    stats = stats or RunStats()
    for number, line in enumerate(lines, start=1):
        stats.lines += 1
        if not line.strip():
            continue  # blank lines separate nothing in JSON Lines; they carry no message
        outcome = process_message(engine, line)
        if outcome.kind == "rejected":
            stats.invalid += 1
            dead_letter.write(line.rstrip("\n"), outcome.rejection, source=source, line=number)
            log.info("rejected", extra={"line": number, "reason": outcome.rejection.reason})
            continue
        stats.outcomes[outcome.kind] += 1
        stats.alerts_written += len(outcome.alerts)
    return stats


def write_alerts(store: SqliteStore, out: IO[str]) -> int:
    """Every alert's final state as JSON Lines (contract v1, as a non-party sees it), in alert_id order."""
    count = 0
    for record in store.iter_alerts():
        out.write(json.dumps(public_view(json.loads(record.body)), ensure_ascii=False) + "\n")
        count += 1
    return count


def run_file(lines: Iterable[str], settings: Settings, dead_letter: DeadLetterFile, out: IO[str]) -> tuple[RunStats, int]:
    with open_store(settings.data_dir) as store:
        engine = Engine(store, settings)
        stats = process_lines(lines, engine, dead_letter)
        written = write_alerts(store, out)
    return stats, written
