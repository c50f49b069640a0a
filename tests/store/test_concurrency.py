"""Two stores on one database at once: one winner per article, and readers never see half an article."""

from __future__ import annotations

import dataclasses
import threading

from sample_results import protest_result, strike_result

from eventwire.model import ArticleResult
from eventwire.store import EventFilter, open_store


def _copies(base: ArticleResult, count: int, prefix: str) -> list[ArticleResult]:
    copies = []
    for number in range(count):
        article = dataclasses.replace(base.article, id=f"{prefix}-{number}")
        events = tuple(dataclasses.replace(event, id=f"{prefix}-{number}-{index}")
                       for index, event in enumerate(base.events))
        copies.append(dataclasses.replace(base, article=article, events=events))
    return copies


def test_same_article_from_two_writers_is_stored_once(store_url: str) -> None:
    open_store(store_url).close()  # migrate once, before the race
    outcomes: list[bool] = []
    barrier = threading.Barrier(4)

    def write() -> None:
        store = open_store(store_url)
        try:
            barrier.wait()
            outcomes.append(store.add_result(strike_result()))
        finally:
            store.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [False, False, False, True]
    with open_store(store_url) as store:
        assert store.counts() == {"articles": 1, "events": 1, "quotes": 1, "rejects": 0}


def test_readers_see_whole_articles_only(store_url: str) -> None:
    """protest_result has two events: a reader must never find an article with one of them."""
    open_store(store_url).close()
    results = _copies(protest_result(), 40, "p")
    done = threading.Event()
    problems: list[str] = []

    def write() -> None:
        with open_store(store_url) as store:
            for result in results:
                store.add_result(result)
        done.set()

    def read() -> None:
        with open_store(store_url) as store:
            while True:
                per_article: dict[str, int] = {}
                for event in store.query_events(EventFilter(limit=5000)):
                    per_article[event["article"]["id"]] = per_article.get(event["article"]["id"], 0) + 1
                problems.extend(f"{article}: {count} events" for article, count in per_article.items()
                                if count != 2)
                counts = store.counts()
                if counts["events"] != 2 * counts["articles"]:
                    problems.append(f"counts {counts}")
                if done.is_set() or problems:  # one last full pass after the writer finished
                    break

    writer, reader = threading.Thread(target=write), threading.Thread(target=read)
    reader.start()
    writer.start()
    writer.join()
    reader.join()
    assert problems == []
    with open_store(store_url) as store:
        assert store.counts()["articles"] == 40
