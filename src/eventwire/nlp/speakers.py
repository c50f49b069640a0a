"""Speaker attribution for quotes: speech cues, the subject of the speech verb, and name/pronoun/title coreference."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from eventwire.nlp.quote_marks import QuoteSegment
from eventwire.nlp.speaker_titles import describe
from eventwire.nlp.speech_lexicon import SpeechLexicon, load_lexicon

__all__ = ["Attribution", "DocSpeakers", "SpeechLexicon", "load_lexicon"]

_PERSON_PRONOUNS = {"he", "she"}
_GROUP_PRONOUNS = {"they", "it"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "gen", "col", "capt", "lt", "sgt", "prof", "sen", "gov"}
_NAME_LABELS = {"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "NORP", "GPE", "FAC", "LOC", ""}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass(slots=True)
class Attribution:
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    cue: str | None
    cue_token: int | None
    title: str | None = None
    org: str | None = None


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
        self.title_words: dict[int, set[str]] = {}  # ... -> every word of the title ('trade', 'minister')
        self.role_subjects: list[tuple[int, int]] = []  # (char, token) of 'a spokesman said'-like subjects
        self._index_people()
        self._index_role_subjects()

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
               and (self.doc[end - 1].dep_ == "compound" or self.doc[end - 1].lower_ == "of")):
            end += 1  # 'The Electricity Company of' + 'Ghana' when the entity stops short
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
        if "PERSON" in labels or (labels <= {"PERSON", "ORG", "GPE", "NORP", "WORK_OF_ART", "PRODUCT"}
                                   and self._role_anchored(start, end)):
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
            root = span.root
            subject = (any(t.dep_ in _SUBJECT_DEPS for t in span) or self._after_according(root)
                       or self._appos_of_subject(root))  # 'Its chair, Ana Ruiz, said'
            self.title_words[start] = self._title_words(start, end)
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

    def _appos_of_subject(self, token: Token) -> bool:
        """'The governor of Kordofan, Ana Ruiz, said': the parser may hang the name on 'Kordofan'."""
        if token.dep_ != "appos":
            return False
        head = token.head
        for _ in range(3):
            if head.dep_ in _SUBJECT_DEPS or (head.dep_ == "ROOT" and head.pos_ == "NOUN"):
                return True  # a noun root: a quote's full stop cut the sentence before its verb
            if head.dep_ not in ("pobj", "prep", "poss", "compound") or head.head.i == head.i:
                return False
            head = head.head
        return False

    def _role_anchored(self, start: int, end: int) -> bool:
        """A name right after a title ('Mayor Ana Ruiz') or in apposition to one ('an organiser, Ana Ruiz')."""
        root = self.doc[start:end].root
        before = self.doc[start - 1].lower_ if start > 0 else ""
        return before in self.lex.roles or (root.dep_ == "appos" and root.head.lower_ in self.lex.roles)

    def appositive_name(self, token: Token) -> tuple[int, int] | None:
        """The name in an apposition: ', Leo Varga,' or ', a student named Paolo Ramos,'."""
        if token.dep_ != "appos" or self.in_quote[token.i]:
            return None
        if token.pos_ == "PROPN":
            return self.name_tokens(token)
        named = next((t for t in token.subtree if t.pos_ == "PROPN" and t.head.lower_ in ("named", "called")
                      and t.head.head.i == token.i), None)
        return self.name_tokens(named) if named is not None else None

    def _named_label(self, start: int, end: int) -> bool:
        """An organisation or group name (not a place): a speaker in its own right."""
        labels = {self.ents[self.ent_of[i]].label_ for i in range(start, end) if self.ent_of[i] >= 0}
        return bool(labels) and labels <= {"ORG", "NORP", "PERSON"}

    def _title_words(self, start: int, end: int) -> set[str]:
        """Every word of the title next to a name, so 'the trade minister' picks the trade minister."""
        words = set()
        i = start - 1
        while i >= 0 and start - i <= 4 and self.doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and self.doc[i].is_alpha:
            words.add(self.doc[i].lower_)
            i -= 1
        for t in self.doc[start:end]:
            for child in t.children:
                if child.dep_ == "appos":
                    words |= {w.lower_ for w in child.subtree if w.is_alpha}
        return words

    def _index_role_subjects(self) -> None:
        """Unnamed people introduced as subjects ('A paramilitary spokesman said ...'): a later 'he said'
        refers to them, not to a named person further back."""
        if not self.parsed:
            return
        named = {first: number for number, (_s, _e, first, _subj) in enumerate(self.people)}
        for token in self.doc:
            if not (token.dep_ in _SUBJECT_DEPS and token.lower_ in self.lex.roles and token.i not in named):
                continue
            # 'A trader who lost her stall, Grace Atieno, said': the name in the subject is the subject
            names = [self.appositive_name(c) for c in token.subtree]
            people = [named[r[0]] for r in names if r and r[0] in named]
            for number in people:
                start_char, end_char, first, _subject = self.people[number]
                self.people[number] = (start_char, end_char, first, True)
            if not people and not any(c.dep_ == "appos" for c in token.children) and any(
                    c.dep_ == "det" and c.lower_ in ("a", "an", "one") for c in token.children):
                self.role_subjects.append((token.idx, token.i))

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

    def antecedent(self, before_char: int, role: str | None = None, modifiers: frozenset[str] = frozenset(),
                   strict: bool = False) -> tuple[str, int, int] | None:
        """Nearest preceding person with the title ``role``; else the nearest subject, else any person,
        within the last three sentences. Gender-neutral on purpose: the model does not know names' genders."""
        at = bisect.bisect_left(self.people, (before_char,))
        window_char = self.starts[self.narrative_window(before_char)] if self.starts else 0
        subject_first: int | None = None
        nearest_first: int | None = None
        role_match: int | None = None
        for start_char, _end, first, subject in reversed(self.people[max(at - 200, 0):at]):
            if role is not None and role in self.role_of.get(first, ()):
                if modifiers <= self.title_words.get(first, set()):
                    return self._resolve_person(first)
                role_match = first if role_match is None else role_match
            if start_char < window_char or subject_first is not None:
                if role is None:
                    break
                continue
            if subject:
                subject_first = first
            elif nearest_first is None:
                nearest_first = first
        if role_match is not None:
            return self._resolve_person(role_match)
        if strict:
            return None  # 'the committee chairman' with no one so titled is someone new, not the last subject
        choice = subject_first if subject_first is not None else nearest_first
        unnamed = self._unnamed_subject(before_char, window_char, choice)
        if unnamed is not None:
            return unnamed
        return self._resolve_person(choice) if choice is not None else None

    def _unnamed_subject(self, before_char: int, window_char: int, person: int | None) -> tuple[str, int, int] | None:
        """The latest unnamed role subject before ``before_char``, if nearer than the named ``person``."""
        at = bisect.bisect_left(self.role_subjects, (before_char,))
        if at == 0:
            return None
        char, index = self.role_subjects[at - 1]
        if char < window_char or self.in_quote[index]:
            return None
        if person is not None and self.doc[person].idx > char:
            return None
        start, end = self.noun_phrase(self.doc[index])
        span = self.doc[start:end]
        return span.text, span.start_char, span.end_char

    def narrative_window(self, before_char: int, sentences: int = 3) -> int:
        """First token of the last ``sentences`` sentences before ``before_char``, not counting sentences
        inside a quote: a speaker's three quoted paragraphs do not push them out of reach of 'he said'."""
        number = self.sent_of[self.token_at(before_char)]
        counted, steps = 0, 0
        while number > 0 and counted < sentences and steps < 30:  # bounded: stays linear on long quotes
            number -= 1
            steps += 1
            counted += not self.in_quote[self.sents[number][0]]
        return self.sents[number][0]

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
            owner = self.statement_owner(subject)
            return self.speaker_for(owner) if owner is not None else None
        for child in subject.subtree:  # 'One of them, Leo Varga, told ...', 'The owner, Star Shipping, said'
            appos = self.appositive_name(child)
            if appos and self.is_personal(*appos):
                return self.full_mention(*appos)
            if appos and self._named_label(*appos):
                span = self.doc[appos[0]:appos[1]]
                return span.text, span.start_char, span.end_char
        if lower in self.lex.org_words:  # 'the aid agency Hands Across said' -> Hands Across
            named = next((r for c in subject.children if c.dep_ == "appos" and not self.in_quote[c.i]
                          for r in [self.name_tokens(c)] if r), None)
            if named:
                span = self.doc[named[0]:named[1]]
                return span.text, span.start_char, span.end_char
        start, end = names if names else self.noun_phrase(subject)
        definite = (self.doc[start].lower_ == "the" or (start > 0 and self.doc[start - 1].lower_ == "the")
                    or any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children))
        if lower in self.lex.roles:
            if definite:  # 'the trade minister said' -> the named trade minister
                modifiers = frozenset(c.lower_ for c in subject.children if c.dep_ in ("amod", "compound"))
                person = self.antecedent(subject.idx, role=lower, modifiers=modifiers, strict=bool(modifiers))
                if person:
                    return person
            end = subject.i + 1  # 'a resident of the district': the person is 'a resident'
        if start > 0 and self.doc[start - 1].lower_ == "the" and self.doc[start].lower_ != "the":
            start -= 1
        span = self.doc[start:end]
        return span.text, span.start_char, span.end_char

    def statement_owner(self, noun: Token) -> Token | None:
        """Who a statement, post or placard belongs to: 'the ministry's statement', 'a post from a witness',
        'an army statement', 'placards carried by the marchers'."""
        for child in noun.children:
            if child.dep_ == "poss":
                return child
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                return next((c for c in child.children if c.dep_ == "pobj"), None)
            if child.dep_ == "acl":  # 'carried by the marchers', 'issued by the army'
                agent = next((c for c in child.children if c.dep_ == "agent"), None)
                if agent is not None:
                    return next((c for c in agent.children if c.dep_ == "pobj"), None)
        for child in noun.children:
            if child.dep_ in ("compound", "amod", "nmod") and child.pos_ in ("NOUN", "PROPN") and (
                    child.lower_ in self.lex.org_words or child.ent_type_ in ("ORG", "NORP", "GPE")):
                return child  # 'an army statement', 'a police statement'
        return None

    def subject_of(self, verb: Token) -> Token | None:
        for _ in range(4):
            for child in verb.children:
                if child.dep_ in _SUBJECT_DEPS and not self.in_quote[child.i]:
                    return child
            if verb.dep_ == "relcl" or (verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN")):
                return verb.head  # 'Ana Ruiz, who said ...', 'Its chair, Ana Ruiz, stating, ...'
            if verb.dep_ not in ("advcl", "xcomp", "conj", "acl", "pcomp", "prep") or verb.head.i == verb.i:
                break
            verb = verb.head
        return None

    def words(self, start: int, size: int) -> tuple[str, ...]:
        return tuple(t.lower_ for t in self.doc[start:start + size])

    def is_speech_verb(self, token: Token) -> bool:
        """A speech verb outside quotes, not negated ('did not comment' attributes nothing)."""
        return (token.lower_ in self.lex.verb_lemmas and not self.in_quote[token.i]
                and (not self.tagged or token.pos_ == "VERB" or self._verb_before_colon(token))
                and not any(c.dep_ == "neg" for c in token.children))

    def _verb_before_colon(self, token: Token) -> bool:
        """'A post from a witness read: “...”': the tagger often makes 'read' a noun here."""
        nxt = token.i + 1
        return nxt < len(self.doc) and self.doc[nxt].text == ":" and token.tag_ in ("NN", "VBP", "VBZ", "VBD")

    def cue_text(self, verb: Token) -> str:
        end = verb.i + 1
        if self.lex.verb_lemmas.get(verb.lower_) == "tell":
            objects = [c for c in verb.rights if c.dep_ in ("dobj", "dative") and c.i - verb.i <= 3]
            if objects:
                end = objects[0].i + 1
        return self.doc[verb.i:end].text

    def attribute_verb(self, verb: Token) -> Attribution:
        subject = self.subject_of(verb) if self.parsed else None
        if subject is None and self.parsed and verb.pos_ != "VERB":  # mis-tagged cue: the noun it hangs under
            root = verb
            for _ in range(6):
                if root.head.i == root.i:
                    break
                root = root.head
            if root.i < verb.i and root.pos_ in ("NOUN", "PROPN"):
                subject = root
        if subject is None:  # parser missed it: take a name right after or before the verb
            before_comma = verb.i - 2 if verb.i >= 2 and self.doc[verb.i - 1].text == "," else verb.i - 1
            for i in (verb.i + 1, verb.i - 1, before_comma):
                if 0 <= i < len(self.doc) and not self.in_quote[i] and (
                        self.name_tokens(self.doc[i]) or self.doc[i].lower_ in _PERSON_PRONOUNS):
                    subject = self.doc[i]
                    break
        found = self.speaker_for(subject) if subject is not None else None
        return self._described(Attribution(*(found or (None, None, None)), self.cue_text(verb), verb.i))

    def attribute_phrase(self, first: int, size: int) -> Attribution | None:
        after = first + size
        if after >= len(self.doc):
            return None
        target = self.doc[after]
        if self.parsed:
            target = next((c for c in self.doc[after - 1].children if c.dep_ == "pobj"), target)
        found = self.speaker_for(target)
        cue = self.doc[first:after].text
        return self._described(Attribution(*found, cue, first)) if found else None

    def scan_phrases(self, start: int, end: int) -> Attribution | None:
        """'According to X, the court had “ignored ...”': a phrase cue earlier in the quote's sentence."""
        for i in range(start, end):
            if self.in_quote[i]:
                continue
            for phrase in self.lex.phrases:
                if self.doc[i].lower_ == phrase[0] and self.words(i, len(phrase)) == phrase:
                    found = self.attribute_phrase(i, len(phrase))
                    if found:
                        return found
        return None

    def clause_subject(self, first: int, last: int) -> Attribution | None:
        """The actor of the clause a partial quote sits in ('X condemned the bombing as “the act of
        cowards”'), when it is a person, a pronoun for one, a role or an organisation: their words."""
        token = self.doc[first]
        for _ in range(8):
            if not first <= token.i < last or token.pos_ != "VERB":
                if token.head.i == token.i:
                    break
                token = token.head
                continue
            break
        if first <= token.i < last or token.pos_ != "VERB":
            return None
        subject = self.subject_of(token)
        if subject is None or not (subject.lower_ in _PERSON_PRONOUNS or subject.lower_ in self.lex.roles
                                   or subject.lower_ in self.lex.org_words or self.name_tokens(subject)):
            return None
        found = self.speaker_for(subject)
        return self._described(Attribution(*found, token.text, token.i)) if found else None

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
            if first <= token.head.i < last and token.head.i != token.i:
                continue
            for child in token.children:
                if not first <= child.i < last and self.is_speech_verb(child):
                    return child
            head = token.head
            for _ in range(6):
                if head.i == token.i or first <= head.i < last:
                    break
                if self.is_speech_verb(head):
                    return head
                if head.head.i == head.i:
                    break
                head = head.head
        return None

    def _described(self, found: Attribution) -> Attribution:
        if found.speaker_start is not None and found.speaker_end is not None and self.parsed:
            found.title, found.org = describe(self, found.speaker_start, found.speaker_end)
        return found
