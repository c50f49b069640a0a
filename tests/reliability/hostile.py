"""Hostile text for the extraction fuzzers: hypothesis strategies, pathological documents and the one
check every input must pass (used by tests/reliability and bench/reliability.py).

Every sentence here is invented (invented towns, people and outlets), as the data rules require.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from eventwire.errors import EventwireError
from eventwire.model import ArticleResult, Reject

#: Invented news sentences that trigger events, quotes, casualties, dates and claims.
NEWS = [
    "Police arrested 12 protesters in Varnholt on Tuesday after clashes near the market.",
    "Rebels shelled the town of Okaro on Monday, killing three civilians and injuring nine, officials said.",
    '"We will not leave," said Mara Elvane, a spokeswoman for the Varnholt dock workers.',
    "According to the ministry, an air strike hit a depot outside Tesmir overnight.",
    "Thousands marched through central Lindquay to demand the release of detained journalists.",
    "The army denied that its soldiers fired on the crowd, calling the reports false.",
    "A bomb exploded at a checkpoint in Brask on Friday, killing at least 14 people.",
    "Gunmen abducted two aid workers near Pell Crossing last week, the group claimed.",
]

#: Families of hostile characters; each is a list of strings a fuzzer mixes into news text.
FAMILIES: dict[str, list[str]] = {
    "rtl": [
        "\u0642\u0635\u0641 \u0627\u0644\u062c\u064a\u0634 \u0627\u0644\u0645\u062f\u064a\u0646\u0629",
        "\u05d4\u05de\u05e9\u05d8\u05e8\u05d4 \u05e2\u05e6\u05e8\u05d4",
        "\u202eevird eht dellehs srebeR\u202c",  # right-to-left override around Latin text
        "\u2067\u0645\u0642\u062a\u0644 3\u2069",
    ],
    "emoji": ["\U0001f4a5", "\U0001f1fa\U0001f1e6", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\u2764\ufe0f", "\U0001f3f3\ufe0f\u200d\U0001f308"],
    "zero_width": ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"],
    "combining": ["e\u0301", "a\u0308\u0304", "Z\u0351\u0352\u0357\u035b\u0346\u033e\u034a\u0310", "\u0301\u0301\u0301", "n\u0303"],
    "control": ["\x00", "\x07", "\x1b[31m", "\x7f", "\u2028", "\u2029", "\x85", "\r", "\t", "\x0b", "\x0c"],
    "surrogate": ["\ud800", "\udfff", "\udc80\udc81", "\ud83d"],
    "quotes": ['"', "\u201c", "\u201d", "\u00ab", "\u00bb", "'", "\u2018", "\u2019", '""""', "\u201c\u201c\u201c"],
    "numbers": ["0", "-1", "1e309", "99999999999999999999", "\u0663\u0664", "\u2167", "\u00bd", "12,000,000,000"],
}

NEWS_WORDS = sorted({word for sentence in NEWS for word in sentence.split()})


def hostile_texts(max_pieces: int = 40) -> st.SearchStrategy[str]:
    """News sentences, news words, hostile characters of every family and arbitrary unicode, mixed."""
    piece = st.one_of(
        st.sampled_from(NEWS),
        st.sampled_from(NEWS_WORDS),
        *(st.sampled_from(values) for values in FAMILIES.values()),
        st.text(max_size=30),
        st.sampled_from([" ", " ", "\n", "\n\n", ". ", ", "]),
    )
    return st.lists(piece, max_size=max_pieces).map("".join)


def family_texts(family: str) -> st.SearchStrategy[str]:
    """News sentences with characters of one family sprinkled between and inside words."""
    values = FAMILIES[family]
    word_or_char = st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(values), st.just(" "))
    sentence = st.lists(word_or_char, min_size=1, max_size=25).map(" ".join)
    return st.lists(st.one_of(sentence, st.sampled_from(NEWS)), min_size=1, max_size=6).map(" ".join)


