"""Ingestion: sources to Articles (the only stage that reads files, stdin or the network)."""

from eventwire.ingest.sources import build_article, check_sources, read_sources
from eventwire.ingest.text import parse_published

__all__ = ["build_article", "check_sources", "parse_published", "read_sources"]
