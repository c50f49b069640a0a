"""Pipeline throughput, Dask scaling and memory, each as a ratio measured in one run (`make bench`).

    python bench/pipeline.py [--articles 400] [--small 500] [--large 5000] [--rss-only]

1. end-to-end ingest (read JSONL, extract, resolve, store in SQLite) in articles/s over spaCy's
   `nlp.pipe` alone (the bare model, no eventwire components) on the same texts; target >= 0.7.
2. 2 Dask workers over 1 on the same articles, clusters warmed up first; target >= 1.6.
3. peak RSS of `eventwire ingest` at --large articles over --small; target <= 1.2 (memory must not grow
   with the corpus). Each size runs in its own process, side by side; --rss-only measures only this.
   bench/memory.py samples RSS and articles/s along one ingest.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from common import BenchRow, peak_rss_mb, save
from corpus import generate, write_corpus

if TYPE_CHECKING:
    from eventwire.model import ArticleResult
    from eventwire.store.base import Store


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


def spacy_alone(texts: list[str]) -> float:
    """Articles/s of the bare spaCy model's `nlp.pipe` (after one warm-up batch)."""
    import spacy

    from eventwire.settings import Settings

    settings = Settings()
    nlp = spacy.load(settings.spacy_model)
    list(nlp.pipe(texts[:32], batch_size=settings.batch_size))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=settings.batch_size):
        pass
    return len(texts) / (time.perf_counter() - started)


def end_to_end(corpus: Path, workdir: Path) -> float:
    """Articles/s of `eventwire.pipeline.ingest` into a fresh SQLite store, models loaded beforehand."""
    from eventwire.pipeline import Pipeline, ingest
    from eventwire.settings import Settings
    from eventwire.store import open_store

    settings = Settings()
    warm = Pipeline(settings)  # loads and caches the spaCy pipeline and opens the gazetteer once
    list(warm.process([]))
    with open_store(workdir / "e2e.sqlite") as store:
        started = time.perf_counter()
        report = ingest([str(corpus)], store, settings)
        elapsed = time.perf_counter() - started
    warm.close()
    return report.articles_added / elapsed


def on_dask(corpus: Path, workers: int, workdir: Path) -> float:
    """Articles/s through a warmed Dask LocalCluster of ``workers`` processes, stored by one writer."""
    from eventwire.batch.runner import dask_client, process_on_dask
    from eventwire.ingest import read_sources
    from eventwire.model import ArticleResult
    from eventwire.settings import Settings
    from eventwire.store import open_store

    settings = Settings()
    with dask_client(workers=workers) as client:
        # Warm every worker: load spaCy and the gazetteer before the clock starts.
        warmup = [record for record in generate(4 * workers, seed=99)]
        from eventwire.ingest import build_article

        articles = [build_article(record["text"], record["id"]) for record in warmup]
        list(process_on_dask(iter(articles), settings, client, chunk_size=2, max_in_flight=2 * workers))
        with open_store(workdir / f"dask-{workers}.sqlite") as store:
            started = time.perf_counter()
            stored = 0
            waiting: list[ArticleResult] = []
            for result in process_on_dask(read_sources([str(corpus)]), settings, client, chunk_size=8):
                if isinstance(result, ArticleResult):
                    waiting.append(result)
                if len(waiting) >= settings.batch_size:
                    stored += _store_batch(store, waiting)
                    waiting = []
            stored += _store_batch(store, waiting)
            elapsed = time.perf_counter() - started
    return stored / elapsed


def _store_batch(store: Store, results: list[ArticleResult]) -> int:
    """Store results in one transaction, as `eventwire.pipeline.ingest` does per batch."""
    with store.batch():
        return sum(store.add_result(result) for result in results)


def rss_probes(sizes: list[int], workdir: Path) -> dict[int, tuple[float, float]]:
    """Peak RSS (MB) and wall seconds of one `eventwire ingest` per size of synthetic articles, each in
    its own process. The processes run side by side: each one's peak is its own, and the run takes as
    long as the largest instead of the sum."""
    running = {}
    for size in sizes:
        corpus = write_corpus(size, workdir / f"rss-{size}.jsonl")
        script = (
            "import sys, resource; from eventwire.pipeline import ingest; from eventwire.store import open_store;"
            f"store = open_store({str(workdir / f'rss-{size}.sqlite')!r});"
            f"ingest([{str(corpus)!r}], store); store.close();"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
        )
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
        running[size] = (process, started)
    measured = {}
    for size, (process, started) in running.items():
        output, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"the {size}-article ingest failed with exit code {process.returncode}")
        measured[size] = (float(output.strip().splitlines()[-1]), time.perf_counter() - started)
    return measured


def rss_row(small: int, large: int, workdir: Path) -> BenchRow:
    measured = rss_probes([small, large], workdir)
    (low, low_s), (high, high_s) = measured[small], measured[large]
    return BenchRow("pipeline", f"peak RSS {large} / {small} articles", high / low, "x", "<= 1.2", high / low <= 1.2,
                    f"{high:.0f} vs {low:.0f} MB; {high_s:.0f} s and {low_s:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--no-rss", action="store_true", help="only the two throughput ratios (repeat runs)")
    parser.add_argument("--rss-only", action="store_true", help="Measure only the peak RSS ratio.")
    args = parser.parse_args()
    rows: list[BenchRow] = []
    if args.rss_only:
        with tempfile.TemporaryDirectory() as tmp:
            rows.append(rss_row(args.small, args.large, Path(tmp)))
        save("pipeline-rss", rows)
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        corpus = write_corpus(args.articles, workdir / "corpus.jsonl")
        bare = spacy_alone(_texts(corpus))
        full = end_to_end(corpus, workdir)
        rows.append(BenchRow("pipeline", "end-to-end / spaCy nlp.pipe", full / bare, "x", ">= 0.7",
                             full / bare >= 0.7, f"{full:.1f} vs {bare:.1f} articles/s, {args.articles} articles"))
        one = on_dask(corpus, 1, workdir)
        two = on_dask(corpus, 2, workdir)
        rows.append(BenchRow("pipeline", "dask 2 workers / 1 worker", two / one, "x", ">= 1.6",
                             two / one >= 1.6, f"{two:.1f} vs {one:.1f} articles/s"))
        if args.no_rss:
            save("pipeline-throughput", rows)
            return
        rows.append(rss_row(args.small, args.large, workdir))
    rows.append(BenchRow("pipeline", "bench process peak RSS", peak_rss_mb(), "MB"))
    save("pipeline", rows)


if __name__ == "__main__":
    main()
