"""What a document is, from its first bytes (and its name only to break ties): feed, sitemap, WARC, dump, page."""

from __future__ import annotations

import json
import re
from enum import StrEnum

from eventwire.ingest.html import looks_like_html

#: Bytes read to decide; enough for an XML prolog with comments and a long CSV header.
HEAD_BYTES = 65536

_URL_LINE = re.compile(r"^https?://\S+$")
_XML_ROOT = re.compile(r"<(?!\?|!)([A-Za-z_][\w.:-]*)")


class Kind(StrEnum):
    EMPTY = "empty"
    BINARY = "binary"
    GZIP = "gzip"
    WARC = "warc"
    RSS = "rss"
    ATOM = "atom"
    JSON_FEED = "json-feed"
    SITEMAP = "sitemap"
    SITEMAP_INDEX = "sitemap-index"
    JSONL = "jsonl"
    CSV = "csv"
    URL_LIST = "url-list"
    HTML = "html"
    TEXT = "text"


FEEDS = {Kind.RSS, Kind.ATOM, Kind.JSON_FEED}
SITEMAPS = {Kind.SITEMAP, Kind.SITEMAP_INDEX}


def _xml_root(text: str) -> str | None:
    """The root element's local name, skipping the prolog, comments and doctype."""
    body = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    match = _XML_ROOT.search(body)
    return match.group(1).split(":")[-1].lower() if match else None


def _csv_header(first_line: str, name: str, text_column: str) -> bool:
    for delimiter in (",", "\t", ";"):
        cells = [cell.strip().strip('"').lower() for cell in first_line.split(delimiter)]
        # Header cells are short names; a sentence that starts "Text, images and ..." is not a header.
        if len(cells) < 2 or not all(0 < len(cell) <= 40 for cell in cells):
            continue
        if text_column.lower() in cells or name.lower().endswith((".csv", ".tsv")):
            return True
    return False


def detect_kind(head: bytes, name: str = "", text_column: str = "text") -> Kind:
    """The kind of a document from its first `HEAD_BYTES` bytes."""
    if not head.strip():
        return Kind.EMPTY
    if head[:2] == b"\x1f\x8b":
        return Kind.GZIP
    if head.startswith(b"WARC/"):
        return Kind.WARC
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return Kind.HTML if b"<\x00h\x00t\x00m\x00l" in head.lower() else Kind.TEXT
    if b"\x00" in head[:8192]:
        return Kind.BINARY
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith(("{", "[")):
        if re.search(r'"version"\s*:\s*"https?://jsonfeed\.org/version/', text[:4096]):
            return Kind.JSON_FEED
        first_line = text.split("\n", 1)[0]
        try:
            json.loads(first_line)
            return Kind.JSONL
        except (json.JSONDecodeError, RecursionError):  # "[[[[..." thousands deep: still a dump to report on
            # A pretty-printed JSON document (or a truncated first line): read as a dump, it reports lines.
            return Kind.JSONL
    if text.startswith("<"):
        root = _xml_root(text[:8192])
        if root in ("rss", "rdf"):
            return Kind.RSS
        if root == "feed":
            return Kind.ATOM
        if root == "urlset":
            return Kind.SITEMAP
        if root == "sitemapindex":
            return Kind.SITEMAP_INDEX
    if looks_like_html(text):
        return Kind.HTML
    # Every line a URL (the last may be cut by the head's end): a list of pages to fetch.
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if lines and all(_URL_LINE.match(line) for line in lines[:-1]) and lines[-1].startswith(("http://", "https://")):
        return Kind.URL_LIST
    first_line = text.split("\n", 1)[0]
    if "\n" in text and _csv_header(first_line, name, text_column):
        return Kind.CSV
    return Kind.TEXT
