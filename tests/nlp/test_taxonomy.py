"""The taxonomy tables hold together, docs/taxonomy.md is fresh, and every ACLED sub-event type is reachable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eventwire.model import Article, ArticleResult, EventType
from eventwire.nlp.lexicon import load_table
from eventwire.nlp.taxonomy import acled_pairs, plover_modes, render_taxonomy_markdown

ROOT = Path(__file__).resolve().parents[2]
CASES = [json.loads(line) for line in (Path(__file__).with_name("acled_cases.jsonl")).read_text().splitlines()[1:]]


def test_taxonomy_doc_is_fresh() -> None:
    assert (ROOT / "docs" / "taxonomy.md").read_text(encoding="utf-8") == render_taxonomy_markdown(), (
        "docs/taxonomy.md is stale: run python tools/build_taxonomy_doc.py"
    )


def test_build_taxonomy_doc_check_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_taxonomy_doc.py"), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_sixteen_plover_types_and_twenty_five_acled_sub_types() -> None:
    assert set(plover_modes()) == {event_type.value for event_type in EventType}
    assert len(acled_pairs()) == 25
    assert len({event_type for event_type, _ in acled_pairs()}) == 6


def test_every_plover_type_and_mode_has_a_cue() -> None:
    given = {(row["type"], row["mode"]) for row in load_table("triggers.csv")}
    given |= {(row["type"], row["mode"]) for row in load_table("mode_cues.csv")}
    types = {event_type for event_type, _ in given}
    missing = [(t, m) for t, modes in plover_modes().items() for m in modes if (t, m) not in given]
    assert not missing
    assert types == set(plover_modes())


@pytest.mark.parametrize("table", ["triggers.csv", "mode_cues.csv"])
def test_table_modes_are_plover_modes(table: str) -> None:
    modes = plover_modes()
    bad = [row for row in load_table(table) if row["mode"] and row["mode"] not in modes[row["type"]]]
    assert not bad


def test_crosswalk_rows_are_valid_and_reach_every_sub_type() -> None:
    modes, pairs = plover_modes(), set(acled_pairs())
    rows = load_table("acled_crosswalk.csv")
    for row in rows:
        assert row["type"] in modes
        assert row["mode"] == "*" or row["mode"] in modes[row["type"]], row
        assert row["acled_event_type"] == "-" or (row["acled_event_type"], row["acled_sub_event_type"]) in pairs, row
    produced = {(row["acled_event_type"], row["acled_sub_event_type"]) for row in rows}
    assert pairs - produced <= {("Battles", "Government regains territory")} or pairs <= produced
    # every PLOVER type has a catch-all row, so no event falls through the table
    assert {row["type"] for row in rows if row["mode"] == "*" and not row["trigger"] and not row["cue"]} == set(modes)


def test_fixture_covers_every_sub_type() -> None:
    assert {tuple(case["acled"]) for case in CASES} == set(acled_pairs())


@pytest.fixture(scope="module")
def results() -> dict[str, ArticleResult]:
    from eventwire.pipeline import process

    articles = [Article(id=case["id"], text=case["text"]) for case in CASES]
    return {result.article.id: result for result in process(articles) if isinstance(result, ArticleResult)}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_sentence_produces_its_acled_pair(results: dict[str, ArticleResult], case: dict[str, Any]) -> None:
    produced = [
        (event.type.value, event.acled.event_type, event.acled.sub_event_type)
        for event in results[case["id"]].events
        if event.acled is not None
    ]
    assert (case["type"], *case["acled"]) in produced, produced


@pytest.mark.parametrize(
    ("sectors", "mode", "outcome"),
    [((), None, None), (("protesters",), None, "violent"), ((), "destroy", "violent"), (("police",), None, None),
     (("protesters",), "crowd-control", None)],
)
def test_protest_part_is_violent_only_with_a_known_means_or_doer(
    sectors: tuple[str, ...], mode: str | None, outcome: str | None
) -> None:
    from eventwire.nlp.acled import protest_outcome_of_part

    assert protest_outcome_of_part(sectors, mode) == outcome
