"""Invented articles whose quotes name one invented minister in several forms, and two people sharing a surname."""

from __future__ import annotations

import datetime as dt

from eventwire.model import Article, ArticleResult, Quote, QuoteKind

#: (article id, published day, outlet, [(speaker as written, quote text)])
ARTICLES = [
    ("q-1", dt.date(2025, 11, 3), "Example Daily", [
        ("Defense Minister Mara Quintero", "The convoy will reach the port before winter."),
        ("Tomas Quintero", "Our harbour workers have not been paid since August."),
    ]),
    ("q-2", dt.date(2025, 11, 5), "Example Wire", [
        ("Quintero", "We expect the convoy to be escorted by the navy."),
        (None, "Nobody told us anything about the port closure."),
    ]),
    ("q-3", dt.date(2025, 11, 9), "Example Post", [
        ("Mara Quintero", "The strikes on the depot were a grave provocation."),
        ("the minister", "There will be no further statements today."),
    ]),
    ("q-4", dt.date(2025, 11, 12), "Example Daily", [
        ("Minister Quintero", "No convoy has been stopped at the border."),
        ("Lena Okafor", "The depot fire burned for two days."),
    ]),
]


def quote_results() -> list[ArticleResult]:
    results = []
    for article_id, day, outlet, quotes in ARTICLES:
        text = " ".join(f"\u201c{quote}\u201d said {speaker or 'a resident'}." for speaker, quote in quotes)
        found = []
        for speaker, quote in quotes:
            start = text.index(quote)
            speaker_start = text.index(speaker, start) if speaker else None
            found.append(Quote(speaker, quote, start, start + len(quote), speaker_start,
                               speaker_start + len(speaker) if speaker else None, "said", QuoteKind.DIRECT))
        published = dt.datetime.combine(day, dt.time(8, 0), tzinfo=dt.UTC)
        article = Article(article_id, text, title=f"Report {article_id}", outlet=outlet, published=published,
                          url=f"https://news.example.org/{article_id}")
        results.append(ArticleResult(article, (), tuple(found)))
    return results
