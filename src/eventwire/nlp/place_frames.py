"""Find place names the entity recogniser missed, from phrases that can only frame a place ("the town of X")."""

from __future__ import annotations

import re

from eventwire.model import EntityMention

# The small English model misses many African and Asian town names ("the outskirts of Beledweyne",
# "the ruby-mining town of Mogok", "a house near Bria"). These frames name a settlement whatever the
# word after them, so the capitalised name that follows is a place candidate; the gazetteer still has
# to resolve it, which drops anything that is not a known place.
_NAME = r"[A-ZÀ-Þ][\w'’-]+(?:[ -][A-ZÀ-Þ][\w'’-]+)?"
_FRAME = re.compile(
    r"\b(?:(?:town|city|village|port|hamlet|suburb|outskirts|district|municipality|settlement)s?\s+of"
    r"|near|outside|crossing\s+at)\s+(" + _NAME + r")"
)


def framed_places(text: str, start: int, end: int) -> list[EntityMention]:
    """Place candidates inside ``text[start:end]`` named by a settlement frame, in text order."""
    return [
        EntityMention(match.group(1), match.start(1), match.end(1), "GPE")
        for match in _FRAME.finditer(text, start, end)
    ]
