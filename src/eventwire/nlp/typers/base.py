"""The EventTyper protocol, the TriggerMatch record it returns, and load_typer() (the setting's lookup)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from spacy.language import Language
from spacy.tokens import Span

from eventwire.errors import ConfigError
from eventwire.model import EventType


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger word or phrase with the event type, default mode and score a typer gave it."""

    head: int  # token index of the word that carries the event (verb, or noun head)
    start: int  # token span of the whole phrase
    end: int
    type: EventType
    mode: str | None
    strength: float  # 1 strong (may stand alone), 0.5 weak (merged into a strong trigger if one is near)
    phrase: str


@runtime_checkable
class EventTyper(Protocol):
    """Given one parsed sentence, the event triggers in it with type, mode and score.

    A typer sees a sentence of a Doc that has passed the tagger, parser and NER; it must not change
    the Doc. Everything after it (boundaries, actors, casualties, claims) is shared by all typers.
    """

    name: str

    def triggers(self, sentence: Span) -> list[TriggerMatch]: ...


#: built-in typers: setting value -> "module:factory"
BUILT_IN = {
    "lexicon": "eventwire.nlp.typers.lexicon:make_lexicon_typer",
    "perceptron": "eventwire.nlp.typers.perceptron:make_perceptron_typer",
}


def load_typer(spec: str, nlp: Language, cache_dir: Path) -> EventTyper:
    """The typer a setting names: "lexicon", "perceptron" or "<module>:<factory>".

    A factory is called as ``factory(nlp, cache_dir)`` and must return an EventTyper.
    """
    target = BUILT_IN.get(spec, spec)
    module_name, _, factory_name = target.partition(":")
    if not module_name or not factory_name:
        raise ConfigError(f"event_classifier {spec!r}: use 'lexicon', 'perceptron' or '<module>:<factory>'")
    try:
        factory = getattr(importlib.import_module(module_name), factory_name)
    except (ImportError, AttributeError) as error:
        raise ConfigError(f"event_classifier {spec!r}: cannot import {target} ({error})") from error
    typer = factory(nlp, cache_dir)
    if not isinstance(typer, EventTyper):
        raise ConfigError(f"event_classifier {spec!r}: {target} did not return an EventTyper")
    return typer
