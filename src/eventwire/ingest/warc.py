"""WARC and WARC.gz web archives (FastWARC): each HTTP response record holding HTML becomes an article."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from eventwire.ingest.article import Known
from eventwire.ingest.context import IngestContext
from eventwire.ingest.html import decode_html
from eventwire.model import Article, Reject

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"' ").lower()
    return None


class _CutTolerantStream:
    """Hands FastWARC the bytes up to a decompression error and remembers the error: FastWARC reads
    ahead in large blocks, so raising would lose the whole records already decompressed."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._position = 0
        self.error: Exception | None = None

    def tell(self) -> int:
        return self._position

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        pass

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        chunks: list[bytes] = []
        wanted = size if size >= 0 else 1 << 30
        # read1: one raw read at a time; a buffered read() drops the bytes it holds when a later raw read raises.
        read = getattr(self._stream, "read1", self._stream.read)
        try:
            while wanted > 0 and (chunk := read(min(wanted, 65536))):
                chunks.append(chunk)
                wanted -= len(chunk)
        except (EOFError, OSError, zlib.error) as error:
            self.error = error
        data = b"".join(chunks)
        self._position += len(data)
        return data


def read_warc(stream: IO[bytes], source: str, context: IngestContext) -> Iterator[Article | Reject]:
    """Articles of a WARC's response records with status 200 and an HTML body; other response records
    (images, scripts, errors) are not documents and are skipped; a broken HTML record is a Reject.
    Each result is held back until the next record starts: when the data is cut short, the last record
    may be partial, and it becomes a Reject instead of half an article."""
    tolerant = _CutTolerantStream(stream)
    held: Article | Reject | None = None
    for item in _records(tolerant, source, context):
        if held is not None:
            yield held
        held = item
    if tolerant.error is not None:
        where = held.source if held is not None else source
        yield Reject(where, "truncated", f"the archive is cut short or corrupt here ({tolerant.error})")
    elif held is not None:
        yield held
    else:
        # Not a silent skip: an archive that gave nothing says so (found by tests/reliability fuzzing).
        yield Reject(source, "empty", "the archive holds no HTML response record with status 200")


def _records(stream: _CutTolerantStream, source: str, context: IngestContext) -> Iterator[Article | Reject]:
    cap = context.options.max_document_bytes
    # stream_detect=False: the caller already undid gzip, so a cut .gz is seen by _CutTolerantStream.
    records = ArchiveIterator(
        stream, record_types=WarcRecordType.response, parse_http=True, stream_detect=False, auto_decode="all"
    )
    for record in records:
        url = record.headers.get("WARC-Target-URI") or None
        where = f"{source}#{url or record.record_id}"
        if not record.is_http or record.http_headers is None:
            yield Reject(where, "truncated", "a response record without a readable HTTP message")
            continue
        content_type = record.http_headers.get("Content-Type") or ""
        if record.http_headers.status_code != 200 or not content_type.lower().startswith(_HTML_TYPES):
            continue
        if record.content_length > cap:
            yield Reject(where, "too-large", f"{record.content_length} bytes, more than {cap}")
            continue
        body = record.reader.read()
        encoded = record.http_headers.get("Content-Encoding") or record.http_headers.get("Transfer-Encoding")
        if not encoded and len(body) < record.content_length:
            # An uncompressed WARC cut inside a record: FastWARC hands over the bytes that are there.
            yield Reject(where, "truncated", f"the record holds {len(body)} of {record.content_length} bytes")
            continue
        date = record.record_date
        if date is not None and date.tzinfo is None:
            date = date.replace(tzinfo=dt.UTC)
        known = Known(url=url, fallback_published=date, fallback_source="warc-date" if date else None)
        yield context.article(decode_html(body, _charset(content_type)), where, known)
