"""Parquet export (pyarrow): the flat columns of export/flat.py with real types, written in row groups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwire.export.flat import FLAT_COLUMNS, flat_row

#: Events per row group: bounds memory while streaming from the store.
BATCH_SIZE = 5000


def _arrow_schema() -> Any:
    import pyarrow as pa

    kinds = {"text": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "datetime": pa.timestamp("s", tz="UTC")}
    return pa.schema([pa.field(name, kinds[kind]) for name, kind in FLAT_COLUMNS.items()])


def _typed(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value).astimezone(dt.UTC)
    return value


def write_parquet(events: Iterable[dict[str, Any]], path: Path, meta: dict[str, Any] | None = None) -> int:
    """Write the events to a Parquet file at ``path``; returns the number of rows. ``meta`` goes in the
    file's key-value metadata: ``eventwire.citation`` (the line) and ``eventwire.meta`` (JSON)."""
    import json

    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    if meta is not None:
        schema = schema.with_metadata({
            "eventwire.citation": meta["citation"], "eventwire.version": str(meta["version"]),
            "eventwire.meta": json.dumps(meta, ensure_ascii=False, sort_keys=True),
        })
    written = 0
    columns: dict[str, list[Any]] = {name: [] for name in FLAT_COLUMNS}

    def flush(writer: Any) -> None:
        writer.write_table(pa.Table.from_pydict(columns, schema=schema))
        for values in columns.values():
            values.clear()

    with pq.ParquetWriter(str(path), schema) as writer:
        for event in events:
            for name, value in flat_row(event).items():
                columns[name].append(_typed(FLAT_COLUMNS[name], value))
            written += 1
            if written % BATCH_SIZE == 0:
                flush(writer)
        if columns["id"] or written == 0:
            flush(writer)
    return written
