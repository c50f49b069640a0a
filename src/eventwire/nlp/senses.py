"""Type corrections that need more than one trigger's words, for every typer: who acts, and what the article is about.

- **Crowd violence is a riot.** Burning, looting, stoning or vandalism whose subject is a crowd
  ("crowds burned shops", "youths threw petrol bombs at police", "activists sprayed paint over the
  office") is a PROTEST (riot, or vandalize), as ACLED codes a violent demonstration; the same acts by
  gunmen or attackers stay ASSAULT. A crowd's beating of a person stays ASSAULT (mob violence). Once
  the article has told a protest, the crowd's later acts are that protest's parts (nlp/stories.py)
  and keep their ASSAULT type.
- **One sense of "strike" per article.** In an article about a labour strike (a typer found a strike,
  walkout or stoppage), a bare "the strike" is that strike, not an attack, unless the article also
  tells of air, drone, missile or bomb attacks (Gale, Church and Yarowsky's "one sense per discourse").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from eventwire.model import EventType
from eventwire.nlp.typers.base import TriggerMatch

_CROWD_WORDS = {
    "protester", "demonstrator", "rioter", "crowd", "youth", "mob", "marcher", "student", "activist",
    "supporter", "looter",
}
# Modes of a crowd's violence against property: "destroy" (burn, loot), "primitive" (stones).
_CROWD_MODES = {"destroy", "primitive"}
_ATTACK_SENSE_MODES = {"aerial", "drone", "heavy-weapons", "explosives", "suicide-attack"}
_STRIKE = "strike"


def correct_types(doc: Doc, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """The typer's triggers with the corrections of the module docstring applied (in document order)."""
    labour = any(t.type is EventType.PROTEST and t.mode == "strike" for t in triggers)
    attacks = any(t.type is EventType.ASSAULT and t.mode in _ATTACK_SENSE_MODES for t in triggers)
    corrected: list[TriggerMatch] = []
    protest_told = False
    for trigger in sorted(triggers, key=lambda t: t.head):
        head = doc[trigger.head]
        if (
            labour and not attacks and trigger.type is EventType.ASSAULT and trigger.phrase == _STRIKE
            and head.pos_ == "NOUN" and trigger.mode is None
        ):
            trigger = replace(trigger, type=EventType.PROTEST, mode="strike")
        elif not protest_told and trigger.type is EventType.ASSAULT and trigger.mode in _CROWD_MODES and _by_crowd(head):
            trigger = replace(trigger, type=EventType.PROTEST, mode="riot", strength=1.0)
        protest_told = protest_told or trigger.type is EventType.PROTEST
        corrected.append(trigger)
    return corrected


def _by_crowd(verb: Token) -> bool:
    """The act's subject (or a conjunct of it) is a crowd: "crowds burned", "relatives and supporters set fire"."""
    token = verb
    while token.dep_ == "conj" and token.head.i != token.i:  # "set fire ... and threw stones"
        token = token.head
    for child in token.children:
        if child.dep_ in ("nsubj", "agent"):
            subjects = [child] + list(child.conjuncts)
            if child.dep_ == "agent":
                subjects = [g for g in child.children if g.dep_ == "pobj"]
                subjects += [c for g in subjects for c in g.conjuncts]
            return any(s.lemma_.lower() in _CROWD_WORDS for s in subjects)
    return False
