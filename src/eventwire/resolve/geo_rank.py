"""Ranking of gazetteer candidates: a context-free prior per place, then the pick in document context.

``geo.Gazetteer.resolve`` gathers candidates and context; ``best_candidate`` scores them (the rules
are listed in the docstring of ``resolve/geo.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from eventwire.model import LocationPrecision

__all__ = ["GeoCandidate", "admin1_code", "best_candidate", "contains"]

_KIND_BONUS = {"country": 2.0, "admin1": 1.0, "city": 0.0, "admin2": -0.5}
_REGION_PRIOR = 9.5  # above any single city or admin1, below a country named in context
_ALTERNATE_PENALTY = 0.5  # "Odessa" is still Odesa (1M) rather than Odessa, Texas (100k)
_ALTERNATE_SAME_COUNTRY_PENALTY = 1.5
_CONTEXT_WEIGHT = 2.0
_CONTEXT_CAP = 1.5  # context weight beyond this adds nothing
_SAME_ADMIN_CITY = 50_000  # a city this big, known by an alternate name ("New York"), outranks its admin1
_BIG_CITY = 100_000  # a city this big outranks a same-named subdivision anywhere ("Jerusalem") ...
_BIG_CITY_SHARE = 20  # ... unless the subdivision is 20 times bigger ("Ontario" the province)
_ADMIN1_WEIGHT = 1.5  # per other mention placed in the same state or province
_ADMIN1_CAP = 2
_ADMIN1_ALTERNATE_WEIGHT = 1.5  # the same for a place matched by an alternate name
# Places named in one article lie near one another: another mention's chosen town or county within
# this distance favours a town or county candidate (Hanover next to Vermont towns is Hanover, NH, across
# the state line the admin1 context cannot see). Kept weaker than a same-state mention.
_NEAR_KM = 100.0
_NEAR_WEIGHT = 0.75  # per nearby place ...
_NEAR_CAP = 2  # ... counting at most this many
_EARTH_KM = 6371.0


@dataclass(frozen=True, slots=True)
class GeoCandidate:
    """One place a name may refer to. Region rows carry their negative eventwire id as ``geonameid``."""

    geonameid: int | None
    name: str
    country: str | None  # ISO3
    admin1: str | None  # admin1 name
    lat: float | None
    lon: float | None
    population: int
    kind: str  # city, admin1, admin2, country, region
    precision: LocationPrecision
    admin1_code: str | None = None  # GeoNames admin1 code ("CD.11"), links cities to their admin1
    primary: bool = True  # matched by the place's own name rather than an alternate name

    @property
    def prior(self) -> float:
        """Context-free plausibility: population and feature level (see the docstring of resolve/geo.py)."""
        if self.kind == "region":
            base = _REGION_PRIOR
        else:
            base = math.log10(max(self.population, 1)) + _KIND_BONUS.get(self.kind, 0.0)
        return base if self.primary else base - _ALTERNATE_PENALTY


def contains(outer: GeoCandidate, inner: GeoCandidate) -> bool:
    """True when ``outer`` is the admin1 or country that ``inner`` lies in."""
    if outer.geonameid == inner.geonameid:
        return False
    if outer.kind == "country":
        return inner.kind != "country" and inner.country == outer.country
    if outer.kind == "admin1":
        return inner.kind in ("city", "admin2") and inner.admin1_code == outer.admin1_code
    return False


def admin1_code(candidate: GeoCandidate | None) -> str | None:
    """The state or province a chosen place speaks for (countries and regions speak for none)."""
    if candidate is None or candidate.kind not in ("city", "admin1", "admin2"):
        return None
    return candidate.admin1_code


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _near_count(candidate: GeoCandidate, anchors: Sequence[tuple[float, float]]) -> int:
    if candidate.lat is None or candidate.lon is None:
        return 0
    return sum(distance_km(candidate.lat, candidate.lon, lat, lon) <= _NEAR_KM for lat, lon in anchors)


def best_candidate(
    candidates: Sequence[GeoCandidate],
    context: Counter[str],
    admin1_context: Counter[str] | None = None,
    anchors: Sequence[tuple[float, float]] = (),
) -> GeoCandidate:
    scores: dict[int, float] = {}
    primary_countries = {c.country for c in candidates if c.primary}
    for position, candidate in enumerate(candidates):
        weight = min(context.get(candidate.country or "", 0.0), _CONTEXT_CAP)
        scores[position] = candidate.prior + _CONTEXT_WEIGHT * weight
        if not candidate.primary and candidate.country in primary_countries:
            # A place called so by its own name in the same country is the likelier reading than an
            # old or local alternate name (GeoNames lists "Paris" among Swainsboro's names).
            scores[position] -= _ALTERNATE_SAME_COUNTRY_PENALTY
        if admin1_context and candidate.kind in ("city", "admin2") and candidate.admin1_code:
            weight = _ADMIN1_WEIGHT if candidate.primary else _ADMIN1_ALTERNATE_WEIGHT
            scores[position] += weight * min(admin1_context.get(candidate.admin1_code, 0), _ADMIN1_CAP)
        if anchors and candidate.kind in ("city", "admin2"):
            scores[position] += _NEAR_WEIGHT * min(_near_count(candidate, anchors), _NEAR_CAP)
    # A subdivision named like a city inside it, or like any big city, ranks just below that city:
    # news say "Aleppo", "Kharkiv", "Washington" for the city, not the province or state.
    cities_best = [scores[p] for p, c in enumerate(candidates) if c.kind == "city"]
    for position, candidate in enumerate(candidates):
        if candidate.kind not in ("admin1", "admin2"):
            continue
        rivals = [
            scores[other]
            for other, city in enumerate(candidates)
            if city.kind == "city"
            and (
                (
                    city.primary
                    and city.population >= _BIG_CITY
                    and city.population * _BIG_CITY_SHARE >= candidate.population
                    # ... unless the article speaks more for the subdivision's country ("Victoria"
                    # next to Western Australia is the state, not Hong Kong's Victoria)
                    and context.get(city.country or "", 0.0) >= context.get(candidate.country or "", 0.0)
                )
                or (
                    candidate.admin1_code is not None
                    and city.admin1_code == candidate.admin1_code
                    and (city.primary or city.population >= _SAME_ADMIN_CITY)
                )
            )
        ]
        # The rule hands the name to the rival city; when another city outscores that one anyway,
        # the subdivision keeps its score (not Victoria, BC, just because Hong Kong's Victoria is big).
        if rivals and max(rivals) >= max(cities_best):
            scores[position] = min(scores[position], max(rivals) - 0.1)
    # A country called by its own name is not lost to a town that merely lists the name among its
    # alternate names, however much context the town gathers ("Chile" is not Şile near Istanbul in an
    # article that also names Turkey and Istanbul).
    countries = [scores[p] for p, c in enumerate(candidates) if c.primary and c.kind == "country"]
    if countries:
        for position, candidate in enumerate(candidates):
            if not candidate.primary:
                scores[position] = min(scores[position], max(countries) - 0.1)
    best = max(range(len(candidates)), key=lambda p: (scores[p], -p))
    return candidates[best]
