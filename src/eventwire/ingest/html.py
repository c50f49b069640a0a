"""HTML pages to article text (trafilatura) and metadata (title, outlet, authors, canonical URL,
publication time with its timezone and the markup that gave it), read from one parsed tree."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import lxml.etree
import lxml.html
import trafilatura

from eventwire.errors import BadInputError

logger = logging.getLogger(__name__)

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_HTML_TAGS = re.compile(r"<(p|div|article|h1|title|meta)\b", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Detect HTML by content, not by file extension."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 2


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> tag within its first 4 kB, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes, header_charset: str | None = None) -> str:
    """Decode page bytes: BOM, then strict UTF-8 (pages often mislabel UTF-8 as Latin-1), then the
    charset from the HTTP header or <meta>, then windows-1252 with replacement."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for charset in (header_charset, declared_charset(data)):
        if not charset:
            continue
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", errors="replace")


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    outlet: str | None
    url: str | None  # canonical URL when the page gives one, else the URL it was read from
    published: dt.datetime | None
    published_source: str | None
    authors: tuple[str, ...] = ()
    canonical_url: str | None = None
    paywalled: bool = False  # JSON-LD isAccessibleForFree is false


def _parse_iso(value: str) -> dt.datetime | None:
    from eventwire.ingest.text import parse_published

    try:
        return parse_published(value)
    except BadInputError:
        return None


class _PageTags:
    """The tags metadata comes from, collected in one walk over the tree (each XPath query would walk
    the whole page again; this is most of what metadata costs)."""

    def __init__(self, tree: lxml.html.HtmlElement) -> None:
        self.meta: dict[str, list[str]] = {}  # "property:og:title", "name:author", "itemprop:..." -> contents
        self.links: dict[str, str] = {}  # rel -> first href
        self.json_ld_texts: list[str] = []
        self.times: list[str] = []
        self.title: str | None = None
        self.h1: lxml.html.HtmlElement | None = None
        for element in tree.iter("meta", "link", "script", "time", "title", "h1"):
            tag = element.tag
            if tag == "meta":
                content = element.get("content")
                if content is None:
                    continue
                for attribute in ("property", "name", "itemprop"):
                    key = element.get(attribute)
                    if key:
                        self.meta.setdefault(f"{attribute}:{key.strip().lower()}", []).append(content)
            elif tag == "link":
                rel, href = (element.get("rel") or "").strip().lower(), element.get("href")
                if rel and href:
                    self.links.setdefault(rel, href)
            elif tag == "script":
                if (element.get("type") or "").strip().lower() == "application/ld+json":
                    self.json_ld_texts.append(element.text_content() or "")
            elif tag == "time":
                if element.get("datetime"):
                    self.times.append(element.get("datetime", ""))
            elif tag == "title":
                if self.title is None:
                    self.title = element.text_content()
            elif self.h1 is None:
                self.h1 = element

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                value = " ".join(value.split())
                if value:
                    return value
        return None

    def json_ld(self) -> list[dict]:
        objects: list[dict] = []
        for text in self.json_ld_texts:
            try:
                data = json.loads(text)
            except (json.JSONDecodeError, RecursionError):
                continue
            stack = [data]
            while stack:
                item = stack.pop()
                if isinstance(item, list):
                    stack.extend(item)
                elif isinstance(item, dict):
                    objects.append(item)
                    if "@graph" in item:
                        stack.append(item["@graph"])
        # Article-like objects first: a page's WebPage or Organization object may carry other dates.
        return sorted(objects, key=lambda item: "Article" not in str(item.get("@type", "")))


def published_from_html(
    tree: lxml.html.HtmlElement, tags: _PageTags | None = None, json_ld: list[dict] | None = None
) -> tuple[dt.datetime | None, str | None]:
    """Publication time with its timezone, and which markup gave it (first that parses wins)."""
    tags = tags or _PageTags(tree)
    for item in tags.json_ld() if json_ld is None else json_ld:
        value = item.get("datePublished")
        if isinstance(value, str) and (parsed := _parse_iso(value)):
            return parsed, "json-ld"
    for keys, label in (
        (("property:article:published_time", "name:article:published_time"), "article:published_time"),
        (("itemprop:datepublished",), "itemprop"),
        (("name:date",), "meta-date"),
    ):
        for key in keys:
            for value in tags.meta.get(key, ()):
                if parsed := _parse_iso(value):
                    return parsed, label
    for value in tags.times:
        if parsed := _parse_iso(value):
            return parsed, "time-element"
    return None, None


def _names(value: object) -> Iterator[str]:
    """Author names from a JSON-LD author value: a string, a Person object, or a list of them."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict) and isinstance(value.get("name"), str):
        yield value["name"]
    elif isinstance(value, list):
        for item in value:
            yield from _names(item)


def _authors(tags: _PageTags, json_ld: list[dict]) -> tuple[str, ...]:
    found: list[str] = []
    for item in json_ld:
        found.extend(_names(item.get("author")))
        if found:
            break
    if not found:
        found = [*tags.meta.get("name:author", ()), *tags.meta.get("property:article:author", ())]
    cleaned: list[str] = []
    for name in found:
        name = " ".join(name.split())
        name = re.sub(r"^by\s+", "", name, flags=re.IGNORECASE)
        # article:author is often a profile URL, not a name
        if name and not name.startswith(("http://", "https://")) and name not in cleaned and len(name) < 120:
            cleaned.append(name)
    return tuple(cleaned)


def _json_ld_text(json_ld: list[dict], key: str, subkey: str | None = None) -> str | None:
    for item in json_ld:
        value = item.get(key)
        if subkey and isinstance(value, dict):
            value = value.get(subkey)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Main text (comments excluded) and metadata of a page; text is "" when there is no article."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return HtmlArticle("", None, None, url, None, None)
    tags = _PageTags(tree)
    json_ld = tags.json_ld()
    published, published_source = published_from_html(tree, tags, json_ld)
    canonical = tags.links.get("canonical") or tags.first("property:og:url")
    if canonical:
        canonical = urljoin(url, canonical) if url else canonical
        if urlparse(canonical).scheme not in ("http", "https"):
            canonical = None
    title = tags.first("property:og:title") or _json_ld_text(json_ld, "headline")
    if title is None and tags.title and tags.title.strip():
        title = " ".join(tags.title.split())
    if title is None and tags.h1 is not None:
        title = " ".join(tags.h1.text_content().split()) or None
    outlet = tags.first("property:og:site_name") or _json_ld_text(json_ld, "publisher", "name")
    page_url = canonical or url
    if outlet is None and page_url:
        outlet = urlparse(page_url).hostname
    paywalled = any(str(item.get("isAccessibleForFree", "")).lower() == "false" for item in json_ld)
    authors = _authors(tags, json_ld)
    # The metadata is read first: trafilatura cleans the tree it is given in place.
    text = trafilatura.extract(tree, url=url, include_comments=False, include_tables=False, favor_precision=True)
    return HtmlArticle(
        text or "", title, outlet, page_url, published, published_source, authors, canonical, paywalled
    )


_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section", "article"}


def fragment_text(fragment: str) -> str:
    """Readable text of an HTML fragment (a feed item's content): one line per block, scripts dropped."""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ""
    parts: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            return  # comments and processing instructions have no readable text
        block = element.tag in _BLOCKS
        if block:
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(root)
    return re.sub(r"[ \t]*\n\s*", "\n", "".join(parts)).strip()
