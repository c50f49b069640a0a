"""Sources (files, folders, globs, stdin, URLs) to Articles or Rejects, lazily, each read by what it holds."""

from __future__ import annotations

import datetime as dt
import glob
import gzip
import io
import logging
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from eventwire.errors import FetchError, IngestError, SourceNotFoundError
from eventwire.ingest.article import Known, make_article
from eventwire.ingest.context import IngestContext, IngestOptions
from eventwire.ingest.detect import FEEDS, HEAD_BYTES, SITEMAPS, Kind, detect_kind
from eventwire.ingest.dumps import read_csv, read_jsonl
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.fetch import Fetcher
from eventwire.ingest.html import decode_html
from eventwire.ingest.sitemaps import read_sitemap
from eventwire.ingest.text import decode_bytes
from eventwire.ingest.warc import read_warc
from eventwire.model import Article, Reject

logger = logging.getLogger(__name__)

STDIN = "-"
#: Kept for callers of the first version; the rule now lives in ArticleRules.min_words.
MIN_HTML_WORDS = 12
#: Files in a folder that are never news: our own databases and their journals.
_SKIPPED_SUFFIXES = {".sqlite", ".sqlite-wal", ".sqlite-shm", ".db", ".db-wal", ".db-shm", ".pyc"}
_GLOB_CHARS = set("*?[")

Opener = Callable[[], IO[bytes]]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _is_glob(source: str) -> bool:
    return bool(_GLOB_CHARS & set(source)) and not Path(source).exists()


def check_sources(sources: Sequence[str]) -> None:
    """Fail before reading anything when a named path does not exist or a glob matches nothing."""
    if not sources:
        raise SourceNotFoundError("no source given")
    for source in sources:
        if source == STDIN or is_url(source):
            continue
        if "://" in source:
            raise SourceNotFoundError(f"{source}: only http and https URLs are read")
        if _is_glob(source):
            if not glob.glob(source, recursive=True):
                raise SourceNotFoundError(f"{source}: the pattern matches no file")
        elif not Path(source).exists():
            raise SourceNotFoundError(f"{source}: no such file or directory")


