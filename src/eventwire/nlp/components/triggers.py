"""spaCy component that finds event triggers from the trigger lexicon (nlp/patterns/triggers.csv)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from eventwire.model import EventType
from eventwire.nlp.lexicon import load_table

_POS_OF_ROW = {"VERB": {"VERB", "AUX"}, "NOUN": {"NOUN", "PROPN"}, "ANY": {"VERB", "NOUN", "PROPN", "ADJ"}}


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger word or phrase with the event type and default mode it signals."""

    head: int  # token index of the word that carries the event (verb, or noun head)
    start: int  # token span of the whole phrase
    end: int
    type: EventType
    mode: str | None
    strength: float
    phrase: str


class TriggerFinder:
    """Matches lexicon phrases on lemmas (and lower-case forms), keeping the longest match."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.rows: dict[str, dict[str, str]] = {}
        for number, row in enumerate(load_table("triggers.csv")):
            key = f"trigger-{number}"
            self.rows[key] = row
            words = row["phrase"].split()
            by_lemma = [{"LEMMA": word} for word in words]
            by_lower = [{"LOWER": word} for word in words]
            self.matcher.add(key, [by_lemma, by_lower])

    def find(self, doc: Doc) -> list[TriggerMatch]:
        spans = []
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            row = self.rows[key]
            span = doc[start:end]
            allowed = _POS_OF_ROW[row["pos"]]
            head = span[0] if row["pos"] == "VERB" or len(span) == 1 and span[0].pos_ == "VERB" else span[-1]
            if head.pos_ not in allowed:
                continue
            span.label_ = key
            spans.append(span)
        matches = []
        for span in filter_spans(spans):
            row = self.rows[span.label_]
            head = span[0] if row["pos"] == "VERB" or span[0].pos_ == "VERB" else span[-1]
            matches.append(
                TriggerMatch(
                    head=head.i,
                    start=span.start,
                    end=span.end,
                    type=EventType(row["type"]),
                    mode=row["mode"] or None,
                    strength=float(row["strength"]),
                    phrase=row["phrase"],
                )
            )
        return matches


@Language.factory(
    "eventwire_triggers", requires=["token.lemma", "token.tag"], assigns=["doc._.event_triggers"]
)
def make_trigger_finder(nlp: Language, name: str) -> TriggerComponent:
    return TriggerComponent(nlp)


class TriggerComponent:
    def __init__(self, nlp: Language) -> None:
        self.finder = TriggerFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        doc._.event_triggers = self.finder.find(doc)
        return doc
