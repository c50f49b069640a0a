"""Speaker attribution for quotes: speech cues, the subject of the speech verb, and name/pronoun/title coreference."""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from eventwire.nlp.quote_marks import QuoteSegment

LEXICON_RESOURCE = "speech_verbs.jsonl"
_PERSON_PRONOUNS = {"he", "she"}
_GROUP_PRONOUNS = {"they", "it"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "gen", "col", "capt", "lt", "sgt", "prof", "sen", "gov"}
_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "NORP", "GPE", "FAC", "LOC", ""}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True, slots=True)
class SpeechLexicon:
    """Hand-written cue words: speech verb forms, multi-word cues, titles, organisation words."""

    verb_lemmas: dict[str, str]  # lower-case form -> lemma
    indirect_lemmas: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    roles: frozenset[str]
    org_words: frozenset[str]
    place_words: frozenset[str]
    statement_nouns: frozenset[str]


@lru_cache(maxsize=1)
def load_lexicon() -> SpeechLexicon:
    """Read ``nlp/patterns/speech_verbs.jsonl`` (first line is the header saying where it came from)."""
    source = resources.files("eventwire.nlp").joinpath("patterns", LEXICON_RESOURCE)
    verbs: dict[str, str] = {}
    indirect: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    words: dict[str, set[str]] = {"role": set(), "org": set(), "place": set(), "statement": set()}
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        kind = entry.get("type")
        if kind == "verb":
            verbs.update({form: entry["lemma"] for form in entry["forms"]})
            if entry.get("indirect"):
                indirect.add(entry["lemma"])
        elif kind == "phrase":
            phrases.append(tuple(entry["words"]))
        elif kind in words:
            words[kind].update(entry["words"])
    return SpeechLexicon(verbs, frozenset(indirect), tuple(phrases), frozenset(words["role"]),
                         frozenset(words["org"]), frozenset(words["place"]), frozenset(words["statement"]))



@dataclass(slots=True)
class Attribution:
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_token: int | None


