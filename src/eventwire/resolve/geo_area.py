"""Centres of states and provinces by area, from the country's outline and its populated places.

The installed GeoNames tables give subdivisions no coordinates. The middle of the box spanned by an
area's populated places sits too far south in provinces whose north is empty (Ontario, Quebec,
Saskatchewan) and too far inland from the capital in others; the point gazetteers and atlases give
for an area is close to its geographic centre. So the build lays a grid of cells over each country's
outline (countryinfo's GeoJSON), gives every cell on land to the subdivision of its nearest populated
place (a Voronoi partition of the country by its towns), and takes the area-weighted mean of each
subdivision's cells. A subdivision with fewer than ``_MIN_CELLS`` cells keeps the box middle.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import countryinfo
import numpy as np
from scipy.spatial import cKDTree

_CELLS_ACROSS = 100  # grid cells across a country of square shape; the step follows the country's size
_MIN_STEP, _MAX_STEP = 0.05, 0.25  # degrees
_MIN_CELLS = 3
_CHUNK = 4096

Ring = Sequence[Sequence[float]]  # [[lon, lat], ...]
CityPoint = tuple[str, float, float]  # (subdivision code, lat, lon)


def _polygons(country: countryinfo.CountryInfo) -> list[list[Ring]]:
    """The country's polygons (outer ring first, then holes) from countryinfo's GeoJSON."""
    try:
        geo_json = country.geo_json()
    except (KeyError, AttributeError, TypeError, ValueError):
        return []
    polygons: list[list[Ring]] = []
    for feature in geo_json.get("features", []) if isinstance(geo_json, dict) else []:
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Polygon":
            polygons.append(geometry["coordinates"])
        elif geometry.get("type") == "MultiPolygon":
            polygons.extend(geometry["coordinates"])
    return polygons


def _inside(lons: np.ndarray, lats: np.ndarray, rings: Iterable[Ring]) -> np.ndarray:
    """Even-odd rule over every ring of one polygon (holes flip cells back out)."""
    result = np.zeros(lons.shape, dtype=bool)
    for ring in rings:
        points = np.asarray(ring, dtype=float)
        if len(points) < 3:
            continue
        x1, y1 = points[:, 0], points[:, 1]
        x2, y2 = np.roll(x1, -1), np.roll(y1, -1)
        dy = np.where(y2 == y1, 1e-12, y2 - y1)
        for first in range(0, len(lons), _CHUNK):
            x = lons[first : first + _CHUNK, None]
            y = lats[first : first + _CHUNK, None]
            crossing = ((y1 > y) != (y2 > y)) & (x < (x2 - x1) * (y - y1) / dy + x1)
            result[first : first + _CHUNK] ^= crossing.sum(axis=1) % 2 == 1
    return result


def _unit_vectors(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    phi, lam = np.radians(lats), np.radians(lons)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=-1)


def _land_cells(polygons: list[list[Ring]], step: float) -> tuple[np.ndarray, np.ndarray]:
    lats: list[np.ndarray] = []
    lons: list[np.ndarray] = []
    for polygon in polygons:
        outer = np.asarray(polygon[0], dtype=float)
        (lon0, lat0), (lon1, lat1) = outer.min(axis=0), outer.max(axis=0)
        grid_lats = np.arange(math.floor(lat0 / step) * step + step / 2, lat1, step)
        grid_lons = np.arange(math.floor(lon0 / step) * step + step / 2, lon1, step)
        if not len(grid_lats) or not len(grid_lons):
            continue
        cell_lons, cell_lats = (axis.ravel() for axis in np.meshgrid(grid_lons, grid_lats))
        keep = _inside(cell_lons, cell_lats, polygon)
        lats.append(cell_lats[keep])
        lons.append(cell_lons[keep])
    if not lats:
        return np.empty(0), np.empty(0)
    return np.concatenate(lats), np.concatenate(lons)


def area_centres(
    cities_by_country: dict[str, list[CityPoint]], areas_km2: dict[str, float]
) -> dict[str, tuple[float, float]]:
    """Subdivision code -> (lat, lon) of its centre by area, for every country with an outline."""
    centres: dict[str, tuple[float, float]] = {}
    for country in countryinfo.all_countries():
        try:
            iso3 = country.iso().get("alpha3")
        except (KeyError, AttributeError, TypeError):
            continue
        cities = cities_by_country.get(iso3 or "")
        if not cities:
            continue
        side_degrees = math.sqrt(max(areas_km2.get(iso3 or "", 0.0), 1.0)) / 111.0
        step = min(max(side_degrees / _CELLS_ACROSS, _MIN_STEP), _MAX_STEP)
        lats, lons = _land_cells(_polygons(country), step)
        if not len(lats):
            continue
        city_lats = np.array([city[1] for city in cities])
        city_lons = np.array([city[2] for city in cities])
        _, nearest = cKDTree(_unit_vectors(city_lats, city_lons)).query(_unit_vectors(lats, lons))
        codes = np.array([city[0] for city in cities], dtype=object)[nearest]
        weights = np.cos(np.radians(lats))  # a degree cell shrinks towards the poles
        for code in set(codes.tolist()):
            chosen = codes == code
            if chosen.sum() < _MIN_CELLS:
                continue
            cell_lons = lons[chosen]
            if cell_lons.max() - cell_lons.min() > 180:  # across the antimeridian: a mean would mislead
                continue
            weight = weights[chosen]
            centres[code] = (
                float((lats[chosen] * weight).sum() / weight.sum()),
                float((cell_lons * weight).sum() / weight.sum()),
            )
    return centres
