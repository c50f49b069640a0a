"""The writer's cost alone: CPU seconds per article that `pipeline.ingest` spends outside extraction.

    PYTHONPATH=src python bench/writer.py [--articles 300] [--repeat 3]

The synthetic corpus (bench/corpus.py) is extracted once, untimed; then `ingest` runs again into fresh
SQLite stores with a runner that hands back those results, so what is timed is what the one writer does
per article: reading, dedup (hashes, MinHash), storing, merging. That is the work that competes with the
Dask workers for the cores (bench/pipeline.py's "2 workers / 1 worker"). CPU time, not wall time, so
that other jobs on a shared machine weigh less; compare commits by running this on each.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from common import BenchRow, save
from corpus import write_corpus


def main() -> None:
    from eventwire.ingest import read_sources
    from eventwire.model import Article, ArticleResult, Reject
    from eventwire.pipeline import ingest, process
    from eventwire.settings import Settings
    from eventwire.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = write_corpus(args.articles, workdir / "corpus.jsonl")
        extracted = {
            result.article.id: result
            for result in process(read_sources([str(corpus)]), settings)
            if isinstance(result, ArticleResult)
        }

        def replay(items: Iterable[Article | Reject]) -> Iterator[ArticleResult | Reject]:
            for item in items:  # the article as ingest saw it (dedup may have set copy_of)
                yield dataclasses.replace(extracted[item.id], article=item) if isinstance(item, Article) else item

        seconds = []
        for run in range(args.repeat):
            with open_store(workdir / f"writer-{run}.sqlite") as store:
                started = time.process_time()
                report = ingest([str(corpus)], store, settings, runner=replay)
                seconds.append(time.process_time() - started)
    per_article = [1000 * value / report.articles_added for value in seconds]
    runs = ", ".join(f"{value:.2f}" for value in per_article)
    save("writer", [BenchRow("writer", "writer CPU per article, median", statistics.median(per_article), "ms",
                             detail=f"{report.articles_added} articles, runs: {runs} ms")])


if __name__ == "__main__":
    main()
