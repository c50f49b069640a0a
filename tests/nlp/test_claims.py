"""Claim status, cue and follow-up sentences over a table of invented reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.model import Article, ArticleResult, EventType

CASES = [json.loads(line) for line in Path(__file__).with_name("claim_cases.jsonl").read_text().splitlines()[1:]]


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    from eventwire.pipeline import process

    articles = [Article(id=str(index), text=case["text"]) for index, case in enumerate(CASES)]
    return [result for result in process(articles) if isinstance(result, ArticleResult)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case["text"][:40] for case in CASES])
def test_claim(results: list[ArticleResult], index: int) -> None:
    case: dict[str, Any] = CASES[index]
    event = next(event for event in results[index].events if event.type is EventType.ASSAULT)
    assert event.claim.status.value == case["status"]
    assert event.claim.cue is not None and case["cue"] in event.claim.cue
    if "sources" in case:
        assert list(event.claim.sources) == case["sources"]


# An uncited state act takes its paragraph's source (invented reports); the status of the arrest event.
INHERITED = [
    ("Protesters burned tyres in Lagos on Monday, residents said. Police arrested 30 people.", "reported"),
    ("Protesters burned tyres in Lagos on Monday, the police commissioner said. Police arrested 30 people.", "confirmed"),
    ("Protesters burned tyres in Lagos on Monday.\n\nPolice arrested 30 people.", "confirmed"),
]


@pytest.mark.parametrize(("text", "status"), INHERITED, ids=[status for _, status in INHERITED])
def test_uncited_arrest_takes_its_paragraphs_source(text: str, status: str) -> None:
    from eventwire.pipeline import process

    result = next(iter(process([Article(id="inherited", text=text)])))
    assert isinstance(result, ArticleResult)
    arrest = next(event for event in result.events if event.type is EventType.COERCE)
    assert arrest.claim.status.value == status


PLANNED = [
    ("The interior minister said talks with the union would start on Tuesday.", "talks", True),
    ("The minister said talks with the federation were planned for Friday.", "talks", True),
    ("The provincial government said it was ready to meet the traders next week.", "meet", True),
    ("The minister said talks with the union had started on Tuesday.", "talks", False),
    ("Police said they arrested 30 people on Monday.", "arrested", False),
]


@pytest.mark.parametrize(("text", "word", "planned"), PLANNED, ids=[text[:30] for text, _, _ in PLANNED])
def test_events_still_to_come_are_planned(text: str, word: str, planned: bool) -> None:
    from eventwire.nlp.build import build_pipeline
    from eventwire.nlp.claims import is_planned

    doc = build_pipeline()(text)
    assert is_planned(next(token for token in doc if token.text == word)) is planned
