"""find_counts() over a table of invented sentences: digits, words, ranges, vague quantities, zero, missing, arrested."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.nlp.components.casualties import find_counts
from eventwire.nlp.numbers import parse_count

CASES = [json.loads(line) for line in Path(__file__).with_name("casualty_cases.jsonl").read_text().splitlines()[1:]]


@pytest.mark.parametrize("case", CASES, ids=[case["text"][:40] for case in CASES])
def test_counts(case: dict[str, Any]) -> None:
    found: dict[str, list[Any]] = {}
    for mention in find_counts(case["text"], offset=5):
        assert case["text"][mention.start - 5 : mention.end - 5] == mention.text
        found.setdefault(mention.kind, [mention.count, mention.text])
    assert found == case["counts"]


@pytest.mark.parametrize(
    ("words", "value"),
    [("eleven", 11), ("twenty-one", 21), ("one hundred and five", 105), ("1,200", 1200), ("dozens", 12),
     ("tens", 10), ("hundreds", 100), ("several", 3), ("yesterday", None)],
)
def test_parse_count(words: str, value: int | None) -> None:
    assert parse_count(words) == value


# Whole articles (invented): which toll the one assault ends with when several figures are given.
TOLL_ARTICLES = [
    # a live blog's update on top supersedes the first report told below it, and is no event of its own
    (("UPDATE 14:00: Death toll rises to nine; 30 wounded, health officials say.\n\nORIGINAL STORY: A car bomb "
     "exploded outside a courthouse in Mosul on Monday morning, killing at least five people, police said."), 9, 30),
    # a competing source's higher figure does not replace the first: the most conservative stands
    (("Militants attacked an army post near Gao on Monday, killing 11 soldiers, the ministry said. Local sources "
     "put the toll at between 30 and 40."), 11, None),
    (("Gunmen opened fire on a bus in Jos on Friday, killing two passengers, police said.\n\nA third victim died "
     "in hospital on Saturday, a nurse said."), 3, None),
    (("Gunmen opened fire on a bus in Jos on Friday, killing two passengers, police said. The death toll rose to "
     "six overnight, the hospital said."), 6, None),
]


@pytest.fixture(scope="module")
def toll_results() -> list[Any]:
    from eventwire.model import Article
    from eventwire.pipeline import process

    return list(process([Article(id=str(i), text=text) for i, (text, _, _) in enumerate(TOLL_ARTICLES)]))


@pytest.mark.parametrize("index", range(len(TOLL_ARTICLES)), ids=[text[:30] for text, _, _ in TOLL_ARTICLES])
def test_toll_of_the_article(toll_results: list[Any], index: int) -> None:
    _, killed, injured = TOLL_ARTICLES[index]
    assaults = [event for event in toll_results[index].events if event.type.value == "ASSAULT"]
    assert len(assaults) == 1
    assert assaults[0].fatalities is not None
    assert (assaults[0].fatalities.killed, assaults[0].fatalities.injured) == (killed, injured)


def test_a_definite_mention_right_after_an_event_is_about_that_event() -> None:
    """'The attack' told right after the second of two attacks completes the second, not the first."""
    from eventwire.model import Article
    from eventwire.pipeline import process

    text = (
        "A drone hit a market in Kherson on Sunday, killing two people, officials said.\n\n"
        "On Saturday night, drones attacked a depot in Sumy. The attack did not result in any fatalities, "
        "city officials said."
    )
    result = next(iter(process([Article(id="definite", text=text)])))
    assaults = [event for event in result.events if event.type.value == "ASSAULT"]
    assert [event.fatalities.killed if event.fatalities else None for event in assaults] == [2, 0]
    assert assaults[1].claim.status.value == "confirmed"


def test_the_toll_of_a_policed_protest_is_the_protests() -> None:
    """Gunfire on a protest told in one sentence: the protest carries the dead and hurt (ACLED's rule)."""
    from eventwire.model import Article
    from eventwire.pipeline import process

    text = (
        "Security forces shot dead four protesters and wounded at least 30 during demonstrations over power "
        "cuts in Basra on Monday, a rights group said."
    )
    result = next(iter(process([Article(id="policed", text=text)])))
    protest = next(event for event in result.events if event.type.value == "PROTEST")
    assert protest.fatalities is not None
    assert (protest.fatalities.killed, protest.fatalities.injured) == (4, 30)
