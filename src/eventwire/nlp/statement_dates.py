"""Date a statement by the verb of saying that carries it ("said on Friday that it had opened an inquiry")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.model import EntityMention, TextSpan

# Verbs that report or publish what is said: a date on one of them is the day the statement was made.
_SAYING = frozenset(
    {
        "say", "tell", "announce", "state", "add", "declare", "write", "post", "issue", "publish", "release",
        "confirm", "report", "tweet",
    }
)
_DEPTH = 12


def _verb_of(token: Token) -> Token | None:
    """The first verb at or above ``token``: the clause a date belongs to."""
    for _ in range(_DEPTH):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def dated_by_saying(doc: Doc, trigger: TextSpan, mention: EntityMention) -> bool:
    """True when ``mention`` dates the saying a statement was made in: the date's verb is a verb of
    saying that governs the statement's trigger ("said on Friday that he had opened an investigation",
    "said on Friday that ... and accused Baku"), or a publishing verb hung on a noun under the trigger
    ("denied any role in a statement posted on Thursday"). A date inside what is said is not one."""
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    target = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or target is None:
        return False
    verb = _verb_of(target.root)
    if verb is None or verb.lemma_.lower() not in _SAYING or verb.i in {token.i for token in span}:
        return False
    root = span.root
    if any(ancestor.i == verb.i for ancestor in root.ancestors):
        return True
    return verb.dep_ == "acl" and any(ancestor.i == root.i for ancestor in verb.ancestors)
