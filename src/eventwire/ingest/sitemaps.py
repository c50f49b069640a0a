"""News sitemaps and sitemap indexes: each listed page fetched, with the sitemap's date and title as fallbacks."""

from __future__ import annotations

import io
from collections.abc import Iterator

import lxml.etree

from eventwire.errors import BadInputError, FetchError
from eventwire.ingest.article import Known
from eventwire.ingest.context import IngestContext
from eventwire.ingest.feeds import parse_feed_date
from eventwire.model import Article, Reject

#: Nested indexes deeper than this are refused (a loop of indexes would never end).
MAX_DEPTH = 3


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child_text(element: lxml.etree._Element, name: str) -> str | None:
    for child in element.iter():
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def sitemap_entries(data: bytes) -> Iterator[tuple[str, str, Known]]:
    """(kind, url, metadata) for each <url> ("page") or <sitemap> ("sitemap") entry, streamed."""
    # No entities, no network, no DTD: a sitemap from the web must not read local files (XXE).
    context = lxml.etree.iterparse(
        io.BytesIO(data), events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        for _, element in context:
            name = _local(element.tag)
            if name not in ("url", "sitemap"):
                continue
            loc = _child_text(element, "loc")
            if loc:
                published = parse_feed_date(_child_text(element, "publication_date") or _child_text(element, "lastmod"))
                known = Known(
                    title=_child_text(element, "title"),
                    url=loc,
                    fallback_published=published,
                    fallback_source="sitemap" if published else None,
                )
                yield ("page" if name == "url" else "sitemap"), loc, known
            element.clear()
    except lxml.etree.XMLSyntaxError as error:
        raise BadInputError(f"malformed sitemap: {error}") from error


def read_sitemap(data: bytes, source: str, context: IngestContext, depth: int = 0) -> Iterator[Article | Reject]:
    """Articles of the pages a sitemap lists; an index's sitemaps are fetched and read in turn."""
    pages: list[tuple[str, Known]] = []
    count = 0
    try:
        for kind, url, known in sitemap_entries(data):
            count += 1
            if kind == "page":
                pages.append((url, known))
                if len(pages) >= 64:
                    yield from context.fetch_articles(pages)
                    pages = []
                continue
            if pages:
                yield from context.fetch_articles(pages)
                pages = []
            if depth >= MAX_DEPTH:
                yield Reject(url, "bad-sitemap", f"sitemap indexes nested deeper than {MAX_DEPTH}")
                continue
            try:
                child = context.fetcher.get(url)
            except FetchError as error:
                yield Reject(url, f"fetch:{error.reason}", error.message)
                continue
            yield from read_sitemap(child.content, url, context, depth + 1)
    except BadInputError as error:
        yield Reject(source, "bad-sitemap", error.message)
    if pages:
        yield from context.fetch_articles(pages)
    if count == 0:
        yield Reject(source, "empty", "the sitemap lists no pages")
