"""Invented articles with hand-built events and quotes, shared by the store, export and serve tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eventwire.model import (
    AcledType,
    Actor,
    ActorRole,
    Article,
    ArticleResult,
    Casualties,
    Claim,
    ClaimStatus,
    DatePrecision,
    DateSource,
    EventMention,
    EventType,
    LocationPrecision,
    Place,
    Quote,
    QuoteKind,
    TextSpan,
    TimeExpr,
)
from eventwire.store.sqlite import SQLiteStore

STRIKE_TEXT = (
    "Reports indicate that aircraft struck a fuel depot near Caracas on Thursday night, "
    "leaving eleven people dead and four injured. "
    "\"We will answer this attack,\" said Mara Quintero, a spokeswoman for the invented Ministry of Ports."
)
PROTEST_TEXT = (
    "Hundreds of teachers marched through Maracaibo on Monday to demand unpaid wages. "
    "Police dispersed the march with tear gas, organisers said."
)
TALKS_TEXT = (
    "Delegates from Colombia met Venezuelan envoys in Bogota in October to discuss border crossings. "
    "The invented Union of Port Workers accused the envoys of stalling."
)


def span(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``phrase`` in ``text`` (the first occurrence at or after ``after``)."""
    start = text.index(phrase, after)
    return start, start + len(phrase)


def text_span(text: str, phrase: str) -> TextSpan:
    start, end = span(text, phrase)
    return TextSpan(phrase, start, end)


def sentence_of(text: str, phrase: str) -> TextSpan:
    start, _ = span(text, phrase)
    previous_stop = text.rfind(". ", 0, start)
    sentence_start = previous_stop + 2 if previous_stop >= 0 else 0
    sentence_end = text.index(".", start) + 1
    return TextSpan(text[sentence_start:sentence_end], sentence_start, sentence_end)


def place(text: str, phrase: str, name: str, country: str, admin1: str | None, lat: float | None,
          lon: float | None, precision: LocationPrecision, geonameid: int | None) -> Place:
    start, end = span(text, phrase)
    return Place(phrase, name, geonameid, country, admin1, lat, lon, precision, start, end)


def strike_result() -> ArticleResult:
    text = STRIKE_TEXT
    actor_start, actor_end = span(text, "aircraft")
    killed_start, killed_end = span(text, "eleven people dead and four injured")
    cue_start, cue_end = span(text, "Reports indicate")
    quote_start, quote_end = span(text, "We will answer this attack,")
    speaker_start, speaker_end = span(text, "Mara Quintero")
    date_start, date_end = span(text, "Thursday night")
    event = EventMention(
        id="strike-1",
        type=EventType.ASSAULT,
        mode="aerial",
        acled=AcledType("Explosions/Remote violence", "Air/drone strike"),
        trigger=text_span(text, "struck"),
        sentence=sentence_of(text, "struck"),
        actors=(Actor(ActorRole.SOURCE, "aircraft", "unidentified aircraft", None, "military",
                      actor_start, actor_end),),
        location=place(text, "Caracas", "Caracas", "VEN", "Distrito Capital", 10.49, -66.88,
                       LocationPrecision.CITY, 3646738),
        date=TimeExpr("Thursday night", dt.date(2025, 11, 13), DatePrecision.DAY, DateSource.TEXT,
                      date_start, date_end),
        fatalities=Casualties(11, 4, "eleven people dead and four injured", killed_start, killed_end),
        claim=Claim(ClaimStatus.REPORTED, "Reports indicate", (), cue_start, cue_end),
        confidence=0.8,
    )
    quote = Quote("Mara Quintero", "We will answer this attack,", quote_start, quote_end,
                  speaker_start, speaker_end, "said", QuoteKind.DIRECT)
    article = Article(
        id="article-strike", text=text, title="Depot struck near Caracas",
        url="https://news.example.org/depot-struck", outlet="Example Daily",
        published=dt.datetime(2025, 11, 14, 6, 30, tzinfo=dt.UTC), published_source="json-ld",
        language="en", source="tests",
    )
    return ArticleResult(article, (event,), (quote,))


