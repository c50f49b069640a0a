"""The perceptron typer: an averaged multiclass perceptron over syntax features, trained on invented sentences.

The training sentences are data (patterns/event_training.csv). The weights are never committed: they are
trained on first use (a few seconds) and kept in ``<cache_dir>/event-typer-perceptron-<digest>.json``, the
digest covering the training file, the feature version and the spaCy model, so a change to any retrains.
`python tools/build_event_classifier.py` (or `make classifier`) builds them ahead of time.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Span, Token

from eventwire.errors import ConfigError
from eventwire.model import EventType
from eventwire.nlp.lexicon import load_table
from eventwire.nlp.typers.base import TriggerMatch

logger = logging.getLogger(__name__)

FEATURE_VERSION = 1
NONE = "NONE"
EPOCHS = 12
# A prediction whose margin over NONE is below this is a weak trigger (it only joins a strong one).
STRONG_MARGIN = 1.0
# Training sees far more non-events than events; this much is added to every event label's score at
# prediction time, trading a little precision for recall.
EVENT_BIAS = 2.0
_CANDIDATE_POS = {"VERB", "NOUN"}
_CHILD_DEPS = {"dobj", "nsubj", "nsubjpass", "compound", "amod", "prt", "agent", "neg", "aux"}


def features(token: Token) -> list[str]:
    """Sparse features of one candidate word: itself, its syntactic neighbours and its linear context."""
    lemma = token.lemma_.lower()
    found = [
        "bias",
        f"l={lemma}",
        f"lp={lemma}|{token.pos_}",
        f"p={token.pos_}",
        f"d={token.dep_}",
        f"h={token.head.lemma_.lower()}",
        f"hd={token.head.lemma_.lower()}|{token.dep_}",
        f"s3={token.lower_[-3:]}",
    ]
    for child in token.children:
        if child.dep_ in _CHILD_DEPS:
            found.append(f"c:{child.dep_}={child.lemma_.lower()}")
        elif child.dep_ == "prep":
            found.extend(f"cp={child.lower_}:{g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj")
    doc = token.doc
    if token.i > 0:
        found.append(f"l-1={doc[token.i - 1].lemma_.lower()}")
    if token.i + 1 < len(doc):
        found.append(f"l+1={doc[token.i + 1].lemma_.lower()}")
    return found


class AveragedPerceptron:
    """Multiclass perceptron with weight averaging (the averaged weights generalise better)."""

    def __init__(self, weights: dict[str, dict[str, float]] | None = None) -> None:
        self.weights: dict[str, dict[str, float]] = weights or {}

    def scores(self, feats: Iterable[str]) -> dict[str, float]:
        totals: dict[str, float] = defaultdict(float)
        for feat in feats:
            for label, weight in self.weights.get(feat, {}).items():
                totals[label] += weight
        return totals

    def train(self, examples: list[tuple[list[str], str]], labels: list[str], epochs: int, seed: int = 0) -> None:
        weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        totals: dict[tuple[str, str], float] = defaultdict(float)
        stamps: dict[tuple[str, str], int] = defaultdict(int)
        step = 0
        order = list(examples)
        rng = random.Random(seed)

        def update(feat: str, label: str, delta: float) -> None:
            key = (feat, label)
            totals[key] += (step - stamps[key]) * weights[feat][label]
            stamps[key] = step
            weights[feat][label] += delta

        for _ in range(epochs):
            rng.shuffle(order)
            for feats, gold in order:
                step += 1
                scores = defaultdict(float)
                for feat in feats:
                    for label, weight in weights[feat].items():
                        scores[label] += weight
                guess = max(labels, key=lambda label: (scores[label], label == NONE))
                if guess != gold:
                    for feat in feats:
                        update(feat, gold, 1.0)
                        update(feat, guess, -1.0)
        averaged: dict[str, dict[str, float]] = {}
        for feat, by_label in weights.items():
            for label, weight in by_label.items():
                key = (feat, label)
                total = totals[key] + (step - stamps[key]) * weight
                value = round(total / step, 4)
                if value:
                    averaged.setdefault(feat, {})[label] = value
        self.weights = averaged


def _root_of(span: Span) -> Token:
    return next((token for token in span if token.head.i < span.start or token.head.i >= span.end or token.head.i == token.i), span[0])


def training_examples(nlp: Language) -> tuple[list[tuple[list[str], str]], list[str]]:
    """(features, label) for every noun and verb of the training sentences, and the label set."""
    by_sentence: dict[str, dict[str, str]] = defaultdict(dict)
    for row in load_table("event_training.csv"):
        label = NONE if row["type"] == NONE else f"{row['type']}/{row['mode']}"
        by_sentence[row["sentence"]][row["trigger"]] = label
    examples: list[tuple[list[str], str]] = []
    for doc in nlp.pipe(by_sentence):
        labelled: dict[int, str] = {}
        for trigger, label in by_sentence[doc.text].items():
            start = doc.text.lower().find(trigger.lower())
            span = doc.char_span(start, start + len(trigger), alignment_mode="expand")
            if span is None:
                raise ConfigError(f"event_training.csv: cannot find {trigger!r} in {doc.text!r}")
            labelled[_root_of(span).i] = label
        for token in doc:
            if token.pos_ in _CANDIDATE_POS or token.i in labelled:
                examples.append((features(token), labelled.get(token.i, NONE)))
    labels = sorted({label for _, label in examples})
    return examples, labels


def _digest(nlp: Language) -> str:
    data = resources.files("eventwire.nlp.patterns").joinpath("event_training.csv").read_bytes()
    key = f"{FEATURE_VERSION}|{EPOCHS}|{nlp.meta.get('name')}|{nlp.meta.get('version')}".encode()
    return hashlib.sha256(key + data).hexdigest()[:16]


def trained_weights(nlp: Language, cache_dir: Path) -> dict[str, dict[str, float]]:
    """The weights for this training file and model: read from the cache, else trained and cached."""
    path = cache_dir / f"event-typer-perceptron-{_digest(nlp)}.json"
    if path.exists():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            logger.warning("unreadable typer cache %s; retraining", path)
    examples, labels = training_examples(nlp)
    model = AveragedPerceptron()
    model.train(examples, labels, EPOCHS)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        # Written to a temporary file and renamed, so a parallel reader never sees half a file.
        with tempfile.NamedTemporaryFile("w", dir=cache_dir, delete=False, suffix=".tmp", encoding="utf-8") as handle:
            json.dump(model.weights, handle)
        os.replace(handle.name, path)
    except OSError as error:
        logger.warning("cannot cache the typer in %s (%s); using it from memory", cache_dir, error)
    logger.info("trained the perceptron typer on %d examples (%d labels)", len(examples), len(labels))
    return model.weights


class PerceptronTyper:
    """Types every noun and verb with the averaged perceptron; words it labels NONE are no trigger."""

    name = "perceptron"

    def __init__(self, weights: dict[str, dict[str, float]]) -> None:
        self.model = AveragedPerceptron(weights)

    def triggers(self, sentence: Span) -> list[TriggerMatch]:
        found = []
        for token in sentence:
            if token.pos_ not in _CANDIDATE_POS:
                continue
            scores = self.model.scores(features(token))
            if not scores:
                continue
            events = [name for name in scores if name != NONE]
            if not events:
                continue
            label = max(events, key=lambda name: scores[name])
            margin = scores[label] + EVENT_BIAS - scores.get(NONE, 0.0)
            if margin <= 0:
                continue
            event_type, _, mode = label.partition("/")
            start = min([token.i, *(c.i for c in token.lefts if c.dep_ == "compound" and c.i == token.i - 1)])
            found.append(
                TriggerMatch(
                    head=token.i,
                    start=start,
                    end=token.i + 1,
                    type=EventType(event_type),
                    mode=mode or None,
                    strength=1.0 if margin >= STRONG_MARGIN else 0.5,
                    phrase=token.lemma_.lower(),
                )
            )
        return found


def make_perceptron_typer(nlp: Language, cache_dir: Path) -> PerceptronTyper:
    return PerceptronTyper(trained_weights(nlp, cache_dir))

