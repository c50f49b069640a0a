"""The merge scored end to end on the team's gold, and the ECB+ reader (whole documents) for the merge."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from eventwire.errors import EvalError
from eventwire.evalsets.ecbplus import read_document, read_ecbplus
from eventwire.ingest import build_article
from eventwire.merge import MergeEngine, records_from_result
from eventwire.merge_evaluation import merge_articles, read_articles, score_merge_gold
from eventwire.model import Reject

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
    document = read_document(ECBPLUS / "ECB+" / "36" / "36_1ecb.xml", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, whole=True)
    words = [document.text[m.start:m.end] for m in document.mentions]
    assert "arrested" in words
    assert all(word.strip() == word and word for word in words)
    article = build_article(document.text, document.name, article_id=document.name)
    assert not isinstance(article, Reject) and article.text == document.text  # offsets hold once stored


# Invented document: sentence 0 is the source URL, sentence 1 is annotated, sentence 2 is not.
ECB_XML = """<Document doc_name="99_1ecbplus.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">http://example.org/a</token>
<token t_id="2" sentence="1" number="0">Police</token>
<token t_id="3" sentence="1" number="1">arrested</token>
<token t_id="4" sentence="1" number="2">Ilse	</token>
<token t_id="5" sentence="1" number="3">Varga</token>
<token t_id="6" sentence="1" number="4">.</token>
<token t_id="7" sentence="1" number="5">The</token>
<token t_id="8" sentence="1" number="6">arrest</token>
<token t_id="9" sentence="1" number="7">stunned</token>
<token t_id="10" sentence="1" number="8">Brell</token>
<token t_id="11" sentence="1" number="9">.</token>
<token t_id="12" sentence="2" number="0">She</token>
<token t_id="13" sentence="2" number="1">fled</token>
<Markables>
<ACTION_OCCURRENCE m_id="20"><token_anchor t_id="3"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="21"><token_anchor t_id="8"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="22"><token_anchor t_id="9"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="23"><token_anchor t_id="13"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="24"><token_anchor t_id="4"/><token_anchor t_id="5"/></HUMAN_PART_PER>
</Markables>
<Relations>
<INTRA_DOC_COREF r_id="1"><source m_id="20"/><source m_id="21"/><target m_id="30"/></INTRA_DOC_COREF>
</Relations>
</Document>
"""


def test_ecbplus_whole_documents_for_the_merge(tmp_path: Path) -> None:
    (tmp_path / "ECB+" / "99").mkdir(parents=True)
    (tmp_path / "ECB+" / "99" / "99_1ecbplus.xml").write_text(ECB_XML, encoding="utf-8")
    (tmp_path / "ECB+" / "99" / "99_2ecb.xml").write_text(ECB_XML.replace("99_1ecbplus", "99_2ecb"), encoding="utf-8")
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text("Topic,File,Sentence Number\n99,1ecbplus,1\n")
    (annotated,) = read_ecbplus(tmp_path)
    assert annotated.text == "Police arrested Ilse Varga. The arrest stunned Brell."  # tab gone, offsets kept
    first, second = read_ecbplus(tmp_path, whole=True)  # every document, every sentence but the URL
    assert first.text == annotated.text + "\nShe fled"
    assert second.name == "99_2ecb" and second.mentions == ()  # no annotated sentence: no gold mention
    # Gold mentions come from the annotated sentence only ("fled" is outside it); each one's event is
    # its within-document chain when it has no cross-document instance, else the mention alone.
    assert [(first.text[m.start:m.end], m.cluster(first.name)) for m in first.mentions] == [
        ("arrested", "99_1ecbplus:chain:30"), ("arrest", "99_1ecbplus:chain:30"), ("stunned", "99_1ecbplus:22"),
    ]


def test_ecbplus_reader_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(EvalError):
        read_ecbplus(tmp_path)  # no ECB+ folder
    (tmp_path / "ECB+" / "99").mkdir(parents=True)
    with pytest.raises(EvalError):
        read_ecbplus(tmp_path)  # no annotated sentence list
    (tmp_path / "ECBplus_coreference_sentences.csv").write_text("Topic,File,Sentence Number\n99,1ecbplus,1\n")
    (tmp_path / "ECB+" / "99" / "99_1ecbplus.xml").write_text("<Document><token", encoding="utf-8")
    with pytest.raises(EvalError):
        read_ecbplus(tmp_path)  # broken XML
