"""Writes through the API: bearer-token check, read-only mode, and POST /api/ingest through the pipeline."""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import threading
from typing import TYPE_CHECKING, Any

from eventwire.errors import BadParameterError
from eventwire.serve.envelope import ApiError
from eventwire.serve.schemas import IngestRequest
from eventwire.settings import Settings
from eventwire.store import Store

if TYPE_CHECKING:
    from eventwire.pipeline import Pipeline

logger = logging.getLogger(__name__)


def _published(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        published = dt.datetime.fromisoformat(value)
    except ValueError as error:
        raise BadParameterError("published", f"published must be an ISO 8601 time, got {value[:40]!r}") from error
    return published if published.tzinfo else published.replace(tzinfo=dt.UTC)


class Writer:
    """Owns the API's write path: who may write, and one loaded pipeline (spaCy + gazetteer) reused across
    requests. Loading waits for the first write, so a read-only server never loads a model."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        token = settings.api_token.get_secret_value() if settings.api_token else ""
        self._token = token.encode()
        self._pipeline: Pipeline | None = None
        # One write at a time: the spaCy pipeline is not shared across threads, and SQLite has one writer.
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return bool(self._token) and not self.settings.read_only

    def authorize(self, authorization: str | None) -> None:
        """Raise the 403/401 ApiError unless writes are on and the header carries the token."""
        if self.settings.read_only:
            raise ApiError(403, "read_only", "this server is read-only (setting read_only): writes are refused")
        if not self._token:
            raise ApiError(403, "writes_disabled",
                           "writes are off: set EVENTWIRE_API_TOKEN on the server to enable POST /api/ingest")
        challenge = {"WWW-Authenticate": 'Bearer realm="eventwire"'}
        if not authorization:
            raise ApiError(401, "unauthorized", "send the API token as 'Authorization: Bearer <token>'", challenge)
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self._token):
            raise ApiError(401, "unauthorized", "the bearer token is wrong", challenge)

    def ingest(self, body: IngestRequest) -> dict[str, Any]:
        """Run the posted document (or the page at its URL) through `eventwire.pipeline.ingest`:
        the same reading, deduplication, extraction, storing and merging as `eventwire ingest`."""
        from eventwire import pipeline

        given = [name for name in ("text", "html") if getattr(body, name) is not None]
        if len(given) > 1:
            raise BadParameterError(given[1], "send one of text, html or url, not several")
        if not given and body.url is None:
            raise BadParameterError("text", "send one of text, html or url")
        if body.url is not None and not body.url.startswith(("http://", "https://")):
            raise BadParameterError("url", f"url must be an http or https URL, got {body.url[:80]!r}")
        published = _published(body.published)
        with self._lock:
            if self._pipeline is None:
                self._pipeline = pipeline.Pipeline(self.settings)
            runner = self._pipeline.process
            if given:
                raw = body.text if body.text is not None else body.html or ""
                report, article_id = pipeline.ingest_document(
                    raw, self.store, self.settings, url=body.url, title=body.title, outlet=body.outlet,
                    published=published, runner=runner)
                article_ids = [article_id] if article_id else []
            else:
                # The ingest package's fetcher reads the URL (robots.txt, size cap, no private addresses);
                # its errors are IngestErrors, which the envelope answers with 422.
                report = pipeline.ingest([body.url], self.store, self.settings, published, runner=runner)
                article_ids = []
        logger.info("ingest via API: %d added, %d already stored, %d rejected", report.articles_added,
                    report.already_stored, len(report.rejects))
        return {
            "articles_added": report.articles_added,
            "already_stored": report.already_stored,
            "events_added": report.events_added,
            "quotes_added": report.quotes_added,
            "article_ids": article_ids,
            "rejects": [{"source": reject.source, "reason": reject.reason, "detail": reject.detail}
                        for reject in report.rejects],
        }

    def close(self) -> None:
        with self._lock:
            if self._pipeline is not None:
                self._pipeline.close()
                self._pipeline = None
