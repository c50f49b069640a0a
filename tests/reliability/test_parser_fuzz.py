"""Every ingest parser on mutated valid documents (cut short, bytes flipped or inserted, other encodings,
deep nesting, huge attributes): only Articles, Rejects or typed errors, never an unhandled exception;
and hostile metadata (lone surrogates, NUL) is scrubbed before it reaches the store."""

from __future__ import annotations

import json

import pytest
from formats import CSV_MAP, SAMPLES, STORY, mutated, parse_outcome, read_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Article, ArticleResult
from eventwire.store import open_store

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _field_map(name: str) -> dict[str, str] | None:
    return CSV_MAP if name == "csv-mapped" else None


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_is_read(name: str) -> None:
    items = read_bytes(SAMPLES[name](), _field_map(name))
    if name == "sitemap":  # its pages would be fetched: with the network refused, each is a Reject
        assert items and not any(isinstance(item, Article) for item in items)
    else:
        assert any(isinstance(item, Article) for item in items), items


@pytest.mark.parametrize("name", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_mutated_samples(name: str, data: st.DataObject) -> None:
    sample = SAMPLES[name]()
    _, mutant = data.draw(mutated(sample))
    parse_outcome(mutant, _field_map(name))


@FUZZ
@given(title=st.text(max_size=40), outlet=st.text(max_size=40), url=st.text(max_size=40), author=st.text(max_size=20))
def test_hostile_metadata_is_stored(tmp_path_factory: pytest.TempPathFactory, title: str, outlet: str, url: str,
                                    author: str) -> None:
    # json.dumps writes a lone surrogate as a "\ud800" escape, which json.loads reads back as one
    record = {"text": STORY, "title": title + "\ud800", "outlet": "\x00" + outlet, "url": url, "authors": [author]}
    (article,) = read_bytes((json.dumps(record) + "\n").encode())
    assert isinstance(article, Article)
    with open_store(tmp_path_factory.mktemp("meta") / "store.sqlite") as store:  # type: ignore[attr-defined]
        assert store.add_result(ArticleResult(article, (), ()))
        stored = store.get_article(article.id)
    assert stored is not None and "\x00" not in (stored.get("outlet") or "")


@pytest.mark.parametrize("root", [b'<feed xmlns="http://www.w3.org/2005/Atom">', b'<rss version="2.0"><channel>'])
def test_a_stray_byte_in_the_encoding_declaration_is_a_bad_feed(root: bytes) -> None:
    # found by bench/reliability.py: feedparser raised UnicodeDecodeError from its own XML sniffing
    data = b'<?xml version="1.0" encoding="utf-\xd5"?>' + root + b"<title>x</title>"
    assert [(item.reason, isinstance(item, Article)) for item in read_bytes(data)] == [("bad-feed", False)]


def test_an_archive_without_html_pages_says_so() -> None:
    import io

    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    writer.write_record(writer.create_warc_record("https://news.example.org/logo.png", "resource",
                                                  payload=io.BytesIO(b"\x89PNG...")))
    items = read_bytes(out.getvalue())
    assert [(type(item).__name__, getattr(item, "reason", None)) for item in items] == [("Reject", "empty")]