def one_megabyte_paragraph() -> str:
    """One paragraph of about 1 MB: news sentences without a line break."""
    words = " ".join(NEWS)
    return (words + " ") * (1_000_000 // (len(words) + 1))


def ten_thousand_sentences() -> str:
    """10,000 short sentences on separate lines."""
    return "\n".join(f"{NEWS[i % len(NEWS)]}" for i in range(10_000))


def span_problems(result: ArticleResult) -> list[str]:
    """Every offset that does not point at its words in the stored text (empty when all hold)."""
    text = result.article.text
    problems: list[str] = []

    def check(kind: str, words: str | None, start: int | None, end: int | None, *, exact: bool = True) -> None:
        if start is None or end is None:
            return
        if not 0 <= start <= end <= len(text):
            problems.append(f"{kind}: {start}..{end} outside 0..{len(text)}")
        elif words is not None and exact and text[start:end] != words:
            problems.append(f"{kind}: text[{start}:{end}]={text[start:end]!r} != {words!r}")

    for event in result.events:
        check("trigger", event.trigger.text, event.trigger.start, event.trigger.end)
        check("sentence", event.sentence.text, event.sentence.start, event.sentence.end)
        for actor in event.actors:
            check("actor", actor.text, actor.start, actor.end)
        if event.location is not None:
            check("location", event.location.text, event.location.start, event.location.end)
        if event.date is not None:
            check("date", event.date.text, event.date.start, event.date.end)
        if event.fatalities is not None:
            # several casualty phrases are joined with "; " (nlp/extract.py): the span covers them all
            check("fatalities", event.fatalities.text, event.fatalities.start, event.fatalities.end, exact=False)
        check("claim", event.claim.cue, event.claim.start, event.claim.end, exact=False)
    for quote in result.quotes:
        check("quote", quote.text, quote.start, quote.end)
        check("speaker", None, quote.speaker_start, quote.speaker_end)
    return problems


def outcome_of(items: Iterable[Any]) -> str:
    """One word for what the pipeline made of an input; raises AssertionError on a broken result."""
    outcomes = []
    for item in items:
        if isinstance(item, Reject):
            assert item.reason != "pipeline-error", f"a bug became a Reject: {item.detail}"
            outcomes.append(f"reject:{item.reason.split(':')[0]}")
        else:
            assert isinstance(item, ArticleResult), type(item)
            problems = span_problems(item)
            assert not problems, problems
            outcomes.append("article")
    return ",".join(outcomes) or "nothing"


def run_text(pipeline: Any, text: str, source: str = "fuzz") -> str:
    """Ingest one text and run the pipeline on it; a typed error counts as an outcome, anything else raises."""
    from eventwire.ingest import build_article

    try:
        article = build_article(text, source)
        return outcome_of(pipeline.process([article]))
    except EventwireError as error:
        return f"error:{error.code}"


def run_bytes(pipeline: Any, data: bytes, folder: Any) -> str:
    """Write the bytes to a file, ingest it as a user would (detection, decoding) and run the pipeline."""
    from eventwire.ingest import read_sources

    path = folder / "fuzzed.txt"
    path.write_bytes(data)
    try:
        return outcome_of(pipeline.process(read_sources([str(path)])))
    except EventwireError as error:
        return f"error:{error.code}"


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Text encoded in ways that break naive decoders: lone surrogates in UTF-8 (CESU-8), NUL, other codecs."""
    encoded = st.tuples(hostile_texts(20), st.sampled_from(["utf-8", "utf-16", "utf-16-be", "cp1252", "latin-1", "utf-7"]))
    as_bytes = encoded.map(lambda pair: pair[0].encode(pair[1], errors="surrogatepass" if "utf" in pair[1] else "replace"))
    return st.one_of(
        as_bytes,
        st.binary(max_size=500),
        st.lists(st.one_of(st.sampled_from([s.encode() for s in NEWS]), st.sampled_from(
            [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\xc0\xaf", b"\xf4\x90\x80\x80"]
        )), max_size=12).map(b" ".join),
    )


_TOWNS = ["Varnholt", "Okaro", "Tesmir", "Lindquay", "Brask", "Pell Crossing", "Aldmere", "Sorvik", "Quenby", "Marrow Bay"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def invented_article(number: int) -> str:
    """A distinct invented news story (four sentences with events, casualties, a quote and a claim)."""
    town, other = _TOWNS[number % len(_TOWNS)], _TOWNS[(number * 7 + 3) % len(_TOWNS)]
    day = _DAYS[number % len(_DAYS)]
    killed, arrested = 2 + number % 17, 5 + number % 23
    return (
        f"Gunmen attacked a police post in {town} on {day}, killing {killed} officers, officials said. "
        f"Police later arrested {arrested} suspects in {other}, according to the interior ministry. "
        f'"We will find everyone responsible," said commander Irel Vask{number}, speaking in {town}. '
        f"Hundreds of residents marched through {other} on the following day to demand better protection."
    )


def invented_dump(path: Any, count: int, start: int = 0) -> None:
    """A JSON Lines dump of ``count`` invented stories, one article per line."""
    import json

    lines = (json.dumps({"text": invented_article(n), "outlet": "Courier Example"}) + "\n" for n in range(start, start + count))
    Path(path).write_text("".join(lines), encoding="utf-8")
