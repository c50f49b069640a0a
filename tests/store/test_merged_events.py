"""Merged events on both backends: incremental batches through the store give the in-memory result."""

from __future__ import annotations

import sys
from pathlib import Path

from eventwire.merge import MentionRecord, MergeEngine
from eventwire.model import Article, ArticleResult
from eventwire.pipeline import merge_stored
from eventwire.store.sql import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "merge"))
from builders import record  # tests/merge/builders.py (importlib mode adds no folder to sys.path)

STRIKE_A = record("a1", "art-a", "An air strike hit the fuel depot in Nyala on Monday, killing nine people.", killed=9)
REPEAT = record("a2", "art-a", "The strike set fire to fuel tanks.", day=None, position=1)
STRIKE_B = record("b1", "art-b", "Warplanes struck a fuel depot in Nyala, killing 12 people, medics said.", killed=12,
                  published="2025-11-11T10:00:00+00:00")
COPY = record("c1", "art-c", "An air strike hit the fuel depot in Nyala on Monday, killing nine people.", killed=9,
              copy_of="art-a", outlet="Copy Desk", published="2025-11-11T11:00:00+00:00")
ELSEWHERE = record("d1", "art-d", "An air strike on a market in El Fasher killed five people.", place="el fasher",
                   killed=5)


def _result(records: list[MentionRecord]) -> ArticleResult:
    first = records[0]
    article = Article(id=first.article_id, text="(invented)", outlet=first.outlet, url=first.url,
                      published=first.published)
    return ArticleResult(article, tuple(r.mention for r in records), ())


def test_merge_batches_through_the_store(store_url: str) -> None:
    expected = MergeEngine()
    expected.add([STRIKE_A, REPEAT, STRIKE_B, COPY, ELSEWHERE])
    batches = [[_result([STRIKE_A, REPEAT]), _result([ELSEWHERE])], [_result([STRIKE_B])], [_result([COPY])]]
    with SqlStore(store_url) as store:
        for batch in batches:
            for result in batch:
                assert store.add_result(result)
            merge_stored(store, batch, copies={"art-c": "art-a"})
        record_a = store.get_merged_event(expected.event_of["a1"])
        assert record_a is not None
        event = record_a["event"]
        assert {link["mention_id"] for link in record_a["links"]} == {"a1", "a2", "b1", "c1"}
        assert event["corroboration"]["articles"] == 3
        assert event["corroboration"]["independent_documents"] == 2
        assert event["corroboration"]["outlets"] == 2
        assert event["fatalities"]["killed"] == {"best": 12, "min": 9, "max": 12}
        killed = next(c for c in event["conflicts"] if c["field"] == "killed")
        assert {v["value"] for v in killed["values"]} == {9, 12}
        assert store.get_merged_event(expected.event_of["d1"])["event"]["corroboration"]["articles"] == 1
        from eventwire.store.base import EventFilter

        assert {e["id"] for e in store.query_events(EventFilter(min_outlets=2))} == {"a1", "a2", "b1", "c1"}


def test_bridged_events_leave_an_alias_in_the_store(store_url: str) -> None:
    from builders import record as make

    a = make("x1", "art-x", "Warplanes bombed the fuel depot in Nyala on Monday.", killed=4,
             published="2025-11-11T06:00:00+00:00")
    b = make("y1", "art-y", "Medics counted dead after the raid on the city's depot.", place="sudan", killed=9,
             mode=None, published="2025-11-11T07:00:00+00:00")
    c = make("z1", "art-z", "Warplanes bombed the fuel depot in Nyala, medics counted the dead after the raid.",
             killed=6, published="2025-11-11T08:00:00+00:00")
    with SqlStore(store_url) as store:
        first = [_result([a]), _result([b])]
        for result in first:
            store.add_result(result)
        created = merge_stored(store, first).created
        assert len(created) == 2
        store.add_result(_result([c]))
        report = merge_stored(store, [_result([c])])
        ((retired, survivor),) = report.retired
        assert {retired, survivor} == set(created)
        via_alias = store.get_merged_event(retired)
        assert via_alias is not None and via_alias["event"]["id"] == survivor
        assert {link["mention_id"] for link in via_alias["links"]} == {"x1", "y1", "z1"}
        assert via_alias["event"]["fatalities"]["killed"] == {"best": 6, "min": 4, "max": 9}
