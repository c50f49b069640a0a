"""Exports of stored events: ACLED-style CSV, GeoJSON and PLOVER JSON Lines."""

from eventwire.export.csv import write_csv
from eventwire.export.geojson import write_geojson
from eventwire.export.jsonl import write_jsonl

__all__ = ["write_csv", "write_geojson", "write_jsonl"]
