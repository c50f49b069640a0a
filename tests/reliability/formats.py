"""One valid invented document per ingest format and the mutations the parser fuzzers apply to it
(truncation, random bytes, wrong encodings, deep nesting, huge attributes); shared by
tests/reliability/test_parser_fuzz.py and bench/reliability.py."""

from __future__ import annotations

import csv
import functools
import gzip
import io
import json
from collections.abc import Callable
from typing import Any

from hostile import invented_article
from hypothesis import strategies as st

from eventwire.errors import EventwireError
from eventwire.model import Article, Reject

STORY, OTHER = invented_article(1), invented_article(2)


def _html() -> bytes:
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in STORY.split(". "))
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>Post attacked in Okaro</title>"
        "<meta property='article:published_time' content='2025-03-04T08:00:00Z'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"2025-03-04\"}</script>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Post attacked</h1>{paragraphs}</article>"
        "<footer>Courier Example</footer></body></html>"
    ).encode()


def _rss() -> bytes:
    items = "".join(
        f"<item><title>Report {n}</title><link>https://news.example.org/{n}</link>"
        f"<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate><description><![CDATA[<p>{text}</p>]]></description>"
        f"<content:encoded><![CDATA[<p>{text} {text} {text}</p>]]></content:encoded></item>"
        for n, text in enumerate((STORY, OTHER))
    )
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Courier Example</title>'
            f"<link>https://news.example.org/</link>{items}</channel></rss>").encode()


def _atom() -> bytes:
    entries = "".join(
        f"<entry><title>Report {n}</title><id>urn:example:{n}</id><link href='https://news.example.org/{n}'/>"
        f"<updated>2025-03-04T08:00:00Z</updated><content type='html'>&lt;p&gt;{text} {text} {text}&lt;/p&gt;</content></entry>"
        for n, text in enumerate((STORY, OTHER))
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Courier Example</title><id>urn:example:feed</id><updated>2025-03-04T08:00:00Z</updated>{entries}</feed>").encode()


def _json_feed() -> bytes:
    items = [{"id": str(n), "url": f"https://news.example.org/{n}", "title": f"Report {n}",
              "content_text": f"{text} {text} {text}", "date_published": "2025-03-04T08:00:00Z"}
             for n, text in enumerate((STORY, OTHER))]
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Courier Example",
                       "items": items}).encode()


def _sitemap() -> bytes:
    urls = "".join(f"<url><loc>https://news.example.org/{n}</loc><lastmod>2025-03-04</lastmod></url>" for n in range(3))
    return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>").encode()


def _warc(compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for n, text in enumerate((STORY, OTHER)):
        body = f"<html><head><title>Report {n}</title></head><body><article><p>{text}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        # fixed id and date, so the same bytes every run (hypothesis draws cut points from their length)
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-00000000000{n}>",
                 "WARC-Date": "2025-03-04T08:00:00Z"}
        record = writer.create_warc_record(f"https://news.example.org/{n}", "response", payload=io.BytesIO(body),
                                           http_headers=headers, warc_headers_dict=fixed)
        writer.write_record(record)
    return out.getvalue()


def _jsonl() -> bytes:
    return "".join(json.dumps({"text": text, "title": f"Report {n}", "published": "2025-03-04"}) + "\n"
                   for n, text in enumerate((STORY, OTHER))).encode()


#: The CSV sample uses its own column names, read through a --map field mapping.
CSV_MAP = {"text": "body", "title": "headline", "published": "date"}


def _csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["headline", "date", "body"])
    for n, text in enumerate((STORY, OTHER)):
        writer.writerow([f"Report {n}", "2025-03-04", text])
    return out.getvalue().encode()


#: Each sample is made once, so hypothesis sees the same bytes across examples.
SAMPLES: dict[str, Callable[[], bytes]] = {
    "html": _html, "rss": _rss, "atom": _atom, "json-feed": _json_feed, "sitemap": _sitemap,
    "warc": lambda: _warc(False), "warc.gz": lambda: _warc(True), "jsonl": _jsonl,
    "jsonl.gz": lambda: gzip.compress(_jsonl()), "csv-mapped": _csv,
}


