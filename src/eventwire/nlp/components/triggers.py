"""spaCy component that finds event triggers with the configured EventTyper (lexicon by default)."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.nlp.senses import correct_types
from eventwire.nlp.statements import statement_triggers
from eventwire.nlp.typers.base import EventTyper, TriggerMatch, load_typer

__all__ = ["TriggerComponent", "TriggerMatch", "make_trigger_finder"]


@Language.factory(
    "eventwire_triggers",
    default_config={"classifier": "lexicon", "cache_dir": ""},
    requires=["token.lemma", "token.tag", "token.dep", "doc.sents"],
    assigns=["doc._.event_triggers"],
)
def make_trigger_finder(nlp: Language, name: str, classifier: str, cache_dir: str) -> TriggerComponent:
    return TriggerComponent(load_typer(classifier, nlp, Path(cache_dir) if cache_dir else Path(".")))


class TriggerComponent:
    def __init__(self, typer: EventTyper) -> None:
        self.typer = typer

    def __call__(self, doc: Doc) -> Doc:
        found: list[TriggerMatch] = []
        for sentence in doc.sents:
            from_typer = self.typer.triggers(sentence)
            # Threats and refusals that syntax alone shows (nlp/statements.py), unless the typer saw them.
            typed = {(t.head, t.type) for t in from_typer}
            extra = [t for t in statement_triggers(sentence) if (t.head, t.type) not in typed]
            found.extend(from_typer + extra)
        doc._.event_triggers = correct_types(doc, found)
        return doc
