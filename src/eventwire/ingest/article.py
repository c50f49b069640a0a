"""One Article from a document's text or HTML and the metadata already known, or a Reject saying why not."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources

from eventwire.ingest.html import extract_html, looks_like_html
from eventwire.ingest.language import detect_language, is_foreign
from eventwire.ingest.text import article_id_for, normalize_text, scrub, scrub_field
from eventwire.model import Article, Reject

#: Paywall phrases only count on short texts: a long article may mention subscriptions in passing.
PAYWALL_MAX_WORDS = 150


@dataclass(frozen=True, slots=True)
class ArticleRules:
    """What a document needs to become an article (filled from Settings by the caller)."""

    min_words: int = 12
    language_min_confidence: float = 0.7
    check_language: bool = True


@dataclass(frozen=True, slots=True)
class Known:
    """Metadata a source already gives (a feed item, a WARC record, a dump row, the CLI).

    ``published`` wins over the page's own markup (a dump row or --published); ``fallback_published``
    is used only when the page has none (a feed item date, a WARC date)."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.datetime | None = None
    published_source: str | None = None
    fallback_published: dt.datetime | None = None
    fallback_source: str | None = None
    article_id: str | None = None


@functools.cache
def paywall_phrases() -> tuple[str, ...]:
    text = (resources.files("eventwire.ingest") / "data" / "paywall_phrases.txt").read_text(encoding="utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _paywall_stub(text: str, flagged: bool) -> bool:
    if len(text.split()) >= PAYWALL_MAX_WORDS:
        return False
    lowered = text.lower()
    return flagged or any(phrase in lowered for phrase in paywall_phrases())


def make_article(raw_text: str, source: str, known: Known | None = None, rules: ArticleRules | None = None) -> Article | Reject:
    """Extract (HTML) or take (text) the article, apply the rules, and fill its metadata."""
    known = known or Known()
    rules = rules or ArticleRules()
    if not raw_text.strip():
        return Reject(source, "empty", "the source holds no text")
    raw_text = scrub(raw_text)  # a lone surrogate (a JSON "\\ud800" escape) breaks lxml, hashing and the store
    title, outlet, url, authors = known.title, known.outlet, known.url, known.authors
    canonical = None
    published, published_source = known.published, known.published_source if known.published else None
    paywalled = False
    if looks_like_html(raw_text):
        page = extract_html(raw_text, url=url)
        words = len(page.text.split())
        if words < rules.min_words and not (page.paywalled or _paywall_stub(page.text, False)):
            # Navigation and footers are not an article; trafilatura may still return their words.
            return Reject(source, "no-text", f"the HTML page has no article text ({words} words)")
        text = page.text
        paywalled = page.paywalled
        title = title or page.title
        outlet = outlet or page.outlet
        url = url or page.url
        canonical = page.canonical_url
        authors = authors or page.authors
        if published is None and page.published is not None:
            published, published_source = page.published, page.published_source
    else:
        text = raw_text
    if published is None and known.fallback_published is not None:
        published, published_source = known.fallback_published, known.fallback_source
    text = normalize_text(text)
    if not text:
        return Reject(source, "empty", "the source holds no text")
    if _paywall_stub(text, paywalled):
        return Reject(source, "paywall", f"a paywall or sign-in stub ({len(text.split())} words)")
    language = None
    if rules.check_language:
        guess = detect_language(text)
        language = guess.language
        if is_foreign(guess, rules.language_min_confidence):
            return Reject(source, f"language:{guess.language}", f"detected {guess.language} (p={guess.probability:.2f})")
        if guess.language != "en":
            language = None  # a doubtful guess is not recorded as the article's language
    words = len(text.split())
    if words < rules.min_words:
        return Reject(source, "too-short", f"{words} words, fewer than {rules.min_words}")
    return Article(
        id=known.article_id or article_id_for(text),
        text=text,
        title=scrub_field(title),
        url=scrub_field(url),
        outlet=scrub_field(outlet),
        published=published,
        published_source=published_source if published else None,
        language=language,
        source=scrub_field(source) or source,
        authors=tuple(name for name in map(scrub_field, authors) if name),
        canonical_url=scrub_field(canonical),
    )
