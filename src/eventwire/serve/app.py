"""The FastAPI app factory: the events/articles API over a Store, its error envelope, and the web page."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, Path, Query
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from eventwire import __version__
from eventwire.export.csv import write_csv
from eventwire.export.geojson import feature_collection
from eventwire.model import EventType
from eventwire.serve.detail import article_detail, event_detail
from eventwire.serve.envelope import ApiError, BodyLimitMiddleware, install_error_handlers
from eventwire.serve.params import event_list_filter, event_stats_filter, parse_day
from eventwire.serve.schemas import (
    ArticleDetail,
    ChangeList,
    ErrorEnvelope,
    EventDetail,
    EventList,
    Health,
    IngestAnswer,
    IngestRequest,
    PageConfig,
    QuoteList,
    Stats,
)
from eventwire.serve.writes import Writer
from eventwire.settings import Settings, load_settings
from eventwire.store import EventDocumentPage, EventFilter, Store, open_store

logger = logging.getLogger(__name__)

WEB_FOLDER = FilePath(__file__).resolve().parent / "web"
#: Files `make web` (tools/build_web.py) puts under web/vendor; the page cannot draw a map without them.
VENDOR_FILES = ("leaflet/leaflet.js", "leaflet/leaflet.css", "markercluster/leaflet.markercluster.js",
                "world/countries-110m.geojson")

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope} for status in (400, 404, 422, 500)
}
#: format=geojson and format=csv answer in their own media types; the spec says so (schemathesis checks it).
_EVENT_FORMATS: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/geo+json": {"schema": {"type": "object"}},
                      "text/csv": {"schema": {"type": "string"}}}},
}
_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorEnvelope} for status in (401, 403, 413, 422, 500)
}


def event_list_json(page: EventDocumentPage) -> bytes:
    """The EventList answer built from the events' stored JSON texts.

    Returning bytes skips FastAPI's re-validation against response_model (which documents the shape)
    and never decodes and re-encodes the events: at 100 events that was most of a request's time
    (bench/api.py).
    """
    return (f'{{"events":[{",".join(page.documents)}],"count":{len(page.documents)},'
            f'"next_cursor":{json.dumps(page.next_cursor)}}}').encode()


#: The largest page a SQLite store answers on the event loop (see `reads_on_loop`).
ON_LOOP_MAX_LIMIT = 500


def reads_on_loop(store: Store, event_filter: EventFilter) -> bool:
    """Whether a JSON page is read on the event loop itself rather than in FastAPI's thread pool.

    Handing a call to a worker thread and back cost a page of 100 about 3 ms more than the call itself on
    this 2-core machine (bench/api.py, "store call via hand-off"), more than the query. So on SQLite (a
    local file; WAL readers never wait for the writer) a bounded page is read on the loop: a LIMIT of at
    most ON_LOOP_MAX_LIMIT, no offset (skipped rows are read too), no actor substring (a rare name walks
    every actor row) and no as_of. PostgreSQL (a network round trip), stats, exports, CSV/GeoJSON and the
    unbounded shapes stay in the thread pool, so one slow query cannot stall every other request.
    """
    return (getattr(store, "dialect", None) == "sqlite" and 0 < event_filter.limit <= ON_LOOP_MAX_LIMIT
            and not event_filter.offset and event_filter.actor is None and event_filter.as_of is None)


def web_assets_present() -> bool:
    return all((WEB_FOLDER / "vendor" / name).is_file() for name in VENDOR_FILES)


def create_app(store_path_or_url: str, settings: Settings | None = None) -> FastAPI:
    """The API and web page over the store at ``store_path_or_url`` (opened now, closed at shutdown)."""
    settings = settings or load_settings()
    store: Store = open_store(store_path_or_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not web_assets_present():
            logger.warning("web page assets missing under %s: run `make web`", WEB_FOLDER / "vendor")
        yield
        app.state.writer.close()
        store.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Structured, sourced events extracted from news, with the words that support them. "
        "Every 4xx/5xx answer is `{\"error\": {\"code\", \"message\", \"parameter\"}}`.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.writer = Writer(store, settings)
    install_error_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )

    def formatted_page(event_filter: EventFilter, format: str) -> Response:
        page = store.page_events(event_filter)
        headers = {"X-Next-Cursor": page.next_cursor} if page.next_cursor else None
        if format == "geojson":
            collection = feature_collection(page.events)
            collection["next_cursor"] = page.next_cursor
            return JSONResponse(collection, media_type="application/geo+json", headers=headers)
        out = io.StringIO()
        write_csv(page.events, out)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)

    @app.get("/api/events", response_model=EventList, responses={**_ERROR_RESPONSES, **_EVENT_FORMATS})
    async def list_events(
        event_filter: Annotated[EventFilter, Depends(event_list_filter)],
        format: Literal["json", "geojson", "csv"] = Query("json", description="json, geojson or csv."),
        as_of: str | None = Query(None, max_length=100, description="The data as it was at a version number, snapshot name or ISO time (docs/versions.md)."),
    ) -> Any:
        """Events matching every given filter, one page at a time (follow next_cursor)."""
        event_filter = replace(event_filter, as_of=as_of)
        if format != "json":
            return await run_in_threadpool(formatted_page, event_filter, format)
        if reads_on_loop(store, event_filter):
            page = store.page_event_documents(event_filter)
        else:
            page = await run_in_threadpool(store.page_event_documents, event_filter)
        return Response(event_list_json(page), media_type="application/json")

    @app.get("/api/events/{event_id}", response_model=EventDetail, responses=_ERROR_RESPONSES)
    def get_event(event_id: str = Path(max_length=200), as_of: str | None = Query(None, max_length=100, description="The data as it was at a version number, snapshot name or ISO time (docs/versions.md).")) -> Any:
        """One event with its reports (evidence spans, claim, quotes per article), corroboration and conflicts."""
        event = store.get_event(event_id, as_of=as_of)
        merged_lookup = getattr(store, "get_merged_event", None)
        merged = merged_lookup(event_id, as_of=as_of) if merged_lookup else None
        fused = merged["event"] if merged else None
        if event is None and fused and fused.get("reports"):
            # A merged event's own id: show it through the mention that leads its first report.
            event = store.get_event(fused["reports"][0]["mention_ids"][0], as_of=as_of)
        if event is None:
            raise ApiError(404, "not_found", f"no event with id {event_id!r}")
        articles: dict[str, dict[str, Any] | None] = {}

        def load(article_id: str, mention_id: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
            if article_id not in articles:
                articles[article_id] = store.get_article(article_id, as_of=as_of)
            return (store.get_event(mention_id, as_of=as_of) if mention_id else None), articles[article_id]

        return event_detail(event, load, fused)

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, responses=_ERROR_RESPONSES)
    def get_article(article_id: str = Path(max_length=200), as_of: str | None = Query(None, max_length=100, description="The data as it was at a version number, snapshot name or ISO time (docs/versions.md).")) -> Any:
        """The stored text, its events and quotes, and every span to highlight."""
        article = store.get_article(article_id, as_of=as_of)
        if article is None:
            raise ApiError(404, "not_found", f"no article with id {article_id!r}")
        return article_detail(article)

    @app.get("/api/stats", response_model=Stats, responses=_ERROR_RESPONSES)
    def stats(event_filter: Annotated[EventFilter, Depends(event_stats_filter)], as_of: str | None = Query(None, max_length=100, description="The data as it was at a version number, snapshot name or ISO time (docs/versions.md).")) -> Any:
        """Counts of the matching events: total, by day, by PLOVER type, by country."""
        return JSONResponse(store.stats(replace(event_filter, as_of=as_of)))

    @app.get("/api/quotes", response_model=QuoteList, responses=_ERROR_RESPONSES)
    def list_quotes(
        speaker: str | None = Query(None, max_length=200,
                                    description="Speaker in any form: 'Hegseth', 'Defense Secretary Hegseth'."),
        q: str | None = Query(None, max_length=200, description="Words the quote must contain (all of them)."),
        since: str | None = Query(None, description="Articles published on or after YYYY-MM-DD."),
        limit: int = Query(100, ge=1, le=1000),
        cursor: str | None = Query(None, max_length=1000, description="next_cursor of the previous page."),
        as_of: str | None = Query(None, max_length=100, description="The data as it was at a version number, snapshot name or ISO time (docs/versions.md)."),
    ) -> Any:
        page = store.query_quotes(speaker=speaker, q=q, since=parse_day("since", since), limit=limit,
                                  cursor=cursor, as_of=as_of)
        return {"quotes": page.quotes, "count": len(page.quotes), "next_cursor": page.next_cursor}

    @app.post("/api/ingest", response_model=IngestAnswer, status_code=201, responses=_WRITE_RESPONSES)
    def ingest(body: IngestRequest, authorization: str | None = Header(None)) -> Any:
        """Extract and store one article given as text, HTML or a URL (needs the bearer token)."""
        app.state.writer.authorize(authorization)
        return app.state.writer.ingest(body)

    @app.get("/api/health", response_model=Health)
    def health() -> Any:
        return {
            "status": "ok", "version": __version__, "counts": store.counts(),
            "web_assets": web_assets_present(), "last_changed": store.version_info(),
        }

    @app.get("/api/changes", response_model=ChangeList, responses=_ERROR_RESPONSES)
    def list_changes(
        since: str | None = Query(None, max_length=100, description="After this version (number, snapshot name or ISO time)."),
        limit: int = Query(1000, ge=1, le=10000),
    ) -> Any:
        """What changed after a version, oldest first; poll with since=<version of the last answer>."""
        # The version is read before the changes: a poll may return changes newer than it (seen twice
        # at worst, same id), never miss one.
        latest = store.version_info()
        found = store.changes(since, limit)
        if len(found) >= limit:
            # A full page ends on a whole version (store.changes completes it): go on from there.
            latest = {"version": found[-1]["version"], "at": found[-1]["at"]}
        return {"changes": found, "count": len(found), **latest}

    @app.get("/api/config", response_model=PageConfig)
    def page_config() -> Any:
        return {
            "tile_url": settings.tile_url,
            "event_types": [event_type.value for event_type in EventType],
            "version": __version__,
            "writes": app.state.writer.enabled,
        }

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_FOLDER / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB_FOLDER), name="static")
    return app
