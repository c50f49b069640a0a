"""The PLOVER-to-ACLED crosswalk (nlp/patterns/acled_crosswalk.csv) applied to one event."""

from __future__ import annotations

from collections.abc import Collection

from eventwire.model import AcledType, EventType
from eventwire.nlp.lexicon import load_table

_ARMED_SECTORS = {"military", "police", "rebels", "militia", "criminal"}
_STATE_SECTORS = {"military", "police", "government"}
_PROTEST_OUTCOMES = {
    "excessive-force": AcledType("Protests", "Excessive force against protesters"),
    "violent": AcledType("Riots", "Violent demonstration"),
    "intervention": AcledType("Protests", "Protest with intervention"),
}


def protest_outcome_of_part(source_sectors: Collection[str], mode: str | None) -> str | None:
    """'violent' when a protest's part is destruction or beating by non-state hands.

    An act with no known means needs a known non-state doer ("protesters attacked a police post"):
    a bare "killed" or a mistyped "strike" in a protest story says nothing about the crowd.
    """
    if set(source_sectors) & _STATE_SECTORS or mode in ("crowd-control", "firearms"):
        return None
    if mode is None:
        return "violent" if source_sectors else None
    return "violent" if mode in ("destroy", "beat", "primitive") else None


def acled_for(
    event_type: EventType,
    mode: str | None,
    sentence_lemmas: str,
    target_sectors: Collection[str] = (),
    trigger_lemmas: Collection[str] = (),
    source_sectors: Collection[str] = (),
    protest_part: bool = False,
    protest_outcome: str | None = None,
) -> AcledType | None:
    """ACLED type and sub-type for a PLOVER event; None where ACLED records no such event.

    ``sentence_lemmas`` is the sentence's lemmas joined by single spaces, padded with spaces, so
    multi-word cues match on word boundaries; ``trigger_lemmas`` are the lemmas of the trigger words.
    An armed clash whose only target is civilians is an attack on civilians, as ACLED codes it; an
    attack whose only targets are armed is a clash; state forces taking a place regain territory.
    """
    triggers = {lemma.lower() for lemma in trigger_lemmas}
    if protest_part:
        # Part of a protest told before it (nlp/stories.py): the protest carries the ACLED type,
        # except violence by the crowd, which ACLED codes as a violent demonstration.
        if event_type is EventType.ASSAULT and protest_outcome_of_part(source_sectors, mode) == "violent":
            return AcledType("Riots", "Violent demonstration")
        return None
    if event_type is EventType.PROTEST and protest_outcome in _PROTEST_OUTCOMES and mode != "riot":
        return _PROTEST_OUTCOMES[protest_outcome]
    for row in load_table("acled_crosswalk.csv"):
        if row["type"] != event_type.value:
            continue
        if row["mode"] not in ("*", mode or ""):
            continue
        if row["trigger"] and row["trigger"] not in triggers:
            continue
        if row["cue"] and f" {row['cue']} " not in sentence_lemmas:
            continue
        if row["acled_event_type"] == "-":
            return None
        sub_type = row["acled_sub_event_type"]
        reciprocal = bool(row["trigger"])  # clash/fighting/battle rows name a two-sided event
        if sub_type == "Armed clash" and not reciprocal and target_sectors and not set(target_sectors) & _ARMED_SECTORS:
            return AcledType("Violence against civilians", "Attack")
        if sub_type == "Attack" and set(target_sectors) & _ARMED_SECTORS and not set(target_sectors) - _ARMED_SECTORS:
            return AcledType("Battles", "Armed clash")
        if sub_type == "Non-state actor overtakes territory" and set(source_sectors) & _STATE_SECTORS:
            return AcledType("Battles", "Government regains territory")
        return AcledType(row["acled_event_type"], sub_type or None)
    return None
