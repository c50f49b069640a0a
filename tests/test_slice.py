"""The foundation slice on demo and hand-written articles: types, places, dates, counts, quotes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from eventwire.ingest import build_article, read_sources
from eventwire.model import ArticleResult

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent

DEMO = ROOT / "src" / "eventwire" / "demo" / "articles.jsonl"


@pytest.fixture(scope="module")
def demo_results(pipeline: Any) -> dict[str, dict[str, Any]]:
    articles = list(read_sources([str(DEMO)]))
    return {result.article.id: result.to_dict() for result in pipeline.process(articles)}


def _first(result: dict[str, Any], event_type: str) -> dict[str, Any]:
    return next(event for event in result["events"] if event["type"] == event_type)


# (article, type, geonameid, date, precision, killed, injured, ACLED sub-event)
DEMO_CASES = [
    ("demo-001", "ASSAULT", 379003, "2025-11-13", "day", 11, 30, "Air/drone strike"),
    ("demo-004", "ASSAULT", 706483, "2025-10-21", "day", 4, 17, "Shelling/artillery/missile attack"),
    ("demo-006", "PROTEST", 184745, "2025-10-07", "day", None, None, "Protest with intervention"),
    ("demo-012", "ASSAULT", 53654, "2025-10-25", "day", 9, 15, "Remote explosive/landmine/IED"),
    ("demo-020", "ASSAULT", 70225, "2025-11-07", "day", 3, 2, "Air/drone strike"),
]


@pytest.mark.parametrize(("article_id", "event_type", "geonameid", "date", "precision", "killed", "injured", "acled"), DEMO_CASES)
def test_demo_main_event(
    demo_results: dict[str, dict[str, Any]],
    article_id: str,
    event_type: str,
    geonameid: int,
    date: str,
    precision: str,
    killed: int | None,
    injured: int | None,
    acled: str,
) -> None:
    event = _first(demo_results[article_id], event_type)
    assert event["location"]["geonameid"] == geonameid
    assert (event["date"]["value"], event["date"]["precision"]) == (date, precision)
    fatalities = event["fatalities"] or {}
    assert (fatalities.get("killed"), fatalities.get("injured")) == (killed, injured)
    assert event["acled"]["sub_event_type"] == acled


def test_background_event_keeps_its_own_month(demo_results: dict[str, dict[str, Any]]) -> None:
    events = [e for e in demo_results["demo-001"]["events"] if e["type"] == "ASSAULT"]
    background = [e for e in events if e["date"]["precision"] == "month"]
    assert [(e["date"]["value"], e["fatalities"]["killed"]) for e in background] == [("2025-09-01", 9)]


def test_demo_quote_speakers(demo_results: dict[str, dict[str, Any]]) -> None:
    speakers = {q["speaker"] for q in demo_results["demo-001"]["quotes"] if q["kind"] == "direct"}
    assert "Hamid Osman Kheir" in speakers


def test_every_span_points_at_its_words(demo_results: dict[str, dict[str, Any]], pipeline: Any) -> None:
    texts = {article.id: article.text for article in read_sources([str(DEMO)])}
    for article_id, result in demo_results.items():
        text = texts[article_id]
        for event in result["events"]:
            for key in ("trigger", "sentence", "location"):
                span = event[key]
                if span:
                    assert text[span["start"] : span["end"]] == span["text"], (article_id, key)
            for actor in event["actors"]:
                assert text[actor["start"] : actor["end"]] == actor["text"]
            if event["date"] and event["date"]["source"] == "text":
                assert text[event["date"]["start"] : event["date"]["end"]] == event["date"]["text"]
            if event["fatalities"]:
                assert event["fatalities"]["start"] < event["fatalities"]["end"]
        for quote in result["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"]


@pytest.fixture(scope="module")
def mission(pipeline: Any) -> dict[str, Any]:
    published = dt.datetime(2025, 11, 14, 6, 30, tzinfo=dt.UTC)  # a Friday
    article = build_article((DATA / "mission.txt").read_text(), "mission.txt", published=published)
    (result,) = list(pipeline.process([article]))
    assert isinstance(result, ArticleResult)
    return result.to_dict()


def test_mission_thursday_night_is_the_day_before(mission: dict[str, Any]) -> None:
    strike = mission["events"][0]
    assert strike["type"] == "ASSAULT" and strike["mode"] == "drone"
    assert strike["location"]["geonameid"] == 3646738 and strike["location"]["country"] == "VEN"
    assert strike["location"]["precision"] == "city"
    assert (strike["date"]["value"], strike["date"]["precision"], strike["date"]["source"]) == ("2025-11-13", "day", "text")
    assert [a["sector"] for a in strike["actors"] if a["role"] == "target"] == ["criminal"]


def test_mission_september_strike_is_its_own_event(mission: dict[str, Any]) -> None:
    september = [e for e in mission["events"] if e["date"]["precision"] == "month"]
    assert len(september) == 1
    assert september[0]["date"]["value"] == "2025-09-01"
    assert september[0]["fatalities"]["killed"] == 11


def test_mission_quote_and_protest(mission: dict[str, Any]) -> None:
    (quote,) = [q for q in mission["quotes"] if q["kind"] == "direct"]
    assert quote["speaker"] == "Carla Ruiz"
    assert quote["text"].rstrip(",") == "These people will be hunted down"
    protest = _first(mission, "PROTEST")
    assert protest["location"]["geonameid"] == 3688689
    assert protest["date"]["value"] == "2025-11-14"
    assert protest["acled"] == {"event_type": "Protests", "sub_event_type": "Protest with intervention"}


def test_html_article_text_and_metadata(pipeline: Any) -> None:
    (article,) = list(read_sources([str(DATA / "article.html")]))
    assert article.outlet == "Harbor Ledger"
    assert article.published == dt.datetime.fromisoformat("2025-10-21T09:00:00+03:00")
    assert article.published_source == "json-ld"
    assert "fake news" not in article.text  # comments are not article text
    (result,) = list(pipeline.process([article]))
    event = _first(result.to_dict(), "ASSAULT")
    assert event["location"]["geonameid"] == 706483
    assert event["fatalities"]["killed"] == 4 and event["fatalities"]["injured"] == 17
    assert event["claim"]["status"] == "confirmed"
    assert any(q["speaker"] == "Olena Maryniuk" for q in result.to_dict()["quotes"])
