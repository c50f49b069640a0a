"""Event boundaries on invented articles (boundary_cases.jsonl): which mentions are events, of which type.

Each case lists every event the whole pipeline must produce as [type, trigger text]; the order does
not matter, the count does (a summary line retold in the body, a demand inside a protest or the
content of a statement must not add an event).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.model import Article, ArticleResult

CASES = [json.loads(line) for line in (Path(__file__).parent / "boundary_cases.jsonl").read_text().splitlines() if line.strip()]


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    from eventwire.pipeline import process

    articles = [Article(id=str(index), text=case["text"]) for index, case in enumerate(CASES)]
    return [result for result in process(articles) if isinstance(result, ArticleResult)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case["why"] for case in CASES])
def test_events_of_the_article(results: list[ArticleResult], index: int) -> None:
    found = sorted([event.type.value, event.trigger.text] for event in results[index].events)
    assert found == sorted(CASES[index]["events"])


@pytest.mark.parametrize(
    "index", [i for i, case in enumerate(CASES) if "killed" in case], ids=[c["why"] for c in CASES if "killed" in c]
)
def test_each_event_keeps_its_own_toll(results: list[ArticleResult], index: int) -> None:
    killed = {event.trigger.text: event.fatalities.killed if event.fatalities else None for event in results[index].events}
    assert killed == dict(CASES[index]["killed"])
