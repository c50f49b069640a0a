"""Quote scoring: marked quotes, kinds, and indirect speech only where the gold labels it; build_gold's kinds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from eventwire.evaluation import score_results
from eventwire.model import Article, ArticleResult, Quote, QuoteKind

ROOT = Path(__file__).resolve().parents[1]
TEXT = "“We will rebuild the market,” said Ana Ruiz. Ruiz said the stalls would reopen on Monday."
MARKED = (1, 28)
INDIRECT = (TEXT.index("the stalls"), TEXT.index(" on Monday"))


def _quote(span: tuple[int, int], speaker: str | None, kind: QuoteKind) -> Quote:
    return Quote(speaker, TEXT[span[0]:span[1]], span[0], span[1], None, None, "said", kind)


def _gold(indirect_labelled: bool, kind: str = "direct") -> dict[str, Any]:
    quotes = [{"speaker": "Ana Ruiz", "text": TEXT[MARKED[0]:MARKED[1]], "start": MARKED[0], "end": MARKED[1],
               "kind": kind}]
    record: dict[str, Any] = {"article": {"id": "q", "text": TEXT}, "events": [], "quotes": quotes}
    if indirect_labelled:
        quotes.append({"speaker": "Ana Ruiz", "text": TEXT[INDIRECT[0]:INDIRECT[1]], "start": INDIRECT[0],
                       "end": INDIRECT[1], "kind": "indirect"})
        record["indirect_labelled"] = True
    return record


def _result(*quotes: Quote) -> ArticleResult:
    return ArticleResult(Article(id="q", text=TEXT), (), quotes)


def test_indirect_is_ignored_where_gold_does_not_label_it() -> None:
    result = _result(_quote(MARKED, "Ana Ruiz", QuoteKind.DIRECT), _quote(INDIRECT, "Ana Ruiz", QuoteKind.INDIRECT))
    scores = score_results([(result, _gold(indirect_labelled=False))])
    assert (scores["quote"]["tp"], scores["quote"]["fp"], scores["quote"]["fn"]) == (1, 0, 0)
    assert "quote.indirect" not in scores


def test_indirect_is_scored_where_gold_labels_it() -> None:
    hit = _result(_quote(MARKED, "Ana Ruiz", QuoteKind.DIRECT), _quote(INDIRECT, "Ruiz", QuoteKind.INDIRECT))
    scores = score_results([(hit, _gold(indirect_labelled=True))])
    assert scores["quote"]["f1"] == 1.0 and scores["quote.indirect"]["f1"] == 1.0
    assert scores["quote.indirect.speaker"]["tp"] == 1
    miss = _result(_quote(MARKED, "Ana Ruiz", QuoteKind.DIRECT))
    scores = score_results([(miss, _gold(indirect_labelled=True))])
    assert scores["quote"]["fn"] == 0  # the gold indirect quote is not a missed marked quote
    assert scores["quote.indirect"]["fn"] == 1 and scores["quote.indirect.speaker"]["fn"] == 1


def test_kind_and_wrong_speaker_count() -> None:
    result = _result(_quote(MARKED, "Karl Brandt", QuoteKind.PARTIAL))
    scores = score_results([(result, _gold(indirect_labelled=False, kind="direct"))])
    assert (scores["quote.kind"]["fp"], scores["quote.kind"]["fn"]) == (1, 1)
    assert (scores["quote.speaker"]["fp"], scores["quote.speaker"]["fn"]) == (1, 1)


def _build(tmp_path: Path, record: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "src"
    source.mkdir()
    (source / "one.json").write_text(json.dumps([record]), encoding="utf-8")
    return subprocess.run([sys.executable, str(ROOT / "tools" / "build_gold.py"), "--source", str(source),
                           "--output", str(tmp_path / "out.jsonl")], capture_output=True, text=True, check=False)


def _source(indirect_labelled: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "article": {"id": "g", "title": "t", "outlet": "o", "url": "https://o.example.org/g",
                    "published": "2025-11-14T09:00:00+00:00", "paragraphs": [TEXT]},
        "events": [],
        "quotes": [{"speaker": "Ana Ruiz", "kind": "indirect", "text": "the stalls would reopen"}],
    }
    if indirect_labelled:
        record["indirect_labelled"] = True
    return record


def test_build_gold_accepts_indirect_only_in_labelled_articles(tmp_path: Path) -> None:
    built = _build(tmp_path, _source(indirect_labelled=True))
    assert built.returncode == 0, built.stderr
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["indirect_labelled"] is True and record["quotes"][0]["kind"] == "indirect"
    other = tmp_path / "unlabelled"
    other.mkdir()
    refused = _build(other, _source(indirect_labelled=False))
    assert refused.returncode == 1 and "indirect_labelled" in refused.stderr
