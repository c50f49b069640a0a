"""JSONL and CSV dumps (one article per line or row), with a field map from the dump's columns to ours."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from eventwire.errors import BadInputError
from eventwire.ingest.article import Known
from eventwire.ingest.context import DUMP_FIELDS, IngestContext
from eventwire.ingest.text import parse_published
from eventwire.model import Article, Reject

# Rows may carry a whole article; csv's default 128 kB cell limit would reject long ones.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def parse_field_map(spec: str | None) -> dict[str, str]:
    """`text=body,published=date` -> {"text": "body", "published": "date"}; unknown fields are an error."""
    if not spec:
        return {}
    mapping: dict[str, str] = {}
    for part in spec.split(","):
        ours, sep, theirs = part.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not ours or not theirs:
            raise BadInputError(f"--map expects field=column pairs separated by commas, got {part!r}")
        if ours not in DUMP_FIELDS:
            raise BadInputError(f"--map: unknown field {ours!r}; fields are {', '.join(DUMP_FIELDS)}")
        mapping[ours] = theirs
    return mapping


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(name.strip() for name in value.replace(";", ",").split(",") if name.strip())
    if isinstance(value, list):
        return tuple(str(name).strip() for name in value if str(name).strip())
    return ()


def record_article(record: Any, where: str, context: IngestContext) -> Article | Reject:
    """One dump row (a dict) to an Article, reading the columns the field map names."""
    if not isinstance(record, dict):
        return Reject(where, "bad-record", "a dump line must be a JSON object")
    column = context.options.column
    text = record.get(column("text"))
    if not isinstance(text, str):
        return Reject(where, "bad-record", f"no string field {column('text')!r} (the article text; see --map)")
    published = None
    raw_published = record.get(column("published"))
    if isinstance(raw_published, str) and raw_published.strip():
        try:
            published = parse_published(raw_published)
        except BadInputError as error:
            return Reject(where, "bad-record", error.message)

    def optional(name: str) -> str | None:
        value = record.get(column(name))
        return value.strip() or None if isinstance(value, str) else None

    known = Known(
        title=optional("title"),
        outlet=optional("outlet"),
        url=optional("url"),
        authors=_authors(record.get(column("authors"))),
        published=published,
        published_source="record" if published else None,
        article_id=optional("id"),
    )
    return context.article(text, where, known)


def read_jsonl(stream: IO[bytes], source: str, context: IngestContext) -> Iterator[Article | Reject]:
    """One article per JSON line; a bad line becomes a Reject naming its line number, and reading goes on."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            yield Reject(where, "undecodable", f"line {number} is not UTF-8: {error.reason}")
            continue
        except (json.JSONDecodeError, RecursionError) as error:
            yield Reject(where, "bad-json", f"line {number}: {error}")
            continue
        yield record_article(record, where, context)


def read_csv(stream: IO[bytes], source: str, context: IngestContext) -> Iterator[Article | Reject]:
    """One article per CSV row (header row names the columns); comma, tab or semicolon separated."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    header = text.readline()
    try:
        dialect = csv.Sniffer().sniff(header, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    columns = next(csv.reader([header], dialect))
    if context.options.column("text") not in columns:
        yield Reject(source, "bad-csv", f"no column {context.options.column('text')!r} in the header (see --map)")
        return
    reader = csv.DictReader(text, fieldnames=columns, dialect=dialect)
    while True:
        where = f"{source}:{reader.line_num + 2}"  # +1 for the header, +1 to count from 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Reject(where, "bad-csv", str(error))
            return
        yield record_article(row, where, context)
