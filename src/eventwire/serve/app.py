"""The FastAPI app factory: the events/articles API over a Store, its error envelope, and the web page."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, Protocol

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from eventwire import __version__
from eventwire.errors import BadInputError, EventwireError
from eventwire.export.csv import write_csv
from eventwire.export.geojson import feature_collection
from eventwire.model import EventType
from eventwire.serve.schemas import (
    ArticleDetail,
    ChangeList,
    ErrorEnvelope,
    EventList,
    Health,
    PageConfig,
    QuoteList,
)
from eventwire.settings import Settings, load_settings
from eventwire.store import EventFilter, Store, open_store

logger = logging.getLogger(__name__)

WEB_FOLDER = Path(__file__).resolve().parent / "web"
#: Files `make web` (tools/build_web.py) puts under web/vendor; the page cannot draw a map without them.
VENDOR_FILES = ("leaflet/leaflet.js", "leaflet/leaflet.css", "world/countries-110m.geojson")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO3 = re.compile(r"^[A-Za-z]{3}$")
_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 422: "invalid_request"}
_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorEnvelope}, 404: {"model": ErrorEnvelope}, 422: {"model": ErrorEnvelope},
    500: {"model": ErrorEnvelope},
}


class ServableStore(Store, Protocol):
    """The Store protocol plus the single-event lookup the API needs (SQLiteStore has it)."""

    def get_event(self, event_id: str, as_of: str | int | None = None) -> dict[str, Any] | None: ...


def error_response(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


def parse_day(name: str, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD query parameter as a date (BadInputError otherwise)."""
    if value is None or value == "":
        return None
    if not _ISO_DATE.match(value):
        raise BadInputError(f"{name} must be a date as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise BadInputError(f"{name} is not a valid date: {value!r} ({error})") from error


def event_filter_from_query(
    country: str | None, type_: str | None, since: str | None, until: str | None, limit: int, offset: int
) -> EventFilter:
    """Validate the /api/events query parameters into an EventFilter."""
    if country:
        if not _ISO3.match(country):
            raise BadInputError(f"country must be an ISO 3166-1 alpha-3 code like VEN, got {country!r}")
        country = country.upper()
    if type_:
        type_ = type_.upper()
        if type_ not in EventType.__members__:
            raise BadInputError(
                f"type must be a PLOVER event type ({', '.join(EventType.__members__)}), got {type_!r}"
            )
    since_day, until_day = parse_day("since", since), parse_day("until", until)
    if since_day and until_day and since_day > until_day:
        raise BadInputError(f"since ({since_day}) is after until ({until_day})")
    return EventFilter(
        country=country or None, type=type_ or None, since=since_day, until=until_day,
        limit=limit, offset=offset,
    )


def web_assets_present() -> bool:
    return all((WEB_FOLDER / "vendor" / name).is_file() for name in VENDOR_FILES)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else str(error.detail)
        if error.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return error_response(error.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for problem in error.errors():
            where = ".".join(str(part) for part in problem.get("loc", ()) if part not in ("query", "path"))
            problems.append(f"{where}: {problem.get('msg', 'invalid')}" if where else problem.get("msg", ""))
        return error_response(422, "invalid_request", "; ".join(problems) or "invalid request")

    @app.exception_handler(BadInputError)
    async def bad_input(request: Request, error: BadInputError) -> JSONResponse:
        return error_response(400, error.code, error.message)

    @app.exception_handler(EventwireError)
    async def eventwire_error(request: Request, error: EventwireError) -> JSONResponse:
        logger.error("%s %s failed: %s", request.method, request.url.path, error.message)
        return error_response(500, error.code, error.message)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        logger.exception("%s %s crashed", request.method, request.url.path)
        return error_response(500, "internal_error", "internal server error (see the server log)")


def create_app(store_path_or_url: str, settings: Settings | None = None) -> FastAPI:
    """The API and web page over the store at ``store_path_or_url`` (opened now, closed at shutdown)."""
    settings = settings or load_settings()
    store: ServableStore = open_store(store_path_or_url)  # type: ignore[assignment]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if not web_assets_present():
            logger.warning("web page assets missing under %s: run `make web`", WEB_FOLDER / "vendor")
        yield
        store.close()

    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Structured, sourced events extracted from news, with the words that support them.",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    _install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET"],
            allow_headers=["*"],
        )

    @app.get("/api/events", response_model=EventList, responses=_ERROR_RESPONSES)
    def list_events(
        country: str | None = Query(None, description="ISO 3166-1 alpha-3 code of the event's place."),
        type: str | None = Query(None, description="PLOVER event type, e.g. ASSAULT."),
        since: str | None = Query(None, description="First event date, YYYY-MM-DD (inclusive)."),
        until: str | None = Query(None, description="Last event date, YYYY-MM-DD (inclusive)."),
        limit: int = Query(1000, ge=1, le=5000),
        offset: int = Query(0, ge=0),
        format: Literal["json", "geojson", "csv"] = Query("json"),
        as_of: str | None = Query(None, description="The data as it was at a version number, snapshot name or ISO time."),
    ) -> Any:
        event_filter = replace(event_filter_from_query(country, type, since, until, limit, offset), as_of=as_of)
        events = store.query_events(event_filter)
        if format == "geojson":
            return JSONResponse(feature_collection(events), media_type="application/geo+json")
        if format == "csv":
            out = io.StringIO()
            write_csv(events, out)
            return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
        return {"events": events, "count": len(events)}

    @app.get("/api/events/{event_id}", responses=_ERROR_RESPONSES)
    def get_event(event_id: str, as_of: str | None = Query(None, description="The data as it was at a version number, snapshot name or ISO time.")) -> dict[str, Any]:
        event = store.get_event(event_id, as_of=as_of)
        if event is None:
            raise HTTPException(404, f"no event with id {event_id!r}")
        return event

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, responses=_ERROR_RESPONSES)
    def get_article(article_id: str, as_of: str | None = Query(None, description="The data as it was at a version number, snapshot name or ISO time.")) -> Any:
        article = store.get_article(article_id, as_of=as_of)
        if article is None:
            raise HTTPException(404, f"no article with id {article_id!r}")
        return article

    @app.get("/api/quotes", response_model=QuoteList, responses=_ERROR_RESPONSES)
    def list_quotes(
        speaker: str | None = Query(None, description="Speaker in any form: 'Hegseth', 'Defense Secretary Hegseth'."),
        q: str | None = Query(None, description="Words the quote must contain (all of them)."),
        since: str | None = Query(None, description="Articles published on or after YYYY-MM-DD."),
        limit: int = Query(100, ge=1, le=1000),
        cursor: str | None = Query(None, description="next_cursor of the previous page."),
        as_of: str | None = Query(None, description="The data as it was at a version number, snapshot name or ISO time."),
    ) -> Any:
        page = store.query_quotes(speaker=speaker, q=q, since=parse_day("since", since), limit=limit,
                                  cursor=cursor, as_of=as_of)
        return {"quotes": page.quotes, "count": len(page.quotes), "next_cursor": page.next_cursor}

    @app.get("/api/health", response_model=Health)
    def health() -> Any:
        return {
            "status": "ok", "version": __version__, "counts": store.counts(),
            "web_assets": web_assets_present(), "last_changed": store.version_info(),
        }

    @app.get("/api/changes", response_model=ChangeList, responses=_ERROR_RESPONSES)
    def list_changes(
        since: str | None = Query(None, description="After this version (number, snapshot name or ISO time)."),
        limit: int = Query(1000, ge=1, le=10000),
    ) -> Any:
        # The version is read before the changes: a poll may return changes newer than it (seen twice
        # at worst, by version), never miss one.
        latest = store.version_info()
        found = store.changes(since, limit)
        if len(found) == limit:
            # A full page: resume from its last version (its other changes, if any, come again).
            latest = {"version": found[-1]["version"] - 1 if found[-1]["version"] > found[0]["version"]
                      else found[-1]["version"], "at": found[-1]["at"]}
        return {"changes": found, "count": len(found), **latest}

    @app.get("/api/config", response_model=PageConfig)
    def page_config() -> Any:
        return {
            "tile_url": settings.tile_url,
            "event_types": [event_type.value for event_type in EventType],
            "version": __version__,
        }

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_FOLDER / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=WEB_FOLDER), name="static")
    return app
