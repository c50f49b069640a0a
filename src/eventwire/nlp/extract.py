"""From an annotated Doc to event drafts: boundaries, mode, actors, claims, candidate places and dates.

A draft still holds places and dates as text mentions; the resolve stage turns them into GeoNames
places and calendar dates (pipeline.py wires the two).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from eventwire.model import (
    ActorMention,
    ActorRole,
    Casualties,
    Claim,
    ClaimStatus,
    EntityMention,
    EventType,
    TextSpan,
)
from eventwire.nlp.boundaries import background_clause, in_background_clause, not_an_event
from eventwire.nlp.capitals import metonym_country
from eventwire.nlp.claims import claim_for_sentence, paragraph_source_claim
from eventwire.nlp.components.casualties import CountMention
from eventwire.nlp.components.triggers import TriggerMatch
from eventwire.nlp.followups import (
    apply_followup,
    casualties_of,
    combine_casualties,
    fold_early_tolls,
    stronger_claim,
    toll_recipient,
)
from eventwire.nlp.lexicon import load_table
from eventwire.nlp.statements import STATED_ACTS
from eventwire.nlp.stories import link_protest_parts
from eventwire.nlp.summaries import in_summary

PLACE_LABELS = {"GPE", "LOC", "FAC"}
DATE_LABELS = {"DATE", "TIME"}
#: verbal events: what someone said; their claim status is always "reported"
STATEMENT_TYPES = {
    EventType.ACCUSE, EventType.REQUEST, EventType.THREATEN, EventType.REJECT, EventType.SUPPORT,
    EventType.CONCEDE,
}
# Acts only a state performs: reported with no source, they are on the record.
_STATE_ACT_TYPES = {EventType.COERCE, EventType.SANCTION}
# Event types whose later mentions without a date or place of their own retell the main story.
_RETOLD_TYPES = {EventType.ASSAULT, EventType.PROTEST}
# Weak triggers that may stand alone as an event when no strong trigger of their type is near.
_WEAK_STANDALONE = {EventType.ASSAULT}
# Modes that ACLED records as their own sub-event even beside another assault in the sentence.
_SEPARATE_MODES = {"abduct", "sexual", "crowd-control"}
# A DATE entity dates an occurrence only if it names the calendar; spaCy also tags ages and durations.
_CALENDAR = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tonight|overnight|night|morning|"
    r"evening|afternoon|week|weekend|month|year|january|february|march|april|may|june|july|august|"
    r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|\d{4})\b",
    re.IGNORECASE,
)
_NOT_CALENDAR = re.compile(r"-year-old|\byears? old\b|\bages?\b", re.IGNORECASE)
_LOCATIVE = {"in", "near", "outside", "at"}
_MISTAGGED = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT"}
_PLACE_PREPOSITIONS = {"in", "near", "at", "outside", "on", "across", "around", "inside", "into", "over"}
_HYPOTHETICAL_HEADS = {
    "plan", "intend", "threaten", "vow", "prepare", "want", "seek", "consider", "propose", "warn",
    "aim", "hope", "try", "attempt", "call",
}
_MODALS = {"could", "would", "might", "may", "will", "shall", "should", "'ll"}
_PLACE_NOUNS = {
    "territory", "soil", "city", "town", "village", "border", "water", "coast", "capital", "region",
    "province", "airspace", "side", "state", "port", "island", "countryside", "frontier",
}
_NOT_ACTOR_ENTITIES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
_DEFINITE = {"the", "this", "that", "these", "those", "its", "their"}
# Participants named by their part in the event: "the protesters", "the attackers".
_PARTICIPANTS = {
    "protester", "demonstrator", "marcher", "rioter", "striker", "attacker", "gunman", "assailant", "crowd", "mob",
}
# Light verbs whose negation negates the event noun they carry ("did not hold the rally").
_EVENT_VERBS = {
    "hold", "stage", "carry", "conduct", "launch", "make", "take", "mount", "organise", "organize",
    "begin", "start", "commit", "fire", "perpetrate", "impose", "sign", "reach", "order",
}


@dataclass(frozen=True, slots=True)
class EventDraft:
    """An event mention before places and dates are resolved."""

    type: EventType
    mode: str | None
    trigger: TextSpan
    sentence: TextSpan
    actor_mentions: tuple[ActorMention, ...]
    place_mentions: tuple[EntityMention, ...]  # best candidate first
    date_mentions: tuple[EntityMention, ...]  # DATE/TIME mentions of the event's sentence
    casualties: Casualties | None
    claim: Claim
    negated: bool
    hypothetical: bool
    strength: float
    sentence_lemmas: str
    trigger_lemmas: tuple[str, ...] = ()
    protest_part: bool = False  # an arrest, police action or crowd violence of a protest told before it
    protest_outcome: str | None = None  # for a protest: what its parts made of it (nlp/stories.py)


def _trimmed(doc: Doc, sentence: Span) -> TextSpan:
    """The sentence's span without the whitespace spaCy keeps at its edges (paragraph breaks)."""
    text = sentence.text
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    end = sentence.start_char + len(text.rstrip())
    return TextSpan(text.strip(), start, end)


