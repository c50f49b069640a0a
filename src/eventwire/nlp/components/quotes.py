"""Quotes and their speakers: the ``eventwire_quotes`` spaCy component that sets ``doc._.quotes``."""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.model import Quote, QuoteKind
from eventwire.nlp.quote_marks import QuoteSegment, last_char, scan_quote_segments
from eventwire.nlp.speakers import Attribution, DocSpeakers, SpeechLexicon, load_lexicon

__all__ = ["QuoteComponent", "find_quotes", "load_lexicon", "scan_quote_segments"]

log = logging.getLogger(__name__)

_REGION_TOKENS = 40  # attribution search window either side of a quote: keeps scanning linear
_DATELINE_DASHES = {"-", "--", "\u2013", "\u2014"}
_OPEN_MARKS, _CLOSE_MARKS = {"\u201c", '"'}, {"\u201d", '"'}
_REPEAT_WINDOW = 60  # quotes compared either side for a repeat: bounded, so long texts stay linear
_NOBODY = {"nobody", "none", "no-one"}
_SCARE_CUES = {"so-called", "dubbed", "nicknamed", "termed"}  # '“protection” payments' after these is a label


def _kind(text: str, seg: QuoteSegment, previous: Quote | None, lexicon: SpeechLexicon) -> QuoteKind:
    window = text[max(seg.open - 200, 0):seg.open]
    last = window.rstrip()[-1:]
    first_word = text[seg.start:seg.start + 1]
    paragraph_start = "\n" in window[len(window.rstrip()):]
    if seg.close is None or not last or paragraph_start or last in ".!?:;\u201d\"\u2014":
        return QuoteKind.DIRECT  # starts a sentence or a paragraph
    after = text[seg.close + 1:seg.close + 40].strip()[:1]
    ends = text[seg.end - 1:seg.end] in (".", "?", "!") or not after.isalnum()
    continues = previous is not None and previous.kind is QuoteKind.DIRECT and seg.open - previous.end < 80
    if last == "," and (first_word.isupper() or ends or continues):
        return QuoteKind.DIRECT  # 'Lenz said, "..."' or the second half of a split quote
    word = (text[max(seg.open - 40, 0):seg.open].split() or [""])[-1].lower()
    if word in lexicon.verb_lemmas and first_word.isupper():
        return QuoteKind.DIRECT
    return QuoteKind.PARTIAL


def find_quotes(doc: Doc, lexicon: SpeechLexicon | None = None, indirect: bool = True) -> list[Quote]:
    """Every quote in ``doc`` with its speaker, cue and kind, in text order (pure: ``doc`` is not changed)."""
    lexicon = lexicon or load_lexicon()
    text = doc.text
    segments = scan_quote_segments(text)
    index = DocSpeakers(doc, lexicon)
    index.mark_quotes(segments)
    quotes: list[Quote] = []
    attributions: list[Attribution | None] = []
    for number, seg in enumerate(segments):
        open_tok = index.token_at(seg.open)
        last_tok = index.token_at(seg.close) if seg.close is not None else index.token_at(seg.end - 1)
        found: Attribution | None = None
        verb = index.governing_verb(open_tok + 1, last_tok) if index.parsed else None
        if verb is not None:
            found = index.attribute_verb(verb)
        if found is None and seg.close is not None and last_tok + 1 < len(doc):
            stop = index.sents[index.sent_of[last_tok + 1]][1]
            if number + 1 < len(segments):
                stop = min(stop, index.token_at(segments[number + 1].open))
            after = index.scan_region(last_tok + 1, min(stop, last_tok + 1 + _REGION_TOKENS), False)
            # after a full stop, 'Officials said new pumps ...' starts a new report, 'Lenz said.' does not
            cue = doc[after.cue_token] if after is not None and after.cue_token is not None else None
            new_report = text[seg.end - 1] in ".\u2026" and cue is not None and any(
                c.dep_ in ("ccomp", "dobj") for c in cue.children)
            if after and not new_report:
                found = after
        if found is None:
            begin = index.sents[index.sent_of[open_tok]][0]
            if number > 0 and segments[number - 1].close is not None:
                begin = max(begin, index.token_at(segments[number - 1].close) + 1)
            before = last_char(text, seg.open)
            if before in (":", ",") or (open_tok > 0 and index.is_speech_verb(doc[open_tok - 1])):
                found = index.scan_region(max(begin, open_tok - _REGION_TOKENS), open_tok, True)
            if found is None and index.parsed:
                found = index.scan_phrases(max(begin, open_tok - _REGION_TOKENS), open_tok)
            embedded = before not in ".!?:;\u201d\"" and not text[max(seg.open - 3, 0):seg.open].count("\n")
            if found is None and index.parsed and seg.close is not None and embedded:
                found = index.clause_subject(open_tok + 1, last_tok)
        previous = quotes[-1] if quotes else None
        quote = Quote(speaker=None, text=text[seg.start:seg.end], start=seg.start, end=seg.end,
                      speaker_start=None, speaker_end=None, cue=None,
                      kind=_kind(text, seg, previous, lexicon))
        quotes.append(quote)
        attributions.append(found)
    _share_attributions(doc, segments, attributions, index)
    _share_repeated(quotes, attributions)
    result = []
    for quote, found in zip(quotes, attributions, strict=True):
        if found is not None:
            quote = Quote(found.speaker, quote.text, quote.start, quote.end, found.speaker_start,
                          found.speaker_end, found.cue, quote.kind, found.title if found.speaker else None,
                          found.org if found.speaker else None)
        if quote.kind is QuoteKind.PARTIAL and quote.speaker is None and len(quote.text.split()) < 3:
            continue  # a scare-quoted term or a title with nobody saying it is not a quote
        before = text[max(quote.start - 30, 0):quote.start - 1].split()
        if quote.kind is QuoteKind.PARTIAL and before and before[-1].lower() in _SCARE_CUES:
            continue
        result.append(quote)
    if indirect and index.parsed:
        result.extend(_indirect_quotes(index, lexicon))
    result.sort(key=lambda q: q.start)
    log.debug("found %d quotes in %d characters", len(result), len(text))
    return result


