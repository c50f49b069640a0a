"""`eventwire export`: stream a store's filtered events into one of the export formats."""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from eventwire.errors import BadInputError
from eventwire.export.csv import write_csv
from eventwire.export.flat import write_flat_csv
from eventwire.export.geojson import write_geojson
from eventwire.export.parquet import write_parquet
from eventwire.export.plover import write_plover_jsonl
from eventwire.store import EventFilter, Store


class ExportFormat(StrEnum):
    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"
    parquet = "parquet"
    csv = "csv"


TEXT_WRITERS = {
    ExportFormat.acled_csv: write_csv,
    ExportFormat.plover_jsonl: write_plover_jsonl,
    ExportFormat.geojson: write_geojson,
    ExportFormat.csv: write_flat_csv,
}


def export_events(store: Store, event_filter: EventFilter, export_format: ExportFormat,
                  output: Path | None) -> int:
    """Write every event matching the filter (its ``limit`` ignored) to ``output`` or stdout; returns the count.

    Events stream from the database, so an export of any size runs in bounded memory. A file is written
    under a temporary name and renamed at the end, so a failed export never leaves half a file behind.
    """
    events = store.iter_events(event_filter)
    if export_format is ExportFormat.parquet:
        if output is None:
            raise BadInputError("parquet is a binary format: give a file with -o/--output")
        return _atomically(output, lambda path: write_parquet(events, path))
    writer = TEXT_WRITERS[export_format]
    if output is None:
        return writer(events, sys.stdout)

    def write_text(path: Path) -> int:
        with path.open("w", encoding="utf-8", newline="") as out:
            return writer(events, out)

    return _atomically(output, write_text)


def _atomically(output: Path, write: Callable[[Path], int]) -> int:
    if not output.parent.is_dir():
        raise BadInputError(f"cannot write {output}: folder {output.parent} does not exist")
    partial = output.with_name(output.name + ".partial")
    try:
        count = write(partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(output)
    return count
