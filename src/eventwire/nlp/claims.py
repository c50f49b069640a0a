"""Who says an event happened and how firmly: claim status, cue and sources from a sentence."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from eventwire.model import Claim, ClaimStatus, EventType

#: wording that says a report could not be verified
UNCONFIRMED_PATTERN = re.compile(
    r"\b(?:could not|cannot|can't|couldn't|was not|were not|has not been|have not been) (?:be )?"
    r"(?:independently )?(?:verified|confirmed)\b|\bunverified\b|\bunconfirmed\b"
    # the active form: "his family said; police said they could not confirm it"
    r"|\b(?:could not|couldn't|cannot|can't|was unable to|were unable to|has not been able to|have not been able to)"
    r" (?:independently )?(?:confirm|verify)\b",
    re.IGNORECASE,
)
#: a responsibility claim nobody made ("no group has claimed responsibility", "no one claimed the attack")
NO_CLAIM_PATTERN = re.compile(
    r"\b(?:no|none|nobody|no one|neither)\b(?:\s+[\w-]+){0,3}?\s+(?:has|have|had|was|were)?\s*"
    r"(?:yet\s+|immediately\s+|so far\s+)?(?:claimed|claim)\b|\bno (?:immediate )?claim of responsibility\b"
    r"|\b(?:has|have|had|did) not (?:yet |immediately )?(?:claimed|claim)\b",
    re.IGNORECASE,
)
_SPEECH_LEMMAS = {"say", "report", "tell", "state", "announce", "add", "note", "write", "post"}
# (lemma, status) in priority order: a sentence with "denied" is a denial even if it also "said".
_CUE_LEMMAS: tuple[tuple[str, ClaimStatus], ...] = (
    ("deny", ClaimStatus.DENIED),
    ("claim", ClaimStatus.CLAIMED),
    ("confirm", ClaimStatus.CONFIRMED),
    ("verify", ClaimStatus.CONFIRMED),
    ("allege", ClaimStatus.ALLEGED),
    ("accuse", ClaimStatus.ALLEGED),
    ("allegedly", ClaimStatus.ALLEGED),
    ("reportedly", ClaimStatus.REPORTED),
)
# An authority stating an event confirms it (ACLED-style sourcing): police, army, ministry, governor,
# hospital... Witnesses, residents, rights groups and media only report it.
_AUTHORITY_LEMMAS = {
    "police", "army", "military", "ministry", "minister", "governor", "official", "authority",
    "spokesman", "spokeswoman", "spokesperson", "administration", "mayor", "president", "government",
    "hospital", "director", "commander", "force", "troop", "soldier", "prosecutor", "office", "agency",
    "department", "chief", "head", "secretary", "presidency", "cabinet", "command", "sheriff", "chairman",
    "commissioner", "prefect", "inspector", "gendarmerie", "coroner", "court", "judge", "council",
}

_ANONYMOUS_HEADS = {"source"}
_SPEAKER_PRONOUNS = {"he", "she", "it", "they"}
_FUTURE_AUX = {"will", "would", "shall", "'ll"}
_PLAN_LEMMAS = {"plan", "schedule", "expect", "intend", "ready", "due", "prepare", "propose", "set"}
# How far back a pronoun or a bare name looks for the speaker it stands for (about three paragraphs).
_LOOKBACK_TOKENS = 300
# "camp officials", "aid officials", "party officials": the head is an authority word, its qualifier says
# the speaker is no state body.
_NON_STATE_QUALIFIED = {"official", "spokesman", "spokeswoman", "spokesperson", "agency", "director", "head", "chief", "office"}
_NON_STATE_QUALIFIERS = {
    "camp", "aid", "party", "union", "opposition", "rebel", "militia", "company", "club", "church", "charity",
    "campaign", "relief", "humanitarian", "news", "group", "movement", "front", "association", "federation",
}

# Clauses that describe a noun rather than report the event.
_DESCRIBING = {"relcl", "acl", "amod", "appos"}
_SELF_PRONOUNS = {"it", "they", "we", "its", "their", "our"}
# A military or police speaker telling what soldiers or police did speaks for its own side.
_FORCE_SPEAKERS = {"army", "military", "police", "ministry", "command", "force", "spokesman", "spokeswoman", "navy"}
_FORCE_DOERS = {
    "soldier", "troop", "army", "military", "force", "police", "officer", "aircraft", "jet", "warplane",
    "navy", "marine", "unit", "gendarme", "artillery",
}
# Fending off someone else's attack is no claim of carrying it out (the gold guideline).
_FENDING_LEMMAS = {"repel", "repulse", "foil", "thwart", "fend", "withstand", "resist", "defend"}
_CARRY_OUT_LEMMAS = {"launch", "carry", "conduct", "mount", "stage", "execute", "lead", "wage", "begin", "start"}
_RECIPROCAL_LEMMAS = {"clash", "fight", "battle", "exchange", "skirmish"}
# Event types a party claims (its own attacks); for other acts an authority's word confirms.
_CLAIMABLE = {EventType.ASSAULT}


# What a denial may be about without denying an act: "denied the accusation" answers an ACCUSE event
# (its own REJECT), not the attack told before it.
_DENIED_WORDS = {"accusation", "allegation", "claim", "charge", "report", "rumour", "rumor", "account", "which", "statement"}


def denies_an_act(deny: Token) -> bool:
    """True when a "deny" verb denies an act ("denied firing live rounds", "denied involvement",
    "denied that its forces shelled the town"), not an accusation or a report ("denied the
    accusation", "which she denied")."""
    for child in deny.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in _DENIED_WORDS:
            return False
    return True


def _is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _speaker_words(head: Token) -> set[str]:
    """The lemmas that say who a speaker is. A pronoun ("he said", "it said") stands for the last named
    speaker before it; a bare name ("Sahak said") for its first, titled mention ("police spokesman
    Mawlawi Sahak"). A conjunct's words are its own ("residents" in "residents and military sources")."""
    others = {token.i for conjunct in head.conjuncts if conjunct.i > head.i for token in conjunct.subtree}
    words = {token.lemma_.lower() for token in head.subtree if token.i not in others}
    doc = head.doc
    if head.pos_ == "PRON" and head.lower_ in _SPEAKER_PRONOUNS:
        for token in reversed(doc[max(0, head.i - _LOOKBACK_TOKENS) : head.sent.start]):
            if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ != "PRON" and token.head.lemma_.lower() in _SPEECH_LEMMAS:
                return {t.lemma_.lower() for t in token.subtree}
        return words
    if head.pos_ == "PROPN" and not words & _AUTHORITY_LEMMAS:
        for token in doc[max(0, head.i - _LOOKBACK_TOKENS) : head.sent.start]:
            if token.text == head.text and token.pos_ == "PROPN":
                phrase = token
                while phrase.dep_ in ("compound", "appos", "flat") and phrase.head.i != phrase.i:
                    phrase = phrase.head
                return words | {t.lemma_.lower() for t in phrase.subtree}
    return words


def _is_authority(cue: Token) -> bool:
    """True when the subject (or 'according to' object) of a speech cue is an authority.

    Unnamed "sources" (security sources, hospital sources) are no authority: nobody is on the record.
    Officials of a camp, an aid group, a party or a union speak for no state.
    """
    for child in cue.children:
        heads = [child] if child.dep_ in ("nsubj", "nsubjpass") or child.dep_ == "pobj" and cue.lower_ == "to" else []
        if child.dep_ == "agent":
            heads.extend(grand for grand in child.children if grand.dep_ == "pobj")
        heads += [c for c in child.children if child.lower_ == "to" and c.dep_ == "pobj"]
        # "residents and military sources said": each speaker of a conjunction on its own
        heads += [conjunct for head in list(heads) for conjunct in head.conjuncts]
        for head in heads:
            if head.lemma_.lower() in _ANONYMOUS_HEADS:
                continue
            words = _speaker_words(head)
            authority_words = words & _AUTHORITY_LEMMAS
            if authority_words and authority_words <= _NON_STATE_QUALIFIED and words & _NON_STATE_QUALIFIERS:
                continue
            if authority_words or head.ent_type_ == "ORG" and "ministry" in head.text.lower():
                return True
    return False


def _sources_of(cue: Token) -> tuple[str, ...]:
    """The speakers of a cue verb: its subject, or the object of 'according to'."""
    sources = []
    subjects = [child for child in cue.children if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("PROPN", "NOUN")]
    if len(subjects) > 1:
        # Two subjects is a misparse of "X did Y, officials said": the speaker is the one nearest the verb.
        subjects = [min(subjects, key=lambda subject: abs(cue.i - subject.i))]
    for subject in subjects:
        subtree = list(subject.subtree)
        sources.append(cue.doc[subtree[0].i : subtree[-1].i + 1].text)
    for child in cue.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    subtree = list(grandchild.subtree)
                    sources.append(cue.doc[subtree[0].i : subtree[-1].i + 1].text)
    return tuple(sources)


def _according_to(sentence: Span) -> tuple[Token, tuple[str, ...]] | None:
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end and token.nbor(1).lower_ == "to":
            objects = [child for child in token.nbor(1).children if child.dep_ == "pobj"]
            if objects:
                subtree = list(objects[0].subtree)
                return token, (sentence.doc[subtree[0].i : subtree[-1].i + 1].text,)
            return token, ()
    return None


def _applies(cue: Token, trigger: Token | None) -> bool:
    """A cue speaks about the event unless it sits in a clause that merely describes a noun
    ("officials it accused of torture" does not make the sanctions an allegation)."""
    if trigger is None or trigger in cue.subtree:
        return True
    token = cue
    while token.head.i != token.i:
        if token.dep_ in _DESCRIBING:
            return trigger in token.subtree
        token = token.head
    return True


def _subject_lemmas(token: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in token.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent"):
            lemmas.update(t.lemma_.lower() for t in child.subtree)
    return lemmas


def _acting_verb(trigger: Token) -> Token:
    """The verb whose subject did the act: the trigger itself, or for a noun the verb that carries it
    out ("launched a counter-attack", "killed four in a raid"). A noun that is the object of any other
    verb ("could not confirm the abduction") keeps its own (empty) subject."""
    if trigger.pos_ == "VERB":
        return trigger
    head = trigger.head
    if trigger.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in _CARRY_OUT_LEMMAS:
        return head
    if trigger.dep_ == "pobj" and head.lower_ in ("in", "during") and head.head.pos_ == "VERB":
        return head.head
    return trigger


def _doers(verb: Token) -> set[str]:
    """Who acted: the verb's subject, and for a reciprocal act the other side ("clashed with soldiers")."""
    doers = _subject_lemmas(verb)
    if verb.lemma_.lower() in _RECIPROCAL_LEMMAS:
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in ("with", "against"):
                doers.update(t.lemma_.lower() for grand in child.children if grand.dep_ == "pobj" for t in grand.subtree)
    return doers


def _speaker_did_it(cue: Token, trigger: Token | None, speakers: set[str]) -> bool:
    """"The army said its drones struck ...", "the group said it had ambushed ...", "the army said
    soldiers killed four": the speaker reports its own side's action, a claim rather than a confirmation."""
    if trigger is None or trigger.i == cue.i:
        return False
    verb = _acting_verb(trigger)
    if verb.lemma_.lower() in _FENDING_LEMMAS:
        return False  # "the army said it repelled an attack": the attack was someone else's
    doers = _doers(verb)
    if verb in cue.subtree and doers & _SELF_PRONOUNS:
        return True
    if verb in cue.subtree and any(
        grand.dep_ == "poss" and grand.lower_ in _SELF_PRONOUNS
        for child in verb.children
        if child.dep_ in ("nsubj", "nsubjpass")
        for grand in child.children
    ):
        return True
    return bool(speakers & _FORCE_SPEAKERS and doers & _FORCE_DOERS)


def _with_trailing_attribution(sentence: Span) -> Span:
    """The sentence, with the next one when the parser split off its attribution (", the governor says.")."""
    doc = sentence.doc
    if sentence.end < len(doc) and doc[sentence.end].text in (",", "—", "–"):
        following = doc[sentence.end].sent
        if len(following) <= 25:
            return doc[sentence.start : following.end]
    return sentence


def _nobody_speaks(cue: Token) -> bool:
    """'No group has said ...', 'nobody said ...', or a negated speech verb."""
    if _is_negated(cue):
        return True
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
            child.lower_ in ("nobody", "none", "noone")
            or any(grand.dep_ == "det" and grand.lower_ == "no" for grand in child.children)
        ):
            return True
    return False


def _accuses_someone_else(cue: Token, trigger: Token | None) -> bool:
    """An accusation inside the event's own clause is about its victim ("detained him, accusing him of
    spying", "beat a man to death after he was accused of theft"), not an allegation of the event."""
    return (
        trigger is not None
        and cue.lemma_.lower() in ("accuse", "allege")
        and cue.i != trigger.i
        and cue in trigger.subtree
    )


def _own_account(scope: Span, trigger: Token | None) -> Claim | None:
    """``claimed`` when the speaker (subject of a speech verb, or "according to" X) tells what its own
    side did: "the army said its drones struck", "according to the military, soldiers killed four"."""
    if found := _according_to(scope):
        token, sources = found
        speakers = {t.lemma_.lower() for c in token.nbor(1).children if c.dep_ == "pobj" for t in c.subtree}
        if _speaker_did_it(token, trigger, speakers):
            return Claim(ClaimStatus.CLAIMED, "according to", sources, token.idx, token.idx + len("according to"))
        return None
    for token in scope:
        if token.lemma_.lower() in _SPEECH_LEMMAS and token.pos_ == "VERB" and _applies(token, trigger):
            if _nobody_speaks(token):
                return None  # "no group said it carried out the attack" is no claim
            if _speaker_did_it(token, trigger, _subject_lemmas(token)):
                return Claim(ClaimStatus.CLAIMED, token.text, _sources_of(token), token.idx, token.idx + len(token.text))
            return None
    return None


def is_planned(trigger: Token) -> bool:
    """True when the event is still to come: the trigger or a verb it hangs from (as subject or object)
    is future or planned ("talks would start on Tuesday", "talks were planned for Friday", "said it was
    ready to meet"). Nobody can confirm what has not happened yet."""
    token = trigger
    for _ in range(3):
        if token.lemma_.lower() in _SPEECH_LEMMAS:
            return False  # the report itself is no plan
        if any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUX for child in token.children):
            return True
        if token.lemma_.lower() in _PLAN_LEMMAS and token.i != trigger.i:
            return True
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "xcomp", "pobj", "prep", "acomp") or token.head.i == token.i:
            return False
        token = token.head
    return False


