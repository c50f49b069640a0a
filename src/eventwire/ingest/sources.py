"""Sources (files, folders, stdin, JSONL dumps) to Articles or Rejects, detected by content."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import IngestError, SourceNotFoundError
from eventwire.ingest.html import extract_html, looks_like_html
from eventwire.ingest.text import article_id_for, decode_bytes, normalize_text, parse_published
from eventwire.model import Article, Reject

logger = logging.getLogger(__name__)

STDIN = "-"
MIN_HTML_WORDS = 12
_SKIPPED_SUFFIXES = {".pyc", ".sqlite", ".db", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".zip", ".gz"}


def check_sources(sources: Sequence[str]) -> None:
    """Fail before reading anything when a named path does not exist."""
    if not sources:
        raise SourceNotFoundError("no source given")
    for source in sources:
        if source != STDIN and not Path(source).exists():
            raise SourceNotFoundError(f"{source}: no such file or directory")


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith(".") and path.suffix.lower() not in _SKIPPED_SUFFIXES:
            yield path


def build_article(
    raw_text: str,
    source: str,
    *,
    published: dt.datetime | None = None,
    published_source: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    article_id: str | None = None,
) -> Article | Reject:
    """One Article from raw text or HTML plus the metadata we already know; Reject when no text."""
    if not raw_text.strip():
        return Reject(source, "empty", "the source holds no text")
    if looks_like_html(raw_text):
        page = extract_html(raw_text, url=url)
        words = len(page.text.split())
        if words < MIN_HTML_WORDS:
            # Navigation and footers are not an article; trafilatura may still return their words.
            return Reject(source, "no-text", f"the HTML page has no article text ({words} words)")
        text = page.text
        title = title or page.title
        outlet = outlet or page.outlet
        url = url or page.url
        if published is None and page.published is not None:
            published, published_source = page.published, page.published_source
    else:
        text = raw_text
    text = normalize_text(text)
    if not text:
        return Reject(source, "empty", "the source holds no text")
    return Article(
        id=article_id or article_id_for(text),
        text=text,
        title=title,
        url=url,
        outlet=outlet,
        published=published,
        published_source=published_source if published else None,
        language=None,
        source=source,
    )


def _article_from_record(record: Any, source: str, published: dt.datetime | None) -> Article | Reject:
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        return Reject(source, "bad-record", "a JSONL line must be an object with a string 'text'")
    record_published, published_source = published, "cli" if published else None
    if published is None and isinstance(record.get("published"), str):
        record_published = parse_published(record["published"])
        published_source = "record"
    return build_article(
        record["text"],
        source,
        published=record_published,
        published_source=published_source,
        title=record.get("title"),
        outlet=record.get("outlet"),
        url=record.get("url"),
        article_id=record.get("id") if isinstance(record.get("id"), str) else None,
    )


def _looks_like_jsonl(text: str) -> bool:
    first = text.lstrip()[:1]
    return first == "{"


def read_text_source(raw_text: str, source: str, published: dt.datetime | None) -> Iterator[Article | Reject]:
    """Articles in one source's decoded text: a JSONL dump (one per line) or a single text/HTML article."""
    if _looks_like_jsonl(raw_text):
        for number, line in enumerate(raw_text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Reject(where, "bad-json", str(error))
                continue
            try:
                yield _article_from_record(record, where, published)
            except IngestError as error:
                yield Reject(where, "bad-record", error.message)
        return
    yield build_article(raw_text, source, published=published, published_source="cli" if published else None)


def read_sources(sources: Sequence[str], published: dt.datetime | None = None) -> Iterator[Article | Reject]:
    """Every Article (or Reject) in the given files, folders and stdin ("-"), in a stable order."""
    check_sources(sources)
    for source in sources:
        if source == STDIN:
            yield from read_text_source(decode_bytes(sys.stdin.buffer.read(), "stdin"), STDIN, published)
            continue
        path = Path(source)
        paths = list(_files_under(path)) if path.is_dir() else [path]
        for file_path in paths:
            try:
                data = file_path.read_bytes()
            except OSError as error:
                raise IngestError(f"{file_path}: cannot read ({error.strerror})") from error
            try:
                raw_text = decode_bytes(data, str(file_path))
            except IngestError as error:
                yield Reject(str(file_path), error.code, error.message)
                continue
            yield from read_text_source(raw_text, str(file_path), published)