def _share_attributions(doc: Doc, segments: list[QuoteSegment], found: list[Attribution | None],
                        index: DocSpeakers) -> None:
    """Parts of one utterance share a speaker: paragraph chains and quotes split by their attribution."""
    def gap_words(left: int, right: int, cue_token: int | None) -> bool:
        first = index.token_at(segments[left].close or segments[left].end)
        last = index.token_at(segments[right].open)
        cue_sent = index.sent_of[cue_token] if cue_token is not None else -1
        return any(t.is_alpha and index.sent_of[t.i] != cue_sent for t in doc[first + 1:last])

    for number in range(1, len(segments)):
        here, prev = segments[number], segments[number - 1]
        if found[number] is None and found[number - 1] is not None and found[number - 1].speaker:
            same = here.chain == prev.chain or not gap_words(number - 1, number, found[number - 1].cue_token)
            found[number] = found[number - 1] if same else None
    for number in range(len(segments) - 2, -1, -1):
        here, nxt = segments[number], segments[number + 1]
        if (found[number] is None and found[number + 1] is not None and found[number + 1].speaker
                and (here.chain == nxt.chain or not gap_words(number, number + 1, None))):
            found[number] = found[number + 1]


def _words(text: str) -> tuple[str, ...]:
    return tuple("".join(ch for ch in word if ch.isalnum()).lower() for word in text.split())


def _share_repeated(quotes: list[Quote], found: list[Attribution | None]) -> None:
    """A quote repeated elsewhere in the article (a headline 'Minister: “We will not retreat”' over the
    body's attributed quote) takes the speaker of the attributed occurrence."""
    by_words = [" ".join(_words(quote.text)) for quote in quotes]
    for number, words in enumerate(by_words):
        if (found[number] is not None and found[number].speaker) or words.count(" ") < 3:
            continue
        for other in range(max(number - _REPEAT_WINDOW, 0), min(number + _REPEAT_WINDOW, len(by_words))):
            other_words, attribution = by_words[other], found[other]
            if (other != number and attribution is not None and attribution.speaker
                    and f" {words} " in f" {other_words} "):
                found[number] = attribution
                break


def _indirect_quotes(index: DocSpeakers, lexicon: SpeechLexicon) -> list[Quote]:
    """Reported speech without quote marks: 'Police said three people were killed' -> the clause."""
    quotes = []
    for verb in index.doc:
        if not index.is_speech_verb(verb) or lexicon.verb_lemmas[verb.lower_] not in lexicon.indirect_lemmas:
            continue
        for clause in verb.children:
            if clause.dep_ != "ccomp" or (clause.i < verb.i and verb.dep_ != "ROOT"):
                continue
            first, last = clause.left_edge.i, clause.right_edge.i + 1
            if last - first < 3:
                continue
            if index.doc[first].dep_ == "mark":
                if index.doc[first].lower_ != "that":
                    continue  # 'whether', 'if': a question, not a claim
                first += 1
            # 'said “...”' is a direct quote; 'said the delay was “regrettable”' is reported speech
            if index.in_quote[first]:
                continue
            subject = index.subject_of(verb)
            if subject is not None and (subject.lower_ in _NOBODY or any(
                    c.dep_ == "det" and c.lower_ == "no" for c in subject.children)):
                continue  # 'No group said it had carried out the attack' reports that nobody spoke
            opening = index.doc[first:min(first + 12, last)]
            dash = next((t.i for t in opening if t.text in _DATELINE_DASHES), None)
            if dash is not None and any(t.is_upper and len(t) > 1 for t in index.doc[first:dash]):
                first = dash + 1  # 'LONDON (Example Wire) - ...': the dateline is not what was said
            clause_end = last
            while last > first and index.doc[last - 1].is_punct:
                last -= 1
            if any(t.text in _OPEN_MARKS for t in index.doc[first:last]):  # keep a partial quote whole
                limit = max(clause_end, index.sents[index.sent_of[first]][1])
                last = next((t.i + 1 for t in index.doc[last:min(limit, last + 3)] if t.text in _CLOSE_MARKS), last)
            found = index.attribute_verb(verb)
            if found.speaker is None:
                continue
            span = index.doc[first:last]
            quotes.append(Quote(found.speaker, span.text, span.start_char, span.end_char, found.speaker_start,
                                found.speaker_end, found.cue, QuoteKind.INDIRECT, found.title, found.org))
    return quotes


class QuoteComponent:
    """spaCy component: ``find_quotes`` is the pure step, ``__call__`` stores the result on the Doc."""

    def __init__(self, name: str = "eventwire_quotes", indirect: bool = True) -> None:
        self.name = name
        self.indirect = indirect
        self.lexicon = load_lexicon()

    def find_quotes(self, doc: Doc) -> list[Quote]:
        return find_quotes(doc, self.lexicon, self.indirect)

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = self.find_quotes(doc)
        return doc


@Language.factory(
    "eventwire_quotes",
    requires=["doc.ents", "token.dep"],
    assigns=["doc._.quotes"],
    default_config={"indirect": True},
)
def make_quote_component(nlp: Language, name: str, indirect: bool) -> QuoteComponent:
    return QuoteComponent(name=name, indirect=indirect)
