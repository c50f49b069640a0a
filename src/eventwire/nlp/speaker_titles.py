"""Titles and organisations of speakers: 'Defence Minister Ana Ruiz', 'a spokeswoman for the agency'."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from eventwire.nlp.speakers import DocSpeakers


def describe(index: DocSpeakers, start_char: int, end_char: int) -> tuple[str | None, str | None]:
    """Title and organisation the text gives next to a speaker mention: 'Defence Minister Ana Ruiz',
    'Ana Ruiz, a spokeswoman for the relief agency', 'a spokesperson for the regional government'."""
    first, last = index.token_at(start_char), index.token_at(max(end_char - 1, start_char))
    span = index.doc[first:last + 1]
    root = span.root
    if root.lower_ in index.lex.roles:  # an unnamed speaker: 'a spokesperson for ...'
        return role_phrase(index, root)
    role_noun = next((c for t in span for c in t.children if c.dep_ == "appos" and c.lower_ in index.lex.roles),
                     None)
    head = root.head
    for _ in range(3):  # 'The governor of X, Ana Ruiz': the parser may hang the name on 'X'
        if role_noun is not None or root.dep_ != "appos":
            break
        if head.lower_ in index.lex.roles:
            role_noun = head
        elif head.dep_ in ("pobj", "prep", "compound", "poss") and head.head.i != head.i:
            head = head.head
        else:
            break
    if role_noun is not None:
        return role_phrase(index, role_noun)
    i = first - 1
    while i >= 0 and first - i <= 4 and index.doc[i].is_alpha and index.doc[i].pos_ in ("PROPN", "NOUN", "ADJ"):
        i -= 1
    prefix = index.doc[i + 1:first]
    if any(t.lower_ in index.lex.roles for t in prefix):
        return prefix.text, None  # 'Defence Minister Ana Ruiz'
    return None, None

def role_phrase(index: DocSpeakers, noun: Token) -> tuple[str | None, str | None]:
    """('defence minister', 'the agency') from 'the agency's defence minister' or '... minister of X'."""
    modifiers = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.is_alpha]
    start = modifiers[0].i if modifiers else noun.i
    title = index.doc[start:noun.i + 1].text
    org: str | None = None
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ != "PRON":
            org = index.doc[child.left_edge.i:child.i + 1].text
        elif child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "with", "from"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                stop = pobj.i + 1
                for right in pobj.rights:
                    if right.dep_ in ("compound", "flat") or (right.dep_ == "prep" and right.lower_ == "of"):
                        stop = right.right_edge.i + 1
                org = index.doc[pobj.left_edge.i:stop].text
            break
    return title, org
