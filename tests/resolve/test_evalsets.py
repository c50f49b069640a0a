"""The toponym and timex scorers on tiny invented files in each gold set's format (no third-party data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eventwire.evalsets import ScoreRow
from eventwire.evalsets.timex import calendar_value, read_tml, same_at, score_timex
from eventwire.evalsets.toponyms import distance_km, read_set, score_toponyms
from eventwire.model import DatePrecision
from eventwire.resolve.geo import Gazetteer

# Invented articles (example.org); offsets of GeoVirus-style files are one too far on purpose, as in
# the real file, to check that they are realigned to the gold name.
GEOVIRUS = """<articles><article><source>https://example.org/1</source>
<text>Health teams in Goma, North Kivu, counted new cases on Monday.</text>
<locations><location><name>Goma</name><start>17</start><end>21</end><lat>-1.68</lat><lon>29.22</lon></location>
<location><name>Nowhereville Qqq</name><start>200</start><end>216</end><lat>0</lat><lon>0</lon></location>
</locations></article></articles>"""
LGL = """<?xml version="1.0" encoding="utf-8"?><articles><article docid="7"><text><![CDATA[Paris, Texas, \
opened a shelter.]]></text><toponyms><toponym><start>0</start><end>5</end><phrase>Paris</phrase>
<gaztag geonameid="4717560"><lat>33.66</lat><lon>-95.56</lon></gaztag></toponym>
<toponym><start>7</start><end>12</end><phrase>Texas</phrase></toponym></toponyms></article></articles>"""
GWN = """<?xml version="1.0" ?><articles><article file="0"><title>t</title><text>Protesters in Tbilisi, \
Georgia, marched.</text><toponyms><toponym><extractedName>Tbilisi</extractedName><start>14</start><end>21</end>
<latitude>41.69</latitude><longitude>44.83</longitude></toponym><toponym><extractedName>Georgia</extractedName>
<start>23</start><end>30</end><latitude>42.0</latitude><longitude>43.5</longitude></toponym></toponyms>
</article></articles>"""
TML = """<?xml version="1.0" ?><TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-22" functionInDocument="CREATION_TIME">March 22, 2013</TIMEX3></DCT>
<TEXT>Rebels attacked the town on <TIMEX3 tid="t1" type="DATE" value="2013-03-21">Thursday</TIMEX3>, and talks \
will resume in <TIMEX3 tid="t2" type="DATE" value="2013-05">May</TIMEX3> after <TIMEX3 tid="t3" type="DURATION" \
value="P2Y">two years</TIMEX3> of fighting that began in <TIMEX3 tid="t4" type="DATE" value="XXXX-SU">the \
summer</TIMEX3> of <TIMEX3 tid="t5" type="DATE" value="2011">2011</TIMEX3>.</TEXT></TimeML>"""


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    for relative, text in {
        "geovirus/GeoVirus.xml": GEOVIRUS,
        "lgl/lgl.xml": LGL,
        "geowebnews/GWN.xml": GWN,
        "tempeval3-platinum/tml/x.tml": TML,
    }.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def _value(rows: list[ScoreRow], dataset: str, system: str, metric: str) -> float | None:
    return next(r.value for r in rows if (r.dataset, r.system, r.metric) == (dataset, system, metric))


def test_readers_realign_offsets_and_skip_toponyms_without_points(data_dir: Path) -> None:
    (goma_doc,) = read_set("geovirus", data_dir)
    assert [t.text for t in goma_doc.toponyms] == ["Goma"]  # the out-of-range one is dropped
    assert goma_doc.text[goma_doc.toponyms[0].start : goma_doc.toponyms[0].end] == "Goma"
    (paris_doc,) = read_set("lgl", data_dir)
    # "Texas" has no gaztag: kept as context for "Paris", not scored
    assert [(t.text, t.scored) for t in paris_doc.toponyms] == [("Paris", True), ("Texas", False)]


def test_score_toponyms(data_dir: Path, gazetteer: Gazetteer) -> None:
    rows = score_toponyms(data_dir, gazetteer=gazetteer)
    assert _value(rows, "geovirus", "eventwire", "acc@161km") == 1.0
    assert _value(rows, "lgl", "eventwire", "acc@161km") == 1.0  # Paris, Texas by hierarchy
    assert _value(rows, "lgl", "gazetteer-max-population", "acc@161km") == 0.0  # Paris, France
    assert _value(rows, "geowebnews", "eventwire", "acc@161km") == 1.0  # Georgia the country, by Tbilisi
    tr_news = [r for r in rows if r.dataset == "tr-news"]
    assert tr_news and all(r.value is None and "absent" in r.note for r in tr_news)


def test_distance_km() -> None:
    assert distance_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.5)
    assert distance_km(10.0, 20.0, 10.0, 20.0) == 0.0


def test_read_tml_keeps_calendar_values_only(data_dir: Path) -> None:
    document = read_tml(data_dir / "tempeval3-platinum/tml/x.tml")
    assert document is not None and document.dct == dt.date(2013, 3, 22)
    assert [(t.text, t.value) for t in document.timexes] == [
        ("Thursday", "2013-03-21"),
        ("May", "2013-05"),
        ("2011", "2011"),
    ]
    assert document.skipped == 1  # "the summer"; the DURATION is not a DATE at all
    assert all(document.text[t.start : t.end] == t.text for t in document.timexes)


def test_score_timex(data_dir: Path) -> None:
    rows = score_timex(data_dir, use_spacy=False)
    assert (
        _value(rows, "tempeval3-platinum", "eventwire", "value_acc") == 1.0
    )  # "will resume in May": forward
    assert _value(rows, "tempeval3-platinum", "dateparser", "value_acc") == pytest.approx(2 / 3)
    assert _value(rows, "semeval2015-timeline", "eventwire", "value_acc") is None


def test_tagger_hook(data_dir: Path) -> None:
    def tagger(text: str, dct: dt.date) -> list[tuple[int, int, str]]:
        start = text.index("Thursday")
        return [(start, start + 8, "2013-03-21"), (text.index("May"), text.index("May") + 3, "2012-05")]

    rows = score_timex(data_dir, use_spacy=False, taggers={"fake-tagger": tagger})
    assert _value(rows, "tempeval3-platinum", "fake-tagger", "e2e_value_acc") == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2013-03-22", (DatePrecision.DAY, dt.date(2013, 3, 22))),
        ("2013-03-22T15:00", (DatePrecision.DAY, dt.date(2013, 3, 22))),
        ("2013-W11", (DatePrecision.WEEK, dt.date(2013, 3, 11))),
        ("2013-03", (DatePrecision.MONTH, dt.date(2013, 3, 1))),
        ("2013", (DatePrecision.YEAR, dt.date(2013, 1, 1))),
        ("XXXX-SU", None),
        ("PRESENT_REF", None),
        ("2013-13", None),
    ],
)
def test_calendar_value(value: str, expected: tuple[DatePrecision, dt.date] | None) -> None:
    assert calendar_value(value) == expected


def test_same_at_granularity() -> None:
    assert same_at(DatePrecision.WEEK, dt.date(2013, 3, 11), dt.date(2013, 3, 17))
    assert not same_at(DatePrecision.WEEK, dt.date(2013, 3, 11), dt.date(2013, 3, 18))
    assert same_at(DatePrecision.MONTH, dt.date(2013, 3, 1), dt.date(2013, 3, 31))
    assert not same_at(DatePrecision.DAY, dt.date(2013, 3, 1), dt.date(2013, 3, 2))