def _span_of_tokens(doc: Doc, tokens: list[Token]) -> TextSpan:
    first = min(tokens, key=lambda token: token.i)
    last = max(tokens, key=lambda token: token.i)
    # Span.text, not doc.text: spaCy rebuilds the whole text on every doc.text access.
    return TextSpan(doc[first.i : last.i + 1].text, first.idx, last.idx + len(last.text))


class _Entities:
    """The doc's entities, indexed once: `Doc.ents` and `Span.ents` rebuild every entity of the whole
    doc on each access, which made extraction quadratic in the length of a document (a 1 MB paragraph
    ran for minutes; bench/long_documents.py measures it)."""

    def __init__(self, doc: Doc) -> None:
        self.ents: tuple[Span, ...] = tuple(doc.ents)
        self.starts = [entity.start for entity in self.ents]
        self.of_token = [-1] * len(doc)
        for number, entity in enumerate(self.ents):
            for index in range(entity.start, entity.end):
                self.of_token[index] = number

    def at(self, token: Token) -> Span | None:
        number = self.of_token[token.i]
        return self.ents[number] if number >= 0 else None

    def within(self, span: Span) -> list[Span]:
        """As `span.ents`: the entities wholly inside the span, in order."""
        first = bisect.bisect_left(self.starts, span.start)
        last = bisect.bisect_left(self.starts, span.end)
        return [entity for entity in self.ents[first:last] if entity.end <= span.end]


def _mention_span(token: Token, entities: _Entities) -> Span:
    """The words naming an actor headed by ``token``: its entity, else its noun phrase without clauses."""
    doc = token.doc
    entity = entities.at(token)
    if entity is not None:
        return entity
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod") :
            left = min(left, min(t.i for t in child.subtree))
    right = token.i
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = max(right, max(t.i for t in child.subtree))
    return doc[left : right + 1]


def _actor_mention(token: Token, role: ActorRole, entities: _Entities) -> ActorMention | None:
    if token.ent_type_ in _NOT_ACTOR_ENTITIES or token.lower_ in ("which", "who"):
        return None
    if token.pos_ not in ("NOUN", "PROPN") and not (token.pos_ == "NUM" and any(c.lower_ == "of" for c in token.children)):
        return None
    span = _mention_span(token, entities)
    if span.text.lower() in ("it", "they", "he", "she"):
        return None
    label = span.label_ if span.label_ else ""
    return ActorMention(
        role=role,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        head_lemma=token.lemma_.lower(),
        label=label,
        lemmas=tuple(t.lemma_.lower() for t in span),
        # Only a capital acting (subject, possessor) is its government; "struck Kyiv" is the city.
        government_of=metonym_country(span.text, label) if role is ActorRole.SOURCE else None,
    )


