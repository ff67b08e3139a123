"""Progress for long runs: a rich bar on a terminal, nothing when piped."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator


def progress_lines(lines: Iterable[str], label: str) -> Iterator[str]:
    if not sys.stderr.isatty():
        yield from lines
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:>8} done"),
               TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task(label)
        for line in lines:
            yield line
            progress.advance(task)
