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

from detector.engine import Engine, NotificationConflict
from detector.ingest import DeadLetterFile, Rejection, parse_notification
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
        parsed = parse_notification(line)
        if isinstance(parsed, Rejection):
            stats.invalid += 1
            dead_letter.write(line.rstrip("\n"), parsed, source=source, line=number)
            log.info("rejected", extra={"line": number, "reason": parsed.reason})
            continue
        try:
            result = engine.apply(parsed)
        except NotificationConflict as exc:
            stats.invalid += 1
            dead_letter.write(line.rstrip("\n"), Rejection(f"conflict: {exc}"), source=source, line=number)
            continue
        stats.outcomes[result.outcome] += 1
        stats.alerts_written += len(result.alerts)
    return stats


def write_alerts(store: SqliteStore, out: IO[str]) -> int:
    """Every alert's final state as JSON Lines (contract v1), in alert_id order."""
    count = 0
    for record in store.iter_alerts():
        out.write(json.dumps(json.loads(record.body), ensure_ascii=False) + "\n")
        count += 1
    return count


def run_file(lines: Iterable[str], settings: Settings, dead_letter: DeadLetterFile, out: IO[str]) -> tuple[RunStats, int]:
    with open_store(settings.data_dir) as store:
        engine = Engine(store, settings)
        stats = process_lines(lines, engine, dead_letter)
        written = write_alerts(store, out)
    return stats, written
