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
