"""Statements about the future read from syntax, for any typer: conditional threats and modal refusals.

Reported speech often carries an act with no trigger word of its own:

- "said they would block the bridge again if prosecutors did not publish the reports", "his men
  would take the town house by house unless...": a future act by the speaker's side tied to an
  "if"/"unless" condition is a THREATEN (PLOVER's threat is a conditional commitment); the act itself, when a typer
  finds it, stays its own hypothetical event;
- "said it would not lift the warrants", "said the state will not give in": a party's stated
  refusal is a REJECT;
- "said it would respond in a reciprocal manner", "will retaliate": a stated future retaliation is
  a THREATEN even with no condition ("would respond to the letter" answers a message: no threat).

Both need the clause to be the content of a speech verb ("said", "told", "added" ...); the verb is
the trigger's head, so actors come from its subject; the phrase spans the modal and the verb.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventwire.model import EventType
from eventwire.nlp.speech_lexicon import load_lexicon
from eventwire.nlp.typers.base import TriggerMatch

REFUSAL = "modal refusal"
CONDITIONAL_THREAT = "conditional threat"
#: phrases of the triggers made here: the statement was made, so it is neither negated nor hypothetical
STATED_ACTS = frozenset({REFUSAL, CONDITIONAL_THREAT})
_FUTURE = {"would", "will", "'ll", "wo"}
# "Until" states how long, not a condition on the hearer: "classes would continue online until the
# building was cleared", "would keep the buses parked until the road was safe" are no threats, and
# no refusals either ("would not stop until ...").
_CONDITIONS = {"if", "unless"}
_DURATION = {"until", "till"}
# A passive or stative future is not a commitment: "would be released", "will be investigated".
_NOT_ACTS = {"be", "have", "need", "happen", "remain", "go"}
# Verbs of a retaliation: said in the future tense, they threaten whoever provoked it.
_RETALIATION = {"respond", "retaliate", "avenge", "react"}
# What "respond to" answers when it is a reply, not a retaliation.
_MESSAGES = {
    "letter", "request", "question", "proposal", "call", "invitation", "offer", "message", "report",
    "query", "email", "criticism", "claim", "allegation", "petition", "demand", "concern",
}


def _modal(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _FUTURE), None)


def _reported(verb: Token) -> bool:
    """The clause is what someone said: ccomp of a speech verb (through coordination)."""
    token = verb
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ == "ccomp" and token.head.lemma_.lower() in load_lexicon().indirect_lemmas


def _clause_marked(verb: Token, marks: set[str]) -> bool:
    return any(
        child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in child.children)
        for child in verb.children
    )


def statement_triggers(sentence: Span) -> list[TriggerMatch]:
    """Conditional threats and modal refusals in a sentence (see the module docstring)."""
    found = []
    for verb in sentence:
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "aux" or verb.lemma_.lower() in _NOT_ACTS:
            continue
        if any(child.dep_ in ("auxpass", "nsubjpass") for child in verb.children):
            continue
        modal = _modal(verb)
        if modal is None or not _reported(verb):
            continue
        if _clause_marked(verb, _DURATION):
            continue  # "would not stop until the police acted" says how long, it threatens no one
        # "would not stop unless the police acted" is a threat, not a refusal: the condition decides.
        if _clause_marked(verb, _CONDITIONS):
            found.append(TriggerMatch(verb.i, modal.i, verb.i + 1, EventType.THREATEN, None, 1.0, CONDITIONAL_THREAT))
        elif any(child.dep_ == "neg" for child in verb.children):
            found.append(TriggerMatch(verb.i, modal.i, verb.i + 1, EventType.REJECT, None, 1.0, REFUSAL))
        elif _retaliation(verb):
            found.append(TriggerMatch(verb.i, modal.i, verb.i + 1, EventType.THREATEN, None, 1.0, CONDITIONAL_THREAT))
    return found


def _retaliation(verb: Token) -> bool:
    """"Would respond in a reciprocal manner", "will retaliate": not "would respond to the letter"."""
    if verb.lemma_.lower() not in _RETALIATION:
        return False
    return not any(
        child.dep_ == "prep" and child.lower_ == "to"
        and any(g.dep_ == "pobj" and g.lemma_.lower() in _MESSAGES for g in child.children)
        for child in verb.children
    )
