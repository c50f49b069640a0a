"""Actor roles, names, countries and sectors over a table of invented sentences (capitals as governments)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from eventwire.model import Article, ArticleResult
from eventwire.nlp.capitals import capital_countries, metonym_country

CASES = [json.loads(line) for line in Path(__file__).with_name("actor_cases.jsonl").read_text().splitlines()[1:]]


def test_capital_table_comes_from_the_country_list() -> None:
    table = capital_countries()
    assert len(table) > 200
    assert (table["washington"], table["moscow"], table["kyiv"], table["beijing"]) == ("USA", "RUS", "UKR", "CHN")
    assert metonym_country("Nairobi", "GPE") == "KEN"
    assert metonym_country("Monday", "DATE") is None


@pytest.fixture(scope="module")
def results() -> list[ArticleResult]:
    from eventwire.pipeline import process

    articles = [Article(id=str(index), text=case["text"]) for index, case in enumerate(CASES)]
    return [result for result in process(articles) if isinstance(result, ArticleResult)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=[case["text"][:40] for case in CASES])
def test_actor(results: list[ArticleResult], index: int) -> None:
    case: dict[str, Any] = CASES[index]
    event = next(event for event in results[index].events if event.type.value == case["type"])
    coded = [(a.role.value, a.name, a.country, a.sector) for a in event.actors]
    assert tuple(case["actor"]) in coded, coded
