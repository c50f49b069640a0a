"""Pydantic shapes of the HTTP API (the published OpenAPI contract); the event dicts stay contract dicts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. bad_input, not_found.")
    message: str = Field(description="What went wrong, for people.")


class ErrorEnvelope(BaseModel):
    """The one shape of every 4xx/5xx answer."""

    error: ErrorBody


class EventList(BaseModel):
    events: list[dict[str, Any]] = Field(description="Events in the output-contract shape, newest first.")
    count: int = Field(description="Number of events in this page.")


class QuoteList(BaseModel):
    quotes: list[dict[str, Any]] = Field(
        description="Quotes in the output-contract shape plus speaker_key, speaker_name (the canonical full"
        " name when the store knows one) and an article summary; newest article first."
    )
    count: int = Field(description="Number of quotes in this page.")
    next_cursor: str | None = Field(description="Pass as cursor= for the next page; null on the last page.")


class ArticleDetail(BaseModel):
    article: dict[str, Any] = Field(description="Metadata: id, url, outlet, title, published, ...")
    text: str = Field(description="The stored text every start/end offset points into.")
    events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    version: str
    counts: dict[str, int]
    web_assets: bool = Field(description="False until `make web` has copied Leaflet and the world outline.")
    last_changed: dict[str, Any] | None = Field(
        None, description="Newest data version and its UTC time: {version, at} (docs/versions.md)."
    )


class ChangeList(BaseModel):
    """Changes after a version, oldest first; poll again with since=version."""

    changes: list[dict[str, Any]]
    count: int
    version: int = Field(description="The newest version: pass it as since= on the next poll.")
    at: str | None = Field(description="UTC time of that version (when the data last changed).")


class PageConfig(BaseModel):
    """What the web page needs to know about the server's settings."""

    tile_url: str | None
    event_types: list[str]
    version: str
