"""What a sentence adds to events told before it: counts, denials, responsibility claims, verification notes.

News reports an event and then adds to it: "The ministry said 31 were wounded." "The group denied any
role." "The report could not be independently verified." A sentence with no assault of its own
completes the latest assault before it; a sentence with several events gives its counts to one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Span

from eventwire.model import Casualties, Claim, ClaimStatus, EventType
from eventwire.nlp.claims import NO_CLAIM_PATTERN, UNCONFIRMED_PATTERN, denies_an_act
from eventwire.nlp.components.casualties import CountMention

if TYPE_CHECKING:
    from eventwire.nlp.extract import EventDraft
    from eventwire.nlp.typers.base import TriggerMatch

# How claim statuses combine when two sentences speak about one event (the gold guideline's order):
# a responsibility claim, then a note that nothing could be verified, then an authority's word.
_RANK = {
    ClaimStatus.CLAIMED: 5,
    ClaimStatus.UNCONFIRMED: 4,
    ClaimStatus.CONFIRMED: 3,
    ClaimStatus.ALLEGED: 2,
    ClaimStatus.REPORTED: 1,
}
# Modes that never carry the sentence's toll when another assault is there ("raided the village,
# killing three and abducting two": the dead belong to the raid).
_NO_TOLL_MODES = {"abduct", "sexual", "crowd-control"}
#: wording that revises a toll upwards (a live blog's update, a toll that rose overnight)
TOLL_REVISION = re.compile(
    r"\btoll\b[^;]*\b(?:rose|risen|rises|rising|climbed|climbs|jumped|jumps|increased|increases|mounted|grew|"
    r"reached|reaches|hit|hits|now|stands|stood)\b|\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+"
    r"(?:death|fatality|victim|person|man|woman|child|soldier|protester)\b",
    re.IGNORECASE,
)
# How a protest is policed: tear gas, batons, gunfire. A protest told in the same sentence carries
# their toll (ACLED codes the crowd's dead and hurt on the protest).
_POLICING_MODES = {"crowd-control", "firearms"}
_CLAIMED_RESPONSIBILITY = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|credit)\b|\bclaimed\s+the\s+\w+", re.IGNORECASE)


def stronger_claim(current: Claim, new: Claim) -> Claim:
    """The claim that stands when a later sentence speaks about the same event.

    A denial outweighs hearsay and allegations, never an authority's confirmation or a party's claim
    of responsibility; otherwise the higher rank in _RANK wins, the first mention on ties.
    """
    if new.status is ClaimStatus.DENIED:
        return new if current.status in (ClaimStatus.REPORTED, ClaimStatus.ALLEGED, ClaimStatus.UNCONFIRMED) else current
    if current.status is ClaimStatus.DENIED:
        return new if new.status in (ClaimStatus.CONFIRMED, ClaimStatus.CLAIMED) else current
    return new if _RANK[new.status] > _RANK[current.status] else current


def followup_claim(sentence: Span) -> Claim | None:
    """The claim a sentence with no assault of its own makes about the previous one, if any."""
    text = sentence.text
    if (match := _CLAIMED_RESPONSIBILITY.search(text)) and not NO_CLAIM_PATTERN.search(text):
        return _claim_at(sentence, ClaimStatus.CLAIMED, match)
    for token in sentence:
        if (
            token.lemma_.lower() == "deny"
            and token.pos_ == "VERB"
            and not any(c.dep_ == "neg" for c in token.children)
            and denies_an_act(token)
        ):
            subjects = tuple(c.text for c in token.children if c.dep_ == "nsubj")
            return Claim(ClaimStatus.DENIED, token.text, subjects, token.idx, token.idx + len(token.text))
    if match := UNCONFIRMED_PATTERN.search(text):
        return _claim_at(sentence, ClaimStatus.UNCONFIRMED, match)
    return None


def _claim_at(sentence: Span, status: ClaimStatus, match: re.Match[str]) -> Claim:
    start = sentence.start_char + match.start()
    return Claim(status, match.group(0), (), start, start + len(match.group(0)))


def latest_assault(drafts: list[EventDraft]) -> EventDraft | None:
    """The latest violent event told so far: an assault, or a protest (its dead and hurt are its own)."""
    return next(
        (d for d in reversed(drafts) if d.type in (EventType.ASSAULT, EventType.PROTEST) and not d.hypothetical),
        None,
    )


def apply_followup(drafts: list[EventDraft], sentence: Span, counts: list[CountMention]) -> None:
    """Counts and claim cues of a sentence with no assault complete the latest assault before it."""
    latest = latest_assault(drafts)
    if latest is None:
        return
    updated = replace(latest, casualties=combine_casualties(latest.casualties, casualties_of(counts)))
    if (claim := followup_claim(sentence)) is not None:
        updated = replace(updated, claim=stronger_claim(updated.claim, claim))
    # by identity, from the end where the latest assault is: list.index compared every earlier draft
    drafts[next(i for i in range(len(drafts) - 1, -1, -1) if drafts[i] is latest)] = updated


def toll_recipient(picked: list[TriggerMatch]) -> TriggerMatch | None:
    """The one event of a sentence its casualty counts belong to.

    A protest when the only assaults are policing (crowd control, gunfire: ACLED codes the crowd's dead
    and hurt on the protest); else the first assault that is not an abduction, a rape or crowd control;
    else the first assault at all.
    """
    assaults = [t for t in picked if t.type is EventType.ASSAULT]
    protests = [t for t in picked if t.type is EventType.PROTEST]
    if protests and all(t.mode in _POLICING_MODES for t in assaults):
        # "security forces shot dead three protesters during demonstrations": the protest's toll
        return protests[0]
    main = [t for t in assaults if t.mode not in _NO_TOLL_MODES]
    if main:
        return main[0]
    return assaults[0] if assaults else None


def casualties_of(counts: list[CountMention]) -> Casualties | None:
    """One event's casualties from a sentence's counts: the first count of each kind."""
    first: dict[str, CountMention] = {}
    for mention in counts:
        first.setdefault(mention.kind, mention)
    if not first:
        return None
    parts = sorted(first.values(), key=lambda mention: mention.start)

    def value(kind: str) -> int | None:
        return first[kind].count if kind in first else None

    return Casualties(
        value("killed"),
        value("injured"),
        "; ".join(mention.text for mention in parts),
        min(mention.start for mention in parts),
        max(mention.end for mention in parts),
        missing=value("missing"),
        arrested=value("arrested"),
    )


def combine_casualties(first: Casualties | None, extra: Casualties | None) -> Casualties | None:
    """The first report's counts, with the fields it lacks taken from a later sentence."""
    if first is None or extra is None:
        return first or extra
    if extra.killed is not None and first.killed is not None and extra.killed > first.killed and TOLL_REVISION.search(extra.text):
        # "The death toll rose to 17", "a third death": a later, higher toll replaces the first report's
        # figure. A competing source's figure ("local sources put the toll at 30") does not: the most
        # conservative figure stands.
        first = replace(first, killed=extra.killed, text=f"{first.text}; {extra.text}", end=max(first.end, extra.end))
    fields = ("killed", "injured", "missing", "arrested")
    if not any(getattr(first, name) is None and getattr(extra, name) is not None for name in fields):
        return first
    merged = {
        name: getattr(first, name) if getattr(first, name) is not None else getattr(extra, name) for name in fields
    }
    return Casualties(
        merged["killed"],
        merged["injured"],
        f"{first.text}; {extra.text}",
        min(first.start, extra.start),
        max(first.end, extra.end),
        missing=merged["missing"],
        arrested=merged["arrested"],
    )


def fold_early_tolls(drafts: list[EventDraft]) -> list[EventDraft]:
    """A toll told before its event joins that event.

    Headlines and live-blog updates put the newest figure on top ("UPDATE: Death toll rises to 17;
    40 wounded") and tell the attack itself further down. A draft made only of weak assault words
    ("killed", "wounded"), with no stronger event of any type before it, is that toll: its counts and
    claim go to the first strong assault after it (a revision such as "rose to" replaces the figure),
    and it is dropped as an event of its own.
    """
    for index, early in enumerate(drafts):
        if early.strength >= 1:
            return drafts  # the story has begun: later weak words belong to what was told
        if early.type is not EventType.ASSAULT or early.casualties is None or early.hypothetical or early.negated:
            continue
        target = next(
            (d for d in drafts[index + 1 :] if d.type is EventType.ASSAULT and d.strength >= 1 and not d.hypothetical),
            None,
        )
        if target is None:
            return drafts
        merged = replace(
            target,
            casualties=combine_casualties(target.casualties, early.casualties),
            claim=stronger_claim(target.claim, early.claim),
        )
        return [merged if d is target else d for d in drafts if d is not early]
    return drafts
