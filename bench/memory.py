"""Memory over one long ingest, and what the syndication index costs per article, each measured in one run.

    python bench/memory.py [--articles 5000] [--step 500] [--signatures 3000]   (--articles 0: the index only)
    python bench/memory.py --language   (only 3.)

1. One `eventwire.pipeline.ingest` of --articles synthetic articles (bench/corpus.py) into a fresh
   SQLite store, in this process: resident memory (VmRSS) and articles/s sampled every --step
   articles. Prints the series, RSS at the end over RSS at the first step, and the last step's
   articles/s over the first step's (per-article time must not grow with the store either).
2. Bytes per article of the syndication index (tracemalloc): datasketch's MinHashLSH plus one MinHash
   per article (the index ingest used before) against `eventwire.ingest.dedup.SyndicationIndex`, on
   the signatures of --signatures synthetic articles.
3. What loading the language-ID model when an ingest starts costs (`load_language_model`), in a fresh
   process: seconds and resident MB added.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from common import BenchRow, peak_rss_mb, save
from corpus import generate, write_corpus


def rss_mb() -> float:
    """This process's resident set size now, in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def ingest_series(articles: int, step: int, workdir: Path) -> list[tuple[int, float, float]]:
    """(articles done, RSS MB, articles/s over the last step) every ``step`` articles of one ingest."""
    from eventwire.pipeline import ingest
    from eventwire.store import open_store

    corpus = write_corpus(articles, workdir / "corpus.jsonl")
    series: list[tuple[int, float, float]] = []
    done = 0
    last = time.perf_counter()

    def on_item(kind: str) -> None:
        nonlocal done, last
        done += 1
        if done % step == 0:
            now = time.perf_counter()
            series.append((done, rss_mb(), step / (now - last)))
            print(f"  {done:6d} articles  RSS {series[-1][1]:7.1f} MB  {series[-1][2]:6.1f} articles/s", flush=True)
            last = now

    with open_store(workdir / "store.sqlite") as store:
        ingest([str(corpus)], store, on_item=on_item)
    return series


def index_bytes(count: int) -> tuple[float, float]:
    """Traced bytes per article of datasketch's index and of ours, over the same signatures."""
    from datasketch import MinHashLSH

    from eventwire.ingest.dedup import (
        DEFAULT_THRESHOLD,
        NUM_PERM,
        SyndicationIndex,
        signature,
        signature_from_bytes,
        signature_to_bytes,
    )

    blobs = [signature_to_bytes(signature(record["text"])) for record in generate(count, seed=11)]

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD, num_perm=NUM_PERM)
    kept = {}
    for number, blob in enumerate(blobs):
        minhash = signature_from_bytes(blob)
        lsh.insert(str(number), minhash)
        kept[str(number)] = minhash
    theirs = tracemalloc.get_traced_memory()[0] - before
    del lsh, kept, minhash
    gc.collect()  # datasketch's storages hold cycles: free them before measuring ours
    before = tracemalloc.get_traced_memory()[0]
    index = SyndicationIndex(DEFAULT_THRESHOLD)
    for number, blob in enumerate(blobs):
        index.add_bytes(str(number), blob)
    ours = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return theirs / count, ours / count


def language_load() -> tuple[float, float]:
    """Seconds and RSS MB that `load_language_model` adds, in a fresh process that imported the module."""
    script = (
        "import sys, time; sys.path.insert(0, sys.argv[1]); from memory import rss_mb;"
        "from eventwire.ingest.language import load_language_model;"
        "before = rss_mb(); started = time.perf_counter(); load_language_model();"
        "print(time.perf_counter() - started, rss_mb() - before)"
    )
    output = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], check=True,
                            capture_output=True, text=True).stdout
    seconds, megabytes = output.split()
    return float(seconds), float(megabytes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--step", type=int, default=500)
    parser.add_argument("--signatures", type=int, default=3000)
    parser.add_argument("--language", action="store_true", help="only the language-model load cost")
    args = parser.parse_args()
    rows: list[BenchRow] = []
    seconds, megabytes = language_load()
    rows.append(BenchRow("memory", "language model load at ingest start", seconds, "s", "", None,
                         f"+{megabytes:.0f} MB resident, fresh process"))
    if args.language:
        save("memory-language", rows)
        return
    if args.articles >= 2 * args.step:  # --articles 0: only the index
        with tempfile.TemporaryDirectory() as tmp:  # first, so that nothing else has touched this process
            started = time.perf_counter()
            series = ingest_series(args.articles, args.step, Path(tmp))
            elapsed = time.perf_counter() - started
        first, final = series[0], series[-1]
        rows.append(BenchRow("memory", f"RSS at {final[0]} / at {first[0]} articles", final[1] / first[1], "x",
                             "", None, f"{final[1]:.0f} vs {first[1]:.0f} MB, one ingest, {elapsed:.0f} s"))
        rows.append(BenchRow("memory", f"articles/s, last / first {args.step}", final[2] / first[2], "x", "",
                             None, f"{final[2]:.1f} vs {first[2]:.1f} articles/s"))
        rows.append(BenchRow("memory", "RSS series (MB)", final[1], "MB", "", None,
                             " ".join(f"{done}:{rss:.0f}" for done, rss, _ in series)))
    theirs, ours = index_bytes(args.signatures)
    rows.append(BenchRow("memory", "syndication index, datasketch / ours", theirs / ours, "x", "",
                         None, f"{theirs / 1024:.1f} vs {ours / 1024:.2f} kB an article, {args.signatures} articles"))
    rows.append(BenchRow("memory", "bench process peak RSS", peak_rss_mb(), "MB"))
    save("memory", rows)


if __name__ == "__main__":
    main()
