"""HTML pages to article text (trafilatura) and metadata, with the publication time read ourselves."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlparse

import lxml.html
import trafilatura

from eventwire.errors import BadInputError

logger = logging.getLogger(__name__)

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<article|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_HTML_TAGS = re.compile(r"<(p|div|article|h1|title|meta)\b", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """Detect HTML by content, not by file extension."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 2


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.datetime | None
    published_source: str | None


def _parse_iso(value: str) -> dt.datetime | None:
    try:
        from eventwire.ingest.text import parse_published

        return parse_published(value)
    except BadInputError:
        return None


def _json_ld_objects(tree: lxml.html.HtmlElement) -> list[dict]:
    objects: list[dict] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except json.JSONDecodeError:
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
    return objects


def published_from_html(tree: lxml.html.HtmlElement) -> tuple[dt.datetime | None, str | None]:
    """Publication time with its timezone, and which markup gave it (first that parses wins)."""
    for item in _json_ld_objects(tree):
        value = item.get("datePublished")
        if isinstance(value, str) and (parsed := _parse_iso(value)):
            return parsed, "json-ld"
    for xpath, label in (
        ('//meta[@property="article:published_time"]/@content', "article:published_time"),
        ('//meta[@name="article:published_time"]/@content', "article:published_time"),
        ('//meta[@itemprop="datePublished"]/@content', "itemprop"),
        ('//meta[@name="date"]/@content', "meta-date"),
        ("//time/@datetime", "time-element"),
    ):
        for value in tree.xpath(xpath):
            if parsed := _parse_iso(str(value)):
                return parsed, label
    return None, None


def _meta(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        values = [str(value).strip() for value in tree.xpath(xpath) if str(value).strip()]
        if values:
            return values[0]
    return None


def extract_html(html: str, url: str | None = None) -> HtmlArticle:
    """Main text (comments excluded) and metadata of a page; text is "" when there is no article."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return HtmlArticle("", None, None, url, None, None)
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=False, favor_precision=True)
    published, published_source = published_from_html(tree)
    canonical = _meta(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content') or url
    title = _meta(tree, '//meta[@property="og:title"]/@content', "//title/text()", "//h1//text()")
    outlet = _meta(tree, '//meta[@property="og:site_name"]/@content')
    if outlet is None and canonical:
        outlet = urlparse(canonical).hostname
    return HtmlArticle(text or "", title, outlet, canonical, published, published_source)
