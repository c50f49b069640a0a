"""Speaker names to one key, so "Hegseth", "Pete Hegseth" and "Defense Secretary Hegseth" are one speaker.

The rule (docs/store.md, "Speakers"):

1. Fold the name to lowercase ASCII, drop possessives and punctuation other than hyphens.
2. Strip title, role and honorific words (``resolve/data/speaker_titles.csv``) from the front, and
   suffixes (Jr., III) from the back. Nothing left (e.g. "the minister", "he") means no key: the text
   did not name the speaker, and we never guess one.
3. The key is the surname: the last word left, without an Arabic ``al-``/``el-`` article. The first word
   left, when there are two or more, is the given name, kept beside the key so two people who share a
   surname stay apart when both are named in full.

Limits: surname-first names ("Xi Jinping" keys on "jinping", "Xi" alone on "xi"), double surnames quoted
with only one of them, and two people with one surname quoted by surname alone share a key.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "it", "him", "her", "them", "you", "who"})
_ARTICLE_PREFIXES = ("al-", "el-")


@dataclass(frozen=True, slots=True)
class SpeakerName:
    """A speaker name reduced to its key (surname) and, when the text gave one, the given name."""

    key: str
    given: str | None


@cache
def _title_words() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("eventwire.resolve.data").joinpath("speaker_titles.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    titles: set[str] = set()
    suffixes: set[str] = set()
    for row in rows:
        (suffixes if row["kind"] == "suffix" else titles).add(row["word"])
    return frozenset(titles), frozenset(suffixes)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    lowered = ascii_only.lower().replace("\u2019", "'")
    return re.sub(r"'s\b", "", lowered)


def speaker_name(name: str | None) -> SpeakerName | None:
    """The key and given name of a speaker name; None when it names no one (a role or a pronoun)."""
    if not name:
        return None
    words = _WORD.findall(_fold(name))
    words = [word.strip("'-") for word in words if word.strip("'-")]
    titles, suffixes = _title_words()
    while words and words[0] in titles:
        words.pop(0)
    while words and words[-1] in suffixes:
        words.pop()
    if not words or (len(words) == 1 and words[0] in _PRONOUNS):
        return None
    surname = words[-1]
    for prefix in _ARTICLE_PREFIXES:
        if surname.startswith(prefix) and len(surname) > len(prefix):
            surname = surname[len(prefix) :]
    given = words[0] if len(words) >= 2 and words[0] not in ("al", "el") else None
    return SpeakerName(key=surname, given=given)


def display_name(name: str) -> str:
    """The name as written without its leading titles: "Defense Minister Mara Quintero" -> "Mara Quintero"."""
    titles, _ = _title_words()
    words = name.split()
    while len(words) > 1 and all(part in titles for part in _WORD.findall(_fold(words[0]).strip(".,"))):
        words.pop(0)
    return " ".join(words)


def speaker_key(name: str | None) -> str | None:
    """One key per speaker (the folded surname without titles); None when the name names no one."""
    parsed = speaker_name(name)
    return parsed.key if parsed else None
