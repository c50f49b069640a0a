"""Seconds the pipeline spends on pathological documents: one 1 MB paragraph and 10,000 short sentences.

    python bench/long_documents.py [--scale 1.0] [--cap 900]

For each document it times spaCy (`nlp(text)`), event extraction (`extract_drafts`) and the rest of
`Pipeline.result_for` (resolution) separately, with no per-document time budget. ``--cap`` stops a stage
that runs longer (the row then reads ">= cap"). ``--scale`` shrinks both documents (0.1 = 100 kB) to
check the bench runs. The documents are the ones tests/reliability uses (invented sentences).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import BenchRow, save

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "reliability"))

from hostile import one_megabyte_paragraph, ten_thousand_sentences

DOCUMENTS = {"1mb-paragraph": one_megabyte_paragraph, "10k-sentences": ten_thousand_sentences}


def timed(cap: float, work, *args):  # type: ignore[no-untyped-def]
    """(wall seconds, "cpu N s" note, value) of one call; value None when it ran past the cap."""
    from eventwire.deadline import DocumentTimeout, deadline

    started, cpu_started = time.perf_counter(), time.process_time()
    value = None
    try:
        with deadline(cap):
            value = work(*args)
    except DocumentTimeout:
        pass
    # the machine is shared: CPU seconds say what the code costs, wall seconds what a user waits
    return time.perf_counter() - started, f"cpu {time.process_time() - cpu_started:.1f} s", value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="Fraction of each document's full size.")
    parser.add_argument("--cap", type=float, default=900.0, help="Seconds after which a stage is stopped.")
    parser.add_argument("--no-result", action="store_true", help="Time spaCy and extract_drafts only.")
    args = parser.parse_args()

    from eventwire.ingest import build_article
    from eventwire.nlp.extract import extract_drafts
    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings

    pipeline = Pipeline(Settings(document_seconds=0))
    rows: list[BenchRow] = []
    try:
        for name, make in DOCUMENTS.items():
            full = make()
            text = full[: int(len(full) * args.scale)]
            article = build_article(text, name)
            spacy_seconds, cpu, doc = timed(args.cap, pipeline.nlp, article.text)
            detail = f"{len(article.text):,} chars"
            rows.append(BenchRow("long", f"{name} spacy", spacy_seconds, "s", detail=f"{detail}, {cpu}"))
            if doc is None:
                continue
            detail += f", {len(doc):,} tokens"
            extract_seconds, cpu, drafts = timed(args.cap, extract_drafts, doc)
            capped = f", {cpu}" + (" (stopped at the cap)" if drafts is None else f", {len(drafts)} drafts")
            rows.append(BenchRow("long", f"{name} extract_drafts", extract_seconds, "s", detail=detail + capped))
            if drafts is None or args.no_result:
                continue
            result_seconds, cpu, result = timed(args.cap, pipeline.result_for, article, doc)
            capped = f", {cpu}" + (" (stopped at the cap)" if result is None else f", {len(result.events)} events")
            rows.append(BenchRow("long", f"{name} result_for", result_seconds, "s",
                                 detail=detail + capped + " (extraction again + resolution)"))
    finally:
        pipeline.close()
    save("long_documents", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
