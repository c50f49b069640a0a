"""Property tests: any bytes, in any of the formats we detect, give Articles or Rejects, never an exception."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.ingest import read_sources
from eventwire.ingest.context import IngestContext
from eventwire.ingest.sources import read_document
from eventwire.model import Article, Reject

PREFIXES = [
    b"",
    b"WARC/1.1\r\n",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">',
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"content_text": ',
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>',
    b'{"text": "',
    b"id,text,published\n1,",
    b"<!doctype html><html><head><meta charset='shift_jis'><title>",
    "Ünïcödé \u202e\u200b\U0001f600 text ".encode(),
]
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def documents(data: bytes) -> list[Article | Reject]:
    # no fetcher on purpose: a URL in fuzzed feeds or sitemaps must fail as a Reject, not reach a network
    context = IngestContext()
    context._fetcher = _NoNetwork()  # type: ignore[assignment]
    return list(read_document(lambda: io.BytesIO(data), "fuzz", context))


class _NoNetwork:
    def get(self, url: str) -> object:
        from eventwire.errors import FetchError

        raise FetchError(f"{url}: no network in tests", "network")

    def get_many(self, urls):  # type: ignore[no-untyped-def]
        from eventwire.errors import FetchError

        for url in urls:
            yield url, FetchError(f"{url}: no network in tests", "network")

    def close(self) -> None:
        pass


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=2000))
def test_any_bytes_after_a_format_prefix(prefix: bytes, body: bytes) -> None:
    for item in documents(prefix + body):
        assert isinstance(item, Article | Reject)


@FUZZ
@given(prefix=st.sampled_from(PREFIXES), text=st.text(max_size=1500))
def test_any_unicode_after_a_format_prefix(prefix: bytes, text: str) -> None:
    for item in documents(prefix + text.encode("utf-8", errors="surrogatepass")):
        assert isinstance(item, Article | Reject)
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip()


@FUZZ
@given(body=st.binary(max_size=3000), cut=st.integers(min_value=0, max_value=3000))
def test_cut_gzip(body: bytes, cut: int) -> None:
    data = gzip.compress(b'{"text": "' + body + b'"}\n')
    for item in documents(data[:cut]):
        assert isinstance(item, Article | Reject)


def test_files_of_every_prefix_through_read_sources(tmp_path: Path) -> None:
    for index, prefix in enumerate(PREFIXES):
        path = tmp_path / f"doc{index}"
        path.write_bytes(prefix + b"\xff\xfe garbage \x00 ]]> -->")
        for item in read_sources([str(path)], fetcher=_NoNetwork()):  # type: ignore[arg-type]
            assert isinstance(item, Article | Reject)