class DocSpeakers:
    """Per-document indexes (token offsets, sentences, names) so each quote is attributed locally."""

    def __init__(self, doc: Doc, lexicon: SpeechLexicon) -> None:
        self.doc, self.text, self.lex = doc, doc.text, lexicon
        self.starts = [token.idx for token in doc]
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("POS")
        self.sent_of = [0] * len(doc)
        self.sents: list[tuple[int, int]] = []
        if doc.has_annotation("SENT_START"):
            for number, sent in enumerate(doc.sents):
                self.sents.append((sent.start, sent.end))
                self.sent_of[sent.start:sent.end] = [number] * (sent.end - sent.start)
        else:
            self.sents.append((0, len(doc)))
        self.ent_of: list[int] = [-1] * len(doc)
        self.ents = doc.ents  # Doc.ents builds a new tuple on every access
        for number, ent in enumerate(self.ents):
            self.ent_of[ent.start:ent.end] = [number] * (ent.end - ent.start)
        self.in_quote = [False] * len(doc)
        self.people: list[tuple[int, int, int, bool]] = []  # (start char, end char, first token, subject)
        self.full_names: dict[str, list[tuple[int, int]]] = {}  # surname -> full-name mention offsets
        self.role_of: dict[int, set[str]] = {}  # first token of a person mention -> title words
        self._index_people()

    # -- offsets ---------------------------------------------------------------------------------------
    def token_at(self, char: int) -> int:
        return max(bisect.bisect_right(self.starts, char) - 1, 0)

    def mark_quotes(self, segments: Iterable[QuoteSegment]) -> None:
        for seg in segments:
            last = self.token_at(seg.close) if seg.close is not None else self.token_at(max(seg.end - 1, 0))
            self.in_quote[self.token_at(seg.open):last + 1] = [True] * (last + 1 - self.token_at(seg.open))

    # -- names -----------------------------------------------------------------------------------------
    def name_tokens(self, token: Token) -> tuple[int, int] | None:
        """Token range of the proper name around ``token`` (entity or run of proper nouns)."""
        ent = self.ent_of[token.i]
        if ent >= 0 and self.ents[ent].label_ not in _NAME_LABELS:
            return None
        if token.pos_ != "PROPN" and ent < 0:
            return None
        start, end = token.i, token.i + 1
        if ent >= 0:
            start, end = self.ents[ent].start, self.ents[ent].end
        while (start > 0 and token.i - start < 4 and self.doc[start - 1].pos_ == "PROPN"
               and start <= self.doc[start - 1].head.i < end + 3):
            start -= 1
        while (end < len(self.doc) and end - token.i < 4 and self.doc[end].pos_ == "PROPN"
               and self.doc[end - 1].dep_ == "compound"):
            end += 1
        titles = [i for i in range(start, end - 1) if self.doc[i].lower_ in self.lex.roles]
        start = titles[-1] + 1 if titles else start  # 'Deputy Mayor Tomas Orlan' names Tomas Orlan
        while start < end and (self.doc[start].lower_ in ("the", "'s") or
                               self.doc[start].lower_.rstrip(".") in _HONORIFICS):
            start += 1
        while end > start and self.doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019", ".", ","):
            end -= 1
        return (start, end) if start < end else None

    def is_personal(self, start: int, end: int) -> bool:
        words = [token.lower_ for token in self.doc[start:end]]
        labels = {self.ents[self.ent_of[i]].label_ for i in range(start, end) if self.ent_of[i] >= 0}
        if "PERSON" in labels:
            return True
        if any(word in self.lex.org_words or word in self.lex.place_words for word in words):
            return False
        if words[-1] in self.full_names:
            return True  # the model often labels a known surname ORG or WORK_OF_ART
        return not labels and 2 <= end - start <= 3 and all(t.text[:1].isupper() for t in self.doc[start:end])

    def _index_people(self) -> None:
        doc = self.doc
        seen: set[int] = set()
        candidates = [(ent.start, ent.end) for ent in self.ents if ent.label_ == "PERSON"]
        if self.parsed:
            candidates += [r for t in doc if t.pos_ == "PROPN" and t.dep_ not in ("compound", "flat")
                           for r in [self.name_tokens(t)] if r]
        for start, end in sorted(set(candidates)):
            if start in seen or not self.is_personal(start, end):
                continue
            seen.update(range(start, end))
            span = doc[start:end]
            if end - start >= 2:
                self.full_names.setdefault(doc[end - 1].lower_, []).append((span.start_char, span.end_char))
            subject = any(t.dep_ in _SUBJECT_DEPS for t in span) or self._after_according(span.root)
            self.people.append((span.start_char, span.end_char, start, subject))
            self.role_of[start] = self._titles(start, end)

    def _titles(self, start: int, end: int) -> set[str]:
        """Title words next to a name: 'Defence Minister Ana Ruiz', 'Ana Ruiz, the defence minister'."""
        roles = {t.lower_ for t in self.doc[max(start - 3, 0):start] if t.lower_ in self.lex.roles}
        for t in self.doc[start:end]:
            for child in t.children:
                if child.dep_ == "appos":
                    roles |= {w.lower_ for w in child.subtree if w.lower_ in self.lex.roles}
        return roles

    def _after_according(self, token: Token) -> bool:
        return token.head.lower_ == "to" and token.head.head.lower_ == "according"

    def full_mention(self, start: int, end: int) -> tuple[str, int, int]:
        """Canonical name of the person named by doc[start:end] and the nearest full-name mention."""
        span = self.doc[start:end]
        if end - start >= 2:
            return span.text, span.start_char, span.end_char
        mentions = self.full_names.get(span[-1].lower_)
        if not mentions:
            return span.text, span.start_char, span.end_char
        at = bisect.bisect_right(mentions, (span.start_char, span.end_char))
        best = mentions[at - 1] if at > 0 else mentions[0]
        return self.text[best[0]:best[1]], best[0], best[1]

    def antecedent(self, before_char: int, role: str | None = None) -> tuple[str, int, int] | None:
        """Nearest preceding person with the title ``role``; else the nearest subject, else any person,
        within the last three sentences. Gender-neutral on purpose: the model does not know names' genders."""
        at = bisect.bisect_left(self.people, (before_char,))
        window = self.sents[max(self.sent_of[self.token_at(before_char)] - 3, 0)][0] if self.starts else 0
        window_char = self.starts[window] if self.starts else 0
        subject_first: int | None = None
        nearest_first: int | None = None
        for start_char, _end, first, subject in reversed(self.people[max(at - 200, 0):at]):
            if role is not None and role in self.role_of.get(first, ()):
                return self._resolve_person(first)
            if start_char < window_char or subject_first is not None:
                if role is None:
                    break
                continue
            if subject:
                subject_first = first
            elif nearest_first is None:
                nearest_first = first
        choice = subject_first if subject_first is not None else nearest_first
        return self._resolve_person(choice) if choice is not None else None

    def group_antecedent(self, pronoun: Token) -> tuple[str, int, int] | None:
        """'it' / 'they' -> the nearest organisation (for 'they' also a plural noun) subject in the last
        two sentences; people are left to 'he'/'she' so a named person is never guessed from 'they'."""
        first_allowed = max(self.sents[max(self.sent_of[pronoun.i] - 2, 0)][0], pronoun.i - 150)
        for i in range(pronoun.i - 1, first_allowed - 1, -1):
            token = self.doc[i]
            if token.dep_ not in _SUBJECT_DEPS or self.in_quote[i] or token.pos_ == "PRON":
                continue
            label = self.ents[self.ent_of[i]].label_ if self.ent_of[i] >= 0 else ""
            plural = token.tag_ in ("NNS", "NNPS") or token.lower_ in ("police", "authorities")
            if label == "ORG" or token.lower_ in self.lex.org_words or (plural and pronoun.lower_ == "they"):
                if plural != (pronoun.lower_ == "they") and label != "ORG":
                    continue
                return self.speaker_for(token)
        return None

    def _resolve_person(self, first: int) -> tuple[str, int, int] | None:
        token_range = self.name_tokens(self.doc[first])
        return self.full_mention(*token_range) if token_range else None

    def noun_phrase(self, token: Token) -> tuple[int, int]:
        start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ != "punct"])
        end = token.i + 1
        for child in token.rights:
            if child.dep_ in ("compound", "flat") or (child.dep_ == "prep" and child.lower_ in ("of", "for")):
                end = child.right_edge.i + 1
        return start, end

    # -- speakers --------------------------------------------------------------------------------------
    def speaker_for(self, subject: Token) -> tuple[str, int, int] | None:
        lower = subject.lower_
        if lower in ("who", "that") and subject.head.dep_ == "relcl":
            subject = subject.head.head
            lower = subject.lower_
        if lower in _PERSON_PRONOUNS:
            return self.antecedent(subject.idx)
        if lower in _GROUP_PRONOUNS:
            return self.group_antecedent(subject)
        if subject.pos_ == "PRON":
            return None  # 'we', 'this', 'someone': resolving them would be a guess
        names = self.name_tokens(subject)
        if names and self.is_personal(*names):
            return self.full_mention(*names)
        if lower in self.lex.statement_nouns:
            for child in subject.children:
                if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("from", "by", "of")):
                    owner = child if child.dep_ == "poss" else next(
                        (c for c in child.children if c.dep_ == "pobj"), None)
                    return self.speaker_for(owner) if owner is not None else None
            return None
        for child in subject.children:  # 'One of them, Leo Varga, told ...'
            appos = self.name_tokens(child) if child.dep_ == "appos" else None
            if appos and self.is_personal(*appos):
                return self.full_mention(*appos)
        start, end = names if names else self.noun_phrase(subject)
        if lower in self.lex.roles and self.doc[start].lower_ == "the":
            person = self.antecedent(subject.idx, role=lower)
            if person:
                return person
        if start > 0 and self.doc[start - 1].lower_ == "the" and self.doc[start].lower_ != "the":
            start -= 1
        span = self.doc[start:end]
        return span.text, span.start_char, span.end_char

    def subject_of(self, verb: Token) -> Token | None:
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in _SUBJECT_DEPS and not self.in_quote[child.i]:
                    return child
            if verb.dep_ == "relcl":
                return verb.head  # 'Ana Ruiz, who said ...'
            if verb.dep_ not in ("advcl", "xcomp", "conj", "acl", "pcomp", "prep") or verb.head is verb:
                break
            verb = verb.head
        return None

    def words(self, start: int, size: int) -> tuple[str, ...]:
        return tuple(t.lower_ for t in self.doc[start:start + size])

    def is_speech_verb(self, token: Token) -> bool:
        """A speech verb outside quotes, not negated ('did not comment' attributes nothing)."""
        return (token.lower_ in self.lex.verb_lemmas and not self.in_quote[token.i]
                and (not self.tagged or token.pos_ == "VERB")
                and not any(c.dep_ == "neg" for c in token.children))

    def cue_text(self, verb: Token) -> str:
        end = verb.i + 1
        if self.lex.verb_lemmas.get(verb.lower_) == "tell":
            objects = [c for c in verb.rights if c.dep_ in ("dobj", "dative") and c.i - verb.i <= 3]
            if objects:
                end = objects[0].i + 1
        return self.doc[verb.i:end].text

    def attribute_verb(self, verb: Token) -> Attribution:
        subject = self.subject_of(verb) if self.parsed else None
        if subject is None:  # parser missed it: take a name right after or before the verb
            for i in (verb.i + 1, verb.i - 1):
                if 0 <= i < len(self.doc) and not self.in_quote[i] and (
                        self.name_tokens(self.doc[i]) or self.doc[i].lower_ in _PERSON_PRONOUNS):
                    subject = self.doc[i]
                    break
        found = self.speaker_for(subject) if subject is not None else None
        return Attribution(*(found or (None, None, None)), self.cue_text(verb), verb.i)

    def attribute_phrase(self, first: int, size: int) -> Attribution | None:
        after = first + size
        if after >= len(self.doc):
            return None
        target = self.doc[after]
        if self.parsed:
            target = next((c for c in self.doc[after - 1].children if c.dep_ == "pobj"), target)
        found = self.speaker_for(target)
        cue = self.doc[first:after].text
        return Attribution(*(found or (None, None, None)), cue, first) if found else None

    def scan_region(self, start: int, end: int, nearest_last: bool) -> Attribution | None:
        tokens = range(end - 1, start - 1, -1) if nearest_last else range(start, end)
        for i in tokens:
            token = self.doc[i]
            if token.is_space and "\n" in token.text:
                break  # attribution never crosses a paragraph break
            for phrase in self.lex.phrases:
                if token.lower_ == phrase[0] and self.words(i, len(phrase)) == phrase:
                    found = self.attribute_phrase(i, len(phrase))
                    if found:
                        return found
            if self.is_speech_verb(token):
                return self.attribute_verb(token)
        return None

    def governing_verb(self, first: int, last: int) -> Token | None:
        """A speech verb outside the quote that governs it, or hangs off its root."""
        for token in self.doc[first:last]:
            if first <= token.head.i < last and token.head is not token:
                continue
            for child in token.children:
                if not first <= child.i < last and self.is_speech_verb(child):
                    return child
            head = token.head
            for _ in range(6):
                if head is token or first <= head.i < last:
                    break
                if self.is_speech_verb(head):
                    return head
                if head.head is head:
                    break
                head = head.head
        return None

