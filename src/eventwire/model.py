"""Frozen records exchanged between pipeline stages, and the enums they use.

Imports nothing from the package. Every record that points at words in an article carries
``start``/``end`` character offsets into ``Article.text`` (the stored text, after HTML extraction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class EventType(StrEnum):
    """The 16 PLOVER event types (PLOVER manual, 2024)."""

    ACCUSE = "ACCUSE"
    AGREE = "AGREE"
    AID = "AID"
    ASSAULT = "ASSAULT"
    COERCE = "COERCE"
    CONCEDE = "CONCEDE"
    CONSULT = "CONSULT"
    COOPERATE = "COOPERATE"
    MOBILIZE = "MOBILIZE"
    PROTEST = "PROTEST"
    REJECT = "REJECT"
    REQUEST = "REQUEST"
    RETREAT = "RETREAT"
    SANCTION = "SANCTION"
    SUPPORT = "SUPPORT"
    THREATEN = "THREATEN"


#: PLOVER modes allowed for each event type (exact names from the manual).
MODES_BY_TYPE: dict[EventType, tuple[str, ...]] = {
    EventType.AGREE: (),
    EventType.CONSULT: ("visit", "third-party", "multilateral", "phone"),
    EventType.SUPPORT: (),
    EventType.CONCEDE: (),
    EventType.COOPERATE: (),
    EventType.AID: (),
    EventType.RETREAT: ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    EventType.REQUEST: ("assist", "change", "yield", "meet"),
    EventType.ACCUSE: ("disapprove", "investigate", "allege"),
    EventType.REJECT: ("assist", "change", "yield", "meet"),
    EventType.THREATEN: ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    EventType.SANCTION: ("convict", "expel", "withdraw", "discontinue"),
    EventType.PROTEST: ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    EventType.MOBILIZE: ("troops", "weapons", "police", "militia"),
    EventType.COERCE: (
        "seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
        "misinformation", "cyber",
    ),
    EventType.ASSAULT: (
        "abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
        "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
        "unconventional",
    ),
}


class LocationPrecision(StrEnum):
    POINT = "point"
    CITY = "city"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"
    REGION = "region"


class DatePrecision(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class DateSource(StrEnum):
    TEXT = "text"
    PUBLISHED_FALLBACK = "published_fallback"


class ClaimStatus(StrEnum):
    CONFIRMED = "confirmed"
    REPORTED = "reported"
    CLAIMED = "claimed"
    ALLEGED = "alleged"
    DENIED = "denied"
    UNCONFIRMED = "unconfirmed"


class ActorRole(StrEnum):
    SOURCE = "source"
    TARGET = "target"


class QuoteKind(StrEnum):
    DIRECT = "direct"
    PARTIAL = "partial"
    INDIRECT = "indirect"


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Words in the article: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named or temporal expression found by NLP, before resolution (label: GPE, LOC, DATE ...)."""

    text: str
    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class Article:
    """One news report as stored: the text every offset points into, plus its metadata."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: dt.datetime | None = None
    published_source: str | None = None  # which metadata gave `published` (e.g. "json-ld", "cli")
    language: str | None = None
    source: str | None = None  # where it came from: a path, "-" (stdin), a URL
    authors: tuple[str, ...] = ()
    canonical_url: str | None = None  # the page's own <link rel=canonical> / og:url
    copy_of: str | None = None  # id of the article this one is a syndicated near-copy of


@dataclass(frozen=True, slots=True)
class ArticleKeys:
    """Dedup keys of an article (made by ingest/dedup.py), stored with it so later runs find copies."""

    text_hash: str | None = None  # hash of the normalized words
    url_key: str | None = None  # normalized canonical (else fetched) URL
    signature: bytes | None = None  # MinHash of the word shingles


@dataclass(frozen=True, slots=True)
class AcledType:
    event_type: str
    sub_event_type: str | None


@dataclass(frozen=True, slots=True)
class Actor:
    role: ActorRole
    text: str
    name: str
    country: str | None  # ISO 3166-1 alpha-3
    sector: str | None  # government, military, police, rebels, ... (DESIGN.md)
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor as the text names it, before coding (NLP output, resolve/actors.py input)."""

    role: ActorRole
    text: str
    start: int
    end: int
    head_lemma: str  # lemma of the syntactic head, e.g. "force" in "Russian forces"
    label: str  # spaCy entity label when the mention is an entity, else ""
    lemmas: tuple[str, ...] = ()  # lower-case lemmas of every word of the mention
    government_of: str | None = None  # ISO3 when a capital names a government ("Washington said")


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    geonameid: int | None
    country: str | None  # ISO 3166-1 alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    precision: LocationPrecision
    start: int
    end: int
    from_article: bool = False  # the event's sentence names no (finer) place: this is the article's main place


@dataclass(frozen=True, slots=True)
class TimeExpr:
    text: str | None
    value: dt.date
    precision: DatePrecision
    source: DateSource
    start: int | None
    end: int | None
    after_published: bool = False  # the value lies after the publication day (a plan, or a misreading)


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: int | None
    injured: int | None
    text: str
    start: int
    end: int
    missing: int | None = None  # missing or abducted people reported with the event
    arrested: int | None = None  # people arrested or detained in the event


