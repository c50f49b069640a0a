"""Language of an article's text with py3langid (offline, maintained, ~1 ms per text)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Only the start of a text is classified: ~200 words decide reliably and keep the cost under 1 ms.
SAMPLE_CHARS = 1200


#: English function words that are not also common words of other languages written in Latin script
#: ("is", "was", "in", "a", "on", "as", "at", "for" are left out: Dutch, German, Romance, Nordic).
_ENGLISH_WORDS = frozenset(
    {
        "the", "and", "of", "to", "that", "with", "said", "from", "has", "have", "this", "are", "which", "were",
        "been", "by", "their", "after",
    }
)
_WORD = re.compile(r"\w+")
#: Share of those words in running English news text: about 0.15-0.30 (tests/ingest/test_bad_input.py
#: checks our English fixtures are above and the other languages' below this).
FAST_ENGLISH_SHARE = 0.12
FAST_MIN_WORDS = 40


def clearly_english(text: str) -> bool:
    """A cheap first look: plenty of English function words means English without running the model
    (the model costs ~0.4 ms a text, as much as a quarter of the HTML extraction it follows)."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if len(words) < FAST_MIN_WORDS:
        return False
    return sum(word in _ENGLISH_WORDS for word in words) / len(words) >= FAST_ENGLISH_SHARE


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str  # ISO 639-1 code, e.g. "en"
    probability: float


@functools.cache
def _identifier() -> LanguageIdentifier:
    # Loaded on first use or by `load_language_model`, never at import time.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_language_model() -> None:
    """Load the language-ID model now (once per process). An ingest calls this when it starts, so the
    model's memory is there from the first article instead of arriving at the first article the
    English fast path does not settle: a long run's footprint then matches a short one's
    (docs/scaling.md, "Memory"; its cost is measured by `python bench/memory.py --language`)."""
    _identifier()


def detect_language(text: str) -> LanguageGuess:
    """The most likely language of the text and its normalised probability (1.0 on the fast path)."""
    if clearly_english(text):
        return LanguageGuess("en", 1.0)
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return LanguageGuess(str(language), float(probability))


def is_foreign(guess: LanguageGuess, min_confidence: float) -> bool:
    """Non-English with enough confidence to reject; a doubtful guess keeps the text (a false reject
    loses an article, a false accept only costs an NLP pass that finds little)."""
    return guess.language != "en" and guess.probability >= min_confidence
