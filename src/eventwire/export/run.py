"""`eventwire export`: stream a store's filtered events into one of the export formats."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import BadInputError
from eventwire.export.citation import citation
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


#: Formats that carry the citation inside the file; CSV gets a sidecar (docs/versions.md).
CSV_FORMATS = {ExportFormat.acled_csv, ExportFormat.csv}


def pin_version(store: Store, event_filter: EventFilter) -> tuple[EventFilter, dict[str, Any]]:
    """The filter pinned to one version (the current one unless it asks for another) and the
    citation of that version: what is exported and what the export says it is cannot drift apart
    while writes go on. Outlet counts exist for now only, so a ``min_outlets`` filter is not pinned."""
    version = store.resolve_version(event_filter.as_of)
    info = store.version_info(version)
    if event_filter.min_outlets is None:
        event_filter = replace(event_filter, as_of=info["version"])
    return event_filter, citation(info["version"], info["at"], event_filter)


def sidecar_path(output: Path) -> Path:
    """Where a CSV export's citation goes: ``events.csv`` -> ``events.csv.citation.json``."""
    return output.with_name(output.name + ".citation.json")


def export_events(store: Store, event_filter: EventFilter, export_format: ExportFormat,
                  output: Path | None, on_citation: Callable[[str], None] | None = None) -> int:
    """Write every event matching the filter (its ``limit`` ignored) to ``output`` or stdout; returns the count.

    Events stream from the database, so an export of any size runs in bounded memory. A file is written
    under a temporary name and renamed at the end, so a failed export never leaves half a file behind.
    Every export names its version and carries a citation (in the file, or for CSV in a sidecar JSON
    file; ``on_citation`` gets the citation line of a CSV written to stdout).
    """
    event_filter, meta = pin_version(store, event_filter)
    events = store.iter_events(event_filter)
    if export_format is ExportFormat.parquet:
        if output is None:
            raise BadInputError("parquet is a binary format: give a file with -o/--output")
        return _atomically(output, lambda path: write_parquet(events, path, meta))
    if export_format in CSV_FORMATS:
        csv_writer = TEXT_WRITERS[export_format]

        def writer(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
            return csv_writer(rows, out)  # type: ignore[call-arg]
        if output is None and on_citation is not None:
            on_citation(meta["citation"])
    else:
        def writer(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
            return TEXT_WRITERS[export_format](rows, out, meta)  # type: ignore[call-arg]
    if output is None:
        return writer(events, sys.stdout)

    def write_text(path: Path) -> int:
        with path.open("w", encoding="utf-8", newline="") as out:
            return writer(events, out)

    count = _atomically(output, write_text)
    if export_format in CSV_FORMATS:
        sidecar = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
        _atomically(sidecar_path(output), lambda path: path.write_text(sidecar, encoding="utf-8"))
    return int(count)


def _atomically(output: Path, write: Callable[[Path], Any]) -> Any:
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
