"""Conditional threats and modal refusals read from syntax (nlp/statements.py), on invented sentences."""

from __future__ import annotations

import pytest

from eventwire.model import Article, ArticleResult, EventType

CASES = [
    ("The farmers' union said its members would close the highway again if the ministry did not pay them.",
     EventType.THREATEN, "would close"),
    ("The militia said it would not hand over its weapons to the council.", EventType.REJECT, "would not hand"),
    ("The mayor told reporters that drivers would not stop unless the police acted.", EventType.THREATEN, "would not stop"),
]
NOTHING = [
    "The coast guard said the two men would be released after questioning.",  # passive: no commitment
    "The ministry said the bridge will reopen next week.",  # no condition, no refusal
    "The mayor told reporters that drivers would not stop until the police acted.",  # how long, not a condition
    "The principal said classes would continue online until the building was cleared.",
    "The ministry said it would respond to the union's letter next week.",  # a reply, not a retaliation
]


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    from eventwire.pipeline import process

    texts = [text for text, _, _ in CASES] + NOTHING
    articles = [Article(id=str(index), text=text) for index, text in enumerate(texts)]
    return [result for result in process(articles) if isinstance(result, ArticleResult)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case[0][:40] for case in CASES])
def test_statement_gives_its_event(results: list[ArticleResult], index: int) -> None:
    _, kind, trigger = CASES[index]
    event = next(event for event in results[index].events if event.type is kind)
    assert event.trigger.text == trigger
    assert not event.negated and not event.hypothetical


@pytest.mark.parametrize("index", range(len(NOTHING)))
def test_no_statement_event_without_a_commitment(results: list[ArticleResult], index: int) -> None:
    events = results[len(CASES) + index].events
    assert not [e for e in events if e.type in (EventType.THREATEN, EventType.REJECT)]


def test_press_boilerplate_is_no_request() -> None:
    from eventwire.pipeline import process

    text = ("Gunmen attacked a bus near the town on Monday. The army did not respond to a request for comment. "
            "A local official, who asked not to be named, said the attackers fled.")
    (result,) = list(process([Article(id="b", text=text)]))
    assert isinstance(result, ArticleResult)
    assert not [e for e in result.events if e.type is EventType.REQUEST]
