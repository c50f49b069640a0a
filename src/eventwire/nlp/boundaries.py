"""Event boundaries: which trigger matches are events of their own, and which only describe, frame or deny one.

Every rule here holds for any typer (nlp/typers/): it reads the parse around a trigger, never the
trigger's word. The rules, in the order not_an_event() applies them:

- inside quote marks: what someone said, not the reporter's account, unless the quote is itself the
  act ("We call on both parties to ...", "We reject these claims": a first-person speech act);
- inside a name or a date ("Rapid Deployment Unit", "in March");
- an adjective ("protest leaders", "striking workers" are actors, not events);
- a question ("Has anyone asked you to leave?");
- nothing happened of the kind: "no arrests were made", "nobody was detained", "any truce
  agreed without us" (no particular one), "without warning",
  "met no resistance", "failed to agree", "talks have been suspended" (what was suspended or
  postponed is not taking place; the suspension is the event);
- a stretch of time: "weeks of protests", "months of fighting";
- a condition: "unless the army withdrew", "if both sides agreed" (the threat is the event);
- a clause that describes a noun: "a deal brokered by Qatar", "a group that signed a peace deal",
  "officials it accused of torture" (assaults and protests in such clauses are kept: "a bomb that
  killed five" still reports the bombing, and so are denials: "..., which she denied");
- naming, not acting: "what it called a plot", "a group that calls itself the Front";
- press boilerplate: "did not respond to a request for comment", "asked not to be named";
- a patient's release: "was treated for a broken wrist and released", "released from hospital";
- a death or injury with no attacker: "died of malnutrition", "died in a fire", "a fire broke out
  ... and three people died", "a building collapse that killed two", "the bridge collapsed,
  injuring nine" (an accident, illness or hunger is no assault; "died in an attack" stays one);
- the content of a framing statement: "condemned the attack", "threatened to strike", and a
  protest's demand ("marched to demand higher wages", "began a hunger strike, demanding their
  release", also through a participle: "marched to the city hall, carrying photographs, to demand
  payments"); acts coordinated inside that content share it ("agreed to a ceasefire, to withdraw
  and to release captives": only the agreement is an event); not a setting ("endorsed the plan at
  a meeting", "signed after talks": the meeting and the talks are events of their own).
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Token

from eventwire.model import EventType, QuoteKind
from eventwire.nlp.typers.base import TriggerMatch

# Verbal types that take another event as their content ("condemned the strike", "threatened to
# strike"): the embedded trigger is what they are about, not an event of its own.
_FRAMING_TYPES = {
    EventType.ACCUSE, EventType.REQUEST, EventType.THREATEN, EventType.REJECT, EventType.SUPPORT,
    EventType.AGREE, EventType.CONSULT,
}
# Dependency links through which a trigger is the content of a framing trigger ("condemned the
# attack", "threatened to pull out of the ceasefire"); coordination ("condemned ... and ordered a
# curfew") is not one of them.
_CONTENT_LINKS = {"dobj", "pobj", "prep", "xcomp", "ccomp", "acomp", "attr", "nsubjpass", "compound", "pcomp", "prt"}
_NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "TIME", "NORP", "WORK_OF_ART", "LAW", "PRODUCT"}
_NOBODY = {"nobody", "none", "noone"}
_CONDITIONS = {"if", "unless", "until", "whether"}
_DESCRIBING = {"acl", "relcl"}
_DURATIONS = {"hour", "day", "week", "month", "year", "decade", "night", "season"}
_KEPT_IN_DESCRIPTIONS = {EventType.ASSAULT, EventType.PROTEST}
_FAILED = {"fail"}
_SPEECH_ACTS = {EventType.REQUEST, EventType.ACCUSE, EventType.REJECT, EventType.THREATEN, EventType.SUPPORT}
_EARLIER = {"since", "after"}
_STOPPING = {"suspend", "cancel", "postpone", "halt", "abandon", "adjourn"}
_NAMING_OBJECTS = {"what", "itself", "themselves", "himself", "herself"}
# Links from a demand up to the act it is the purpose of ("marched ..., carrying photographs, to
# demand payments", "began a hunger strike, demanding their release").
_PURPOSE_LINKS = {"advcl", "xcomp", "acl", "relcl"}
# Prepositions that give a statement's setting (when, at which occasion), not its content: "endorsed
# the plan at a meeting", "was signed after three days of talks" are two events each.
_SETTINGS = {"at", "after", "during", "before", "following", "amid"}
# Weak casualty verbs: a death or injury, which is an assault only when someone caused it.
_HARM_VERBS = {"die", "kill", "injure", "wound", "hurt"}
# Causes of death or injury that no one wields: accidents, illness, hunger, disasters. Not
# "explosion", "blast" or "shelling": those are an attack's weapons as often as accidents.
_NO_ATTACKER = {
    "malnutrition", "hunger", "starvation", "disease", "illness", "cholera", "measles", "malaria",
    "fire", "blaze", "flood", "flooding", "landslide", "earthquake", "storm", "cyclone", "heat",
    "cold", "exposure", "accident", "crash", "collapse", "drowning", "dehydration", "stampede",
}
# Verbs of an accident, for a structure or vehicle: "the footbridge collapsed, injuring nine",
# "a ferry capsized ... and 12 died", "died in a burning building".
_ACCIDENT_VERBS = {"collapse", "capsize", "sink", "crash", "break", "burn", "overturn", "flood"}


def not_an_event(doc: Doc, trigger: TriggerMatch, by_head: dict[int, TriggerMatch]) -> str | None:
    """Why a trigger is not an event of its own (a short reason), or None when it is one."""
    head = doc[trigger.head]
    if _in_quote(doc, trigger) and not _performative(head, trigger):
        return "quoted"
    if head.ent_type_ in _NAME_LABELS:
        return "name-or-date"
    if head.dep_ == "amod":
        return "modifier"
    if _question(head):
        return "question"
    if _nothing_happened(head):
        return "nothing-happened"
    if _is_condition(head):
        return "condition"
    if head.dep_ == "pobj" and head.head.lower_ == "of" and _stretch(head.head.head, trigger):
        return "duration"
    if head.dep_ in _DESCRIBING and trigger.type not in _KEPT_IN_DESCRIPTIONS and not _denies_it(head, trigger):
        return "describes-a-noun"
    if _names_something(head):
        return "naming"
    if trigger.type is EventType.REQUEST and _press_boilerplate(head):
        return "press-boilerplate"
    if trigger.type is EventType.RETREAT and _discharged(head):
        return "discharged"
    if trigger.type is EventType.ASSAULT and trigger.strength < 1 and _no_attacker(head, by_head):
        return "no-attacker"
    if absorbed(trigger, by_head, doc):
        return "framed"
    return None


def _performative(head: Token, trigger: TriggerMatch) -> bool:
    """A quoted statement the speaker makes by saying it: "We call on both parties ...", "We reject
    these claims". The quote is the act itself, not a report of one: a speech-act verb in the
    present tense with a first-person subject. Futures ("we will not leave", "if they attack, we
    will protect ourselves") are left to the reporter's framing: quoted, they are the speaker's
    mood more often than a commitment a coder would record."""
    if trigger.type not in _SPEECH_ACTS:
        return False
    first_person = any(child.dep_ == "nsubj" and child.lower_ in ("we", "i") for child in head.children)
    return first_person and head.tag_ == "VBP"


def _discharged(head: Token) -> bool:
    """A patient leaving care is no release from captivity (see the module docstring)."""
    if head.lemma_.lower() != "release":
        return False
    if head.dep_ == "conj" and head.head.lemma_.lower() in ("treat", "examine", "check"):
        return True
    return any(
        child.dep_ == "prep" and child.lower_ == "from"
        and any(g.lemma_.lower() in ("hospital", "clinic") for g in child.children)
        for child in head.children
    )


def _no_attacker(head: Token, by_head: dict[int, TriggerMatch]) -> bool:
    """A weak death or injury verb whose cause is an accident, illness or disaster (see the module
    docstring): "died of/from/in X", "X killed ...", "X collapsed, injuring ...", "a fire broke out
    ... and three died", where X is one of _NO_ATTACKER. Never when the sentence tells an attack
    (a strong assault trigger): its deaths are that attack's."""
    if head.lemma_.lower() not in _HARM_VERBS:
        return False
    sentence = head.sent
    if any(
        sentence.start <= i < sentence.end and t.type is EventType.ASSAULT and t.strength >= 1
        for i, t in by_head.items()
    ):
        return False

    def cause(noun: Token) -> bool:
        # "a fire set by the attackers", "a fire that gunmen started": someone caused it
        if any(c.dep_ in ("acl", "relcl") for c in noun.children):
            return False
        return noun.lemma_.lower() in _NO_ATTACKER or any(
            c.dep_ == "amod" and c.lemma_.lower() in _ACCIDENT_VERBS for c in noun.children
        )

    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("of", "from", "in") and any(
            g.dep_ == "pobj" and cause(g) for g in child.children
        ):
            return True
        if child.dep_ == "nsubj" and cause(child):
            return True
    # "a building collapse that killed two": the relative clause's noun is the killer
    if head.dep_ == "relcl" and cause(head.head):
        return True
    # "the bridge collapsed, injuring nine", "a fire broke out ... and three people died"
    governor = head.head
    if head.dep_ in ("advcl", "conj") and governor.i != head.i and governor.pos_ == "VERB":
        accident = governor.lemma_.lower() in _ACCIDENT_VERBS
        if any(c.dep_ == "nsubj" and (accident or cause(c)) for c in governor.children) and (
            head.dep_ == "conj" or accident
        ):
            return True
    # "a fire broke out ..., and four died" parsed as two clauses of "said": the cause is the
    # subject of an earlier clause of the sentence
    return any(t.i < head.i and t.dep_ == "nsubj" and t.head.pos_ == "VERB" and cause(t) for t in sentence)


def _denies_it(head: Token, trigger: TriggerMatch) -> bool:
    """"Accused her movement of encouraging the violence, which she denied": a relative clause whose
    object is "which" denies what the sentence said; the denial is an event, not a description."""
    return trigger.type is EventType.REJECT and any(
        child.dep_ == "dobj" and child.lower_ in ("which", "what") for child in head.children
    )


def _stretch(noun: Token, trigger: TriggerMatch) -> bool:
    """"Weeks of protests", "months of fighting": a stretch of time, not one occurrence. Counted
    talks are one ("after three days of talks": a round of talks that ended)."""
    if noun.lemma_.lower() not in _DURATIONS:
        return False
    counted = any(child.dep_ == "nummod" for child in noun.children)
    return not (counted and trigger.type is EventType.CONSULT)


def _question(head: Token) -> bool:
    """"Has anyone asked you to leave?": a question asks whether something happened."""
    sentence = head.sent
    last = sentence[-1] if not sentence[-1].is_space else sentence[-2] if len(sentence) > 1 else sentence[-1]
    return last.text == "?"


def _names_something(head: Token) -> bool:
    """"What it called a plot", "a group that calls itself the Front": the verb names a thing, it
    reports no act (its object is "what" or a reflexive pronoun)."""
    return any(child.dep_ == "dobj" and child.lower_ in _NAMING_OBJECTS for child in head.children)


def _press_boilerplate(head: Token) -> bool:
    """A reporter's request for comment, or a source asking not to be named, is no demand in the news."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "for" and any(g.lemma_.lower() == "comment" for g in child.children):
            return True
        if child.dep_ == "xcomp" and any(g.dep_ == "neg" for g in child.children):
            return True
    return False


def _nothing_happened(head: Token) -> bool:
    """"No arrests were made", "no one was detained", "nobody has been arrested", "without warning"."""
    for child in head.children:
        if child.dep_ == "det" and child.lower_ == "no":
            return True
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and (
            child.lower_ in _NOBODY or child.lower_ == "one" and any(g.lower_ == "no" for g in child.children)
        ):
            return True
    # "any truce agreed without it", "any attack on civilians": no particular occurrence
    noun = head.head if head.dep_ == "acl" else head
    if noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "any" for c in noun.children):
        return True
    # the same misread as a subject ("any truce agreed" parsed as "truce" subject of "agreed")
    if any(
        c.dep_ in ("nsubj", "nsubjpass") and any(g.dep_ == "det" and g.lower_ == "any" for g in c.children)
        for c in head.children
    ):
        return True
    # "made no arrests": the determiner sits on the object noun of a light verb
    if head.dep_ == "dobj" and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return True
    # "met no resistance", "fired no shots": the verb's object is "no" something
    if any(c.dep_ == "dobj" and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children) for c in head.children):
        return True
    # "failed to agree": the attempt is reported, the act did not happen
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in _FAILED:
        return True
    # "talks have been suspended", "postponed the summit": what was stopped is not taking place
    if head.dep_ in ("dobj", "nsubjpass") and head.pos_ == "NOUN" and _stopped(head.head):
        return True
    return head.dep_ in ("pobj", "pcomp") and head.head.lower_ == "without"


def _stopped(verb: Token) -> bool:
    # Not "called off": a called-off strike is labelled as a negated event (the guide's rule).
    return verb.lemma_.lower() in _STOPPING


def _is_condition(head: Token) -> bool:
    token = head
    for _ in range(3):
        if any(child.dep_ == "mark" and child.lower_ in _CONDITIONS for child in token.children):
            return True
        if token.dep_ not in ("conj", "xcomp", "auxpass", "aux") or token.head.i == token.i:
            return False
        token = token.head
    return False


def absorbed(trigger: TriggerMatch, by_head: dict[int, TriggerMatch], doc: Doc) -> bool:
    """True when the trigger is the content of a framing trigger ("condemned the attack"), or the
    demand of another event ("marched to demand pay", "blocked the road to demand access")."""
    token = doc[trigger.head]
    if trigger.type is EventType.REQUEST and _demand_of_an_act(token, by_head):
        return True
    for _ in range(6):
        if token.head.i == token.i:
            return False
        if token.dep_ == "conj":
            # "agreed to a ceasefire, to withdraw ... and to release captives": a coordinated act
            # shares its first conjunct's frame; a statement coordinated with another ("condemned
            # the attack and ordered a curfew") is its own act.
            first = by_head.get(token.head.i)
            if first is not None and first.type in _FRAMING_TYPES:
                return False
            token = token.head
            continue
        if token.dep_ not in _CONTENT_LINKS:
            return False
        if token.dep_ == "pobj" and token.head.lower_ in _SETTINGS:
            return False  # "endorsed the plan at a meeting", "signed after talks": a setting, not content
        token = token.head
        framing = by_head.get(token.i)
        if framing is not None and framing.type in _FRAMING_TYPES and framing.type is not trigger.type:
            return True
    return False


def _demand_of_an_act(token: Token, by_head: dict[int, TriggerMatch]) -> bool:
    """A demand that is the purpose of an act in its sentence ("marched to demand pay", "began a
    hunger strike, demanding their release"): the act is the event, the demand its content."""
    for _ in range(3):
        if token.dep_ not in _PURPOSE_LINKS or token.head.i == token.i:
            return False
        token = token.head
        acts = [token] + [child for child in token.children if child.dep_ in ("dobj", "attr")]
        acts += [g for child in token.children if child.dep_ == "prep" for g in child.children if g.dep_ == "pobj"]
        if any((other := by_head.get(act.i)) is not None and other.type not in _FRAMING_TYPES for act in acts):
            return True
    return False


def _in_quote(doc: Doc, trigger: TriggerMatch) -> bool:
    """Words inside quote marks are what someone said, not the reporter's account of an event."""
    start = doc[trigger.head].idx
    starts, ends = _quoted_ranges(doc)
    at = bisect.bisect_right(starts, start) - 1
    return at >= 0 and start < ends[at]


#: doc.user_data key of the merged quoted ranges (plain ints, so a Doc still serializes).
_QUOTED_RANGES = "eventwire.quoted_ranges"


def _quoted_ranges(doc: Doc) -> tuple[list[int], list[int]]:
    """Starts and ends of the doc's direct and partial quotes, overlaps merged, made once per doc:
    scanning every quote for every trigger was quadratic on long documents."""
    cached = doc.user_data.get(_QUOTED_RANGES)
    if cached is None:
        merged: list[list[int]] = []
        quoted = (quote for quote in (doc._.quotes or []) if quote.kind is not QuoteKind.INDIRECT)
        for begin, end in sorted((quote.start, quote.end) for quote in quoted):
            if merged and begin <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([begin, end])
        cached = ([begin for begin, _ in merged], [end for _, end in merged])
        doc.user_data[_QUOTED_RANGES] = cached
    return cached


def background_clause(head: Token) -> tuple[int, int] | None:
    """The character span of the clause the trigger sits in when that clause tells an earlier
    occurrence with its own date: a relative clause of a date ("the deadliest since March, when an
    ambush killed 24") or a "since"/"after" clause with a date ("since a bombing in March killed
    26", "a day after fighting broke out"); else None. Such a trigger is not merged with the
    sentence's main trigger of the same type, and the counts inside its clause are its own."""
    token = head
    for _ in range(6):
        # "since March, when ...", not "on 8 November, when ..." (the same occurrence, dated)
        since_date = token.head.ent_type_ == "DATE" and token.head.head.lower_ in _EARLIER
        if token.dep_ == "relcl" and since_date or token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in _EARLIER for c in token.children
        ) and (any(t.ent_type_ == "DATE" for t in token.subtree) or token.head.ent_type_ == "DATE"):
            words = list(token.subtree)
            return words[0].idx, words[-1].idx + len(words[-1].text)
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def in_background_clause(head: Token) -> bool:
    """True when background_clause() finds one."""
    return background_clause(head) is not None
