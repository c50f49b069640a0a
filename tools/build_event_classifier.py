"""Train the perceptron event typer into the cache dir ahead of first use (weights are never committed)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.nlp.build import build_pipeline
from eventwire.settings import load_settings


def main() -> int:
    settings = load_settings()
    build_pipeline(settings.spacy_model, "perceptron", str(settings.cache_dir))
    cached = sorted(settings.cache_dir.glob("event-typer-perceptron-*.json"))
    print(f"perceptron typer ready: {cached[-1] if cached else settings.cache_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
