"""Extraction on hostile text: random and unicode-heavy inputs give Articles with exact spans, Rejects or
typed errors, never an unhandled exception; pathological documents finish or become time-budget Rejects."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hostile import (
    FAMILIES,
    family_texts,
    hostile_bytes,
    hostile_texts,
    one_megabyte_paragraph,
    run_bytes,
    run_text,
    ten_thousand_sentences,
)
from hypothesis import HealthCheck, given, settings

#: Seconds a pathological document may take before it must become a time-budget Reject.
BUDGET = 10.0

# Bounded and derandomized: the same examples every run, so make test stays fast and reproducible.
FUZZ = settings(
    max_examples=120, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(text=hostile_texts())
def test_mixed_hostile_text(pipeline: Any, text: str) -> None:
    run_text(pipeline, text)


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(FUZZ, max_examples=25)
@given(data=__import__("hypothesis").strategies.data())
def test_each_family_of_hostile_characters(pipeline: Any, family: str, data: Any) -> None:
    run_text(pipeline, data.draw(family_texts(family)))


@FUZZ
@given(data=hostile_bytes())
def test_hostile_bytes_through_ingest(pipeline: Any, tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    run_bytes(pipeline, data, tmp_path_factory.mktemp("bytes"))


def test_a_news_article_with_every_family_keeps_its_events(pipeline: Any) -> None:
    # the hostile characters sit between sentences: the events around them must still be found
    text = " ".join(
        f"Rebels shelled the town of Okaro on Monday, killing three civilians. {values[0]}"
        for values in FAMILIES.values()
    )
    assert run_text(pipeline, text) == "article"


PATHOLOGICAL = {"one-megabyte-paragraph": one_megabyte_paragraph, "ten-thousand-sentences": ten_thousand_sentences}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_documents_finish_or_are_rejected_in_budget(pipeline: Any, name: str) -> None:
    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings

    budgeted = Pipeline.__new__(Pipeline)
    budgeted.settings = Settings(document_seconds=BUDGET)
    budgeted.nlp, budgeted.gazetteer = pipeline.nlp, pipeline.gazetteer
    text = PATHOLOGICAL[name]()
    assert 850_000 < len(text) <= budgeted.settings.max_text_chars
    started = time.perf_counter()
    outcome = run_text(budgeted, text)
    assert outcome in {"article", "reject:time-budget"}
    # The budget interrupts Python code; a spaCy component's C loop over the whole text finishes first
    # (about 45 CPU seconds of spaCy for the 1 MB paragraph, bench/long_documents.py), hence the slack
    # on a loaded machine. What matters is that the document ends instead of hanging.
    assert time.perf_counter() - started < 150