def protest_result() -> ArticleResult:
    text = PROTEST_TEXT
    actor_start, actor_end = span(text, "teachers")
    police_start, police_end = span(text, "Police")
    date_start, date_end = span(text, "Monday")
    maracaibo = place(text, "Maracaibo", "Maracaibo", "VEN", "Zulia", 10.63, -71.64,
                      LocationPrecision.CITY, 3633009)
    protest = EventMention(
        id="protest-1",
        type=EventType.PROTEST,
        mode="demo",
        acled=AcledType("Protests", "Peaceful protest"),
        trigger=text_span(text, "marched"),
        sentence=sentence_of(text, "marched"),
        actors=(Actor(ActorRole.SOURCE, "teachers", "teachers", "VEN", "civilians", actor_start, actor_end),),
        location=maracaibo,
        date=TimeExpr("Monday", dt.date(2025, 11, 10), DatePrecision.DAY, DateSource.TEXT,
                      date_start, date_end),
        claim=Claim(ClaimStatus.CONFIRMED),
        confidence=0.7,
    )
    dispersal = EventMention(
        id="protest-2",
        type=EventType.COERCE,
        mode=None,
        acled=AcledType("Protests", "Excessive force against protesters"),
        trigger=text_span(text, "dispersed"),
        sentence=sentence_of(text, "dispersed"),
        actors=(Actor(ActorRole.SOURCE, "Police", "police", "VEN", "police", police_start, police_end),),
        location=maracaibo,
        date=TimeExpr("Monday", dt.date(2025, 11, 10), DatePrecision.DAY, DateSource.TEXT,
                      date_start, date_end),
        claim=Claim(ClaimStatus.CLAIMED, "organisers said", ("organisers",)),
        confidence=0.6,
    )
    article = Article(
        id="article-protest", text=text, title="Teachers march in Maracaibo",
        url="https://wire.example.org/teachers-march", outlet="Example Wire",
        published=dt.datetime(2025, 11, 11, 9, 0, tzinfo=dt.UTC), language="en",
    )
    return ArticleResult(article, (protest, dispersal), ())


def talks_result() -> ArticleResult:
    text = TALKS_TEXT
    source_start, source_end = span(text, "Delegates from Colombia")
    union_start, union_end = span(text, "The invented Union of Port Workers")
    date_start, date_end = span(text, "October")
    talks = EventMention(
        id="talks-1",
        type=EventType.CONSULT,
        mode="visit",
        acled=None,
        trigger=text_span(text, "met"),
        sentence=sentence_of(text, "met"),
        actors=(Actor(ActorRole.SOURCE, "Delegates from Colombia", "Colombia", "COL", "government",
                      source_start, source_end),),
        location=place(text, "Bogota", "Bogotá", "COL", "Bogota D.C.", 4.61, -74.08,
                       LocationPrecision.CITY, 3688689),
        date=TimeExpr("October", dt.date(2025, 10, 1), DatePrecision.MONTH, DateSource.TEXT,
                      date_start, date_end),
        confidence=0.9,
    )
    accusation = EventMention(
        id="talks-2",
        type=EventType.ACCUSE,
        mode="disapprove",
        acled=None,
        trigger=text_span(text, "accused"),
        sentence=sentence_of(text, "accused"),
        actors=(Actor(ActorRole.SOURCE, "The invented Union of Port Workers", "Union of Port Workers",
                      None, "business", union_start, union_end),),
        location=None,
        date=TimeExpr(None, dt.date(2025, 11, 2), DatePrecision.DAY, DateSource.PUBLISHED_FALLBACK,
                      None, None),
        confidence=0.55,
    )
    article = Article(
        id="article-talks", text=text, title="Border talks in Bogota", url=None, outlet="Example Post",
        published=dt.datetime(2025, 11, 2, 12, 0, tzinfo=dt.UTC), language="en",
    )
    return ArticleResult(article, (talks, accusation), ())


def sample_results() -> list[ArticleResult]:
    return [strike_result(), protest_result(), talks_result()]


#: Events with coordinates among `sample_results()` (the markers the map must draw).
EVENTS_WITH_COORDINATES = 4


def build_sample_store(path: Path) -> Path:
    with SQLiteStore(path) as store:
        for result in sample_results():
            assert store.add_result(result)
    return path
