"""Quote-mark scanner: pairs curly and straight quotation marks into quoted segments in one linear pass."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile('[\u201c\u201d"\n]')
_OPEN, _CLOSE, _STRAIGHT = "\u201c", "\u201d", '"'
_NON_SPACE = re.compile(r"\S")
_OPEN_BEFORE = set("([{\u2014\u2013-/:")  # a straight mark after these opens a quote
_CLOSE_AFTER = set(".,;:!?)]}\u2014\u2013-'\u2019")  # a straight mark before these closes one


@dataclass(frozen=True, slots=True)
class QuoteSegment:
    """Words between one pair of quote marks; ``close`` is None when the paragraph continues the quote."""

    start: int  # first character of the words (after the opening mark)
    end: int  # one past the last character kept
    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark
    chain: int  # segments of one multi-paragraph quote share a chain number


def last_char(text: str, end: int) -> str:
    """The last non-space character before ``end`` (looking back a bounded stretch: stays linear)."""
    return text[max(end - 200, 0):end].rstrip()[-1:]


def scan_quote_segments(text: str) -> list[QuoteSegment]:
    """Pair quote marks in one linear pass; unbalanced marks, apostrophes and inch marks are skipped."""
    segments: list[QuoteSegment] = []
    open_at: int | None = None
    chain = -1
    continue_at = -1  # offset where a reopening mark continues the current chain

    def emit(close: int | None, end: int) -> None:
        assert open_at is not None
        start, stop = open_at + 1, end
        while start < stop and text[start].isspace():
            start += 1
        while stop > start and (text[stop - 1].isspace() or text[stop - 1] == ","):
            stop -= 1  # the comma before a closing mark stands for the speaker's full stop
        if any(ch.isalnum() for ch in text[start:stop]):
            segments.append(QuoteSegment(start, stop, open_at, close, chain))

    for match in _MARKS.finditer(text):
        i, mark = match.start(), match.group()
        if mark == "\n":
            if open_at is None:
                continue
            found = _NON_SPACE.search(text, i)
            nxt = found.start() if found else len(text)
            if nxt < len(text) and text[nxt] in (_OPEN, _STRAIGHT):
                emit(None, i)  # paragraph continued by a reopening mark
                open_at, continue_at = None, nxt
            elif "\n" in text[i + 1:nxt] or last_char(text, i) in ".!?:\u2026":
                open_at = None  # paragraph ended without closing the quote: unbalanced
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if mark == _STRAIGHT:
            if open_at is not None and text[open_at] == _OPEN:
                continue  # “He told us, "leave now," and we left”: straight marks nested in curly ones
            opens = (before.isspace() or before in _OPEN_BEFORE) and not after.isspace()
            closes = not before.isspace() and (after.isspace() or after in _CLOSE_AFTER)
            if open_at is None and closes:
                continue  # inch mark (5") or stray closing mark
            mark = _OPEN if open_at is None and opens else _CLOSE if open_at is not None and closes else (
                _OPEN if opens else "")
        if mark == _OPEN:
            if i != continue_at:
                chain += 1
            open_at, continue_at = i, -1
        elif mark == _CLOSE and open_at is not None:
            emit(i, i)
            open_at = None
    return segments