SAMPLES = {name: functools.cache(make) for name, make in SAMPLES.items()}


def _nest(sample: bytes, depth: int) -> bytes:
    """The sample wrapped in (or, for JSON, prefixed by) ``depth`` levels of nesting."""
    if sample[:1] in (b"{", b"["):
        return b"[" * depth + sample + b"]" * depth
    return b"<div>" * depth + sample + b"</div>" * depth


def _huge_attribute(sample: bytes, size: int) -> bytes:
    attribute = b' data-x="' + b"A" * size + b'"'
    cut = sample.find(b">", sample.find(b"<", 1))
    if cut < 0:
        return sample + b'{"x": "' + b"A" * size + b'"}'
    return sample[:cut] + attribute + sample[cut:]


def mutated(sample: bytes) -> st.SearchStrategy[tuple[str, bytes]]:
    """(mutation name, bytes): the sample cut short, with bytes flipped or inserted, re-encoded,
    deeply nested, or with a huge attribute."""
    size = len(sample)
    cut = st.integers(0, size).map(lambda at: ("truncated", sample[:at]))
    flips = st.lists(st.tuples(st.integers(0, max(size - 1, 0)), st.integers(0, 255)), min_size=1, max_size=20).map(
        lambda changes: ("bytes flipped", _flip(sample, changes)))
    inserted = st.tuples(st.integers(0, size), st.binary(min_size=1, max_size=200)).map(
        lambda pair: ("bytes inserted", sample[: pair[0]] + pair[1] + sample[pair[0]:]))
    recoded = st.sampled_from(["utf-16", "utf-16-be", "utf-32", "cp1252", "shift_jis", "koi8-r"]).map(
        lambda codec: (f"encoded as {codec}", sample.decode("utf-8", "replace").encode(codec, "replace")))
    nested = st.sampled_from([100, 1_000, 50_000]).map(lambda depth: (f"nested {depth} deep", _nest(sample, depth)))
    huge = st.sampled_from([100_000, 2_000_000]).map(lambda n: (f"{n:,}-byte attribute", _huge_attribute(sample, n)))
    return st.one_of(cut, flips, inserted, recoded, nested, huge)


def _flip(sample: bytes, changes: list[tuple[int, int]]) -> bytes:
    data = bytearray(sample)
    for at, value in changes:
        if data:
            data[at % len(data)] = value
    return bytes(data)


class NoNetwork:
    """A fetcher that refuses everything: a URL in a fuzzed feed or sitemap becomes a Reject."""

    def get(self, url: str) -> Any:
        from eventwire.errors import FetchError

        raise FetchError(f"{url}: no network in tests", "network")

    def get_many(self, urls: Any) -> Any:
        from eventwire.errors import FetchError

        for url in urls:
            yield url, FetchError(f"{url}: no network in tests", "network")

    def close(self) -> None:
        pass


def read_bytes(data: bytes, field_map: dict[str, str] | None = None) -> list[Article | Reject]:
    from eventwire.ingest.context import IngestContext, IngestOptions
    from eventwire.ingest.sources import read_document

    context = IngestContext(IngestOptions(field_map=dict(field_map or {})), fetcher=NoNetwork())  # type: ignore[arg-type]
    return list(read_document(lambda: io.BytesIO(data), "fuzz", context))


def parse_outcome(data: bytes, field_map: dict[str, str] | None = None) -> str:
    """What ingest made of these bytes: "articles" (one or more), "reject <first reason>", "error:<code>";
    any other exception propagates."""
    try:
        items = read_bytes(data, field_map)
    except EventwireError as error:
        return f"error:{error.code}"
    for item in items:
        assert isinstance(item, Article | Reject), type(item)
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip()
    if any(isinstance(item, Article) for item in items):
        return "articles"
    reasons = [item.reason.split(":")[0] for item in items if isinstance(item, Reject)]
    assert reasons, "a document gave neither an Article nor a Reject (a silent skip)"
    return f"reject {reasons[0]}"