def _files_under(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.is_file() and path.suffix.lower() not in _SKIPPED_SUFFIXES:
            yield path


def _paths(source: str) -> Iterator[Path]:
    if _is_glob(source):
        for name in sorted(glob.glob(source, recursive=True)):
            path = Path(name)
            yield from (_files_under(path) if path.is_dir() else [path])
        return
    path = Path(source)
    yield from (_files_under(path) if path.is_dir() else [path])


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
    """One Article from raw text or HTML plus metadata we already know (``published`` wins)."""
    known = Known(
        title=title, outlet=outlet, url=url, published=published, published_source=published_source,
        article_id=article_id,
    )
    return make_article(raw_text, source, known)


def read_document(
    opener: Opener, source: str, context: IngestContext, *, url: str | None = None, charset: str | None = None,
    size: int | None = None, depth: int = 0,
) -> Iterator[Article | Reject]:
    """Everything in one document (a file, stdin, a fetched body), read by what its first bytes hold."""
    head = b""
    try:
        with opener() as stream:
            # In small reads: a cut-short gzip raises on the read that reaches the cut, losing that read.
            while len(head) < HEAD_BYTES and (chunk := stream.read(4096)):
                head += chunk
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        if not head:
            yield Reject(source, "truncated", f"the compressed data is cut short or corrupt ({error})")
            return
    kind = detect_kind(head, source, context.options.column("text"))
    logger.debug("%s: %s", source, kind)
    if kind is Kind.GZIP:
        if depth > 0:
            yield Reject(source, "bad-gzip", "gzip inside gzip")
            return

        def inner() -> IO[bytes]:
            return gzip.GzipFile(fileobj=opener(), mode="rb")  # type: ignore[return-value]

        yield from read_document(inner, source, context, url=url, charset=charset, depth=depth + 1)
        return
    try:
        yield from _read_kind(kind, opener, source, context, url=url, charset=charset, size=size, head=head)
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        yield Reject(source, "truncated", f"the data is cut short or corrupt after some records ({error})")
    except OSError as error:
        # FastWARC reports a record it cannot parse as OSError
        yield Reject(source, "bad-archive", f"cannot read on: {error}")


def _read_kind(
    kind: Kind, opener: Opener, source: str, context: IngestContext, *, url: str | None, charset: str | None,
    size: int | None, head: bytes,
) -> Iterator[Article | Reject]:
    if kind is Kind.EMPTY:
        yield Reject(source, "empty", "the source holds no text")
        return
    if kind is Kind.BINARY:
        yield Reject(source, "binary", "looks like a binary file, not text or HTML")
        return
    if kind is Kind.WARC:
        with opener() as stream:
            yield from read_warc(stream, source, context)
        return
    if kind is Kind.JSONL:
        with opener() as stream:
            yield from read_jsonl(stream, source, context)
        return
    if kind is Kind.CSV:
        with opener() as stream:
            yield from read_csv(stream, source, context)
        return
    if kind is Kind.URL_LIST:
        with opener() as stream:
            yield from context.fetch_articles(_listed_urls(stream))
        return
    cap = context.options.max_document_bytes
    if size is not None and size > cap:
        yield Reject(source, "too-large", f"{size} bytes; one document may hold at most {cap} (max_document_bytes)")
        return
    with opener() as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        yield Reject(source, "too-large", f"more than {cap} bytes in one document (max_document_bytes)")
        return
    if kind in FEEDS:
        yield from read_feed(data, source, kind, context)
    elif kind in SITEMAPS:
        yield from read_sitemap(data, source, context)
    elif kind is Kind.HTML:
        yield context.article(decode_html(data, charset), source, Known(url=url))
    else:
        try:
            text = decode_bytes(data, source)
        except IngestError as error:
            reason = "binary" if "binary file" in error.message else "undecodable"
            yield Reject(source, reason, error.message)
            return
        yield context.article(text, source, Known(url=url))


def _listed_urls(stream: IO[bytes]) -> Iterator[tuple[str, Known]]:
    for raw in stream:
        line = raw.decode("utf-8", errors="replace").strip()
        if line and not line.startswith("#"):
            yield line, Known(url=line)


def read_url(url: str, context: IngestContext) -> Iterator[Article | Reject]:
    """A URL: an article page, a feed or a sitemap, told apart by the body."""
    try:
        page = context.fetcher.get(url)
    except FetchError as error:
        yield Reject(url, f"fetch:{error.reason}", error.message)
        return
    yield from read_document(lambda: io.BytesIO(page.content), url, context, url=page.url, charset=page.charset)


def read_sources(
    sources: Sequence[str],
    published: dt.datetime | None = None,
    *,
    options: IngestOptions | None = None,
    fetcher: Fetcher | None = None,
    skip_page: Callable[[str], bool] | None = None,
) -> Iterator[Article | Reject]:
    """Every Article (or Reject) in the given files, folders, globs, URLs and stdin ("-"), lazily, in order.

    ``skip_page(url)`` is asked before an article page listed by a feed, sitemap or URL list is fetched;
    True skips it (the caller has it stored already)."""
    check_sources(sources)
    if options is None:
        options = IngestOptions(published=published)
    elif published is not None and options.published is None:
        from dataclasses import replace

        options = replace(options, published=published)
    context = IngestContext(options, fetcher, skip_page)
    try:
        for source in sources:
            if source == STDIN:
                data = sys.stdin.buffer.read()
                yield from read_document(lambda data=data: io.BytesIO(data), STDIN, context, size=len(data))
                continue
            if is_url(source):
                yield from read_url(source, context)
                continue
            for path in _paths(source):
                try:
                    size = path.stat().st_size
                except OSError as error:
                    yield Reject(str(path), "unreadable", f"cannot read ({error.strerror})")
                    continue
                try:
                    yield from read_document(lambda path=path: path.open("rb"), str(path), context, size=size)
                except PermissionError as error:
                    yield Reject(str(path), "unreadable", f"cannot read ({error.strerror})")
    finally:
        context.close()
