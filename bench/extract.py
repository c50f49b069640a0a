"""Benchmark: event extraction time as a ratio to the spaCy pipeline alone, on the same texts, in one run.

Usage: PYTHONPATH=src python bench/extract.py [--repeat N] [--classifier lexicon|perceptron]
Texts: the demo corpus (src/eventwire/demo/articles.jsonl) and the team's gold (eval/gold/articles.jsonl).
Four timings over the same texts, each the best of N interleaved passes after one warm-up pass:
  spacy         the spaCy model alone (spacy.load + nlp.pipe)
  spacy part    eventwire's pipeline with its own components switched off (the model + line breaks;
                a sentence start preset at each line break changes the parser's work)
  extract       eventwire's components (triggers, casualties, quotes) + extract_drafts()
  pipeline      the whole Pipeline.process (extract + gazetteer places, dates, actors, ACLED)
The target (issue 5): extract / spacy <= 1.30. "own work" is (extract - spacy part) / spacy part: what
eventwire's components and drafts add on top of the parse they run on.
"""

from __future__ import annotations

import sys as _sys
from pathlib import Path as _Path

_sys.path.insert(0, str(_Path(__file__).parent))
import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import spacy
from common import BenchRow, save

from eventwire.model import Article
from eventwire.nlp.build import COMPONENTS, build_pipeline
from eventwire.nlp.extract import extract_drafts
from eventwire.pipeline import Pipeline
from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPORA = (ROOT / "src" / "eventwire" / "demo" / "articles.jsonl", ROOT / "eval" / "gold" / "articles.jsonl")


def _texts() -> list[str]:
    texts = []
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts.append(record["text"] if "text" in record else record["article"]["text"])
    return texts


def _best_interleaved(runs: list[Callable[[], object]], repeat: int) -> list[float]:
    """Best time of each run; runs alternate within every round so load from other processes on
    the machine falls on all of them alike."""
    for run in runs:
        run()  # warm-up: caches, lazy tables, first-use training
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for index, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[index] = min(best[index], time.perf_counter() - start)
    return best


def _parse_only(nlp: spacy.language.Language, texts: list[str]) -> list[object]:
    with nlp.select_pipes(disable=list(COMPONENTS)):
        return list(nlp.pipe(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--classifier", default="lexicon")
    args = parser.parse_args()
    settings = Settings(event_classifier=args.classifier)
    texts = _texts()
    words = sum(len(text.split()) for text in texts)
    plain = spacy.load(settings.spacy_model)
    ours = build_pipeline(settings.spacy_model, settings.event_classifier, str(settings.cache_dir))
    pipeline = Pipeline(settings)
    articles = [Article(id=str(index), text=text) for index, text in enumerate(texts)]
    try:
        spacy_seconds, part_seconds, extract_seconds, pipeline_seconds = _best_interleaved(
            [
                lambda: list(plain.pipe(texts)),
                lambda: _parse_only(ours, texts),
                lambda: [extract_drafts(doc) for doc in ours.pipe(texts)],
                lambda: list(pipeline.process(articles)),
            ],
            args.repeat,
        )
    finally:
        pipeline.close()
    print(f"texts: {len(texts)}, words: {words}, classifier: {args.classifier}, best of {args.repeat}")
    print(f"spacy alone      {spacy_seconds:7.2f} s  {words / spacy_seconds:8.0f} words/s")
    print(f"spacy part       {part_seconds:7.2f} s  ratio to spacy {part_seconds / spacy_seconds:.2f}")
    print(f"extract          {extract_seconds:7.2f} s  ratio to spacy {extract_seconds / spacy_seconds:.2f}")
    print(f"own work         {(extract_seconds - part_seconds) / part_seconds:7.2f}   of the spacy part")
    print(f"whole pipeline   {pipeline_seconds:7.2f} s  ratio to spacy {pipeline_seconds / spacy_seconds:.2f}")
    ratio = extract_seconds / spacy_seconds
    save("extract", [
        BenchRow("extract", "extraction / spaCy alone", ratio, "x", "<= 1.3", ratio <= 1.3,
                 f"{len(texts)} texts, {words} words, best of {args.repeat}"),
        BenchRow("extract", "whole pipeline / spaCy alone", pipeline_seconds / spacy_seconds, "x", "", None,
                 f"{words / spacy_seconds:.0f} words/s for spaCy alone"),
    ])


if __name__ == "__main__":
    main()