def claim_for_sentence(
    sentence: Span, trigger: Token | None = None, event_type: EventType | None = None
) -> Claim:
    """The claim status a sentence gives an event (``reported`` with no cue when it says nothing).
    An event still to come (``is_planned``) is ``reported``: a plan is only ever announced.
    """
    claim = _claim_of_sentence(sentence, trigger, event_type)
    if trigger is not None and claim.status is not ClaimStatus.REPORTED and is_planned(trigger):
        return Claim(ClaimStatus.REPORTED, claim.cue, claim.sources, claim.start, claim.end)
    return claim


def _claim_of_sentence(sentence: Span, trigger: Token | None, event_type: EventType | None) -> Claim:
    """claim_for_sentence before the check for planned events.

    With ``trigger``, cues in clauses that only describe a noun are ignored, and a speaker reporting
    its own action ("the army said its aircraft bombed") makes the event ``claimed``, even when the
    sentence adds that this could not be verified (the gold guideline: the claim comes first).
    """
    scope = _with_trailing_attribution(sentence)
    text = scope.text
    for lemma, status in _CUE_LEMMAS:
        if status is ClaimStatus.CONFIRMED:
            if event_type in _CLAIMABLE and (own := _own_account(scope, trigger)) is not None:
                return own
            if match := UNCONFIRMED_PATTERN.search(text):
                start = scope.start_char + match.start()
                return Claim(ClaimStatus.UNCONFIRMED, match.group(0), (), start, start + len(match.group(0)))
        if status is ClaimStatus.CLAIMED and NO_CLAIM_PATTERN.search(text):
            continue  # "no group has claimed responsibility" is no claim
        for token in scope:
            if token.lemma_.lower() != lemma or not _applies(token, trigger):
                continue
            if status is ClaimStatus.DENIED and not denies_an_act(token):
                continue
            if status is ClaimStatus.ALLEGED and _accuses_someone_else(token, trigger):
                continue
            if status is ClaimStatus.CONFIRMED and _is_negated(token):
                status = ClaimStatus.UNCONFIRMED
            end = token.idx + len(token.text)
            return Claim(status, token.text, _sources_of(token), token.idx, end)
    if found := _according_to(scope):
        token, sources = found
        authority = _is_authority(token.nbor(1))
        status = ClaimStatus.CONFIRMED if authority else ClaimStatus.REPORTED
        return Claim(status, "according to", sources, token.idx, token.idx + len("according to"))
    for token in scope:
        if token.lemma_.lower() in _SPEECH_LEMMAS and token.pos_ == "VERB" and _applies(token, trigger):
            status = ClaimStatus.CONFIRMED if _is_authority(token) else ClaimStatus.REPORTED
            return Claim(status, token.text, _sources_of(token), token.idx, token.idx + len(token.text))
    return Claim(ClaimStatus.REPORTED)


def paragraph_source_claim(sentence: Span, event_type: EventType | None = None) -> Claim | None:
    """The attribution an uncited sentence inherits from the sentence before it in its paragraph.

    News cites a source once and goes on ("..., said police spokesman X. Police arrested 41 people."):
    the next sentence is on that source's word. Only an authority's confirmation or a plain report
    carries over; a denial, a claim or a verification note speaks about its own sentence's event.
    """
    doc = sentence.doc
    if sentence.start == 0:
        return None
    previous = doc[sentence.start - 1].sent
    if "\n" in doc[previous.start : sentence.start].text:
        return None  # a new paragraph (or a headline above): a new source
    claim = claim_for_sentence(previous, None, event_type)
    if claim.cue is None or claim.status not in (ClaimStatus.CONFIRMED, ClaimStatus.REPORTED):
        return None
    return claim
