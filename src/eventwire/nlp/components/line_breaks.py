"""spaCy component that starts a sentence after every line break (headlines, datelines, paragraphs)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("eventwire_line_breaks", assigns=["token.is_sent_start"])
def mark_line_breaks(doc: Doc) -> Doc:
    """A headline has no full stop; without this the parser glues it to the first paragraph."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc
