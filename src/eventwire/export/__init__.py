"""Exports of stored events: ACLED-style CSV, plain CSV, GeoJSON, PLOVER JSON Lines and Parquet."""

from eventwire.export.csv import write_csv
from eventwire.export.flat import write_flat_csv
from eventwire.export.geojson import write_geojson
from eventwire.export.jsonl import write_jsonl
from eventwire.export.parquet import write_parquet
from eventwire.export.plover import write_plover_jsonl

__all__ = ["write_csv", "write_flat_csv", "write_geojson", "write_jsonl", "write_parquet", "write_plover_jsonl"]
