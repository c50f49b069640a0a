"""What every source reader shares in one run: the rules, the field map, the limits and a lazy fetcher."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

from eventwire.errors import FetchError
from eventwire.ingest.article import ArticleRules, Known, make_article
from eventwire.ingest.fetch import FetchedPage, Fetcher, FetchPolicy
from eventwire.ingest.html import decode_html
from eventwire.model import Article, Reject
from eventwire.settings import Settings

#: Fields an article can take from a dump row; `--map text=body,...` renames the columns they come from.
DUMP_FIELDS = ("text", "published", "url", "title", "outlet", "id", "authors")


@dataclass(frozen=True, slots=True)
class IngestOptions:
    rules: ArticleRules = field(default_factory=ArticleRules)
    field_map: dict[str, str] = field(default_factory=dict)  # our field -> the dump's column
    published: dt.datetime | None = None  # from the CLI: used when a document carries no date
    max_document_bytes: int = 20_000_000
    feed_full_content_words: int = 150
    fetch: FetchPolicy = field(default_factory=FetchPolicy)

    def column(self, name: str) -> str:
        return self.field_map.get(name, name)


def options_from_settings(
    settings: Settings, field_map: dict[str, str] | None = None, published: dt.datetime | None = None
) -> IngestOptions:
    from eventwire.ingest.fetch import policy_from_settings

    return IngestOptions(
        rules=ArticleRules(settings.min_article_words, settings.language_min_confidence),
        field_map=field_map or {},
        published=published,
        max_document_bytes=settings.max_document_bytes,
        feed_full_content_words=settings.feed_full_content_words,
        fetch=policy_from_settings(settings),
    )


class IngestContext:
    """One ingest run's shared state. The fetcher is created on first use: local sources never open one."""

    def __init__(
        self,
        options: IngestOptions | None = None,
        fetcher: Fetcher | None = None,
        skip_page: Callable[[str], bool] | None = None,
    ) -> None:
        self.options = options or IngestOptions()
        self._fetcher = fetcher
        self._owns_fetcher = fetcher is None
        # Asked before fetching an article page (not a feed or sitemap): True means it is stored already,
        # so a re-run does not fetch it again.
        self.skip_page = skip_page or (lambda url: False)

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.options.fetch)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None and self._owns_fetcher:
            self._fetcher.close()
            self._fetcher = None

    def article(self, raw_text: str, source: str, known: Known | None = None) -> Article | Reject:
        """make_article with this run's rules; the CLI's --published is the last fallback."""
        known = known or Known()
        if known.published is None and known.fallback_published is None and self.options.published:
            known = replace(known, fallback_published=self.options.published, fallback_source="cli")
        return make_article(raw_text, source, known, self.options.rules)

    def page_article(self, page: FetchedPage, source: str, known: Known | None = None) -> Article | Reject:
        known = known or Known()
        if known.url is None:
            known = replace(known, url=page.url)
        return self.article(decode_html(page.content, page.charset), source, known)

    def fetch_articles(self, items: Iterable[tuple[str, Known]]) -> Iterator[Article | Reject]:
        """Fetch each (url, known metadata) concurrently, in order, into an Article or a Reject."""
        known_by_url: dict[str, list[Known]] = {}

        def urls() -> Iterator[str]:
            for url, known in items:
                if self.skip_page(url):
                    continue
                known_by_url.setdefault(url, []).append(known)
                yield url

        for url, result in self.fetcher.get_many(urls()):
            known = known_by_url[url].pop(0)
            if isinstance(result, FetchError):
                yield Reject(url, f"fetch:{result.reason}", result.message)
            else:
                yield self.page_article(result, url, known)
