"""The PLOVER-to-ACLED crosswalk (nlp/patterns/acled_crosswalk.csv) applied to one event."""

from __future__ import annotations

from collections.abc import Collection

from eventwire.model import AcledType, EventType
from eventwire.nlp.lexicon import load_table

_ARMED_SECTORS = {"military", "police", "rebels", "militia", "criminal"}


def acled_for(
    event_type: EventType,
    mode: str | None,
    sentence_lemmas: str,
    target_sectors: Collection[str] = (),
) -> AcledType | None:
    """ACLED type and sub-type for a PLOVER event; None where ACLED records no such event.

    ``sentence_lemmas`` is the sentence's lemmas joined by single spaces, padded with spaces, so
    multi-word cues match on word boundaries. An armed clash whose only target is civilians is an
    attack on civilians, as ACLED codes it.
    """
    for row in load_table("acled_crosswalk.csv"):
        if row["type"] != event_type.value:
            continue
        if row["mode"] not in ("*", mode or ""):
            continue
        if row["cue"] and f" {row['cue']} " not in sentence_lemmas:
            continue
        if row["acled_event_type"] == "-":
            return None
        sub_type = row["acled_sub_event_type"]
        if sub_type == "Armed clash" and target_sectors and not set(target_sectors) & _ARMED_SECTORS:
            return AcledType("Violence against civilians", "Attack")
        if sub_type == "Attack" and set(target_sectors) & _ARMED_SECTORS and not set(target_sectors) - _ARMED_SECTORS:
            return AcledType("Battles", "Armed clash")
        return AcledType(row["acled_event_type"], sub_type or None)
    return None
