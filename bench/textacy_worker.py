"""Subprocess worker for bench/quotes_vs_textacy.py: textacy's direct_quotations over JSON texts.

Runs inside a separate virtualenv that has textacy (var/peers/textacy-venv), so the shared venv stays
clean. Reads {"model": PATH, "texts": [...]} on stdin; writes one JSON list of quotes per text and the
seconds spent extracting (parsing included) and how many texts textacy refused on stdout. Stdlib + spacy + textacy only.
"""

from __future__ import annotations

import json
import sys
import time

import spacy
from textacy.extract import triples

QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019 \n,"


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the words inside the quote marks of a textacy content span."""
    while start < end and text[start] in QUOTE_CHARS:
        start += 1
    while end > start and text[end - 1] in QUOTE_CHARS:
        end -= 1
    return start, end


def main() -> None:
    request = json.load(sys.stdin)
    nlp = spacy.load(request["model"])
    started = time.perf_counter()
    results, refused = [], 0
    for text in request["texts"]:
        doc = nlp(text)
        quotes = []
        try:
            found = list(triples.direct_quotations(doc))
        except ValueError:  # textacy refuses a text with an odd number of quote marks (continued quotes)
            found, refused = [], refused + 1
        for triple in found:
            start, end = _inner(text, triple.content.start_char, triple.content.end_char)
            speaker = sorted(triple.speaker, key=lambda token: token.i)
            quotes.append({
                "start": start, "end": end, "text": text[start:end],
                "speaker": text[speaker[0].idx:speaker[-1].idx + len(speaker[-1])] if speaker else None,
                "speaker_start": speaker[0].idx if speaker else None,
                "speaker_end": speaker[-1].idx + len(speaker[-1]) if speaker else None,
                "cue": " ".join(token.text for token in triple.cue),
            })
        results.append(quotes)
    json.dump({"seconds": time.perf_counter() - started, "quotes": results, "refused": refused}, sys.stdout)


if __name__ == "__main__":
    main()
