"""Read CoNLL entity files (IOB1 or IOB2, tab- or space-separated) into texts with character spans."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import EvalError
from eventwire.evalsets.scoring import detokenize


@dataclass(frozen=True, slots=True)
class ConllDocument:
    """One document: its text (sentences one per line) and gold entities as (start, end, type)."""

    id: str
    text: str
    entities: tuple[tuple[int, int, str], ...]
    words: int


def _sentences(path: Path) -> Iterator[list[tuple[str, str]] | None]:
    """Sentences of (token, tag); None marks a ``-DOCSTART-`` document break."""
    sentence: list[tuple[str, str]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            if sentence:
                yield sentence
                sentence = []
            continue
        parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
        if len(parts) != 2:
            raise EvalError(f"{path}:{number}: expected 'token<TAB or space>tag', got {line!r}")
        token, tag = parts[0].strip(), parts[1].strip()
        if token == "-DOCSTART-":
            if sentence:
                yield sentence
                sentence = []
            yield None
            continue
        sentence.append((token, tag))
    if sentence:
        yield sentence


def _entities(tags: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Entity spans from IOB1 or IOB2 tags: a B- tag or a change of type starts a new entity."""
    entities: list[tuple[int, int, str]] = []
    current: list[int] | None = None  # [start, end] of the open entity
    current_type = ""
    for tag, (start, end) in zip(tags, spans, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "O" or not kind:
            if current:
                entities.append((current[0], current[1], current_type))
            current = None
            continue
        if current is not None and prefix == "I" and kind == current_type:
            current[1] = end
            continue
        if current:
            entities.append((current[0], current[1], current_type))
        current, current_type = [start, end], kind
    if current:
        entities.append((current[0], current[1], current_type))
    return entities


def _document(doc_id: str, sentences: list[list[tuple[str, str]]]) -> ConllDocument:
    lines, entities, offset, words = [], [], 0, 0
    for sentence in sentences:
        text, spans = detokenize(token for token, _ in sentence)
        tags = [tag for _, tag in sentence]
        entities += [(offset + s, offset + e, kind) for s, e, kind in _entities(tags, spans)]
        lines.append(text)
        offset += len(text) + 1
        words += len(sentence)
    return ConllDocument(doc_id, "\n".join(lines), tuple(entities), words)


def read_conll(path: Path, doc_id: str | None = None) -> list[ConllDocument]:
    """Documents of one CoNLL file: split at ``-DOCSTART-`` lines, else the whole file is one document."""
    documents: list[ConllDocument] = []
    pending: list[list[tuple[str, str]]] = []
    base = doc_id or path.stem
    for sentence in _sentences(path):
        if sentence is None:
            if pending:
                documents.append(_document(f"{base}#{len(documents)}", pending))
            pending = []
            continue
        pending.append(sentence)
    if pending:
        documents.append(_document(f"{base}#{len(documents)}" if documents else base, pending))
    return documents
