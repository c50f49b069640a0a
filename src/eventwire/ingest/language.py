"""Language of an article's text with py3langid (offline, maintained, ~1 ms per text)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: Only the start of a text is classified: enough words to decide, bounded cost on huge texts.
SAMPLE_CHARS = 3000


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str  # ISO 639-1 code, e.g. "en"
    probability: float


@functools.cache
def _identifier() -> LanguageIdentifier:
    # Loaded on first use (~0.9 s), never at import time.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> LanguageGuess:
    """The most likely language of the text and its normalised probability."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return LanguageGuess(str(language), float(probability))


def is_foreign(guess: LanguageGuess, min_confidence: float) -> bool:
    """Non-English with enough confidence to reject; a doubtful guess keeps the text (a false reject
    loses an article, a false accept only costs an NLP pass that finds little)."""
    return guess.language != "en" and guess.probability >= min_confidence
