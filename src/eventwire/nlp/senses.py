"""Type corrections that need more than one trigger's words, for every typer: who acts, and what the article is about.

- **Crowd violence is a riot.** Burning, looting, stoning or vandalism whose subject is a crowd
  ("crowds burned shops", "youths threw petrol bombs at police", "activists sprayed paint over the
  office") is a PROTEST (riot, or vandalize), as ACLED codes a violent demonstration; the same acts by
  gunmen or attackers stay ASSAULT. A crowd's beating of a person stays ASSAULT (mob violence). Told
  after a protest, the riot is that protest retold (nlp/extract.py merges them and the protest
  becomes a riot), as the gold guide codes one demonstration as one event.
- **Agreeing to a demand is a concession.** One party that "agreed to cut the price of diesel", "to
  open a review", "to release the detainees" yields (PLOVER CONCEDE); an agreement between parties
  ("both sides agreed to withdraw", "agreed with the union to ...") stays AGREE.
- **One sense of "strike" per article.** In an article about a labour strike (a typer found a strike,
  walkout or stoppage), a bare "the strike" is that strike, not an attack, unless the article also
  tells of air, drone, missile or bomb attacks (Gale, Church and Yarowsky's "one sense per discourse").
- **Calling a charge names it false.** "Called the accusation a lie", "called the report fabricated":
  a party's verdict on an accusation, a report or a claim against it is a REJECT of that charge, not
  a new accusation.
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
# What a party yields when it "agreed to" do it: lower a price or tax, reverse a measure, pay, free.
_CONCESSIONS = {
    "cut", "lower", "reduce", "lift", "scrap", "drop", "reinstate", "raise", "review", "reverse", "pay",
    "release", "reopen", "compensate", "suspend", "meet", "accept", "grant", "free", "rehire", "restore",
}
# What a party yields when it agreed to "open" or "hold" it: "agreed to open a review of the concessions".
_YIELDED = {"review", "inquiry", "investigation", "demand"}
# Subjects that name more than one party: their agreement is mutual.
# What a party rejects when it "called" it something: a charge or an account against it.
_CHARGES = {"accusation", "allegation", "claim", "report", "charge", "account", "finding", "statement"}
_PARTIES = {"side", "party", "both", "two", "all", "country", "government", "group", "faction", "leader"}


def correct_types(doc: Doc, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """The typer's triggers with the corrections of the module docstring applied (in document order)."""
    labour = any(t.type is EventType.PROTEST and t.mode == "strike" for t in triggers)
    attacks = any(t.type is EventType.ASSAULT and t.mode in _ATTACK_SENSE_MODES for t in triggers)
    corrected: list[TriggerMatch] = []
    for trigger in sorted(triggers, key=lambda t: t.head):
        head = doc[trigger.head]
        if (
            labour and not attacks and trigger.type is EventType.ASSAULT and trigger.phrase == _STRIKE
            and head.pos_ == "NOUN" and trigger.mode is None
        ):
            trigger = replace(trigger, type=EventType.PROTEST, mode="strike")
        elif trigger.type is EventType.ACCUSE and head.lemma_.lower() == "call" and any(
            child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _CHARGES for child in head.children
        ):
            trigger = replace(trigger, type=EventType.REJECT, mode=None)
        elif trigger.type is EventType.AGREE and _concession(head):
            trigger = replace(trigger, type=EventType.CONCEDE, mode=None)
        elif trigger.type is EventType.ASSAULT and trigger.mode in _CROWD_MODES and _by_crowd(head):
            trigger = replace(trigger, type=EventType.PROTEST, mode="riot", strength=1.0)
        corrected.append(trigger)
    return corrected


def _by_crowd(verb: Token) -> bool:
    """The act's subject (or a conjunct of it) is a crowd: "crowds burned", "relatives and supporters set fire"."""
    token = verb
    # "set fire ... and threw stones", "resorted to throwing stones": the subject of the governing verb
    while token.dep_ in ("conj", "xcomp", "pcomp") and token.head.i != token.i:
        token = token.head
        if token.pos_ == "ADP":
            token = token.head
    for child in token.children:
        if child.dep_ in ("nsubj", "agent"):
            subjects = [child] + list(child.conjuncts)
            if child.dep_ == "agent":
                subjects = [g for g in child.children if g.dep_ == "pobj"]
                subjects += [c for g in subjects for c in g.conjuncts]
            return any(s.lemma_.lower() in _CROWD_WORDS for s in subjects)
    return False


def _concession(verb: Token) -> bool:
    """"The government agreed to cut the price": one party agreeing to a concession (see docstring)."""
    if verb.pos_ != "VERB":
        return False
    if not any(
        child.dep_ == "xcomp"
        and (
            child.lemma_.lower() in _CONCESSIONS
            or any(g.dep_ == "dobj" and g.lemma_.lower() in _YIELDED for g in child.children)
        )
        for child in verb.children
    ):
        return False
    if any(child.dep_ == "prep" and child.lower_ == "with" for child in verb.children):
        return False  # "agreed with the union to ...": a deal between two
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if not subjects:
        return False
    subject = subjects[0]
    mutual = (
        bool(subject.conjuncts)
        or subject.lemma_.lower() in _PARTIES and subject.tag_ in ("NNS", "NNPS")
        or any(child.lower_ in ("both", "two", "all") for child in subject.children)
        or subject.lower_ in ("both", "they", "we")
    )
    return not mutual
