"""The merge scored end to end on the team's gold, and the ECB+ reader on one real document."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eventwire.ecbplus import read_document
from eventwire.merge import MergeEngine, records_from_result
from eventwire.merge_evaluation import merge_articles, read_articles, score_merge_gold

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "eval" / "gold" / "merge"
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus"
if not ECBPLUS.is_dir():
    ECBPLUS = Path("/work/shared/data/ecbplus")


def test_merge_gold_bcubed_floor() -> None:
    scores = score_merge_gold(GOLD)
    assert scores["not_extracted"] == 0
    assert scores["bcubed_f1"] >= 0.85
    assert scores["pairwise_f1"] >= 0.8


def test_gold_ids_do_not_depend_on_input_order_or_batches() -> None:
    articles, copies = read_articles(GOLD / "articles.jsonl")
    run = merge_articles(articles, copies)
    records = [
        record for result in run.results.values()
        for record in records_from_result(result, copies.get(result.article.id))
    ]
    shuffled = records[:]
    random.Random(7).shuffle(shuffled)
    engine = MergeEngine()
    engine.add(shuffled)
    assert engine.event_of == run.engine.event_of
    # Incremental: articles arriving one publication-time batch at a time give the same events.
    batched = MergeEngine()
    records.sort(key=lambda record: record.published)
    for start in range(0, len(records), 5):
        batched.add(records[start:start + 5])
    assert batched.event_of == run.engine.event_of


@pytest.mark.skipif(not ECBPLUS.is_dir(), reason="ECB+ not present in ../shared/data/ecbplus")
def test_ecbplus_document_offsets_point_at_gold_tokens() -> None:
    document = read_document(ECBPLUS / "ECB+" / "36" / "36_1ecb.xml", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    assert document is not None
    words = [document.article.text[m.start:m.end] for m in document.mentions]
    assert "arrested" in words
    assert all(word.strip() == word and word for word in words)
