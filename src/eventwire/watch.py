"""`eventwire watch`: poll sources on a schedule with conditional requests, ingest and merge what is new."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import BadInputError, EventwireError
from eventwire.ingest import options_from_settings, read_sources
from eventwire.ingest.context import IngestContext
from eventwire.ingest.fetch import Fetcher, policy_from_settings
from eventwire.ingest.sources import is_url, read_document
from eventwire.model import Article, ArticleResult, Reject
from eventwire.pipeline import IngestReport, Pipeline, ingest_items
from eventwire.settings import Settings
from eventwire.store.base import Store

logger = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class WatchOptions:
    """What to watch and how often; ``max_polls`` None runs until stopped."""

    sources: list[str]
    every: float
    max_polls: int | None = None


@dataclass(frozen=True, slots=True)
class PollReport:
    """One poll over every source: the numbers of its log line."""

    number: int
    sources: int
    not_modified: int
    new_articles: int
    new_events: int
    updated_events: int
    rejected: int
    errors: tuple[str, ...]

    def line(self) -> str:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        text = (f"{now} poll {self.number}: {self.sources} sources ({self.not_modified} not modified), "
                f"{self.new_articles} new articles, {self.new_events} new events, "
                f"{self.updated_events} updated events, {self.rejected} rejected, {len(self.errors)} errors")
        return text + ("; " + "; ".join(self.errors[:3]) if self.errors else "")


def parse_interval(text: str) -> float:
    """Seconds from '90', '30s', '15m', '1h', '1d'."""
    match = _INTERVAL.match(text)
    if not match or float(match.group(1)) <= 0:
        raise BadInputError(f"--every must be a positive number with an optional unit s, m, h or d, got {text!r}")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]


def read_sources_file(path: Path) -> list[str]:
    """One source per line; blank lines and lines starting with # are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise BadInputError(f"cannot read sources file {path}: {error.strerror}") from error
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def expand_sources(sources: Iterable[str]) -> list[str]:
    """Sources with URL-list files (every line a URL) replaced by their URLs, in order, once each."""
    found: list[str] = []
    for source in sources:
        path = Path(source)
        listed = read_sources_file(path) if not is_url(source) and path.is_file() and path.stat().st_size < 1_000_000 else []
        try:
            expanded = listed if listed and all(is_url(line) for line in listed) else [source]
        except UnicodeDecodeError:
            expanded = [source]
        found.extend(item for item in expanded if item not in found)
    if not found:
        raise BadInputError("nothing to watch: give sources or --sources-file")
    return found


class _LazyPipeline:
    """The NLP pipeline, loaded on the first poll that brings a new article and kept across polls."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._pipeline: Pipeline | None = None

    def __call__(self, items: Iterable[Article | Reject]) -> Iterator[ArticleResult | Reject]:
        stream = iter(items)
        first = next(stream, None)
        if first is None:
            return iter(())
        if self._pipeline is None and not isinstance(first, Reject):
            self._pipeline = Pipeline(self._settings)
        if self._pipeline is None:
            return itertools.chain([first], self(stream))  # type: ignore[list-item]
        return self._pipeline.process(itertools.chain([first], stream))

    def close(self) -> None:
        if self._pipeline is not None:
            self._pipeline.close()


class Watcher:
    """Polls sources into a store. All state between polls (validators, what is stored) is in the
    store, so a new Watcher after a restart carries on where the last one stopped."""

    def __init__(self, store: Store, settings: Settings, fetcher: Fetcher | None = None) -> None:
        self.store = store
        self.settings = settings
        self._options = options_from_settings(settings, None, None)
        self._fetcher = fetcher or Fetcher(policy_from_settings(settings))
        self._owns_fetcher = fetcher is None
        self._runner = _LazyPipeline(settings)

    def close(self) -> None:
        self._runner.close()
        if self._owns_fetcher:
            self._fetcher.close()

    def poll(self, sources: list[str], number: int = 1) -> PollReport:
        not_modified = articles = created = updated = rejected = 0
        errors: list[str] = []
        for source in sources:
            try:
                outcome = self._poll_url(source) if is_url(source) else self._poll_path(source)
            except EventwireError as error:
                # A broken source never stops the others or the next poll.
                message = error.message if source in error.message else f"{source}: {error.message}"
                logger.warning("%s", message)
                errors.append(message)
                self._record(source, status="error", error=error.message, keep_validators=True)
                continue
            if outcome is None:
                not_modified += 1
                continue
            articles += outcome.articles_added
            created += outcome.merged_created
            updated += outcome.merged_updated
            for reject in outcome.rejects:
                if reject.source == source and reject.reason != "duplicate":
                    errors.append(f"{source}: {reject.detail or reject.reason}")
                else:
                    rejected += 1
        return PollReport(number, len(sources), not_modified, articles, created, updated, rejected, tuple(errors))

    def _record(self, source: str, **outcome: object) -> None:
        try:
            self.store.record_poll(source, **outcome)
        except EventwireError as error:
            logger.error("cannot record the poll of %s: %s", source, error.message)

    def _poll_url(self, url: str) -> IngestReport | None:
        state = self.store.watch_state(url) or {}
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        page = self._fetcher.get(url, headers)  # FetchError: an error of this poll, see `poll`
        if page.not_modified:
            self._record(url, status="304", keep_validators=True)
            return None
        def read(skip_page: Callable[[str], bool]) -> Iterator[Article | Reject]:
            context = IngestContext(self._options, self._fetcher, skip_page)
            yield from read_document(lambda: io.BytesIO(page.content), url, context, url=page.url,
                                     charset=page.charset)

        report = ingest_items(read, self.store, self.settings, self._runner)
        # Validators are saved only after everything they cover is stored; an item page that could not
        # be fetched, or a source that did not read cleanly, clears them: the next poll reads it again.
        retry = any(reject.reason.startswith("fetch:") or reject.source == url for reject in report.rejects)
        self._record(url, status=str(page.status), etag=None if retry else page.headers.get("etag"),
                     last_modified=None if retry else page.headers.get("last-modified"))
        return report

    def _poll_path(self, source: str) -> IngestReport | None:
        path = Path(source)
        stamp = f"{path.stat().st_mtime_ns}:{path.stat().st_size}" if path.is_file() else None
        state = self.store.watch_state(source) or {}
        if stamp is not None and state.get("last_modified") == stamp:
            self._record(source, status="unchanged", keep_validators=True)
            return None
        report = ingest_items(
            lambda skip_page: read_sources([source], options=self._options, fetcher=self._fetcher,
                                           skip_page=skip_page),
            self.store, self.settings, self._runner)
        self._record(source, status="read", last_modified=stamp)
        return report


def run_watch(
    store: Store, settings: Settings, options: WatchOptions, emit: Callable[[str], None], *,
    fetcher: Fetcher | None = None, sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Poll every ``options.every`` seconds (from the start of one poll to the next) until
    ``max_polls``; ``emit`` gets one line per poll. Returns the number of polls."""
    sources = expand_sources(options.sources)
    watcher = Watcher(store, settings, fetcher)
    polls = 0
    try:
        while options.max_polls is None or polls < options.max_polls:
            started = clock()
            polls += 1
            emit(watcher.poll(sources, polls).line())
            if options.max_polls is not None and polls >= options.max_polls:
                break
            sleep(max(0.0, started + options.every - clock()))
    finally:
        watcher.close()
    return polls
