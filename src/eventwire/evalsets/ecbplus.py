"""ECB+ (test topics 36-45): read the CAT XML documents and score event mention detection.

Our triggers are compared with the gold event mentions (``ACTION_*`` and ``NEG_ACTION_*`` markables)
in the sentences ECB+ marks as fully annotated (``ECBplus_coreference_sentences.csv``). A trigger and a
gold mention match when their character spans overlap. ECB+ marks every action, state and reporting
verb ("said", "died", "is"), while our engine reports only events it can code in PLOVER, so recall is
bounded by design. Cross-document coreference is scored on the same loader by
``merge_evaluation.score_ecbplus``, which reads whole documents (``whole=True``: every sentence but the
source URL of an ``*ecbplus`` file, so the merge sees each report's dates and places) and keeps the
gold mentions of the annotated sentences only.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from eventwire.errors import EvalError
from eventwire.evalsets import ScoreRow
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.scoring import Counts, absent_row, detokenize, prf_rows, stable_sample

DATASET = "ecbplus"
EVENT_PREFIXES = ("ACTION_", "NEG_ACTION_")


@dataclass(frozen=True, slots=True)
class EcbMention:
    """One gold event mention: its markable id and tag, character span, and cross-document instance."""

    m_id: str
    tag: str
    start: int
    end: int
    instance: str | None  # the CROSS_DOC_COREF note (e.g. "ACT17642774053647358"); None for singletons
    chain: str | None = None  # the INTRA_DOC_COREF chain within the document ("<doc>:chain:<m_id>"), if any

    def cluster(self, document: str) -> str:
        """Its gold event: the cross-document instance, else its chain in the document, else itself."""
        return self.instance or self.chain or f"{document}:{self.m_id}"


@dataclass(frozen=True, slots=True)
class EcbDocument:
    """One ECB+ document: text of its annotated sentences (one per line) and their event mentions."""

    name: str  # e.g. "36_10ecbplus"
    topic: str
    text: str
    mentions: tuple[EcbMention, ...]
    words: int


def selected_sentences(folder: Path) -> dict[str, set[int]]:
    """Document name -> sentence numbers whose annotation is complete (``folder`` is the ECB+ copy)."""
    path = folder / "ECBplus_coreference_sentences.csv"
    chosen: dict[str, set[int]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            chosen[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return chosen


def read_document(path: Path, sentences: set[int], whole: bool = False) -> EcbDocument:
    """One document: its annotated ``sentences`` as text (every sentence when ``whole``), and the gold
    event mentions in the annotated sentences."""
    name = path.stem.removesuffix(".xml")
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        raise EvalError(f"{path}: cannot read ECB+ XML ({error})") from error
    by_sentence: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for token in root.iter("token"):
        number = int(token.get("sentence", "-1"))
        # Sentence 0 of an *ecbplus file is the source URL, not news text.
        if number in sentences or (whole and number >= 0 and not (number == 0 and name.endswith("ecbplus"))):
            # A token is made to survive text normalisation unchanged (NFC, no inner whitespace, never
            # empty), so its offsets hold in the stored article too.
            word = "".join(unicodedata.normalize("NFC", token.text or "").split()) or "_"
            by_sentence[number].append((token.get("t_id", ""), word))
    lines, span_of, offset, words = [], {}, 0, 0
    for number in sorted(by_sentence):
        ids, tokens = zip(*by_sentence[number], strict=True)
        text, spans = detokenize(tokens)
        span_of.update({t_id: (offset + s, offset + e) for t_id, (s, e) in zip(ids, spans, strict=True)})
        lines.append(text)
        offset += len(text) + 1
        words += len(tokens)
    instance_of: dict[str, str] = {}
    for relation in root.iter("CROSS_DOC_COREF"):
        for source in relation.iter("source"):
            instance_of[source.get("m_id", "")] = relation.get("note", "")
    chain_of: dict[str, str] = {}
    for relation in root.iter("INTRA_DOC_COREF"):
        target = relation.find("target")
        for source in relation.iter("source"):
            chain_of[source.get("m_id", "")] = f"{name}:chain:{target.get('m_id') if target is not None else ''}"
    selected = {t_id for number in sentences for t_id, _ in by_sentence.get(number, ())}
    mentions = []
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        anchors = [span_of[a.get("t_id", "")] for a in markable.iter("token_anchor") if a.get("t_id") in selected]
        if not markable.tag.startswith(EVENT_PREFIXES) or not anchors:
            continue
        m_id = markable.get("m_id", "")
        mentions.append(EcbMention(m_id, markable.tag, min(s for s, _ in anchors), max(e for _, e in anchors),
                                   instance_of.get(m_id), chain_of.get(m_id)))
    return EcbDocument(name, name.split("_")[0], "\n".join(lines), tuple(mentions), words)


def read_ecbplus(folder: Path, whole: bool = False) -> list[EcbDocument]:
    """The documents of the ECB+ copy in ``folder``, in topic and file order: those with at least one
    fully annotated sentence, or with ``whole`` every document with text, all its sentences read (see
    `read_document`): the merge then sees the whole corpus, as it would see every report of a day."""
    corpus = folder / "ECB+"
    if not corpus.is_dir():
        raise EvalError(f"{folder}: no ECB+ folder (see PROVENANCE.md)")
    try:
        chosen = selected_sentences(folder)
    except OSError as error:
        raise EvalError(f"{folder}: cannot read the annotated sentence list ({error})") from error
    paths = sorted(corpus.glob("*/*.xml"))
    documents = [read_document(path, chosen.get(path.stem, set()), whole) for path in paths
                 if whole or chosen.get(path.stem)]
    return [document for document in documents if document.text.strip()]


def load_ecbplus(data_dir: Path) -> list[EcbDocument]:
    """The annotated sentences of every document under ``data_dir/ecbplus`` (what detection is scored on)."""
    return read_ecbplus(data_dir / DATASET)


def score_ecbplus(data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    if not (data_dir / DATASET).is_dir():
        return [absent_row("events", DATASET, "eventwire", f"{data_dir / DATASET} is absent", context.command)]
    documents = stable_sample(load_ecbplus(data_dir), lambda doc: doc.name, context.limit)
    results = context.run([(doc.name, doc.text) for doc in documents])
    counts = Counts()
    for doc, result in zip(documents, results, strict=True):
        triggers = sorted({(e.trigger.start, e.trigger.end) for e in (result.events if result else ())})
        used: set[tuple[int, int]] = set()
        for mention in doc.mentions:
            hit = next((t for t in triggers if t not in used and t[0] < mention.end and mention.start < t[1]), None)
            if hit is None:
                counts.fn += 1
            else:
                used.add(hit)
                counts.tp += 1
        counts.fp += len(triggers) - len(used)
    note = (f"{len(documents)} documents, {sum(doc.words for doc in documents)} words of annotated sentences; "
            "gold marks every action, we report codeable events only")
    return prf_rows(counts, stage="events", dataset=DATASET, system="eventwire", prefix="mention.",
                    command=context.command, note=note)
