"""Set loaders on small files written here in each set's own format (invented text, never the real sets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.errors import EvalError
from eventwire.evalsets.conll import ConllDocument, read_conll
from eventwire.evalsets.ecbplus import load_ecbplus
from eventwire.evalsets.plover import VERSION_MAP, coded_event, gold_type, load_plover
from eventwire.evalsets.scoring import detokenize, stable_sample
from eventwire.model import Article, ArticleResult, EventMention, EventType, TextSpan


def _spans(doc: ConllDocument) -> list[tuple[str, str]]:
    return [(doc.text[start:end], kind) for start, end, kind in doc.entities]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # IOB1 with -DOCSTART- (WikiGold): I- opens an entity, B- only splits two touching ones.
        ("-DOCSTART- O\n\nMayor O\nTeodor I-PER\nVask I-PER\nvisited O\nPort I-LOC\nEllis I-LOC\n. O\n",
         [("Teodor Vask", "PER"), ("Port Ellis", "LOC")]),
        ("Mayor O\nTeodor I-PER\nVask B-PER\n. O\n", [("Teodor", "PER"), ("Vask", "PER")]),
        # IOB2, tab-separated (re3d).
        ("The\tB-Organisation\nKest\tI-Organisation\nGuard\tI-Organisation\nleft\tO\nOrna\tB-Location\n.\tO\n",
         [("The Kest Guard", "Organisation"), ("Orna", "Location")]),
    ],
)
def test_conll_entities_get_exact_character_spans(tmp_path: Path, content: str, expected: list) -> None:
    path = tmp_path / "doc.conll"
    path.write_text(content, encoding="utf-8")
    (doc,) = read_conll(path)
    assert _spans(doc) == expected


def test_conll_splits_documents_and_rejects_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_text("-DOCSTART- O\n\nA O\n\n-DOCSTART- O\n\nB I-ORG\nC O\n\nD O\n", encoding="utf-8")
    first, second = read_conll(path)
    assert (first.text, second.text, second.words) == ("A", "B C\nD", 3)
    bad = tmp_path / "bad.txt"
    bad.write_text("lonely\n", encoding="utf-8")
    with pytest.raises(EvalError, match="bad.txt:1"):
        read_conll(bad)


def test_detokenize_reads_like_print_and_keeps_offsets() -> None:
    tokens = ["The", "mayor", "(", "acting", ")", "said", "it", "'s", "over", ",", "he", "said", "."]
    text, spans = detokenize(tokens)
    assert text == "The mayor (acting) said it's over, he said."
    assert [text[start:end] for start, end in spans] == tokens


def test_stable_sample_is_fixed_and_spread() -> None:
    items = [f"ASSAULT-{n}" for n in range(10)] + [f"AGREE-{n}" for n in range(10)]
    chosen = stable_sample(items, str, 6)
    assert chosen == stable_sample(list(items), str, 6) and len(chosen) == 6
    assert chosen == [item for item in items if item in chosen]  # the set's own order
    assert stable_sample(items, str, None) == items


ECB_XML = """<Document doc_name="99_1ecbplus.xml" doc_id="DOC1">
<token t_id="1" sentence="0" number="0">http://example.org/a</token>
<token t_id="2" sentence="1" number="0">Police</token>
<token t_id="3" sentence="1" number="1">arrested</token>
<token t_id="4" sentence="1" number="2">Ilse</token>
<token t_id="5" sentence="1" number="3">Varga</token>
<token t_id="6" sentence="1" number="4">.</token>
<token t_id="7" sentence="2" number="0">She</token>
<token t_id="8" sentence="2" number="1">fled</token>
<Markables>
<ACTION_OCCURRENCE m_id="10"><token_anchor t_id="3"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="11"><token_anchor t_id="8"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="12"><token_anchor t_id="4"/><token_anchor t_id="5"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="13" RELATED_TO="" TAG_DESCRIPTOR="t1_arrest"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT42"><source m_id="10"/><target m_id="13"/></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def test_ecbplus_reads_annotated_sentences_only(tmp_path: Path) -> None:
    folder = tmp_path / "ecbplus"
    (folder / "ECB+" / "99").mkdir(parents=True)
    (folder / "ECB+" / "99" / "99_1ecbplus.xml").write_text(ECB_XML, encoding="utf-8")
    (folder / "ECBplus_coreference_sentences.csv").write_text("Topic,File,Sentence Number\n99,1ecbplus,1\n")
    (doc,) = load_ecbplus(tmp_path)
    assert doc.text == "Police arrested Ilse Varga."
    (mention,) = doc.mentions  # "fled" is outside the annotated sentences; participants are not events
    assert (doc.text[mention.start:mention.end], mention.instance, doc.topic) == ("arrested", "ACT42", "99")


def _record(event: str, text: str, markup: str) -> dict:
    return {"id": f"GSR-{event}", "event": event, "text": text, "textInfo": {"markup": markup}}


def test_plover_loader_maps_versions_and_picks_the_coded_event(tmp_path: Path) -> None:
    folder = tmp_path / "plover-gsr"
    folder.mkdir()
    record = _record("DEMAND", "Orna urged Kest to talk and threatened sanctions.",
                     "(SRC: Orna) (EVT: urged) (TAR: Kest) to talk and threatened sanctions.")
    (folder / "plover_gsr.jsonl").write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    (loaded,) = load_plover(tmp_path)
    assert gold_type(loaded) == "REQUEST" and VERSION_MAP["FIGHT"] == "ASSAULT"

    def event(word: str, start: int, kind: EventType, confidence: float) -> EventMention:
        span = TextSpan(word, start, start + len(word))
        return EventMention(id=word, type=kind, mode=None, acled=None, trigger=span, sentence=span,
                            confidence=confidence)

    threat = event("threatened", 27, EventType.THREATEN, 0.9)
    request = event("urged", 5, EventType.REQUEST, 0.5)
    result = ArticleResult(Article(id="a", text=record["text"]), (threat, request), ())
    assert coded_event(result, loaded) is request  # the EVT word wins over the higher confidence
    (folder / "plover_gsr.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvalError, match="needs text and event"):
        load_plover(tmp_path)
