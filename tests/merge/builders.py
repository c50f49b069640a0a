"""Small builders of merge records for the merge tests (invented events)."""

from __future__ import annotations

import datetime as dt

from eventwire.merge import MentionRecord
from eventwire.model import (
    Actor,
    ActorRole,
    Casualties,
    DatePrecision,
    DateSource,
    EventMention,
    EventType,
    LocationPrecision,
    Place,
    TextSpan,
    TimeExpr,
)

PLACES = {
    "nyala": Place("Nyala", "Nyala", 367308, "SDN", "South Darfur", 12.05, 24.88, LocationPrecision.CITY, 0, 5),
    "el fasher": Place("El Fasher", "El Fasher", 371760, "SDN", "North Darfur", 13.63, 25.35, LocationPrecision.CITY, 0, 9),
    "sudan": Place("Sudan", "Sudan", 366755, "SDN", None, 15.0, 30.0, LocationPrecision.COUNTRY, 0, 5),
    "kherson": Place("Kherson", "Kherson", 706448, "UKR", "Kherson", 46.64, 32.61, LocationPrecision.CITY, 0, 7),
}


def record(
    mention_id: str, article: str, sentence: str, *, type: EventType = EventType.ASSAULT, mode: str | None = "aerial",
    place: str | None = "nyala", day: str | None = "2025-11-10", precision: DatePrecision = DatePrecision.DAY,
    killed: int | None = None, outlet: str | None = None, published: str = "2025-11-11T08:00:00+00:00",
    copy_of: str | None = None, position: int = 0, actors: tuple[str, ...] = (),
) -> MentionRecord:
    date = None
    if day is not None:
        date = TimeExpr(day, dt.date.fromisoformat(day), precision, DateSource.TEXT, 0, 1)
    mention = EventMention(
        id=mention_id, type=type, mode=mode, acled=None,
        trigger=TextSpan("strike", 0, 6), sentence=TextSpan(sentence, 0, len(sentence)),
        actors=tuple(Actor(ActorRole.SOURCE, name, name, None, "military", 0, 1) for name in actors),
        location=PLACES[place] if place else None, date=date,
        fatalities=Casualties(killed, None, str(killed), 0, 1) if killed is not None else None,
    )
    return MentionRecord(mention, article, outlet or f"outlet-{article}", f"https://{article}.example.org/",
                         dt.datetime.fromisoformat(published), copy_of, position)
