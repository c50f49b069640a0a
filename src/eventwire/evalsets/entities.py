"""Entity mentions on re3d and WikiGold: our actors and event places vs spaCy's NER alone, same texts.

Types are mapped onto three shared ones: person, organisation, location. Our engine reports actors
(people and organisations together, untyped) and event places, so its rows are ``actor`` (gold person
or organisation) and ``location``; spaCy's NER also gets per-type rows. Our engine reports only the
entities an event needs, so its recall is bounded by design: precision is the fair comparison.
Matching is exact (same start and end) or overlapping (``overlap_f1``: any shared character, each gold
and each predicted span used once).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eventwire.evalsets import ScoreRow
from eventwire.evalsets.conll import ConllDocument, read_conll
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.scoring import Counts, absent_row, prf_rows, stable_sample

#: gold type -> shared type, per set (types not listed are not scored: MISC, Temporal, Weapon, ...)
GOLD_TYPES = {
    "wikigold": {"PER": "person", "ORG": "organisation", "LOC": "location"},
    "re3d": {"Person": "person", "Organisation": "organisation", "Location": "location"},
}
SPACY_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "location", "LOC": "location", "FAC": "location"}
ACTOR_TYPES = {"person", "organisation"}

Span = tuple[int, int, str]


def load_wikigold(data_dir: Path) -> list[ConllDocument]:
    return read_conll(data_dir / "wikigold" / "wikigold.conll.txt", "wikigold")


def load_re3d(data_dir: Path) -> list[ConllDocument]:
    paths = sorted((data_dir / "re3d" / "conll").glob("*/*.conll"))
    return [doc for path in paths for doc in read_conll(path, f"{path.parent.name}/{path.stem}")]


def _overlap_counts(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> Counts:
    counts, used = Counts(), set()
    for g_start, g_end in sorted(gold):
        match = next((p for p in sorted(predicted) if p not in used and p[0] < g_end and g_start < p[1]), None)
        if match is None:
            counts.fn += 1
        else:
            used.add(match)
            counts.tp += 1
    counts.fp += len(predicted) - len(used)
    return counts


class _Tally:
    """Exact and overlap counts for each shared type over a set's documents."""

    def __init__(self) -> None:
        self.exact: dict[str, Counts] = {}
        self.overlap: dict[str, Counts] = {}

    def add(self, kind: str, predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> None:
        self.exact.setdefault(kind, Counts()).add(predicted, gold)  # type: ignore[arg-type]
        found = _overlap_counts(predicted, gold)
        total = self.overlap.setdefault(kind, Counts())
        total.tp, total.fp, total.fn = total.tp + found.tp, total.fp + found.fp, total.fn + found.fn

    def rows(self, dataset: str, system: str, command: str, note: str = "") -> list[ScoreRow]:
        rows: list[ScoreRow] = []
        for kind in sorted(self.exact):
            rows += prf_rows(self.exact[kind], stage="entities", dataset=dataset, system=system,
                             prefix=f"{kind}.", command=command, note=note)
            overlap = self.overlap[kind]
            rows.append(ScoreRow("entities", dataset, system, f"{kind}.overlap_f1", round(overlap.f1, 4),
                                 overlap.tp + overlap.fn, command, note))
        return rows


def _by_kind(spans: Sequence[Span], kinds: set[str]) -> set[tuple[int, int]]:
    return {(start, end) for start, end, kind in spans if kind in kinds}


def score_entity_set(dataset: str, documents: list[ConllDocument], context: EvalContext) -> list[ScoreRow]:
    """Rows for one set: eventwire (actor, location) and, with peers on, spaCy NER alone."""
    mapping = GOLD_TYPES[dataset]
    golds = [[(s, e, mapping[t]) for s, e, t in doc.entities if t in mapping] for doc in documents]
    results = context.run([(doc.id, doc.text) for doc in documents])
    ours = _Tally()
    for gold, result in zip(golds, results, strict=True):
        actors: set[tuple[int, int]] = set()
        places: set[tuple[int, int]] = set()
        for event in result.events if result else ():
            actors |= {(actor.start, actor.end) for actor in event.actors}
            if event.location is not None:
                places.add((event.location.start, event.location.end))
        ours.add("actor", actors, _by_kind(gold, ACTOR_TYPES))
        ours.add("location", places, _by_kind(gold, {"location"}))
    size_note = f"{len(documents)} documents, {sum(doc.words for doc in documents)} words"
    rows = ours.rows(dataset, "eventwire", context.command, f"{size_note}; event actors and places only")
    if context.peers:
        peer = _Tally()
        for gold, found in zip(golds, context.spacy_entities([doc.text for doc in documents]), strict=True):
            mapped = [(s, e, SPACY_TYPES[label]) for s, e, label in found if label in SPACY_TYPES]
            for kind in ("person", "organisation", "location"):
                peer.add(kind, _by_kind(mapped, {kind}), _by_kind(gold, {kind}))
            peer.add("actor", _by_kind(mapped, ACTOR_TYPES), _by_kind(gold, ACTOR_TYPES))
        rows += peer.rows(dataset, "spacy-ner", context.command, size_note)
    return rows


def score_entities(data_dir: Path, context: EvalContext) -> list[ScoreRow]:
    rows: list[ScoreRow] = []
    for dataset, loader in (("re3d", load_re3d), ("wikigold", load_wikigold)):
        if not (data_dir / dataset).is_dir():
            rows.append(absent_row("entities", dataset, "eventwire", f"{data_dir / dataset} is absent", context.command))
            continue
        documents = stable_sample(loader(data_dir), lambda doc: doc.id, context.limit)
        rows += score_entity_set(dataset, documents, context)
    return rows