@dataclass(frozen=True, slots=True)
class Claim:
    status: ClaimStatus
    cue: str | None = None
    sources: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    id: str
    type: EventType
    mode: str | None
    acled: AcledType | None
    trigger: TextSpan
    sentence: TextSpan
    actors: tuple[Actor, ...] = ()
    location: Place | None = None
    date: TimeExpr | None = None
    fatalities: Casualties | None = None
    claim: Claim = field(default_factory=lambda: Claim(ClaimStatus.REPORTED))
    negated: bool = False
    hypothetical: bool = False
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str | None
    text: str
    start: int
    end: int
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    kind: QuoteKind = QuoteKind.DIRECT
    speaker_title: str | None = None  # the speaker's title or role as the text gives it ("defence minister")
    speaker_org: str | None = None  # the organisation the text ties the speaker to ("the relief agency")


@dataclass(frozen=True, slots=True)
class Reject:
    """An input the pipeline declined, with a machine-readable reason (e.g. ``empty``, ``no-text``)."""

    source: str
    reason: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class ArticleResult:
    article: Article
    events: tuple[EventMention, ...]
    quotes: tuple[Quote, ...]

    def to_dict(self) -> dict[str, Any]:
        """The output contract of DESIGN.md for one article."""
        return {
            "article": article_to_dict(self.article),
            "events": [event_to_dict(event) for event in self.events],
            "quotes": [quote_to_dict(quote) for quote in self.quotes],
        }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
    }


def _span_dict(span: TextSpan) -> dict[str, Any]:
    return {"text": span.text, "start": span.start, "end": span.end}


def event_to_dict(event: EventMention) -> dict[str, Any]:
    location = event.location
    date = event.date
    fatalities = event.fatalities
    return {
        "id": event.id,
        "type": event.type.value,
        "mode": event.mode,
        "acled": (
            {"event_type": event.acled.event_type, "sub_event_type": event.acled.sub_event_type}
            if event.acled
            else None
        ),
        "trigger": _span_dict(event.trigger),
        "sentence": _span_dict(event.sentence),
        "actors": [
            {
                "role": actor.role.value,
                "text": actor.text,
                "name": actor.name,
                "country": actor.country,
                "sector": actor.sector,
                "start": actor.start,
                "end": actor.end,
            }
            for actor in event.actors
        ],
        "location": (
            {
                "text": location.text,
                "name": location.name,
                "geonameid": location.geonameid,
                "country": location.country,
                "admin1": location.admin1,
                "lat": location.lat,
                "lon": location.lon,
                "precision": location.precision.value,
                "start": location.start,
                "end": location.end,
            }
            if location
            else None
        ),
        "date": (
            {
                "text": date.text,
                "value": date.value.isoformat(),
                "precision": date.precision.value,
                "source": date.source.value,
                "start": date.start,
                "end": date.end,
            }
            if date
            else None
        ),
        "fatalities": (
            {
                "killed": fatalities.killed,
                "injured": fatalities.injured,
                "missing": fatalities.missing,
                "arrested": fatalities.arrested,
                "text": fatalities.text,
                "start": fatalities.start,
                "end": fatalities.end,
            }
            if fatalities
            else None
        ),
        "claim": {
            "status": event.claim.status.value,
            "cue": event.claim.cue,
            "sources": list(event.claim.sources),
            "start": event.claim.start,
            "end": event.claim.end,
        },
        "negated": event.negated,
        "hypothetical": event.hypothetical,
        "confidence": round(event.confidence, 3),
    }


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    return {
        "speaker": quote.speaker,
        "text": quote.text,
        "start": quote.start,
        "end": quote.end,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "cue": quote.cue,
        "kind": quote.kind.value,
        "speaker_title": quote.speaker_title,
        "speaker_org": quote.speaker_org,
    }


def event_from_dict(data: dict[str, Any]) -> EventMention:
    """The EventMention of an `event_to_dict` record (as stored): the inverse of `event_to_dict`."""

    def span(value: dict[str, Any]) -> TextSpan:
        return TextSpan(value["text"], value["start"], value["end"])

    acled, location, date, fatalities, claim = (
        data.get("acled"), data.get("location"), data.get("date"), data.get("fatalities"), data.get("claim") or {}
    )
    return EventMention(
        id=data["id"],
        type=EventType(data["type"]),
        mode=data.get("mode"),
        acled=AcledType(acled["event_type"], acled.get("sub_event_type")) if acled else None,
        trigger=span(data["trigger"]),
        sentence=span(data["sentence"]),
        actors=tuple(
            Actor(ActorRole(a["role"]), a["text"], a["name"], a.get("country"), a.get("sector"), a["start"], a["end"])
            for a in data.get("actors") or []
        ),
        location=Place(
            location["text"], location["name"], location.get("geonameid"), location.get("country"),
            location.get("admin1"), location.get("lat"), location.get("lon"),
            LocationPrecision(location["precision"]), location["start"], location["end"],
        ) if location else None,
        date=TimeExpr(
            date.get("text"), dt.date.fromisoformat(date["value"]), DatePrecision(date["precision"]),
            DateSource(date["source"]), date.get("start"), date.get("end"),
        ) if date else None,
        fatalities=Casualties(
            fatalities.get("killed"), fatalities.get("injured"), fatalities.get("text") or "",
            fatalities.get("start", 0), fatalities.get("end", 0),
        ) if fatalities else None,
        claim=Claim(
            ClaimStatus(claim.get("status", "reported")), claim.get("cue"), tuple(claim.get("sources") or ()),
            claim.get("start"), claim.get("end"),
        ),
        negated=bool(data.get("negated")),
        hypothetical=bool(data.get("hypothetical")),
        confidence=float(data.get("confidence", 0.5)),
    )
