"""Reads the ECB+ event coreference corpus (CAT XML) in place, for scoring the merge.

ECB+ is third-party data (CC BY 3.0, ``../shared/data/ecbplus/PROVENANCE.md``): it is read where it
lies at eval time and never copied into the repository. Each document's tokens are joined with single
spaces (one line per sentence) to make the article text; every gold event mention (ACTION_* and
NEG_ACTION_* markables in the sentences the corpus marks as fully annotated) keeps its character
span in that text and its gold instance: the cross-document chain it belongs to, else its
within-document chain, else itself.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from eventwire.errors import EvalError
from eventwire.ingest import build_article
from eventwire.model import Article, Reject


@dataclass(frozen=True, slots=True)
class GoldMention:
    document: str
    start: int
    end: int
    instance: str


@dataclass(frozen=True, slots=True)
class EcbDocument:
    article: Article
    mentions: tuple[GoldMention, ...]


def _selected_sentences(folder: Path) -> dict[str, set[int]]:
    path = folder / "ECBplus_coreference_sentences.csv"
    try:
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as error:
        raise EvalError(f"{path}: cannot read ({error.strerror})") from error
    selected: dict[str, set[int]] = {}
    for row in rows:
        selected.setdefault(f"{row['Topic']}_{row['File']}", set()).add(int(row["Sentence Number"]))
    return selected


def read_document(path: Path, selected: set[int]) -> EcbDocument | None:
    """One ECB+ document as an Article plus its gold event mentions (None when it has no text)."""
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise EvalError(f"{path}: cannot read ECB+ document ({error})") from error
    name = path.stem
    skip_first = name.endswith("ecbplus")  # sentence 0 of an ecbplus file is the source URL
    spans: dict[str, tuple[int, int, int]] = {}
    lines: list[str] = []
    current_sentence: int | None = None
    offset = 0
    line: list[str] = []
    for token in root.iter("token"):
        sentence = int(token.get("sentence", "0"))
        if skip_first and sentence == 0:
            continue
        if current_sentence is not None and sentence != current_sentence:
            lines.append(" ".join(line))
            offset += len(lines[-1]) + 1
            line = []
        current_sentence = sentence
        # The stored text is normalised (NFC, single spaces): tokens are made to survive it unchanged.
        text = "".join(unicodedata.normalize("NFC", token.text or "").split()) or "_"
        start = offset + sum(len(word) + 1 for word in line)
        spans[token.get("t_id", "")] = (start, start + len(text), sentence)
        line.append(text)
    if line:
        lines.append(" ".join(line))
    text = "\n".join(lines)
    article = build_article(text, str(path), article_id=name, outlet=f"ecbplus:{name}")
    if isinstance(article, Reject):
        return None
    if article.text != text:
        raise EvalError(f"{path}: text changed in normalisation; offsets would not hold")
    instances: dict[str, str] = {}
    for relation in root.iter("CROSS_DOC_COREF"):
        for source in relation.iter("source"):
            instances[source.get("m_id", "")] = relation.get("note", "")
    for relation in root.iter("INTRA_DOC_COREF"):
        target = relation.find("target")
        for source in relation.iter("source"):
            instances.setdefault(source.get("m_id", ""), f"{name}:chain:{target.get('m_id') if target is not None else ''}")
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else []:
        if not (markable.tag.startswith("ACTION_") or markable.tag.startswith("NEG_ACTION_")):
            continue
        anchors = [spans[a.get("t_id", "")] for a in markable.iter("token_anchor") if a.get("t_id", "") in spans]
        if not anchors or anchors[0][2] not in selected:
            continue
        m_id = markable.get("m_id", "")
        mentions.append(GoldMention(
            name, min(a[0] for a in anchors), max(a[1] for a in anchors), instances.get(m_id, f"{name}:{m_id}")
        ))
    return EcbDocument(article, tuple(mentions))


def read_ecbplus(folder: Path) -> list[EcbDocument]:
    """Every document of the ECB+ copy in ``folder`` (topics found under ``ECB+/``)."""
    corpus = folder / "ECB+"
    if not corpus.is_dir():
        raise EvalError(f"{folder}: no ECB+ folder (see PROVENANCE.md)")
    selected = _selected_sentences(folder)
    documents = []
    for path in sorted(corpus.glob("*/*.xml")):
        document = read_document(path, selected.get(path.stem, set()))
        if document is not None:
            documents.append(document)
    return documents
