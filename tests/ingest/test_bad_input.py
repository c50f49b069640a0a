"""Bad input gives a Reject with a reason, never a traceback: truncation, malformed feeds, legacy
encodings, huge and empty files, binary files, paywall stubs, other languages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from invented import page, story

from eventwire.ingest import IngestOptions, read_sources
from eventwire.ingest.language import detect_language
from eventwire.model import Article, Reject

CASES = Path(__file__).parent / "language_cases.jsonl"


def only(items: list[Article | Reject]) -> Article | Reject:
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize("case", [json.loads(line) for line in CASES.read_text().splitlines()])
def test_language_detector_on_our_texts(case: dict[str, str]) -> None:
    assert detect_language(case["text"]).language == case["language"]


@pytest.mark.parametrize("case", [json.loads(line) for line in CASES.read_text().splitlines()])
def test_non_english_documents_are_rejected(tmp_path: Path, case: dict[str, str]) -> None:
    path = tmp_path / "doc.txt"
    # three copies: long enough for the length rule; the language rule is what is tested
    path.write_text(" ".join([case["text"]] * 3), encoding="utf-8")
    item = only(list(read_sources([str(path)])))
    if case["language"] == "en":
        assert isinstance(item, Article) and item.language == "en"
    else:
        assert isinstance(item, Reject) and item.reason == f"language:{case['language']}"


def test_truncated_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": story(seed)}) + "\n" for seed in range(40))
    data = gzip.compress(lines.encode())
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    found = list(read_sources([str(path)]))
    assert isinstance(found[-1], Reject) and found[-1].reason == "truncated"
    good = [item for item in found if isinstance(item, Article)]
    assert 0 < len(good) < 40
    assert all(item.text == " ".join(item.text.split(" ")) for item in good)  # every stored line was whole


@pytest.mark.parametrize("compressed", [True, False])
def test_truncated_warc(tmp_path: Path, compressed: bool) -> None:
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    for seed in range(5):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(f"https://news.example.org/t{seed}", "response",
                                      payload=io.BytesIO(page(story(seed), canonical=None).encode()), http_headers=headers)
        )
    data = buffer.getvalue()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - (200 if compressed else 1500)])
    found = list(read_sources([str(path)]))
    assert isinstance(found[-1], Reject) and found[-1].reason == "truncated"
    assert sum(isinstance(item, Article) for item in found) == 4


@pytest.mark.parametrize(
    "feed",
    [
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>x</ti',
        '{"version": "https://jsonfeed.org/version/1.1", "items": [',
        '<?xml version="1.0"?><rss version="2.0"><channel><title>No items</title></channel></rss>',
    ],
)
def test_malformed_feeds(tmp_path: Path, feed: str) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(feed)
    found = list(read_sources([str(path)]))
    assert all(isinstance(item, Reject) for item in found)
    reasons = {item.reason for item in found}
    assert reasons <= {"bad-feed", "empty"}
    if "No items" not in feed:
        assert "bad-feed" in reasons  # a broken feed says so, even when items were recovered


def test_malformed_sitemap(tmp_path: Path) -> None:
    path = tmp_path / "sitemap.xml"
    path.write_text('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http')
    found = list(read_sources([str(path)]))
    assert all(isinstance(item, Reject) for item in found)
    assert found[0].reason == "bad-sitemap"


def test_sitemap_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://news.example.org/secret")
    path = tmp_path / "sitemap.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&s;</loc></url></urlset>'
    )
    found = list(read_sources([str(path)]))
    assert not any("secret" in item.source for item in found)


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("windows-1252", "The café owner’s “fair price” pledge drew crowds – and critics – in Varnholt on Tuesday."),
        ("shift_jis", "Officials in Varnholt said the 東京 delegation arrived on Tuesday for talks on the toll bridge."),
    ],
)
def test_legacy_encoded_html(tmp_path: Path, encoding: str, text: str) -> None:
    body = text + "\n\n" + story(21)
    path = tmp_path / "legacy.html"
    path.write_bytes(page(body, charset=encoding).encode(encoding))
    item = only(list(read_sources([str(path)])))
    assert isinstance(item, Article)
    assert text in item.text


def test_fifty_megabyte_file_is_rejected_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = (story(22).replace("\n", " ") + "\n").encode()
    with path.open("wb") as stream:
        while stream.tell() < 50_000_000:
            stream.write(line * 100)
    item = only(list(read_sources([str(path)], options=IngestOptions())))
    assert isinstance(item, Reject) and item.reason == "too-large"


def test_fifty_megabyte_jsonl_is_streamed(tmp_path: Path) -> None:
    """A big dump is read line by line: the first article comes before the file is read through."""
    path = tmp_path / "huge.jsonl"
    line = (json.dumps({"text": story(23)}) + "\n").encode()
    with path.open("wb") as stream:
        while stream.tell() < 50_000_000:
            stream.write(line * 100)
    first = next(iter(read_sources([str(path)])))
    assert isinstance(first, Article)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"\n\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(128, 256)) * 40, "undecodable"),
        (b"Too short to be news.", "too-short"),
        (page("Subscribe to continue reading. Already a subscriber? Sign in to continue reading this story.").encode(), "paywall"),
        (page("Short teaser of a story about the bridge in Varnholt.", extra_head='<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>').encode(), "paywall"),
        (b"<html><body><nav>Home | World | Sport</nav><footer>Contact | About</footer></body></html>", "no-text"),
    ],
)
def test_documents_that_are_not_articles(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "doc"
    path.write_bytes(content)
    item = only(list(read_sources([str(path)])))
    assert isinstance(item, Reject) and item.reason == reason, item


DUTCH = (
    "De burgemeester van de stad zei dat het een moeilijke dag is geweest voor de inwoners en dat de brug"
    " gesloten is. Het was een lange nacht voor de brandweer, die pas in de ochtend klaar was met het werk"
    " aan de oever van de rivier en de kade bij het oude station."
)
GERMAN = (
    "Der Bürgermeister sagte am Dienstag, was die Stadt jetzt braucht, ist eine neue Brücke über den Fluss,"
    " und die Arbeiten sollen im Frühjahr beginnen. Die Gewerkschaft der Hafenarbeiter hat den Plan begrüßt,"
    " fordert aber mehr Geld für die Beschäftigten am Hafen und eine Zusage der Regierung."
)


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ((Path(__file__).parent / "data" / "syndication" / "wire.txt").read_text(), True),
        (story(40), True),
        (DUTCH, False),
        (GERMAN, False),
    ],
)
def test_fast_english_path(text: str, english: bool) -> None:
    from eventwire.ingest.language import clearly_english

    assert clearly_english(text) is english
