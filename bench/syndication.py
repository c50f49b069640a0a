"""Measure the near-copy threshold: exact and MinHash-estimated Jaccard of each syndication fixture
against the wire story, for the shingle size in use. Run: PYTHONPATH=src python bench/syndication.py"""

from __future__ import annotations

from pathlib import Path

from eventwire.ingest.dedup import DEFAULT_THRESHOLD, SHINGLE_WORDS, SyndicationIndex, jaccard, signature

FIXTURES = Path(__file__).parent.parent / "tests" / "ingest" / "data" / "syndication"


def main() -> None:
    wire = (FIXTURES / "wire.txt").read_text(encoding="utf-8")
    index = SyndicationIndex()
    index.add("wire", signature(wire))
    print(f"shingles of {SHINGLE_WORDS} words, threshold {DEFAULT_THRESHOLD}")
    print(f"{'fixture':16} {'exact':>6} {'minhash':>8}  linked")
    for name in ("copy_light", "copy_heavy", "same_event", "other_event"):
        text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        estimate = signature(text).jaccard(signature(wire))
        linked = index.match(signature(text)) is not None
        print(f"{name:16} {jaccard(wire, text):6.3f} {estimate:8.3f}  {'yes' if linked else 'no'}")


if __name__ == "__main__":
    main()
