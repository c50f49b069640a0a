"""Ingestion: sources to Articles (the only stage that reads files, stdin or the network)."""

from eventwire.ingest.context import IngestOptions, options_from_settings
from eventwire.ingest.dumps import parse_field_map
from eventwire.ingest.sources import build_article, check_sources, read_sources
from eventwire.ingest.text import parse_published

__all__ = [
    "IngestOptions",
    "build_article",
    "check_sources",
    "options_from_settings",
    "parse_field_map",
    "parse_published",
    "read_sources",
]
