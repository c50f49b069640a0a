"""Reading counts written in digits or words ("at least 14", "eleven", "twenty-one", "dozens")."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities, coded as ACLED does ("dozens" 12, "tens" 10, "hundreds" 100).
VAGUE = {
    "a dozen": 12, "dozen": 12, "dozens": 12, "tens": 10, "scores": 20, "hundreds": 100,
    "a handful": 3, "several": 3, "a few": 3, "thousands": 1000,
}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True))
_WORD_NUMBER = rf"(?:(?:{_WORD})(?:[- ](?:and[- ])?(?:{_WORD}))*)"
_VAGUE = "|".join(sorted((re.escape(key) for key in VAGUE), key=len, reverse=True))
QUALIFIER = r"(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|roughly|approximately)"
_NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|{_WORD_NUMBER})"
#: a count in text, with an optional qualifier; group "count" (or "low" for "between X and Y") holds
#: the number itself. A range ("between 20 and 30", "20 to 30", "20-30") counts as its lower bound,
#: the most conservative figure (ACLED's rule for fatalities); the whole range stays in the text.
COUNT = (
    rf"(?<!\bno )(?:between\s+(?P<low>{_NUMBER})\s+and\s+{_NUMBER}\b"
    rf"|(?:{QUALIFIER}\s+)?(?P<count>\d{{1,3}}(?:,\d{{3}})+|\d+|{_VAGUE}|{_WORD_NUMBER})\b"
    rf"(?:\s*(?:-|–|to)\s*{_NUMBER}\b)?)"
)


def count_of(match: re.Match[str]) -> tuple[int | None, str]:
    """The number a match of COUNT stands for, and its digits or words."""
    words = match.group("count") or match.group("low")
    return parse_count(words), words


def parse_count(text: str) -> int | None:
    """The integer a count expression stands for, or None when it is not a count."""
    words = text.lower().strip()
    if not words:
        return None
    digits = words.replace(",", "")
    if digits.isdigit():
        return int(digits)
    if words in VAGUE:
        return VAGUE[words]
    total = 0
    current = 0
    seen = False
    for word in re.split(r"[- ]+", words):
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None
