"""An event's place: its own, made finer by the article's main place, or the main place, flagged."""

from __future__ import annotations

from eventwire.model import EventType, LocationPrecision, Place
from eventwire.pipeline import _refine_place


def _place(name: str, precision: LocationPrecision, country: str, admin1: str | None, start: int) -> Place:
    return Place(name, name, start + 1000, country, admin1, 1.0, 2.0, precision, start, start + len(name))


GOMA = _place("Goma", LocationPrecision.CITY, "COD", "Nord-Kivu", 10)
CONGO = _place("Congo", LocationPrecision.COUNTRY, "COD", None, 50)
KENYA = _place("Kenya", LocationPrecision.COUNTRY, "KEN", None, 90)


def test_own_place_is_kept_and_not_flagged() -> None:
    assert _refine_place(KENYA, GOMA, EventType.ASSAULT) == KENYA
    assert not KENYA.from_article


def test_no_place_takes_the_main_place_flagged() -> None:
    place = _refine_place(None, GOMA, EventType.ASSAULT)
    assert place is not None and place.geonameid == GOMA.geonameid and place.from_article


def test_coarse_place_in_the_same_country_is_made_finer_and_flagged() -> None:
    place = _refine_place(CONGO, GOMA, EventType.PROTEST)
    assert place is not None and place.name == "Goma" and place.from_article


def test_statements_do_not_inherit_the_main_place() -> None:
    assert _refine_place(None, GOMA, EventType.ACCUSE) is None
    assert _refine_place(None, None, EventType.ASSAULT) is None


def test_plans_talks_and_deals_do_not_inherit_the_main_place() -> None:
    assert _refine_place(None, GOMA, EventType.MOBILIZE, hypothetical=True) is None
    assert _refine_place(None, GOMA, EventType.CONSULT) is None
    assert _refine_place(None, GOMA, EventType.COERCE) is not None
