"""The ingest progress bar on stderr (rich): documents per second, articles, copies, rejects."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


@contextmanager
def ingest_progress(show: bool) -> Iterator[Callable[[str], None]]:
    """A callback for `pipeline.ingest(on_item=...)`; shows a live line on stderr when ``show``."""
    if not show:
        yield lambda kind: None
        return
    counts = {"article": 0, "copy": 0, "already": 0, "reject": 0}
    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} documents"),
        TextColumn("[cyan]{task.fields[speed_text]} docs/s"),
        TextColumn("{task.fields[summary]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=None, summary="", speed_text="0.0")

        def on_item(kind: str) -> None:
            counts[kind] = counts.get(kind, 0) + 1
            progress.advance(task)
            speed = progress.tasks[0].speed or 0.0
            progress.update(
                task,
                speed_text=f"{speed:.1f}",
                summary=(
                    f"{counts['article']} added, {counts['copy']} copies, {counts['already']} already stored, "
                    f"[red]{counts['reject']} rejected"
                ),
            )

        yield on_item
