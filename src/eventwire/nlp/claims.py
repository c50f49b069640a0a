"""Who says an event happened and how firmly: claim status, cue and sources from a sentence."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from eventwire.model import Claim, ClaimStatus

_UNCONFIRMED = re.compile(
    r"\b(?:could not|cannot|can't|couldn't|was not|were not|has not been|have not been) (?:be )?"
    r"(?:independently )?(?:verified|confirmed)\b|\bunverified\b|\bunconfirmed\b",
    re.IGNORECASE,
)
_SPEECH_LEMMAS = {"say", "report", "tell", "state", "announce", "add", "note", "write", "post"}
# (lemma, status) in priority order: a sentence with "denied" is a denial even if it also "said".
_CUE_LEMMAS: tuple[tuple[str, ClaimStatus], ...] = (
    ("deny", ClaimStatus.DENIED),
    ("claim", ClaimStatus.CLAIMED),
    ("allege", ClaimStatus.ALLEGED),
    ("accuse", ClaimStatus.ALLEGED),
    ("allegedly", ClaimStatus.ALLEGED),
    ("reportedly", ClaimStatus.REPORTED),
    ("confirm", ClaimStatus.CONFIRMED),
    ("verify", ClaimStatus.CONFIRMED),
)


def _is_negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _sources_of(cue: Token) -> tuple[str, ...]:
    """The speakers of a cue verb: its subject, or the object of 'according to'."""
    sources = []
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("PROPN", "NOUN"):
            subtree = list(child.subtree)
            sources.append(cue.doc[subtree[0].i : subtree[-1].i + 1].text)
        elif child.dep_ == "agent":
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


def claim_for_sentence(sentence: Span) -> Claim:
    """The claim status a sentence gives its events (``reported`` with no cue when it says nothing)."""
    text = sentence.text
    if match := _UNCONFIRMED.search(text):
        start = sentence.start_char + match.start()
        return Claim(ClaimStatus.UNCONFIRMED, match.group(0), (), start, start + len(match.group(0)))
    for lemma, status in _CUE_LEMMAS:
        for token in sentence:
            if token.lemma_.lower() != lemma:
                continue
            if status is ClaimStatus.CONFIRMED and _is_negated(token):
                status = ClaimStatus.UNCONFIRMED
            end = token.idx + len(token.text)
            return Claim(status, token.text, _sources_of(token), token.idx, end)
    if found := _according_to(sentence):
        token, sources = found
        return Claim(ClaimStatus.REPORTED, "according to", sources, token.idx, token.idx + len("according to"))
    for token in sentence:
        if token.lemma_.lower() in _SPEECH_LEMMAS and token.pos_ == "VERB":
            return Claim(ClaimStatus.REPORTED, token.text, _sources_of(token), token.idx, token.idx + len(token.text))
    return Claim(ClaimStatus.REPORTED)
