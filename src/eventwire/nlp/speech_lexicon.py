"""The speech lexicon: speech verbs, multi-word cues, titles, organisation and statement words."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LEXICON_RESOURCE = "speech_verbs.jsonl"


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
