"""Which place and date an event gets from its article: statements, prepositions, datelines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eventwire.ingest import build_article
from eventwire.model import ArticleResult, EntityMention
from eventwire.nlp.place_frames import framed_places
from eventwire.pipeline import dateline

PUBLISHED = dt.datetime(2025, 11, 14, 9, 0, tzinfo=dt.UTC)  # a Friday


def _events(pipeline: Any, text: str) -> list[dict[str, Any]]:
    article = build_article(text, "attachment.txt", published=PUBLISHED)
    (result,) = list(pipeline.process([article]))
    assert isinstance(result, ArticleResult)
    return result.to_dict()["events"]


def _of_type(events: list[dict[str, Any]], event_type: str) -> dict[str, Any]:
    return next(event for event in events if event["type"] == event_type)


def test_statement_is_not_coded_to_the_places_it_talks_about(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "Gunmen attacked a market in Maiduguri on Thursday, killing four people.\n\n"
        "The governor condemned the attack on Maiduguri and urged residents to stay calm.",
    )
    condemnation = _of_type(events, "ACCUSE")
    assert condemnation["location"] is None
    # Nor is it dated by the publication day when the text gives it no date.
    assert condemnation["date"] is None
    attack = _of_type(events, "ASSAULT")
    assert attack["location"]["name"] == "Maiduguri" and attack["date"]["value"] == "2025-11-13"


def test_statement_made_in_a_named_place_keeps_it(pipeline: Any) -> None:
    events = _events(pipeline, "In Misrata, a militia commander threatened to leave the ceasefire on Thursday.")
    threat = _of_type(events, "THREATEN")
    assert threat["location"]["text"] == "Misrata"


def test_main_place_is_the_town_not_the_country_around_it(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "Soldiers in Mexico found six bodies in Culiacán on Thursday.\n\n"
        "Mexico's army said the dead had been shot. Culiacán has seen weeks of violence in Mexico.\n\n"
        "Later, police arrested two men.",
    )
    arrest = _of_type(events, "COERCE")
    assert arrest["location"]["text"] == "Culiacán"


def test_an_act_without_a_place_stays_where_the_story_last_was(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "Aid groups in Goma said food stocks in Goma were running low.\n\n"
        "Gunmen attacked a market in Bunia on Thursday. Police later arrested three suspects.",
    )
    arrest = _of_type(events, "COERCE")
    assert arrest["location"]["text"] == "Bunia"


def test_an_act_without_a_date_follows_the_last_dated_act(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "Gunmen attacked a market in Bunia on Tuesday, killing four people.\n\n"
        "Hours later, police arrested three suspects.",
    )
    arrest = _of_type(events, "COERCE")
    assert arrest["date"]["value"] == "2025-11-11"


def test_a_planned_event_looks_forward_and_an_undated_plan_has_no_date(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "Teachers said they would march to parliament in Nairobi on Monday.\n\n"
        "The government said it would send more police to the city.",
    )
    march = _of_type(events, "PROTEST")
    assert march["date"]["value"] == "2025-11-17"
    deployment = _of_type(events, "MOBILIZE")
    assert deployment["date"] is None


def test_dateline_place_is_found_and_is_the_main_place(pipeline: Any) -> None:
    assert dateline("GOMA, Congo — Shells fell") == EntityMention("GOMA", 0, 4, "GPE")
    assert dateline("Rebels gain ground\n\nSANTIAGO DE LOS CABALLEROS — Police") is not None
    assert dateline("Police in Goma said — nothing") is None
    # Wire style with a date and an outlet before a plain hyphen; accented capitals.
    assert dateline("BUNIA, Congo, Nov 3 (Example Wire) - Gunmen") == EntityMention("BUNIA", 0, 5, "GPE")
    assert dateline("MÉRIDA (Example Wire) - Police") == EntityMention("MÉRIDA", 0, 6, "GPE")
    assert dateline("CULIACÁN, Mexico — Gunmen") == EntityMention("CULIACÁN", 0, 8, "GPE")
    # A plain hyphen alone is not a dateline's separator ("- Shelling resumes" lists, headlines).
    assert dateline("BUNIA - a town on edge") is None
    events = _events(pipeline, "THESSALONIKI — Police detained 12 people after a student march on Monday night.")
    assert _of_type(events, "COERCE")["location"]["geonameid"] == 734077  # Thessaloniki


def test_the_most_precise_place_of_the_sentence_wins(pipeline: Any) -> None:
    events = _events(
        pipeline, "Gunmen opened fire on a passenger boat on the Niger river near Timbuktu on Saturday."
    )
    assert _of_type(events, "ASSAULT")["location"]["text"] == "Timbuktu"


def test_a_statement_is_dated_by_its_own_clause_only(pipeline: Any) -> None:
    events = _events(pipeline, "The union warned that the strike planned for Monday would shut every port.")
    assert _of_type(events, "THREATEN")["date"] is None
    events = _events(pipeline, "On Tuesday the state governor strongly condemned the killings of four farmers near the river.")
    assert _of_type(events, "ACCUSE")["date"]["value"] == "2025-11-11"


def test_a_settlement_frame_names_a_place_the_recogniser_missed(pipeline: Any) -> None:
    # The small model tags "Mogok" as a person and "Bria" as a date; the frames still site the events.
    text = "Troops withdrew from the jade-mining town of Mogok on Thursday under a local deal."
    assert [m.text for m in framed_places(text, 0, len(text))] == ["Mogok"]
    assert [m.text for m in framed_places("Talks near the end of May stalled.", 0, 34)] == []
    events = _events(pipeline, "Aid workers in Mandalay said food stocks were low.\n\n" + text)
    assert _of_type(events, "RETREAT")["location"]["text"] == "Mogok"
    events = _events(
        pipeline,
        "BANGUI — Aid workers in Bangui said food stocks were low.\n\n"
        "Police seized a cache of rifles in a house near Bria on Monday, the army said.",
    )
    assert _of_type(events, "COERCE")["location"]["text"] == "Bria"


def test_a_statement_is_dated_by_the_saying_that_carries_it(pipeline: Any) -> None:
    events = _events(pipeline, "The harbour police said on Wednesday that they had accused the ferry company of negligence.")
    assert _of_type(events, "ACCUSE")["date"]["value"] == "2025-11-12"
    events = _events(
        pipeline, "The militia denied any role in the ambush in a statement posted on Tuesday, residents said."
    )
    assert _of_type(events, "REJECT")["date"]["value"] == "2025-11-11"
    # A date inside what is said does not date the saying.
    events = _events(pipeline, "The mayor condemned the attack that had killed four traders on Tuesday.")
    assert _of_type(events, "ACCUSE")["date"] is None



def test_a_date_relative_to_a_month_dated_event_keeps_that_month(pipeline: Any) -> None:
    events = _events(
        pipeline,
        "In September, gunmen attacked a cattle market in Bunia, killing six traders.\n\n"
        "A week later, youths burned a police station in Bunia in reprisal.",
    )
    dates = [event["date"] for event in events if event["type"] in ("ASSAULT", "PROTEST")]
    assert [(d["value"], d["precision"]) for d in dates] == [("2025-09-01", "month")] * 2


def test_a_nationwide_event_is_coded_to_the_country_the_sentence_names(pipeline: Any) -> None:
    events = _events(pipeline, "DAKAR — Senegal's teachers began a nationwide strike on Monday over unpaid bonuses.")
    assert _of_type(events, "PROTEST")["location"]["precision"] == "country"
    events = _events(pipeline, "DAKAR — Senegal's teachers marched through Dakar on Monday over unpaid bonuses.")
    assert _of_type(events, "PROTEST")["location"]["precision"] == "city"
