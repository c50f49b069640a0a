"""Place resolution: look names up in the SQLite gazetteer and pick one place per mention using context.

How ``Gazetteer.resolve`` chooses (every rule is a method of ``geo_choose.PlaceChooser``; scores in
``geo_rank``):

1. NORP mentions resolve to a state or region when they are its demonym ("Texans", "Scottish",
   "Kurdish": ``data/subdivision_demonyms.csv``), else to their country ("Venezuelan"), else a
   continent's adjective ("European") to the continent; anything else to nothing.
2. Other mentions (GPE, LOC, FAC) are looked up by name key (case, accents, dots and a leading "the"
   ignored; dotted short forms such as "L.A." first expanded on their surface); a mention that finds
   nothing may be a demonym (rule 1), or an unknown name of a feature or a qualified place ("Port of Los
   Angeles", "North London") that holds a well-known place name; with ``known_places`` (gold toponym
   spans) any unknown name may resolve through one ("Dubai World Cup").
3. Each candidate gets a prior: log10(population) plus a feature-level bonus (country +2, admin1 +1,
   city 0, admin2 -0.5); rows of the hand-written regions table get a fixed high prior (they only hold
   well-known names); a match through a GeoNames alternate name costs 0.5, and 1.5 more when a place
   in the same country carries the name as its own ("Paris" is not Swainsboro, Georgia); whatever its
   context, such a match never outranks a country called by its own name ("Chile" is not Şile). A subdivision
   that shares its name with a city inside it, or with any city over 100,000 people that is at least a
   twentieth of its size, ranks just below that city ("Khartoum", "Kyiv", "New York", "Washington" are
   the cities; "Ontario" stays the province) unless the context favours the subdivision's country
   over that city's, or another city outscores that one anyway.
4. Document context: countries named or implied elsewhere in the document (country names and demonyms
   count 1, the country of another mention's best candidate 0.5, country names and demonyms found in
   ``text`` outside the mentions 0.5) add up to +3 to candidates in that country. A mention never counts
   as context for itself, so "Georgia" alone with no other clue is the country (rule 3: country > admin1),
   while "Georgia" in an article naming Tbilisi is Georgia the country and one naming Atlanta the US state.
5. Hierarchy decides outright: "Goma, North Kivu" or "Paris, Texas" (a mention, a comma, a mention) picks
   the pair of candidates where the second contains the first (same admin1, or same country). A country
   name before the comma starts a list ("China, Japan and Korea"; not "Jordan, Minnesota", a town there), and so does a state's own name in a
   longer list of states ("Georgia, Oklahoma, Pennsylvania and Wisconsin").
6. A name that is also a state reads as the state when the text says so ("New York state", "the state of
   Washington") or when it is listed next to a plain state ("Missouri, New York, North Carolina").
7. State context: up to three more passes in which the states and provinces the last pass chose favour
   same-state candidates of the other mentions (+1.5 per mention, at most 2); in the same passes a town
   or county within 100 km of another mention's chosen town or county gains +0.75 per such place (at
   most 2), so neighbours across a state line count too ("Hanover" next to Brattleboro is in NH).
8. A named feature the gazetteer lacks ("Royal Street") resolves to the article's most-named city.

Places from the hand-written regions table (seas, "Gaza Strip", "Sahel" ...) carry their stable
negative eventwire id from ``data/regions.csv`` in ``Place.geonameid``: negative ids are never GeoNames
ids, so consumers can tell them apart while merging still compares them.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Self

from eventwire.errors import GazetteerError
from eventwire.model import EntityMention, LocationPrecision, Place
from eventwire.resolve.geo_build import GAZETTEER_VERSION, build_gazetteer
from eventwire.resolve.geo_choose import PlaceChooser
from eventwire.resolve.geo_rank import GeoCandidate
from eventwire.resolve.names import name_key

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
_CACHE_LIMIT = 200_000


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
        return PlaceChooser(self, mentions, text, known_places=known_places).run()


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
