"""The article's leading summary lines (headline, bullet points, "KEY DEVELOPMENTS"): the body retells their events.

Wire copy, live pages and updated stories often open with a block of short lines before the first
paragraph of prose: a headline, bullet points ("* Three soldiers killed, two wounded"), a label
("WHAT WE KNOW"), timestamped updates or an editor's note ("(Adds minister's statement)"). Each
line announces an event the body then tells in full, so an event read from such a line is the same
occurrence as the first body mention of its type (nlp/extract.py merges them and keeps the body's
words). A line belongs to the block when it starts with a bullet mark, is wholly in parentheses, or
does not end like a sentence; the block ends at the first line of prose. An article made only of
such lines has no body to retell them, so it has no summary block.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from eventwire.model import TextSpan

_BULLET = re.compile(r"^[-*•–—]\s")
_SENTENCE_END = re.compile(r"[.!?\"”’)]$")
#: doc.user_data key of the block's end offset (a plain int, so a Doc still serializes)
_SUMMARY_END = "eventwire.summary_end"


def summary_end(doc: Doc) -> int:
    """Character offset where the leading summary block ends (0 when the article has none)."""
    cached = doc.user_data.get(_SUMMARY_END)
    if cached is None:
        cached = _block_end(doc.text)
        doc.user_data[_SUMMARY_END] = cached
    return int(cached)


def _block_end(text: str) -> int:
    end = 0
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        line_end = offset + len(line)
        offset = line_end + 1
        if not stripped:
            continue
        in_block = (
            _BULLET.match(stripped) is not None
            or (stripped.startswith("(") and stripped.endswith(")"))
            or _SENTENCE_END.search(stripped) is None
        )
        if not in_block:
            return end  # the first line of prose: whatever came before was the summary
        end = line_end
    return 0  # no prose after the lines: they are the article itself


def in_summary(doc: Doc, sentence: TextSpan) -> bool:
    """True when the sentence lies in the article's leading summary block."""
    return sentence.start < summary_end(doc)
