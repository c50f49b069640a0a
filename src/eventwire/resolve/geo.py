"""Place resolution: look names up in the SQLite gazetteer and pick one place per mention using context.

How ``Gazetteer.resolve`` chooses (every rule is a line in ``_Scorer``):

1. NORP mentions ("Venezuelan", "Sudanese") resolve to their country, precision country; a continent's
   adjective ("European", "African") to the continent, precision region; anything else to nothing.
2. Other mentions (GPE, LOC, FAC) are looked up by name key (case, accents, dots and a leading "the"
   ignored); a mention that finds nothing but is a demonym falls back to rule 1.
3. Each candidate gets a prior: log10(population) plus a feature-level bonus (country +2, admin1 +1,
   city 0, admin2 -0.5); rows of the hand-written regions table get a fixed high prior (they only hold
   well-known names); a match through a GeoNames alternate name costs 0.5, and 1.5 more when a place
   in the same country carries the name as its own ("Paris" is not Swainsboro, Georgia). A subdivision that shares its
   name with a city inside it, or with any city over 100,000 people that is at least a twentieth of its
   size, ranks just below that city ("Khartoum", "Kyiv", "New York", "Washington" are the cities;
   "Ontario" stays the province).
4. Document context: countries named or implied elsewhere in the document (country names and demonyms
   count 1, the country of another mention's best candidate 0.5, country names and demonyms found in
   ``text`` outside the mentions 0.5) add up to +3 to candidates in that country. A mention never counts
   as context for itself, so "Georgia" alone with no other clue is the country (rule 3: country > admin1),
   while "Georgia" in an article naming Tbilisi is Georgia the country and one naming Atlanta the US state.
5. Hierarchy decides outright: "Goma, North Kivu" or "Paris, Texas" (a mention, a comma, a mention) picks
   the pair of candidates where the second contains the first (same admin1, or same country). A country
   name before the comma starts a list ("China, Japan and Korea"), not a hierarchy.

Places from the hand-written regions table (seas, "Gaza Strip", "Sahel" ...) carry their stable
negative eventwire id from ``data/regions.csv`` in ``Place.geonameid``: negative ids are never GeoNames
ids, so consumers can tell them apart while merging still compares them.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any, Self

from eventwire.errors import GazetteerError
from eventwire.model import EntityMention, LocationPrecision, Place
from eventwire.resolve.countries import (
    country_name_keys,
    demonym_keys,
    iso3_for_demonym,
    iso3_for_name,
    subdivision_for_demonym,
)
from eventwire.resolve.geo_build import GAZETTEER_VERSION, build_gazetteer
from eventwire.resolve.geo_rank import GeoCandidate, admin1_code, best_candidate, contains
from eventwire.resolve.names import expand_short_form, name_key

logger = logging.getLogger(__name__)

__all__ = [
    "GAZETTEER_VERSION",
    "Gazetteer",
    "GeoCandidate",
    "build_gazetteer",
    "default_gazetteer_path",
]

_PRECISION_BY_KIND = {
    "city": LocationPrecision.CITY,
    "admin1": LocationPrecision.ADMIN1,
    "admin2": LocationPrecision.ADMIN2,
    "country": LocationPrecision.COUNTRY,
    "region": LocationPrecision.REGION,
}
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CACHE_LIMIT = 200_000
_FEATURE_WORD = re.compile(
    r"\b(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|drive|highway|square|plaza|park|bridge|church|"
    r"cathedral|mosque|temple|hospital|clinic|school|university|college|airport|station|stadium|museum|"
    r"library|hotel|market|mall|center|centre|hall|court|courthouse|prison|jail|base|camp|port|harbou?r|"
    r"district|neighbou?rhood|quarter|township|village|county|parish|creek|river|lake|beach|island)\b",
    re.IGNORECASE,
)
_STATE_PASSES = 3
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


def default_gazetteer_path(cache_dir: Path) -> Path:
    """Where the gazetteer of this version lives inside a cache directory."""
    return Path(cache_dir) / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


class Gazetteer:
    """Read-only access to a built gazetteer file; safe to share between threads."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self._path = path
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[GeoCandidate, ...]] = {}
        self._countries: dict[str, GeoCandidate] | None = None

    @classmethod
    def open(cls, path: Path, *, build_if_missing: bool = True) -> Gazetteer:
        """Open the gazetteer at ``path``, building it first when it is missing and ``build_if_missing``."""
        path = Path(path)
        if not path.exists():
            if not build_if_missing:
                raise GazetteerError(f"no gazetteer at {path}; build it with build_gazetteer()")
            logger.info("gazetteer %s missing; building it (takes about 20 s, once)", path)
            build_gazetteer(path)
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error as error:
            raise GazetteerError(f"cannot open gazetteer {path}: {error}") from error
        try:
            # Memory-mapped reads: cold look-ups then cost a page fault, not a read() call per page.
            connection.execute("PRAGMA mmap_size = 268435456")
            connection.execute("PRAGMA cache_size = -65536")
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            connection.execute("SELECT id FROM places LIMIT 1").fetchall()
            connection.execute("SELECT key FROM names LIMIT 1").fetchall()
        except sqlite3.DatabaseError as error:
            connection.close()
            raise GazetteerError(
                f"gazetteer {path} is corrupt or not a gazetteer ({error}); delete it and run again to rebuild"
            ) from error
        version = meta.get("gazetteer_version")
        if version != GAZETTEER_VERSION:
            connection.close()
            raise GazetteerError(
                f"gazetteer {path} has version {version!r}, this eventwire needs {GAZETTEER_VERSION!r}; "
                "delete it and run again to rebuild"
            )
        return cls(connection, path)

    def close(self) -> None:
        with self._lock:
            self._connection.close()
            self._cache.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        """The build record: version, sources and their versions, counts."""
        with self._lock:
            return dict(self._connection.execute("SELECT key, value FROM meta").fetchall())

    def lookup(self, name: str) -> list[GeoCandidate]:
        """Every place called ``name`` (own, alternate or ASCII-folded name, any case), best prior first."""
        key = name_key(name)
        if not key:
            return []
        cached = self._cache.get(key)
        if cached is None:
            cached = self._query(key)
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = cached
        return list(cached)

    def lookup_many(self, names: Sequence[str]) -> dict[str, list[GeoCandidate]]:
        """``lookup`` for many names with one query per 500 names not yet cached (used per article)."""
        keys = {name: name_key(name) for name in names}
        missing = sorted({key for key in keys.values() if key and key not in self._cache})
        for first in range(0, len(missing), 500):
            chunk = missing[first : first + 500]
            grouped: dict[str, list[GeoCandidate]] = {key: [] for key in chunk}
            sql = (
                self._NAME_COLUMNS
                + ", n.key FROM names n WHERE n.key IN ("
                + ",".join("?" * len(chunk))
                + ")"
            )
            for candidate, key in self._fetch_keyed(sql, tuple(chunk)):
                grouped[key].append(candidate)
            if len(self._cache) + len(grouped) >= _CACHE_LIMIT:
                self._cache.clear()
            for key, candidates in grouped.items():
                candidates.sort(key=lambda c: (-c.prior, c.geonameid or 0))
                self._cache[key] = tuple(candidates)
        return {name: list(self._cache.get(key, ())) for name, key in keys.items()}

    _NAME_COLUMNS = (
        "SELECT n.place_id, n.name, n.country, n.admin1, n.lat, n.lon, n.population, n.kind, n.admin1_code, "
        "n.is_primary"
    )
    _COLUMNS = "SELECT p.id, p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.kind, p.admin1_code, {primary}"

    def _rows(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        try:
            with self._lock:
                return self._connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise GazetteerError(f"gazetteer {self._path} failed a query: {error}") from error

    def _fetch_keyed(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[GeoCandidate, str]]:
        rows = self._rows(sql, parameters)
        return list(zip(_candidates_of(rows), (str(row[10]) for row in rows), strict=True))

    def _fetch(self, sql: str, parameters: tuple[object, ...]) -> list[GeoCandidate]:
        return _candidates_of(self._rows(sql, parameters))

    def _query(self, key: str) -> tuple[GeoCandidate, ...]:
        candidates = self._fetch(
            self._NAME_COLUMNS + " FROM names n WHERE n.key = ?",
            (key,),
        )
        candidates.sort(key=lambda c: (-c.prior, c.geonameid or 0))
        return tuple(candidates)

    def country_candidate(self, iso3: str) -> GeoCandidate | None:
        """The country row for an ISO3 code."""
        if self._countries is None:
            rows = self._fetch(
                self._COLUMNS.format(primary="1") + " FROM places p WHERE p.kind = 'country'", ()
            )
            self._countries = {c.country: c for c in rows if c.country}
        return self._countries.get(iso3)

    def resolve(
        self, mentions: Sequence[EntityMention], *, text: str | None = None, known_places: bool = False
    ) -> list[Place | None]:
        """One Place per mention (offsets kept), or None when nothing fits; see the module docstring.

        ``known_places``: the caller knows every mention is a place (gold toponym spans), so an unknown
        name may resolve through any well-known place name inside it ("Dubai World Cup"); NER mentions
        only do so for a feature or a qualified name ("Port of Los Angeles", "North London"), since an
        unknown name there is as often a person or an organisation ("Dave Buchanan")."""
        return _Scorer(self, mentions, text, known_places=known_places).run()


def _candidates_of(rows: Sequence[tuple[Any, ...]]) -> list[GeoCandidate]:
    """Candidates from rows of ``Gazetteer._COLUMNS``."""
    return [
        GeoCandidate(
            geonameid=row[0],
            name=row[1],
            country=row[2],
            admin1=row[3],
            lat=row[4],
            lon=row[5],
            population=row[6] or 0,
            kind=row[7],
            precision=_PRECISION_BY_KIND[row[7]],
            admin1_code=row[8],
            primary=bool(row[9]),
        )
        for row in rows
    ]


def _clean_mention(text: str) -> str:
    """Mention text as a name: no leading "the", no possessive "'s"."""
    cleaned = text.strip()
    if cleaned.lower().startswith("the "):
        cleaned = cleaned[4:]
    return _POSSESSIVE.sub("", cleaned).strip()


class _Scorer:
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
        self.keys = [name_key(_clean_mention(expand_short_form(m.text))) for m in self.mentions]
        gazetteer.lookup_many([_clean_mention(expand_short_form(m.text)) for m in self.mentions])  # one query
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
        cleaned = _clean_mention(expand_short_form(mention.text))
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
                if len(name_key(" ".join(part))) < 4:
                    continue
                # Only well-known places: a small town named like a word of the name ("Meadow
                # Grove", "Thomas Memorial Hospital") is a worse guess than the article's own city.
                # Inside a building's or street's name ("Marjory Douglas High School") only a big city
                # or an area counts: a person's name is likelier than a mid-sized town.
                floor = (
                    _INNER_NAME_FEATURE_POPULATION
                    if _FEATURE_WORD.search(cleaned)
                    else _INNER_NAME_POPULATION
                )
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
        cleaned = _clean_mention(mention.text)
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
            if not self._comma_between(left, right) or self._names_country(left):
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

    def _in_longer_list(self, left: int, right: int) -> bool:
        """True when another mention joins the pair as a list item right before or after it."""
        return (left > 0 and self._listed_together(left - 1, left)) or (
            right + 1 < len(self.mentions) and self._listed_together(right, right + 1)
        )

    def _names_state(self, index: int) -> bool:
        """True when a mention is the own name of a state or province."""
        return any(c.kind == "admin1" and c.primary for c in self.candidates[index])

    def _names_country(self, index: int) -> bool:
        return iso3_for_name(_clean_mention(self.mentions[index].text)) is not None

    def _comma_between(self, left: int, right: int) -> bool:
        first, second = self.mentions[left], self.mentions[right]
        if second.start < first.end:
            return False
        if self.text is not None:
            return self.text[first.end : second.start].strip() == ","
        return 1 <= second.start - first.end <= 2  # no text: assume ", " between adjacent mentions

    def _choose(self, admin1_of: list[str | None] | None) -> list[GeoCandidate | None]:
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
                chosen = best_candidate(candidates, context, admin1_context)
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
            again = self._choose([admin1_code(candidate) for candidate in chosen])
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
