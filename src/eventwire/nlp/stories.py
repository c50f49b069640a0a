"""Links between the events of one article: what happened at a protest belongs to the protest.

ACLED codes a demonstration as one event, with what the police did and what the crowd did folded into
its sub-event type. An arrest, a tear-gas volley, a police shooting or a burning car told after a
protest, with no date of its own, is part of that protest:

- the part's casualty counts move to the protest (ACLED codes them there);
- the part keeps its PLOVER type (COERCE arrest, ASSAULT crowd-control ...) and carries no ACLED
  type of its own, except violence by the crowd, which ACLED codes as a violent demonstration;
- the protest's sub-event type follows its parts: lethal force by state forces -> "Excessive force
  against protesters"; arrests or crowd control -> "Protest with intervention"; violence by the
  crowd -> "Violent demonstration" (Riots).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from eventwire.model import ActorRole, EventType
from eventwire.nlp.followups import combine_casualties

if TYPE_CHECKING:
    from eventwire.nlp.extract import EventDraft

# What a protest's parts make of it, strongest first.
EXCESSIVE_FORCE = "excessive-force"
VIOLENT = "violent"
INTERVENTION = "intervention"
_STATE_WORDS = {"police", "officer", "policeman", "soldier", "troop", "army", "force", "gendarme", "guard", "military"}
_CROWD_WORDS = {"protester", "demonstrator", "rioter", "crowd", "youth", "mob", "marcher", "student", "resident"}
_CROWD_MODES = {"destroy", "beat", "primitive", None}


def link_protest_parts(drafts: list[EventDraft]) -> list[EventDraft]:
    """Mark the parts of each protest and the protest's outcome (see the module docstring)."""
    linked = list(drafts)
    protest_index: int | None = None
    for index, draft in enumerate(linked):
        if draft.type is EventType.PROTEST and not draft.hypothetical:
            protest_index = index
            continue
        if protest_index is None or draft.hypothetical or draft.negated:
            continue
        protest = linked[protest_index]
        same_sentence = draft.sentence == protest.sentence
        if draft.date_mentions and not same_sentence:
            continue  # its own date: another occurrence ("last year, police arrested ...")
        outcome = _outcome(draft)
        if outcome is None:
            continue
        # ACLED counts the dead and hurt of a protest on the protest itself.
        protest = replace(protest, casualties=combine_casualties(protest.casualties, draft.casualties))
        linked[index] = replace(draft, protest_part=True, casualties=None)
        if _stronger(outcome, protest.protest_outcome):
            protest = replace(protest, protest_outcome=outcome)
        linked[protest_index] = protest
    return linked


def _outcome(draft: EventDraft) -> str | None:
    if draft.type is EventType.COERCE and draft.mode == "arrest":
        return INTERVENTION
    if draft.type is not EventType.ASSAULT:
        return None
    source_words = {lemma for actor in draft.actor_mentions if actor.role is ActorRole.SOURCE for lemma in actor.lemmas}
    target_words = {lemma for actor in draft.actor_mentions if actor.role is ActorRole.TARGET for lemma in actor.lemmas}
    if draft.mode == "crowd-control":
        return INTERVENTION
    if source_words & _STATE_WORDS or target_words & _CROWD_WORDS:
        lethal = draft.casualties is not None and bool(draft.casualties.killed)
        return EXCESSIVE_FORCE if lethal or draft.mode == "firearms" else INTERVENTION
    if draft.mode in _CROWD_MODES and (source_words & _CROWD_WORDS or not source_words):
        return VIOLENT
    return None


_ORDER = {EXCESSIVE_FORCE: 3, VIOLENT: 2, INTERVENTION: 1}


def _stronger(new: str, current: str | None) -> bool:
    return current is None or _ORDER[new] > _ORDER[current]
