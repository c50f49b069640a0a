"""The per-document time budget: a runaway document becomes a Reject and the others still go through."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from eventwire.deadline import DocumentTimeout, deadline
from eventwire.model import Article, ArticleResult, Reject


def _spin(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def test_deadline_interrupts_python_code_in_the_main_thread() -> None:
    started = time.perf_counter()
    with pytest.raises(DocumentTimeout), deadline(0.2):
        _spin(5)
    assert time.perf_counter() - started < 2


def test_deadline_interrupts_python_code_in_another_thread() -> None:
    outcome: list[str] = []

    def work() -> None:
        try:
            with deadline(0.2):
                _spin(5)
            outcome.append("finished")
        except DocumentTimeout:
            outcome.append("timeout")

    thread = threading.Thread(target=work)
    started = time.perf_counter()
    thread.start()
    thread.join(10)
    assert outcome == ["timeout"]
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("seconds", [0, 5])
def test_no_interruption_within_the_budget(seconds: float) -> None:
    with deadline(seconds):
        _spin(0.05)


def test_a_runaway_document_becomes_a_reject(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings

    runaway = Pipeline.__new__(Pipeline)
    runaway.settings = Settings(document_seconds=6.0, batch_size=8)
    runaway.nlp, runaway.gazetteer = pipeline.nlp, pipeline.gazetteer
    original = Pipeline.result_for

    def slow_on_second(self: Pipeline, article: Any, doc: Any) -> ArticleResult:
        if article.id == "second":
            _spin(60)
        return original(self, article, doc)

    monkeypatch.setattr(Pipeline, "result_for", slow_on_second)
    long_text = "The hills were quiet and the roads were open that week. " * 400  # over 20,000 chars: run alone
    texts = {
        "first": "Police arrested 12 protesters in Lagos on Tuesday after a march against fuel prices, witnesses said.",
        "second": "Rebels shelled the outskirts of Goma on Monday, killing three civilians, local officials said.",
        "third": "A roadside bomb killed four people near a market in Mosul on Friday, the police said.",
        "fourth": long_text,
    }
    articles = [Article(id=name, text=text, source=name) for name, text in texts.items()]
    started = time.perf_counter()
    results = list(runaway.process(articles))
    assert time.perf_counter() - started < 40
    assert [type(result).__name__ for result in results] == ["ArticleResult", "Reject", "ArticleResult", "ArticleResult"]
    reject = results[1]
    assert isinstance(reject, Reject) and reject.reason == "time-budget"
    assert results[0].events and results[2].events  # type: ignore[union-attr]
    assert results[3].article.id == "fourth"  # type: ignore[union-attr]
