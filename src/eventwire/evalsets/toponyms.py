"""Toponym resolution scores: our geoparser and a plain gazetteer peer on GeoVirus, GeoWebNews, LGL, TR-News.

For every gold toponym that has coordinates, the gold span is resolved in its document context (all
gold spans of the document, with or without coordinates, are given to ``Gazetteer.resolve`` together,
with the document text and ``known_places=True``: the spans are known toponyms), and the great-circle distance between our point and the gold point is measured. Scores per set and system:

* ``acc@161km``: share of gold toponyms resolved within 161 km (100 miles) of the gold point; a toponym
  a system leaves unresolved counts as a miss.
* ``mean_km``: mean error over the toponyms the system resolved.
* ``coverage``: share of gold toponyms the system resolved at all.

The simple peer (``gazetteer-max-population``) looks the span's text up in the same gazetteer and takes
the most populous candidate, with no context, hierarchy or demonym handling. The sets are read from
``../shared/data`` in their own XML formats at run time and never copied.

Run: ``PYTHONPATH=src python -m eventwire.evalsets.toponyms [--max-docs N] [--data-dir DIR]``.
"""

from __future__ import annotations

import argparse
import math
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from eventwire.evalsets import ScoreRow, shared_data_dir
from eventwire.model import EntityMention, Place
from eventwire.resolve.countries import iso3_for_demonym
from eventwire.resolve.geo import Gazetteer, default_gazetteer_path

__all__ = ["TOPONYM_SETS", "GoldDocument", "GoldToponym", "read_set", "score_toponyms"]

