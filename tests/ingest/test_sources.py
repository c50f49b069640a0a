"""Every source family, detected by content: folders, globs, stdin, URLs, feeds, sitemaps, WARC, dumps."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import httpx
import pytest
from invented import page, story, web
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import IngestOptions, parse_field_map, read_sources
from eventwire.ingest.detect import Kind, detect_kind
from eventwire.model import Article, Reject

UTC = dt.UTC
PLUS2 = dt.timezone(dt.timedelta(hours=2))


def articles(items: list[Article | Reject]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def rejects(items: list[Article | Reject]) -> list[Reject]:
    return [item for item in items if isinstance(item, Reject)]


def rss(items: list[dict[str, str]]) -> str:
    body = "".join(
        "<item>"
        f"<title>{item['title']}</title><link>{item['link']}</link><pubDate>{item['date']}</pubDate>"
        + (f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if "content" in item else "")
        + f"<description>{item.get('summary', 'A short teaser.')}</description></item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment before the root -->\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>The Example Courier</title><link>https://news.example.org/</link>{body}</channel></rss>"
    )


@pytest.mark.parametrize(
    ("head", "name", "kind"),
    [
        (b"", "x", Kind.EMPTY),
        (b"   \n", "x", Kind.EMPTY),
        (b"\x1f\x8b\x08\x00", "x.txt", Kind.GZIP),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "x", Kind.WARC),
        (b'<?xml version="1.0"?><rss version="2.0"><channel>', "feed.txt", Kind.RSS),
        (b'<?xml version="1.0"?>\n<!-- x --><feed xmlns="http://www.w3.org/2005/Atom">', "x", Kind.ATOM),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "x.json", Kind.JSON_FEED),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "x", Kind.SITEMAP),
        (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "x", Kind.SITEMAP_INDEX),
        (b'{"text": "a"}\n{"text": "b"}\n', "dump.txt", Kind.JSONL),
        (b"id,text,date\n1,hello,2025\n", "dump.txt", Kind.CSV),
        (b"url\tbody\nx\ty\n", "dump.tsv", Kind.CSV),
        (b"<!doctype html><html><body><p>x</p>", "page.txt", Kind.HTML),
        (b"Officials said on Tuesday, in a statement, that talks would go on.\n", "a.html", Kind.TEXT),
        (b"https://news.example.org/a\n# a comment\nhttp://news.example.org/b?x=1\n", "urls.txt", Kind.URL_LIST),
        (b"See https://news.example.org/a for more.\n", "a.txt", Kind.TEXT),
        (b"Text, images and video of the march were posted online by residents.\nMore lines.\n", "a.txt", Kind.TEXT),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.txt", Kind.BINARY),
    ],
)
def test_detect_kind_by_content(head: bytes, name: str, kind: Kind) -> None:
    assert detect_kind(head, name) is kind


def test_folders_recursive_and_globs(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text(story(1))
    (tmp_path / "a" / "b" / "two.html").write_text(page(story(2)))
    (tmp_path / "a" / ".hidden.txt").write_text(story(3))
    (tmp_path / "a" / "store.sqlite").write_bytes(b"SQLite format 3\x00")
    found = list(read_sources([str(tmp_path / "a")]))
    assert [Path(item.source).name for item in found] == ["two.html", "one.txt"]  # sorted by path: b/ < one
    by_glob = list(read_sources([str(tmp_path / "a" / "**" / "*.html")]))
    assert [Path(item.source).name for item in by_glob] == ["two.html"]


def test_html_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(story(4), author="By Tobias Quarrendon"))
    (article,) = read_sources([str(path)])
    assert isinstance(article, Article)
    assert article.title == "Residents gather"
    assert article.outlet == "The Example Courier"
    assert article.authors == ("Tobias Quarrendon",)
    assert article.canonical_url == "https://news.example.org/2025/11/14/residents"
    assert article.published == dt.datetime(2025, 11, 14, 9, 30, tzinfo=PLUS2)
    assert article.published_source == "json-ld"
    assert article.language == "en"


@pytest.mark.parametrize(
    ("options", "published", "source"),
    [
        ({"json_ld_date": None, "meta_date": "2025-11-13T22:00:00-05:00"}, dt.datetime(2025, 11, 13, 22, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "article:published_time"),
        ({"json_ld_date": None, "time_date": "2025-11-12T08:15:00Z"}, dt.datetime(2025, 11, 12, 8, 15, tzinfo=UTC), "time-element"),
        ({"json_ld_date": None}, None, None),
    ],
)
def test_published_sources(tmp_path: Path, options: dict, published: dt.datetime | None, source: str | None) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(story(5), site_name=None, **options))
    (article,) = read_sources([str(path)])
    assert isinstance(article, Article)
    assert article.published == published and article.published_source == source
    assert article.outlet == "news.example.org"  # no site name: the host


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(story(6).encode())))
    (article,) = read_sources(["-"])
    assert isinstance(article, Article) and article.source == "-"


def test_article_url() -> None:
    fetcher, requested = web({"https://news.example.org/a": page(story(7), canonical=None)})
    (article,) = read_sources(["https://news.example.org/a"], fetcher=fetcher)
    assert isinstance(article, Article)
    assert article.url == "https://news.example.org/a" and article.outlet == "The Example Courier"
    assert requested == ["https://news.example.org/robots.txt", "https://news.example.org/a"]


def test_url_list(tmp_path: Path) -> None:
    path = tmp_path / "urls.txt"
    path.write_text("https://news.example.org/u1\n\n# skipped\nhttps://news.example.org/missing\n")
    fetcher, _ = web({"https://news.example.org/u1": page(story(41), canonical=None)})
    first, second = read_sources([str(path)], fetcher=fetcher)
    assert isinstance(first, Article) and first.url == "https://news.example.org/u1"
    assert isinstance(second, Reject) and second.reason == "fetch:http-404"


def test_rss_uses_full_content_and_fetches_the_rest(tmp_path: Path) -> None:
    full = "".join(f"<p>{paragraph}</p>" for paragraph in story(8, sentences=12).split("\n\n"))
    feed = rss(
        [
            {"title": "Full", "link": "https://news.example.org/full", "date": "Fri, 14 Nov 2025 06:30:00 +0100", "content": full},
            {"title": "Teaser", "link": "https://news.example.org/teaser", "date": "Fri, 14 Nov 2025 07:00:00 GMT"},
            {"title": "Teaser no date", "link": "https://news.example.org/nodate", "date": "Fri, 14 Nov 2025 08:00:00 GMT"},
        ]
    )
    path = tmp_path / "feed.xml"
    path.write_text(feed)
    fetcher, requested = web(
        {
            "https://news.example.org/teaser": page(story(9), json_ld_date="2025-11-14T06:59:00+00:00"),
            "https://news.example.org/nodate": page(story(10), json_ld_date=None, canonical=None),
        }
    )
    found = list(read_sources([str(path)], fetcher=fetcher))
    first, second, third = articles(found)
    assert "https://news.example.org/full" not in requested
    assert first.title == "Full" and first.outlet == "The Example Courier"
    assert first.published == dt.datetime(2025, 11, 14, 6, 30, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert first.published_source == "feed"
    assert second.published_source == "json-ld"  # the page's own markup wins over the feed date
    assert third.published == dt.datetime(2025, 11, 14, 8, 0, tzinfo=UTC) and third.published_source == "feed"
    assert third.url == "https://news.example.org/nodate"


def test_atom_and_json_feed(tmp_path: Path) -> None:
    content = "".join(f"<p>{p}</p>" for p in story(11, sentences=12).split("\n\n"))
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Courier</title>'
        '<entry><title>Atom item</title><link href="https://news.example.org/atom-1"/>'
        "<published>2025-11-14T10:00:00+03:00</published><author><name>Mirela Ashgrove</name></author>"
        f'<content type="html"><![CDATA[{content}]]></content></entry></feed>'
    )
    (tmp_path / "atom.xml").write_text(atom)
    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Courier",
        "items": [
            {"id": "1", "url": "https://news.example.org/json-1", "title": "JSON item", "content_text": story(12, sentences=12),
             "date_published": "2025-11-14T11:00:00-04:00", "authors": [{"name": "Dario Vellacott"}]}
        ],
    }
    (tmp_path / "feed.json").write_text(json.dumps(json_feed, indent=2))
    atom_article, json_article = articles(list(read_sources([str(tmp_path / "atom.xml"), str(tmp_path / "feed.json")])))
    assert atom_article.authors == ("Mirela Ashgrove",) and atom_article.outlet == "Atom Courier"
    assert atom_article.published == dt.datetime(2025, 11, 14, 10, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    assert "\n" in atom_article.text  # paragraphs kept
    assert json_article.authors == ("Dario Vellacott",) and json_article.url == "https://news.example.org/json-1"
    assert json_article.published == dt.datetime(2025, 11, 14, 11, tzinfo=dt.timezone(dt.timedelta(hours=-4)))


def test_sitemap_index_to_pages() -> None:
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
    index = f'<?xml version="1.0"?><sitemapindex {ns}><sitemap><loc>https://news.example.org/news.xml</loc></sitemap></sitemapindex>'
    news = (
        f'<?xml version="1.0"?><urlset {ns}><url><loc>https://news.example.org/s1</loc>'
        "<news:news><news:publication_date>2025-11-14T05:00:00+05:30</news:publication_date>"
        "<news:title>Sitemap title</news:title></news:news></url>"
        "<url><loc>https://news.example.org/s2</loc></url></urlset>"
    )
    fetcher, _ = web(
        {
            "https://news.example.org/sitemap.xml": httpx.Response(200, text=index),
            "https://news.example.org/news.xml": httpx.Response(200, text=news),
            "https://news.example.org/s1": page(story(13), json_ld_date=None, title="Page title"),
        }
    )
    found = list(read_sources(["https://news.example.org/sitemap.xml"], fetcher=fetcher))
    (article,) = articles(found)
    assert article.published == dt.datetime(2025, 11, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))
    assert article.published_source == "sitemap" and article.title == "Sitemap title"
    assert [(r.source, r.reason) for r in rejects(found)] == [("https://news.example.org/s2", "fetch:http-404")]


def write_warc(path: Path, records: list[tuple[str, str, bytes]], gzip_records: bool) -> None:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip_records)
        for url, content_type, body in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2025-11-14T12:00:00Z"},
            )
            writer.write_record(record)


@pytest.mark.parametrize("compressed", [False, True])
def test_warc(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    write_warc(
        path,
        [
            ("https://news.example.org/w1", "text/html; charset=utf-8", page(story(14), json_ld_date=None).encode()),
            ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"),
            ("https://news.example.org/w2", "text/html", page(story(15), canonical=None).encode()),
        ],
        compressed,
    )
    first, second = read_sources([str(path)])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.url == "https://news.example.org/w1"
    assert first.canonical_url == "https://news.example.org/2025/11/14/residents"
    assert first.published == dt.datetime(2025, 11, 14, 12, tzinfo=UTC) and first.published_source == "warc-date"
    assert second.published_source == "json-ld"


def test_jsonl_with_field_map_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"body": story(16), "date": "2025-11-14T06:30:00+01:00", "link": "https://news.example.org/j1",
                    "headline": "Mapped", "site": "Mapped Courier", "byline": "A, B"}),
        "{not json",
        json.dumps({"other": "no text"}),
        json.dumps({"body": story(17), "date": "last Tuesday"}),
        json.dumps({"body": story(18)}),
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(lines) + "\n")
    mapping = parse_field_map("text=body,published=date,url=link,title=headline,outlet=site,authors=byline")
    found = list(read_sources([str(path)], options=IngestOptions(field_map=mapping)))
    assert [type(item).__name__ for item in found] == ["Article", "Reject", "Reject", "Reject", "Article"]
    first = found[0]
    assert isinstance(first, Article)
    assert (first.title, first.outlet, first.url, first.authors) == ("Mapped", "Mapped Courier", "https://news.example.org/j1", ("A", "B"))
    assert first.published_source == "record"
    assert [(r.source, r.reason) for r in rejects(found)] == [
        (f"{path}:2", "bad-json"), (f"{path}:3", "bad-record"), (f"{path}:4", "bad-record"),
    ]


def test_csv_with_field_map(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "dump.csv"
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["link", "body", "date"])
        writer.writerow(["https://news.example.org/c1", story(19), "2025-11-14"])
        writer.writerow(["https://news.example.org/c2", "", "2025-11-14"])
    found = list(read_sources([str(path)], options=IngestOptions(field_map=parse_field_map("text=body,url=link,published=date"))))
    first, second = found
    assert isinstance(first, Article) and first.url == "https://news.example.org/c1"
    assert first.published == dt.datetime(2025, 11, 14, tzinfo=UTC)
    assert isinstance(second, Reject) and second.reason == "empty"
    # the row's first physical line: the header, then the first row's lines
    assert second.source.endswith(f":{1 + story(19).count(chr(10)) + 1 + 1}")


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"text": story(20)}) + "\n").encode()))
    (article,) = read_sources([str(path)])
    assert isinstance(article, Article)


@pytest.mark.parametrize(("spec", "message"), [("text", "field=column"), ("body=text", "unknown field")])
def test_bad_field_map(spec: str, message: str) -> None:
    from eventwire.errors import BadInputError

    with pytest.raises(BadInputError, match=message):
        parse_field_map(spec)
