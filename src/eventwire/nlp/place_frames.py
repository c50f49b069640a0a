"""Place cues the parser alone misses: settlement frames ("the town of X") and the seat of a subject ("a court in X")."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from eventwire.model import EntityMention, TextSpan

# The small English model misses many African and Asian town names ("the outskirts of Beledweyne",
# "the ruby-mining town of Mogok", "a house near Bria"). These frames name a settlement whatever the
# word after them, so the capitalised name that follows is a place candidate; the gazetteer still has
# to resolve it, which drops anything that is not a known place.
_NAME = r"[A-ZÀ-Þ][\w'’-]+(?:[ -][A-ZÀ-Þ][\w'’-]+)?"
_FRAME = re.compile(
    r"\b(?:(?:town|city|village|port|hamlet|suburb|outskirts|district|municipality|settlement)s?\s+of"
    r"|near|outside|crossing\s+at)\s+(" + _NAME + r")"
)


def framed_places(text: str, start: int, end: int) -> list[EntityMention]:
    """Place candidates inside ``text[start:end]`` named by a settlement frame, in text order."""
    return [
        EntityMention(match.group(1), match.start(1), match.end(1), "GPE")
        for match in _FRAME.finditer(text, start, end)
    ]


_SEATS = frozenset({"in", "at"})


def place_of_subject(doc: Doc, trigger: TextSpan, mention: EntityMention) -> bool:
    """True when ``mention`` places the trigger's subject ("A court in Osh sentenced ...", "officials
    at a meeting in Addis Ababa agreed ..."): a decision is taken where its maker sits."""
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    target = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or target is None:
        return False
    inside = {token.i for token in target}
    for subject in (child for child in span.root.children if child.dep_ in ("nsubj", "nsubjpass")):
        for prep in (child for child in subject.children if child.dep_ == "prep" and child.lower_ in _SEATS):
            if inside & {token.i for token in prep.subtree}:
                return True
    return False
