"""The lexicon typer: trigger phrases from patterns/triggers.csv, matched on lemmas and checked by syntax."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Span, Token
from spacy.util import filter_spans

from eventwire.model import EventType
from eventwire.nlp.lexicon import load_table
from eventwire.nlp.typers.base import TriggerMatch

_POS_OF_ROW = {"VERB": {"VERB", "AUX"}, "NOUN": {"NOUN", "PROPN"}, "ANY": {"VERB", "NOUN", "PROPN", "ADJ"}}
# Words a verb phrase may skip between its lexicon words: "signed a peace agreement" matches
# "sign agreement", "laid down their arms" matches "lay down arm".
_GAP_POS = {"DET", "ADJ", "NUM", "PRON", "PART"}


def context_lemmas(head: Token) -> set[str]:
    """Lemmas that decide a context row: the head's own head, its left modifiers (whole subtrees,
    "24-hour"), and its direct right dependents with their objects ("strike by teachers")."""
    lemmas = {head.head.lemma_.lower()}
    for child in head.lefts:
        lemmas.update(token.lemma_.lower() for token in child.subtree)
    for child in head.rights:
        lemmas.add(child.lemma_.lower())
        lemmas.update(grandchild.lemma_.lower() for grandchild in child.children if grandchild.dep_ == "pobj")
    # Subject or object of the head verb ("protesters blocked", "blocked the motorway").
    for child in head.head.children if head.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") else ():
        lemmas.add(child.lemma_.lower())
    return lemmas


class LexiconTyper:
    """Lexicon phrases matched on lemmas (and lower-case forms); the longest match wins, and a row
    with a context applies only when its context words are syntactically near the trigger.

    Matching is a dictionary lookup per word, not spaCy's Matcher: with ~350 phrases the Matcher's
    state machine took longer than the parser itself (bench/extract.py).
    """

    name = "lexicon"

    def __init__(self, nlp: Language) -> None:
        self.rows: dict[str, list[dict[str, str]]] = {}
        # first word -> (key, remaining words, may skip words between them)
        self.by_first_word: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {}
        for row in load_table("triggers.csv"):
            key = f"{row['phrase']}|{row['pos']}"
            if key not in self.rows:
                self.rows[key] = []
                words = row["phrase"].split()
                self.by_first_word.setdefault(words[0], []).append((key, tuple(words[1:]), row["pos"] == "VERB"))
            self.rows[key].append(row)

    def triggers(self, sentence: Span) -> list[TriggerMatch]:
        doc = sentence.doc
        spans = []
        for token in sentence:
            forms = {token.lemma_.lower(), token.lower_}
            entries = [entry for form in forms for entry in self.by_first_word.get(form, ())]
            for key, rest, gapped in dict.fromkeys(entries):
                end = _match_rest(sentence, token.i + 1, rest, gapped)
                if end is None:
                    continue
                span = doc[token.i : end]
                rows = self.rows[key]
                pos = rows[0]["pos"]
                head = span[0] if pos == "VERB" or len(span) == 1 and span[0].pos_ == "VERB" else span[-1]
                if head.pos_ not in _POS_OF_ROW[pos]:
                    continue
                row = _pick_row(rows, head)
                if row is None:
                    continue
                span.label_ = f"{key}#{rows.index(row)}"
                spans.append(span)
        matches = []
        for span in filter_spans(spans):
            key, _, index = span.label_.rpartition("#")
            row = self.rows[key][int(index)]
            head = span[0] if row["pos"] == "VERB" or span[0].pos_ == "VERB" else span[-1]
            matches.append(
                TriggerMatch(
                    head=head.i,
                    start=span.start,
                    end=span.end,
                    type=EventType(row["type"]),
                    mode=row["mode"] or None,
                    strength=float(row["strength"]),
                    phrase=row["phrase"],
                )
            )
        return matches


def _is_word(token: Token, word: str) -> bool:
    return token.lemma_.lower() == word or token.lower_ == word


def _match_rest(sentence: Span, index: int, rest: tuple[str, ...], gapped: bool) -> int | None:
    """End token index when ``rest`` follows from ``index``; a verb phrase may skip up to two
    function words and one noun before each word ("signed a peace agreement" ~ "sign agreement")."""
    for word in rest:
        skipped_noun = False
        for _ in range(4 if gapped else 1):
            if index >= sentence.end:
                return None
            token = sentence.doc[index]
            if _is_word(token, word):
                break
            if not gapped:
                return None
            if token.pos_ == "NOUN" and not skipped_noun:
                skipped_noun = True
            elif token.pos_ not in _GAP_POS:
                return None
            index += 1
        else:
            return None
        index += 1
    return index


def _pick_row(rows: list[dict[str, str]], head: Token) -> dict[str, str] | None:
    """The row of a phrase that applies: one whose context is satisfied, else one with no context."""
    with_context = [row for row in rows if row.get("context")]
    if with_context:
        near = context_lemmas(head) | {f"dep:{child.dep_}" for child in head.children}
        for row in with_context:
            if near & set(row["context"].split("|")):
                return row
    return next((row for row in rows if not row.get("context")), None)


def make_lexicon_typer(nlp: Language, cache_dir: Path) -> LexiconTyper:
    return LexiconTyper(nlp)
