"""Choosing one place per mention in document context: candidates, context, hierarchy, state passes.

``geo.Gazetteer.resolve`` runs one ``PlaceChooser`` per article; the rules are listed in the docstring
of ``resolve/geo.py`` and in docs/resolution.md.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from typing import TYPE_CHECKING

from eventwire.model import EntityMention, LocationPrecision, Place
from eventwire.resolve.countries import (
    country_name_keys,
    demonym_keys,
    iso3_for_demonym,
    iso3_for_name,
    subdivision_for_demonym,
)
from eventwire.resolve.geo_rank import GeoCandidate, admin1_code, best_candidate, contains
from eventwire.resolve.names import expand_short_form, name_key

if TYPE_CHECKING:
    from eventwire.resolve.geo import Gazetteer

__all__ = ["PlaceChooser", "clean_mention"]

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_FEATURE_WORD = re.compile(
    r"\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|drive|highway|square|plaza|park|bridge|church|"
    r"cathedral|mosque|temple|hospital|clinic|school|university|college|airport|station|stadium|museum|"
    r"library|hotel|market|mall|center|centre|hall|court|courthouse|prison|jail|base|camp|port|harbou?r|"
    r"district|neighbou?rhood|quarter|township|village|county|parish|creek|river|lake|beach|island)\b",
    re.IGNORECASE,
)
_STATE_PASSES = 3
_NEAR_KINDS = frozenset({"city", "admin2"})  # chosen places whose point is a town's, not an area's centre
_BIG_CITY = 100_000
_STATE_AFTER = re.compile(r"\s+state\b(?!\s+(?:university|college|park|fair))", re.IGNORECASE)
_STATE_BEFORE = re.compile(r"\bstate\s+of\s+$", re.IGNORECASE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,|,?\s*(?:and|or))\s*")
_AREA_KINDS = frozenset({"country", "admin1", "region"})
_INNER_NAME_POPULATION = 20_000
# Words before a place name that make a part of it ("North London", "Greater Toronto Area").
_QUALIFIERS = frozenset(
    ["north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"]
    + ["upper", "lower", "greater", "downtown", "inner", "outer", "port"]
)
_INNER_NAME_FEATURE_POPULATION = 100_000
_WORD_SPLIT = re.compile(r"[\s\-‐‑–—/]+")
_POSSESSIVE = re.compile(r"['’]s?$")
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w'’.-]*){0,3}")


def clean_mention(text: str) -> str:
    """Mention text as a name: no leading "the", no possessive "'s"."""
    cleaned = text.strip()
    if cleaned.lower().startswith("the "):
        cleaned = cleaned[4:]
    return _POSSESSIVE.sub("", cleaned).strip()


class PlaceChooser:
    """One ``resolve`` call: candidates per mention, document context, hierarchy, then the best pick."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        mentions: Sequence[EntityMention],
        text: str | None,
        *,
        known_places: bool = False,
    ) -> None:
        self.gazetteer = gazetteer
        self.known_places = known_places
        self.mentions = list(mentions)
        self.text = text
        self.keys = [name_key(clean_mention(expand_short_form(m.text))) for m in self.mentions]
        gazetteer.lookup_many([clean_mention(expand_short_form(m.text)) for m in self.mentions])  # one query
        self.inner: set[int] = set()  # mentions resolved through a name inside them: no context
        self.candidates = [self._candidates(i, m) for i, m in enumerate(self.mentions)]
        self.forced: dict[int, GeoCandidate] = {}

    def _country(self, iso3: str | None) -> list[GeoCandidate]:
        candidate = self.gazetteer.country_candidate(iso3) if iso3 else None
        return [candidate] if candidate else []

    def _subdivision(self, cleaned: str) -> list[GeoCandidate]:
        """The state, province or region a demonym names ("Texans", "Scottish", "Kurdish")."""
        named = subdivision_for_demonym(cleaned)
        if named is None:
            return []
        place, iso3 = named
        return [
            c
            for c in self.gazetteer.lookup(place)
            if c.kind in ("admin1", "region") and (iso3 is None or c.country == iso3)
        ][:1]

    def _candidates(self, index: int, mention: EntityMention) -> list[GeoCandidate]:
        cleaned = clean_mention(expand_short_form(mention.text))
        if mention.label == "NORP":  # a nationality, else a continent's adjective ("European")
            return (
                self._subdivision(cleaned)
                or self._country(iso3_for_demonym(cleaned) or iso3_for_name(cleaned))
                or [c for c in self.gazetteer.lookup(cleaned) if c.kind == "region"]
            )
        if mention.label not in _PLACE_LABELS:
            return []
        found = (
            self.gazetteer.lookup(cleaned)
            or self._subdivision(cleaned)
            or self._country(iso3_for_demonym(cleaned))
        )
        if not found:
            found = self._inner_name_candidates(cleaned)
            if found:
                self.inner.add(index)
        return found

    def _inner_name_candidates(self, cleaned: str) -> list[GeoCandidate]:
        """Candidates of the longest place name inside an unknown name of a feature or a qualified
        place: "Port of Los Angeles", "Colorado State University", "North London"."""
        words = _WORD_SPLIT.split(cleaned)
        if not (self.known_places or _FEATURE_WORD.search(cleaned) or words[0].lower() in _QUALIFIERS):
            return []  # a person's or an organisation's name mislabelled as a place ("Dave Buchanan")
        for size in range(len(words) - 1, 0, -1):
            for first in range(len(words) - size + 1):
                part = words[first : first + size]
                if not part[0][:1].isupper() or all(_is_generic_word(word) for word in part):
                    continue
                key = name_key(" ".join(part))
                if len(key) < 4:
                    continue
                rest = words[:first] + words[first + size :]
                if not self.known_places and not all(_is_generic_word(word) for word in rest):
                    continue  # "Northern Cauca Revolutionary Command" is an organisation, not Cauca
                # Only well-known places: a small town named like a word of the name ("Meadow
                # Grove", "Thomas Memorial Hospital") is a worse guess than the article's own city.
                # Inside a building's or street's name ("Marjory Douglas High School") only a big city
                # or an area counts: a person's name is likelier than a mid-sized town. In NER mentions,
                # whose other words are all generic, a name the article also gives on its own
                # ("Portland ... Portland City Hall") needs no size.
                if key in self.keys and not self.known_places:
                    floor = 0
                elif _FEATURE_WORD.search(cleaned):
                    floor = _INNER_NAME_FEATURE_POPULATION
                else:
                    floor = _INNER_NAME_POPULATION
                found = [
                    c
                    for c in self.gazetteer.lookup(" ".join(part))
                    if c.primary
                    and (c.kind in _AREA_KINDS or c.population >= floor)
                    # A sea or continent names the place only as the head ("South Pacific"), not as
                    # a modifier ("Pacific Northwest", "Atlantic Fleet").
                    and (c.kind != "region" or first + size == len(words))
                ]
                if found:
                    return found
        return []

    def _contributions(self, index: int) -> Counter[str]:
        """What mention ``index`` tells about the document's countries."""
        mention, candidates = self.mentions[index], self.candidates[index]
        if index in self.inner:
            return Counter()
        if index in self.forced:  # "Atlanta, Georgia": Georgia speaks for the USA, not for GEO
            forced = self.forced[index].country
            return Counter({forced: 1.0}) if forced else Counter()
        cleaned = clean_mention(mention.text)
        named = iso3_for_demonym(cleaned) or iso3_for_name(cleaned)
        if named:
            return Counter({named: 1.0})
        if candidates and candidates[0].country:
            best = max(candidates, key=lambda c: c.prior)
            if best.country:
                return Counter({best.country: 0.5})
        return Counter()

    def _text_context(self) -> Counter[str]:
        """Country names and demonyms in the text outside any mention (NER misses some)."""
        if not self.text:
            return Counter()
        names, demonyms = country_name_keys(), demonym_keys()
        spans = [(m.start, m.end) for m in self.mentions]
        found: set[str] = set()
        for match in _CAPITALISED_RUN.finditer(self.text):
            if any(start < match.end() and match.start() < end for start, end in spans):
                continue
            words = match.group().split()
            for size in range(len(words), 0, -1):
                for first in range(len(words) - size + 1):
                    key = name_key(" ".join(words[first : first + size]))
                    iso3 = names.get(key) or demonyms.get(key)
                    if iso3 and len(key) > 2:
                        found.add(iso3)
        return Counter({iso3: 0.5 for iso3 in found})

    def _apply_state_readings(self) -> None:
        """A name that is also a state or province reads as it when the text says so ("New York
        state", "the state of Washington") or when it stands in a list of plain states ("Missouri,
        New York, North Carolina and Virginia")."""
        order = sorted(range(len(self.mentions)), key=lambda i: self.mentions[i].start)
        for position, index in enumerate(order):
            areas = [c for c in self.candidates[index] if c.kind == "admin1"]
            if index in self.forced or not areas or len(areas) == len(self.candidates[index]):
                continue
            mention = self.mentions[index]
            said = self.text is not None and bool(
                _STATE_AFTER.match(self.text, mention.end)
                or _STATE_BEFORE.search(self.text[max(0, mention.start - 16) : mention.start])
            )
            neighbours = [order[n] for n in (position - 1, position + 1) if 0 <= n < len(order)]
            listed = any(
                self._listed_together(index, other) and self._plain_state(other, {c.country for c in areas})
                for other in neighbours
            )
            if said or listed:
                self.candidates[index] = areas

    def _listed_together(self, first: int, second: int) -> bool:
        left, right = sorted((self.mentions[first], self.mentions[second]), key=lambda m: m.start)
        if self.text is None or right.start < left.end:
            return False
        return bool(_LIST_SEPARATOR.fullmatch(self.text[left.end : right.start]))

    def _plain_state(self, index: int, countries: set[str | None]) -> bool:
        """True when a mention can only be a state or province of one of ``countries`` (no big city,
        no country by that name)."""
        candidates = self.candidates[index]
        return (
            bool(candidates)
            and candidates[0].kind == "admin1"
            and candidates[0].country in countries
            and not any(
                c.kind == "country" or c.population >= _BIG_CITY for c in candidates if c.kind != "admin1"
            )
        )

    def _apply_hierarchy(self) -> None:
        for left in range(len(self.mentions) - 1):
            right = left + 1
            if not self._comma_between(left, right):
                continue
            if self._names_country(left) and not self._town_in_state(left, right):
                continue  # "China, Japan and Korea" is a list, not China inside Japan
            options = [self.forced[left]] if left in self.forced else self.candidates[left]
            best: tuple[float, GeoCandidate, GeoCandidate] | None = None
            for inner in options:
                for outer in self.candidates[right]:
                    if contains(outer, inner):
                        score = inner.prior + outer.prior
                        if best is None or score > best[0]:
                            best = (score, inner, outer)
            if (
                best
                and best[2].kind == "admin1"
                and self._names_state(left)
                and self._in_longer_list(left, right)
            ):
                continue  # "Georgia, Oklahoma, Pennsylvania": a list of states, not a town in one
            if best:
                self.forced[left], self.forced[right] = best[1], best[2]

    def _town_in_state(self, left: int, right: int) -> bool:
        """True when a country's name before the comma is a town's own name in the state or province
        after it ("Jordan, Minnesota", "Lebanon, Pennsylvania"), not the start of a list of countries."""
        return any(
            outer.kind == "admin1" and inner.primary and contains(outer, inner)
            for outer in self.candidates[right]
            for inner in self.candidates[left]
        )

    def _in_longer_list(self, left: int, right: int) -> bool:
        """True when another mention joins the pair as a list item right before or after it."""
        return (left > 0 and self._listed_together(left - 1, left)) or (
            right + 1 < len(self.mentions) and self._listed_together(right, right + 1)
        )

    def _names_state(self, index: int) -> bool:
        """True when a mention is the own name of a state or province."""
        return any(c.kind == "admin1" and c.primary for c in self.candidates[index])

    def _names_country(self, index: int) -> bool:
        return iso3_for_name(clean_mention(self.mentions[index].text)) is not None

    def _comma_between(self, left: int, right: int) -> bool:
        first, second = self.mentions[left], self.mentions[right]
        if second.start < first.end:
            return False
        if self.text is not None:
            return self.text[first.end : second.start].strip() == ","
        return 1 <= second.start - first.end <= 2  # no text: assume ", " between adjacent mentions

    def _choose(self, previous: list[GeoCandidate | None] | None) -> list[GeoCandidate | None]:
        admin1_of = [admin1_code(candidate) for candidate in previous] if previous else None
        contributions = [self._contributions(i) for i in range(len(self.mentions))]
        text_context = self._text_context()
        chosen_all: list[GeoCandidate | None] = []
        for index in range(len(self.mentions)):
            candidates = self.candidates[index]
            chosen = self.forced.get(index)
            if chosen is None and candidates:
                context = Counter(text_context)
                for other, contribution in enumerate(contributions):
                    if self.keys[other] != self.keys[index]:
                        context.update(contribution)
                admin1_context: Counter[str] = Counter()
                for other, code in enumerate(admin1_of or ()):
                    if code and self.keys[other] != self.keys[index] and other not in self.inner:
                        admin1_context[code] += 1
                anchors = [
                    (c.lat, c.lon)
                    for other, c in enumerate(previous or ())
                    if c is not None
                    and c.kind in _NEAR_KINDS
                    and c.lat is not None
                    and c.lon is not None
                    and self.keys[other] != self.keys[index]
                    and other not in self.inner
                ]
                chosen = best_candidate(candidates, context, admin1_context, anchors)
            chosen_all.append(chosen)
        return chosen_all

    def run(self) -> list[Place | None]:
        self._apply_hierarchy()
        self._apply_state_readings()
        # Two passes: the first picks by country context; the states and provinces it lands in then
        # favour same-state candidates of the other mentions (a local story naming Palestine and
        # Tyler is about Texas, not the Middle East).
        chosen = self._choose(None)
        for _ in range(_STATE_PASSES):
            # Each pass lets states settled by the last one pull in the rest ("Zionsville" puts
            # "Boone County" in Indiana, which then makes "Lebanon" the Indiana town).
            again = self._choose(chosen)
            if again == chosen:
                break
            chosen = again
        places: list[Place | None] = []
        for mention, candidate in zip(self.mentions, chosen, strict=True):
            places.append(_place(mention, candidate) if candidate else None)
        return self._local_fallback(places)

    def _local_fallback(self, places: list[Place | None]) -> list[Place | None]:
        """A named feature the gazetteer lacks ("Royal Street", "St Mary's Hospital") lies in the
        document's main city: resolve it there, with city precision and the mention's own offsets."""
        cities = Counter(
            p.geonameid for p in places if p is not None and p.precision is LocationPrecision.CITY
        )
        if not cities:
            return places
        main_id = cities.most_common(1)[0][0]
        main = next(p for p in places if p is not None and p.geonameid == main_id)
        return [
            replace(main, text=mention.text, start=mention.start, end=mention.end)
            if place is None and mention.label in _PLACE_LABELS and _FEATURE_WORD.search(mention.text)
            else place
            for mention, place in zip(self.mentions, places, strict=True)
        ]


@functools.cache
def _generic_words() -> frozenset[str]:
    text = resources.files("eventwire.resolve").joinpath("data", "generic_place_words.txt").read_text("utf-8")
    return frozenset(
        word.strip().lower()
        for line in text.splitlines()
        if not line.startswith("#")
        for word in line.split()
    )


def _is_generic_word(word: str) -> bool:
    """A word that names no place on its own ("North", "Airport", "of")."""
    return not word[:1].isupper() or word.lower() in _generic_words() or bool(_FEATURE_WORD.fullmatch(word))


def _place(mention: EntityMention, candidate: GeoCandidate) -> Place:
    return Place(
        text=mention.text,
        name=candidate.name,
        geonameid=candidate.geonameid,
        country=candidate.country,
        admin1=candidate.admin1,
        lat=candidate.lat,
        lon=candidate.lon,
        precision=candidate.precision,
        start=mention.start,
        end=mention.end,
    )
