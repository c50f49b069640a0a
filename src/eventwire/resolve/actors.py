"""Actor coding: canonical name, country (ISO3) and sector for an actor mention found by NLP."""

from __future__ import annotations

import csv
import functools
from importlib import resources

from eventwire.model import Actor, ActorMention
from eventwire.resolve.countries import country_name, iso3_for_demonym, iso3_for_name

_LEADING_WORDS = ("the ", "a ", "an ")


@functools.cache
def sector_table() -> dict[str, str]:
    text = resources.files("eventwire.resolve.data").joinpath("actor_sectors.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    return {row["lemma"]: row["sector"] for row in rows}


def _canonical_name(text: str) -> str:
    name = text.strip()
    for word in _LEADING_WORDS:
        if name.lower().startswith(word):
            name = name[len(word) :]
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    return name.strip(" ,.;:")


def _sector(mention: ActorMention) -> str | None:
    table = sector_table()
    if mention.head_lemma.lower() in table:
        return table[mention.head_lemma.lower()]
    for lemma in reversed(mention.lemmas):
        if lemma in table:
            return table[lemma]
    return None


def code_actor(mention: ActorMention) -> Actor:
    """Code one actor mention; a country named as an actor ("Washington said") is its government."""
    name = _canonical_name(mention.text)
    country = iso3_for_name(name) if mention.label == "GPE" else None
    sector = _sector(mention)
    if country is not None:
        name = country_name(country) or name
        sector = sector or "government"
    else:
        for word in name.replace("-", " ").split():
            country = iso3_for_demonym(word) or (iso3_for_name(word) if word[:1].isupper() else None)
            if country:
                break
    if sector is None and mention.label == "NORP":
        sector = "civilians" if mention.head_lemma in ("people", "civilian") else None
    return Actor(
        role=mention.role,
        text=mention.text,
        name=name,
        country=country,
        sector=sector,
        start=mention.start,
        end=mention.end,
    )