def _actors(trigger: Token, phrase: Span, entities: _Entities) -> tuple[ActorMention, ...]:
    """Source and target from syntax: subject/agent/possessor/modifier vs object/passive subject."""
    found: list[tuple[Token, ActorRole]] = []
    # Modifiers of any word of a multi-word trigger count ("Russian" in "Russian missile strike").
    children = [child for token in phrase for child in token.children if child not in phrase]
    for child in children:
        if child.dep_ == "nsubj":
            found.append((child, ActorRole.SOURCE))
        elif child.dep_ == "agent":
            found.extend((grandchild, ActorRole.SOURCE) for grandchild in child.children if grandchild.dep_ == "pobj")
        elif child.dep_ in ("dobj", "nsubjpass"):
            found.append((child, ActorRole.TARGET))
        elif child.dep_ in ("poss",) or (child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")):
            found.append((child, ActorRole.SOURCE))
        elif child.dep_ == "prep" and child.lower_ in ("against", "on", "targeting"):
            found.extend((grandchild, ActorRole.TARGET) for grandchild in child.children if grandchild.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "by":
            found.extend((grandchild, ActorRole.SOURCE) for grandchild in child.children if grandchild.dep_ == "pobj")
    # A participle clause ("..., killing 11") or a relative clause shares the main subject.
    if not any(role is ActorRole.SOURCE for _, role in found) and trigger.dep_ in ("advcl", "conj", "xcomp"):
        found.extend((child, ActorRole.SOURCE) for child in trigger.head.children if child.dep_ == "nsubj")
    mentions: list[ActorMention] = []
    seen: set[tuple[int, int]] = set()
    for token, role in found:
        mention = _actor_mention(token, role, entities)
        if mention and (mention.start, mention.end) not in seen:
            seen.add((mention.start, mention.end))
            mentions.append(mention)
    return tuple(mentions)


def _is_negated(trigger: Token) -> bool:
    if any(child.dep_ == "neg" or child.lower_ == "no" and child.dep_ == "det" for child in trigger.children):
        return True
    head = trigger.head
    # "The rally was not held", "did not carry out the attack" negate the event; "the march had not
    # been authorised" negates only the authorisation.
    if trigger.dep_ in ("dobj", "nsubjpass") and head.lemma_.lower() not in _EVENT_VERBS:
        return False
    return trigger.dep_ in ("dobj", "nsubjpass", "xcomp") and any(
        child.dep_ == "neg" for child in head.children
    ) and head.lemma_ not in ("confirm", "verify", "deny")


def _is_hypothetical(trigger: Token) -> bool:
    for child in trigger.children:
        if child.dep_ == "aux" and child.lower_ in _MODALS:
            return True
        if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
            return True
    token = trigger
    for _ in range(3):
        if token.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "advcl") and token.head.lemma_.lower() in _HYPOTHETICAL_HEADS:
            return True
        if token.head.i == token.i:
            break
        token = token.head
    return False


def _place_mentions(doc: Doc, sentence: Span, trigger: Token, entities: _Entities) -> tuple[EntityMention, ...]:
    """Places in the sentence, those syntactically tied to the trigger first, then by distance."""
    candidates: list[tuple[int, int, EntityMention]] = []
    linked_tokens = set()
    for anchor in (trigger, trigger.head):
        for child in anchor.children:
            if child.dep_ in ("prep",) and child.lower_ in _PLACE_PREPOSITIONS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        linked_tokens.update(t.i for t in pobj.subtree)
            elif child.dep_ in ("dobj", "npadvmod"):
                linked_tokens.update(t.i for t in child.subtree)
    for entity in entities.within(sentence):
        proper = entity.root.pos_ == "PROPN"
        is_place = entity.label_ in PLACE_LABELS or entity.label_ == "NORP"
        tied = any(token.i in linked_tokens for token in entity)
        # A proper name right after "in", "near", "outside" names a place whatever label the small
        # model gave it ("the market in Omdurman" as NORP, "in Thessaloniki" as WORK_OF_ART).
        after_preposition = entity.start > sentence.start and doc[entity.start - 1].lower_ in _LOCATIVE
        # The small model sometimes tags a city in "shelled Kharkiv" as PERSON or ORG; keep proper
        # nouns tied to the trigger and let the gazetteer decide.
        if not is_place and not (proper and entity.label_ in _MISTAGGED and (tied or after_preposition)):
            continue
        if entity.label_ == "NORP" and after_preposition and proper:
            is_place = False  # offered as a place name, not a demonym
        elif entity.label_ == "NORP" and entity.root.head.lemma_.lower() not in _PLACE_NOUNS:
            continue  # "Russian forces" names an actor; "Venezuelan territory" names a place
        label = entity.label_ if is_place else "GPE"
        rank = 0 if tied and entity.label_ != "NORP" else 1 if entity.label_ != "NORP" else 2
        distance = abs(entity.start - trigger.i)
        candidates.append((rank, distance, EntityMention(entity.text, entity.start_char, entity.end_char, label)))
    # The small model misses some place names ("a district of Kharkiv"): proper nouns tied to the
    # trigger that are no entity at all are offered to the gazetteer too.
    index = sentence.start
    while index < sentence.end:
        token = doc[index]
        if token.pos_ == "PROPN" and not token.ent_type_ and token.i in linked_tokens:
            end = index
            while end + 1 < sentence.end and doc[end + 1].pos_ == "PROPN" and not doc[end + 1].ent_type_:
                end += 1
            span = doc[index : end + 1]
            candidates.append((0, abs(index - trigger.i), EntityMention(span.text, span.start_char, span.end_char, "GPE")))
            index = end
        index += 1
    candidates.sort(key=lambda item: (item[0], item[1]))
    return tuple(mention for _, _, mention in candidates)


def place_linked_by_preposition(doc: Doc, trigger: TextSpan, mention: EntityMention) -> bool:
    """True when ``mention`` sits in a place phrase attached to the trigger itself ("In Misrata, a
    commander threatened ...", "endorsed a plan at a meeting in Addis Ababa"), not merely in its
    sentence or its object ("condemned the strike on Kyiv"). Statements are coded to such places only."""
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    target = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or target is None:
        return False
    inside = {token.i for token in target}
    own = {token.i for token in span}
    before = doc[target.start - 1] if target.start > 0 else None
    if before is not None and before.lower_ in _PLACE_PREPOSITIONS and before.head.i in own:
        return True  # the parser sometimes leaves "In" without its object: "In Misrata, ... threatened"
    frontier = [child for token in span for child in token.children if child.i not in own]
    while frontier:
        child = frontier.pop()
        if child.dep_ == "prep" and child.lower_ in _PLACE_PREPOSITIONS:
            if inside & {token.i for token in child.subtree}:
                # Only through nouns and prepositions ("a meeting in X"), not a clause inside the phrase.
                return all(token.dep_ not in ("relcl", "ccomp", "acl") for token in _path(child, target.root))
        elif child.dep_ in ("prep", "pobj") and child.lower_ not in ("of", "on", "against"):
            frontier.extend(child.children)
    return False


def date_in_clause(doc: Doc, trigger: TextSpan, mention: EntityMention) -> bool:
    """True when the date ``mention`` belongs to the trigger's own clause: walking up from the date, the
    trigger is reached before any other verb ("warned on Friday that ..." but not "warned that the
    march on Friday would ..."). Statements are dated only by such dates."""
    span = doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
    target = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or target is None:
        return False
    own = {token.i for token in span}
    token = target.root
    for _ in range(12):
        if token.i in own:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
        if token.i not in own and token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            return False
    return False


def _path(top: Token, bottom: Token) -> list[Token]:
    """The tokens from ``bottom`` up to (not including) ``top``."""
    path = []
    token = bottom
    while token.i != top.i and token.head.i != token.i:
        path.append(token)
        token = token.head
    return path


# A trigger's own mode stands ("abducted" is an abduction even when gunmen did it); cues in the
# sentence only fill a missing mode or make a general one more specific.
_REFINABLE_MODES: dict[str | None, set[str]] = {
    None: set(),  # any cue
    "explosives": {"suicide-attack", "unconventional", "aerial", "drone"},
    "aerial": {"drone"},
    "heavy-weapons": {"aerial", "drone"},
    "troops": {"police", "militia", "weapons"},
    "demo": {"riot"},
    "firearms": {"crowd-control"},  # "fired tear gas", "fired warning shots"  # "protesters set fire to buses": a violent demonstration
}


def _mode(event_type: EventType, default_mode: str | None, sentence_lemmas: str) -> str | None:
    if default_mode not in _REFINABLE_MODES:
        return default_mode
    allowed = _REFINABLE_MODES[default_mode]
    for row in load_table("mode_cues.csv"):
        if (
            row["type"] == event_type.value
            and f" {row['lemma']} " in sentence_lemmas
            and (default_mode is None or row["mode"] in allowed)
        ):
            return row["mode"]
    return default_mode


def _is_definite_reference(trigger: Token) -> bool:
    """"The strike", or an act by participants already introduced ("the protesters had blocked the
    avenue", "the attackers then burned the post"): the story goes on about its event."""
    if trigger.pos_ == "NOUN":
        return any(child.lower_ in _DEFINITE for child in trigger.children)
    return any(
        child.dep_ == "nsubj" and child.lemma_.lower() in _PARTICIPANTS and any(g.lower_ in _DEFINITE for g in child.children)
        for child in trigger.children
    )


def _pick_triggers(doc: Doc, sentence: Span, triggers: list[TriggerMatch]) -> list[TriggerMatch]:
    """One trigger per event in a sentence: per type (and separate ACLED sub-event), the first strong one,
    else a weak one that may stand alone."""
    by_head = {trigger.head: trigger for trigger in triggers}
    kept = [trigger for trigger in triggers if not_an_event(doc, trigger, by_head) is None]
    chosen: list[TriggerMatch] = []
    riot = any(trigger.type is EventType.PROTEST and trigger.mode == "riot" for trigger in kept)
    # A background clause ("since March, when an ambush killed 24") tells another occurrence.
    group_of = {
        trigger.head: (trigger.type, trigger.mode if trigger.mode in _SEPARATE_MODES else None, in_background_clause(doc[trigger.head]))
        for trigger in kept
    }
    for group in dict.fromkeys(group_of.values()):
        event_type = group[0]
        of_group = [trigger for trigger in kept if group_of[trigger.head] == group]
        strong = [trigger for trigger in of_group if trigger.strength >= 1]
        if strong:
            # Prefer a verb with its own subject: it carries actors ("drones struck"), nouns echo it.
            verbs = [t for t in strong if doc[t.head].pos_ == "VERB"]
            chosen.append(verbs[0] if verbs else strong[0])
        elif event_type in _WEAK_STANDALONE and not _is_negated(doc[of_group[0].head]) and not riot:
            # "Crowds burned shops; five people died": the dead belong to the riot, not a new attack.
            chosen.append(of_group[0])
    return _policed_crowd(kept, chosen) + chosen


def _policed_crowd(kept: list[TriggerMatch], chosen: list[TriggerMatch]) -> list[TriggerMatch]:
    """"Police used water cannon to disperse thousands of protesters": a crowd met with crowd control
    or arrests was a protest, though only its participants are named. It goes first, so that the
    police action is read as its part (nlp/stories.py)."""
    # Police shooting into a crowd ("opened fire to disperse demonstrators, killing one") is told
    # as the shooting: the named event keeps its toll.
    if any(t.type is EventType.PROTEST or t.type is EventType.ASSAULT and t.mode != "crowd-control" for t in chosen):
        return []
    policed = any(
        t.type is EventType.ASSAULT and t.mode == "crowd-control" or t.type is EventType.COERCE and t.mode in ("arrest", "restrict")
        for t in chosen
    )
    crowd = next((t for t in kept if t.type is EventType.PROTEST and t.strength < 1), None)
    return [crowd] if policed and crowd is not None else []


def extract_drafts(doc: Doc) -> list[EventDraft]:
    """Event drafts for a Doc annotated by build_pipeline(); coreferent mentions already merged."""
    triggers: list[TriggerMatch] = list(doc._.event_triggers or [])
    counts: list[CountMention] = list(doc._.casualties or [])
    drafts: list[EventDraft] = []
    entities = _Entities(doc)
    sentences = list(doc.sents)
    # Triggers and counts grouped by sentence once, not filtered per sentence (quadratic on long docs).
    sentence_starts = [sentence.start for sentence in sentences]
    sentence_start_chars = [sentence.start_char for sentence in sentences]
    triggers_of: dict[int, list[TriggerMatch]] = {}
    for match in triggers:
        triggers_of.setdefault(bisect.bisect_right(sentence_starts, match.head) - 1, []).append(match)
    counts_of: dict[int, list[CountMention]] = {}
    for count in counts:
        counts_of.setdefault(bisect.bisect_right(sentence_start_chars, count.start) - 1, []).append(count)
    for number, sentence in enumerate(sentences):
        in_sentence = [t for t in triggers_of.get(number, []) if sentence.start <= t.head < sentence.end]
        sentence_counts = [c for c in counts_of.get(number, []) if sentence.start_char <= c.start < sentence.end_char]
        picked = _pick_triggers(doc, sentence, in_sentence) if in_sentence else []
        if not any(t.type is EventType.ASSAULT for t in picked):
            apply_followup(drafts, sentence, sentence_counts)
        if not picked:
            continue
        lemmas = " " + " ".join(token.lemma_.lower() for token in sentence) + " "
        # Counts inside a background clause ("since March, when an ambush killed 24") are its own.
        clauses = {t.head: background_clause(doc[t.head]) for t in picked}
        recipient = toll_recipient([t for t in picked if clauses[t.head] is None]) or toll_recipient(picked)
        main_counts = [c for c in sentence_counts if not any(span and span[0] <= c.start < span[1] for span in clauses.values())]
        date_mentions = tuple(
            EntityMention(entity.text, entity.start_char, entity.end_char, entity.label_)
            for entity in entities.within(sentence)
            if entity.label_ in DATE_LABELS
            and _CALENDAR.search(entity.text)
            and not _NOT_CALENDAR.search(entity.text)
        )
        for trigger in picked:
            head = doc[trigger.head]
            clause = clauses[trigger.head]
            own_counts = [c for c in sentence_counts if clause[0] <= c.start < clause[1]] if clause else main_counts
            # A threat, or a refusal read from "would not" (nlp/statements.py), is itself no hypothetical.
            stated = trigger.type is EventType.THREATEN or trigger.phrase in STATED_ACTS
            hypothetical = _is_hypothetical(head) and not stated
            actors = _actors(head, doc[trigger.start : trigger.end], entities)
            draft = EventDraft(
                type=trigger.type,
                mode=_mode(trigger.type, trigger.mode, lemmas),
                trigger=_span_of_tokens(doc, list(doc[trigger.start : trigger.end])),
                sentence=_trimmed(doc, sentence),
                actor_mentions=actors,
                place_mentions=_place_mentions(doc, sentence, head, entities),
                date_mentions=date_mentions,
                casualties=casualties_of(own_counts)
                if trigger is recipient or clause
                else casualties_of([c for c in own_counts if c.kind == "arrested"])
                if trigger.type is EventType.COERCE and trigger.mode == "arrest"
                else None,
                claim=_claim(sentence, head, trigger, hypothetical),
                negated=_is_negated(head) and trigger.phrase not in STATED_ACTS,
                hypothetical=hypothetical,
                strength=trigger.strength,
                sentence_lemmas=lemmas,
                trigger_lemmas=tuple(token.lemma_.lower() for token in doc[trigger.start : trigger.end]),
            )
            background = in_background_clause(head)
            definite = any(
                _is_definite_reference(doc[t.head])
                for t in in_sentence
                if t.type is trigger.type and in_background_clause(doc[t.head]) == background
            )
            previous = _coreferent(doc, drafts, draft, definite)
            if previous is None:
                drafts.append(draft)
            elif _is_headline(doc, previous.sentence) or in_summary(doc, previous.sentence):
                # The body tells the story the headline announced: keep the body's words.
                drafts[drafts.index(previous)] = _merge(draft, previous)
            else:
                drafts[drafts.index(previous)] = _merge(previous, draft)
    return link_protest_parts(fold_early_tolls(drafts))


def _claim(sentence: Span, head: Token, trigger: TriggerMatch, hypothetical: bool) -> Claim:
    """Statements (threats, demands, condemnations...) and plans are reported by whoever made them:
    their status is ``reported``; other events take the status their sentence gives them."""
    claim = claim_for_sentence(sentence, head, trigger.type)
    if (trigger.type in STATEMENT_TYPES or hypothetical) and claim.status is not ClaimStatus.REPORTED:
        return Claim(ClaimStatus.REPORTED, claim.cue, claim.sources, claim.start, claim.end)
    # "..., said the police spokesman. Police arrested 41 people.": on the paragraph's source's word.
    uncited_state_act = claim.cue is None and trigger.type in _STATE_ACT_TYPES
    if uncited_state_act and (inherited := paragraph_source_claim(sentence, trigger.type)) is not None:
        return inherited
    if claim.status is ClaimStatus.REPORTED and claim.cue is None and trigger.type in _STATE_ACT_TYPES:
        # No one is cited for an act only a state performs (arrests, curfews, sanctions): it is on the
        # record as that state's own act.
        return Claim(ClaimStatus.CONFIRMED)
    return claim


def _whitespace_after(doc: Doc, char_end: int) -> str:
    """The whitespace that follows character offset ``char_end`` (the end of a trimmed sentence)."""
    token = doc.char_span(char_end - 1, char_end, alignment_mode="expand")
    if token is None:
        return ""
    last = token[-1]
    following = doc[last.i + 1].text if last.i + 1 < len(doc) and doc[last.i + 1].is_space else ""
    return last.whitespace_ + following


def _is_headline(doc: Doc, sentence: TextSpan) -> bool:
    """A first line with no closing punctuation, followed by a line break, is the article's headline."""
    return (
        sentence.start == 0
        and not sentence.text.rstrip().endswith((".", "!", "?", "\"", "”"))
        and "\n" in _whitespace_after(doc, sentence.end)
    )


def _coreferent(doc: Doc, drafts: list[EventDraft], draft: EventDraft, definite: bool) -> EventDraft | None:
    """The earlier draft this mention repeats, if any.

    News returns to its main story: "the strike", a weak "killed", or an assault or protest with
    neither a date nor a new place of its own refers to the first event of that type. A mention with
    its own date is a different occurrence ("a strike in September killed eleven"). Statements
    (each one a separate act of speech) repeat only the headline; arrests, deployments and other
    acts repeat an earlier one only when named as such ("the arrests").
    """
    same = [d for d in drafts if d.type is draft.type and d.negated == draft.negated]
    if not same:
        return None
    first = same[0]
    if _is_headline(doc, first.sentence):
        return first
    # The body retells what the summary lines above it announced (nlp/summaries.py); two summary
    # lines are two announcements, so only a body mention is matched to one.
    if not in_summary(doc, draft.sentence):
        announced = next((d for d in same if in_summary(doc, d.sentence)), None)
        if announced is not None:
            return announced
    if draft.type in STATEMENT_TYPES:
        return None
    if definite or draft.strength < 1:
        # "The attack did not result in any fatalities", "At least three were killed": told right
        # after an event of its type, the words are about that event, not the story's first one.
        latest = next(d for d in reversed(drafts) if d.type is draft.type and d.negated == draft.negated)
        return latest if _told_just_before(doc, latest, draft) else first
    if draft.type not in _RETOLD_TYPES or draft.date_mentions or not _same_means(first.mode, draft.mode):
        return None
    known_places = {mention.text for mention in first.place_mentions}
    new_places = [m for m in draft.place_mentions if m.label != "NORP" and m.text not in known_places]
    return None if new_places else first


def _told_just_before(doc: Doc, earlier: EventDraft, draft: EventDraft) -> bool:
    """True when ``earlier``'s sentence is the one right before ``draft``'s (same paragraph)."""
    between = doc.text[earlier.sentence.end : draft.sentence.start]
    return earlier.sentence.end <= draft.sentence.start and "\n\n" not in between and not between.strip()


def _same_means(first: str | None, repeat: str | None) -> bool:
    """Two mentions may be one occurrence only if their means agree ("an air strike" is not "the
    abduction"); a mention that names no means agrees with any."""
    if first is None or repeat is None or first == repeat:
        return True
    return {first, repeat} <= {"aerial", "drone"} or {first, repeat} <= {"demo", "riot"}


def _merge(first: EventDraft, repeat: EventDraft) -> EventDraft:
    """Keep the first mention's words; take what it lacked from the repeat."""
    # A protest retold as a riot ("protesters then set fire to cars") was a riot.
    riot = first.type is EventType.PROTEST and repeat.mode == "riot" and first.mode == "demo"
    return replace(
        first,
        mode="riot" if riot else first.mode,
        casualties=combine_casualties(first.casualties, repeat.casualties),
        claim=stronger_claim(first.claim, repeat.claim),
        actor_mentions=first.actor_mentions or repeat.actor_mentions,
        place_mentions=first.place_mentions + tuple(m for m in repeat.place_mentions if m not in first.place_mentions),
    )