COMMAND = "PYTHONPATH=src python -m eventwire.evalsets.toponyms"
_EARTH_RADIUS_KM = 6371.0088
_WITHIN_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    text: str
    start: int
    end: int
    lat: float | None  # None: annotated but not resolved by the gold; context for the others, not scored
    lon: float | None

    @property
    def scored(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _child_text(element: ET.Element, tag: str) -> str | None:
    child = element.find(tag)
    return child.text if child is not None else None


_ALIGN_WINDOW = 40


def _toponym(
    text: str, name: str | None, start: str | None, end: str | None, lat: float | None, lon: float | None
) -> GoldToponym | None:
    """A gold toponym with offsets checked against the text; shifted offsets (GeoVirus counts from a
    leading newline the XML parser drops) are realigned to the nearest occurrence of the gold name."""
    if start is None or end is None:
        return None
    first, last = int(start), int(end)
    name = (name or "").strip()
    if name and text[first:last] != name:
        window_start = max(0, first - _ALIGN_WINDOW)
        found = [
            window_start + m.start()
            for m in re.finditer(re.escape(name), text[window_start : last + _ALIGN_WINDOW])
        ]
        if not found:
            return None
        first = min(found, key=lambda position: abs(position - first))
        last = first + len(name)
    if not 0 <= first < last <= len(text):
        return None
    return GoldToponym(text[first:last], first, last, lat, lon)


def _read_geovirus(path: Path) -> Iterator[GoldDocument]:
    for number, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = _child_text(article, "text") or ""
        toponyms = []
        for location in article.iter("location"):
            gold = _toponym(
                text,
                _child_text(location, "name"),
                _child_text(location, "start"),
                _child_text(location, "end"),
                _float(_child_text(location, "lat")),
                _float(_child_text(location, "lon")),
            )
            if gold:
                toponyms.append(gold)
        yield GoldDocument(_child_text(article, "source") or str(number), text, tuple(toponyms))


def _read_geowebnews(path: Path) -> Iterator[GoldDocument]:
    for number, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = _child_text(article, "text") or ""
        toponyms = []
        for element in article.iter("toponym"):
            # GeoWebNews gives coordinates to every literal or associative toponym; the spans without them
            # are non-toponyms, languages and non-literal expressions, so they are no context either.
            if _float(_child_text(element, "latitude")) is None:
                continue
            gold = _toponym(
                text,
                _child_text(element, "extractedName"),
                _child_text(element, "start"),
                _child_text(element, "end"),
                _float(_child_text(element, "latitude")),
                _float(_child_text(element, "longitude")),
            )
            if gold:
                toponyms.append(gold)
        yield GoldDocument(article.get("file") or str(number), text, tuple(toponyms))


def _read_lgl_schema(path: Path) -> Iterator[GoldDocument]:
    """LGL and TR-News share one schema: toponyms with a ``gaztag`` carrying lat/lon."""
    for number, article in enumerate(ET.parse(path).getroot().iter("article")):
        text = _child_text(article, "text") or ""
        toponyms = []
        for element in article.iter("toponym"):
            gaztag = element.find("gaztag")
            gold = _toponym(
                text,
                _child_text(element, "phrase"),
                _child_text(element, "start"),
                _child_text(element, "end"),
                _float(_child_text(gaztag, "lat")) if gaztag is not None else None,
                _float(_child_text(gaztag, "lon")) if gaztag is not None else None,
            )
            if gold:
                toponyms.append(gold)
        yield GoldDocument(article.get("docid") or str(number), text, tuple(toponyms))


#: set name -> (file inside the data dir, reader)
TOPONYM_SETS: dict[str, tuple[str, Callable[[Path], Iterator[GoldDocument]]]] = {
    "geovirus": ("geovirus/GeoVirus.xml", _read_geovirus),
    "geowebnews": ("geowebnews/GWN.xml", _read_geowebnews),
    "lgl": ("lgl/lgl.xml", _read_lgl_schema),
    "tr-news": ("tr-news/TR-News.xml", _read_lgl_schema),
}


def read_set(name: str, data_dir: Path, max_docs: int | None = None) -> list[GoldDocument]:
    """Documents of one toponym set with at least one gold toponym that has coordinates (toponyms
    without coordinates are kept as context for the others and not scored)."""
    relative, reader = TOPONYM_SETS[name]
    documents = [doc for doc in reader(Path(data_dir) / relative) if any(t.scored for t in doc.toponyms)]
    return documents[:max_docs] if max_docs is not None else documents


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


Point = tuple[float, float] | None
Resolver = Callable[[Gazetteer, GoldDocument], list[Point]]


def _mentions(document: GoldDocument) -> list[EntityMention]:
    # The gold gives spans, not labels; a nationality word is what spaCy would tag NORP.
    return [
        EntityMention(t.text, t.start, t.end, "NORP" if iso3_for_demonym(t.text) else "GPE")
        for t in document.toponyms
    ]


def eventwire_points(gazetteer: Gazetteer, document: GoldDocument) -> list[Point]:
    """Our geoparser: every gold span of the document resolved together, with the document text."""
    places: Sequence[Place | None] = gazetteer.resolve(
        _mentions(document), text=document.text, known_places=True
    )
    return [(p.lat, p.lon) if p and p.lat is not None and p.lon is not None else None for p in places]


def max_population_points(gazetteer: Gazetteer, document: GoldDocument) -> list[Point]:
    """The simple peer: the most populous gazetteer candidate of the span's text, no context."""
    points: list[Point] = []
    for toponym in document.toponyms:
        candidates = [c for c in gazetteer.lookup(toponym.text) if c.lat is not None and c.lon is not None]
        if not candidates:
            points.append(None)
            continue
        best = max(candidates, key=lambda c: c.population)
        points.append((best.lat, best.lon))  # type: ignore[arg-type]
    return points


SYSTEMS: dict[str, Resolver] = {
    "eventwire": eventwire_points,
    "gazetteer-max-population": max_population_points,
}


def _score(
    dataset: str, system: str, documents: Sequence[GoldDocument], points: list[list[Point]], command: str
) -> list[ScoreRow]:
    total = hits = resolved = 0
    error_sum = 0.0
    for document, predicted in zip(documents, points, strict=True):
        for gold, point in zip(document.toponyms, predicted, strict=True):
            if gold.lat is None or gold.lon is None:
                continue
            total += 1
            if point is None:
                continue
            resolved += 1
            error = distance_km(gold.lat, gold.lon, point[0], point[1])
            error_sum += error
            hits += error <= _WITHIN_KM
    return [
        ScoreRow("places", dataset, system, "acc@161km", hits / total if total else None, total, command),
        ScoreRow(
            "places",
            dataset,
            system,
            "mean_km",
            error_sum / resolved if resolved else None,
            resolved,
            command,
        ),
        ScoreRow("places", dataset, system, "coverage", resolved / total if total else None, total, command),
    ]


def _default_gazetteer() -> Gazetteer:
    from eventwire.settings import Settings

    settings = Settings()
    path = settings.gazetteer_path or default_gazetteer_path(settings.cache_dir)
    return Gazetteer.open(path, build_if_missing=True)


def score_toponyms(
    data_dir: Path | None = None,
    *,
    max_docs: int | None = None,
    gazetteer: Gazetteer | None = None,
    sets: Sequence[str] | None = None,
    command: str = COMMAND,
) -> list[ScoreRow]:
    """Score ours and the simple peer on every toponym set present in ``data_dir``."""
    data_dir = Path(data_dir) if data_dir is not None else shared_data_dir()
    own = gazetteer is None
    gazetteer = gazetteer or _default_gazetteer()
    rows: list[ScoreRow] = []
    try:
        for name in sets or TOPONYM_SETS:
            if not (data_dir / TOPONYM_SETS[name][0]).exists():
                for system in SYSTEMS:
                    rows.append(
                        ScoreRow(
                            "places",
                            name,
                            system,
                            "acc@161km",
                            None,
                            0,
                            command,
                            f"{name} absent from {data_dir}",
                        )
                    )
                continue
            documents = read_set(name, data_dir, max_docs)
            for system, resolver in SYSTEMS.items():
                points = [resolver(gazetteer, document) for document in documents]
                rows.extend(_score(name, system, documents, points, command))
        rows.append(
            ScoreRow("places", "all", "geotext", "acc@161km", None, 0, command, "geotext not installed")
            if not _geotext_installed()
            else ScoreRow(
                "places",
                "all",
                "geotext",
                "acc@161km",
                None,
                0,
                command,
                "geotext gives country codes for city names, not coordinates; not comparable",
            )
        )
    finally:
        if own:
            gazetteer.close()
    return rows


def _geotext_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("geotext") is not None


def format_rows(rows: Sequence[ScoreRow]) -> str:
    """A plain-text table of score rows."""
    lines = [f"{'stage':8} {'dataset':20} {'system':26} {'metric':10} {'value':>9} {'size':>6}  note"]
    for row in rows:
        value = (
            "-"
            if row.value is None
            else (f"{row.value:9.1f}" if row.metric == "mean_km" else f"{row.value:9.3f}")
        )
        lines.append(
            f"{row.stage:8} {row.dataset:20} {row.system:26} {row.metric:10} {value:>9} {row.size:6}  {row.note}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="default: EVENTWIRE_SHARED_DATA or ../shared/data"
    )
    parser.add_argument("--max-docs", type=int, default=None, help="documents per set (quick runs)")
    parser.add_argument(
        "--set", action="append", choices=sorted(TOPONYM_SETS), help="only this set (repeatable)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = score_toponyms(args.data_dir, max_docs=args.max_docs, sets=args.set)
    print(format_rows(rows))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
