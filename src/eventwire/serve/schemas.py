"""Pydantic shapes of the HTTP API (the published OpenAPI contract); the event dicts stay contract dicts."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. bad_input, not_found, unauthorized.")
    message: str = Field(description="What went wrong, for people.")
    parameter: str | None = Field(None, description="The query parameter or body field at fault, when one is.")


class ErrorEnvelope(BaseModel):
    """The one shape of every 4xx/5xx answer."""

    error: ErrorBody


class EventList(BaseModel):
    events: list[dict[str, Any]] = Field(
        description="Events in the output-contract shape plus an article summary, in the asked sort order."
    )
    count: int = Field(description="Number of events in this page.")
    next_cursor: str | None = Field(description="Pass as cursor= for the next page; null on the last page.")


class CountRow(BaseModel):
    value: str | None = Field(description="The day (YYYY-MM-DD), type or ISO3 country; null for unknown.")
    count: int


class Stats(BaseModel):
    total: int = Field(description="Events matching the filters.")
    by_day: list[CountRow] = Field(description="Counts by event date, oldest first, undated last.")
    by_type: list[CountRow]
    by_country: list[CountRow]


class CountRange(BaseModel):
    best: int | None
    min: int | None
    max: int | None


class Report(BaseModel):
    """One article reporting the event, with what it says and where in its text."""

    model_config = {"extra": "allow"}  # a merged report also carries its evidence and trigger spans

    article_id: str
    outlet: str | None
    url: str | None
    title: str | None = None
    published: str | None
    copy_of: str | None = Field(None, description="Article this one is a syndicated copy of.")
    mention_ids: list[str]
    claim: dict[str, Any] | None
    killed: int | None
    injured: int | None
    spans: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Evidence spans in the article text: kind, start, end, text, label, event_id.",
    )
    quotes: list[dict[str, Any]] = Field(default_factory=list, description="Quotes in that article.")


class Corroboration(BaseModel):
    outlets: int = Field(description="Distinct outlets among independent documents.")
    outlets_with_copies: int
    articles: int
    independent_documents: int
    mentions: int


class EventDetail(BaseModel):
    """One event: the output contract plus reports, corroboration, conflicts and casualty ranges."""

    model_config = {"extra": "allow"}

    id: str
    type: str
    reports: list[Report]
    corroboration: Corroboration
    conflicts: list[dict[str, Any]] = Field(
        description="Fields where reports disagree (e.g. killed 11 vs 14), each value with its sources."
    )
    casualties: dict[str, CountRange] = Field(description="killed and injured as {best, min, max}.")
    merged_id: str | None = Field(
        None, description="Id of the merged event (same occurrence across outlets) this mention belongs to."
    )


class IngestRequest(BaseModel):
    """Exactly one of text, html or url; the other fields describe the article when known."""

    model_config = {"extra": "forbid"}

    text: str | None = Field(None, description="Plain article text.")
    html: str | None = Field(None, description="An article page's HTML (the article text is extracted).")
    url: str | None = Field(None, description="Fetch this http(s) URL; with text or html, the article's URL.")
    title: str | None = None
    outlet: str | None = None
    published: str | None = Field(None, description="Publication time, ISO 8601.")


class IngestAnswer(BaseModel):
    articles_added: int
    already_stored: int
    events_added: int
    quotes_added: int
    article_ids: list[str] = Field(description="Ids of the articles read from the request (stored or not).")
    rejects: list[dict[str, Any]] = Field(description="Inputs refused, each with source, reason and detail.")


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
    spans: list[dict[str, Any]] = Field(
        description="Every span to highlight: kind (sentence, trigger, actor, place, date, casualties, claim,"
        " quote), start, end, text, label, event_id for event spans."
    )


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
    writes: bool = Field(description="True when POST /api/ingest is on (a token is set, not read-only).")
