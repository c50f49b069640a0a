"""Merging into a real SQLite store: incremental batches, stable ids, explain through the CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli.main import app
from eventwire.merge import MentionRecord, MergeEngine
from eventwire.model import Article, ArticleResult, DatePrecision
from eventwire.pipeline import merge_stored
from eventwire.store.sql import SqlStore

from .test_cluster import BACKGROUND, OTHER_TOWN, REPEAT, STRIKE_A, STRIKE_B, STRIKE_C


def _results(records: list[MentionRecord]) -> list[ArticleResult]:
    by_article: dict[str, list[MentionRecord]] = {}
    for record in records:
        by_article.setdefault(record.article_id, []).append(record)
    results = []
    for article_id, members in by_article.items():
        members.sort(key=lambda record: record.position)
        first = members[0]
        article = Article(id=article_id, text="(invented)", outlet=first.outlet, url=first.url,
                          published=first.published)
        results.append(ArticleResult(article, tuple(record.mention for record in members), ()))
    return results


def test_batches_into_the_store_match_one_in_memory_merge(tmp_path: Path) -> None:
    everything = [STRIKE_A, BACKGROUND, REPEAT, OTHER_TOWN, STRIKE_B, STRIKE_C]
    expected = MergeEngine()
    expected.add(everything)
    with SqlStore(tmp_path / "store.sqlite") as store:
        first, second = _results([STRIKE_A, BACKGROUND, REPEAT, OTHER_TOWN]), _results([STRIKE_B, STRIKE_C])
        for result in first + second:
            assert store.add_result(result)
        report = merge_stored(store, first)
        assert len(report.created) == 3
        later = merge_stored(store, second)
        assert later.created == ()
        assert later.updated == (expected.event_of["a1"],)
        record = store.get_merged_event(expected.event_of["a1"])
        assert record is not None
        assert {link["mention_id"] for link in record["links"]} == {"a1", "a3", "b1", "c1"}
        assert record["event"]["fatalities"]["killed"] == {"best": 12, "min": 9, "max": 12}
        assert store.get_merged_event("b1")["event"]["id"] == expected.event_of["a1"]  # by mention id
        assert store.get_merged_event("unknown") is None
        stored = {link["mention_id"]: record["event"]["id"] for link in record["links"]}
        assert all(expected.event_of[mention] == event for mention, event in stored.items())
    runner = CliRunner()
    shown = runner.invoke(app, ["explain", expected.event_of["a1"], "--db", str(tmp_path / "store.sqlite")])
    assert shown.exit_code == 0, shown.output
    assert "killed: best 12 (min 9, max 12)" in shown.output
    assert "joined with average link" in shown.output
    missing = runner.invoke(app, ["explain", "evt-none", "--db", str(tmp_path / "store.sqlite")])
    assert missing.exit_code == 1


def test_candidates_of_many_blocks_are_the_union_of_each_block_read_once(tmp_path: Path, monkeypatch) -> None:
    """A batch reads the stored events its blocks overlap once each, whatever the number of blocks they
    share: the same members as reading block by block, without the repeats."""
    from eventwire.merge.blocking import block_of
    from eventwire.store import merged

    monkeypatch.setattr(merged, "EVENTS_PER_QUERY", 1)  # several chunks even on this small store
    with SqlStore(tmp_path / "store.sqlite") as store:
        results = _results([STRIKE_A, BACKGROUND, REPEAT, OTHER_TOWN, STRIKE_B, STRIKE_C])
        for result in results:
            assert store.add_result(result)
        merge_stored(store, results)
        settings = MergeEngine().settings
        blocks = [block_of(record, settings) for record in (STRIKE_A, STRIKE_B, REPEAT, OTHER_TOWN, BACKGROUND)]
        keys = [(block.family, block.country, block.first, block.last) for block in blocks]
        one_by_one = [member for key in keys for member in store.merge_candidates(*key)]
        at_once = list(store.merge_candidates_of(keys))
    ids = [(member["event_id"], member["mention"]["id"]) for member in at_once]
    assert len(ids) == len(set(ids)) == 6
    assert len(one_by_one) > len(at_once)  # the blocks overlap: read one by one, members repeat
    assert set(ids) == {(member["event_id"], member["mention"]["id"]) for member in one_by_one}
    assert ids == sorted(ids, key=lambda pair: pair[0]) and len({event for event, _ in ids}) > 1


def test_a_capped_read_holds_the_events_the_engine_would_compare_with(tmp_path: Path) -> None:
    """With ``nearest``, the store reads for each block only the events the engine's `candidates.max`
    would pick among all of them: the same choice, so the cap on reading changes no merge."""
    from eventwire.merge import LinkDecision, default_merge_settings
    from eventwire.merge.blocking import block_of

    from .builders import record

    words = ["school", "market", "depot", "bridge", "clinic", "mosque", "bakery", "station", "hotel", "convoy"]
    daily = [record(f"e{n}", f"art-e{n}", f"Gunmen raided a {words[n]} on day {3 * n + 1}.", mode=None,
                    place="kherson" if n % 2 else "nyala", day=f"2025-11-{3 * n + 1:02d}") for n in range(10)]
    unplaced = record("u1", "art-u", "The raid killed two people.", place=None, day="2025-11-15",
                      precision=DatePrecision.MONTH)
    with SqlStore(tmp_path / "store.sqlite") as store:
        for day in daily:  # one batch each: ten stored events or fewer, however they merge
            results = _results([day])
            assert store.add_result(results[0])
            merge_stored(store, results)
        settings = default_merge_settings().with_values(candidates_max=3)
        block = block_of(unplaced, settings)
        key = (block.family, block.country, block.first, block.last)
        everything = list(store.merge_candidates_of([key], with_decisions=False))
        capped = list(store.merge_candidates_of([key], with_decisions=False, nearest=3))
    engine = MergeEngine(settings)
    by_event: dict[str, list] = {}
    for member in everything:
        by_event.setdefault(member["event_id"], []).append(member["mention"]["id"])
    for event_id, mention_ids in by_event.items():
        members = [(day, LinkDecision(day.id, event_id, 1.0)) for day in daily if day.id in mention_ids]
        engine.restore(event_id, members)
    assert len(by_event) > 3
    assert {member["event_id"] for member in capped} == set(engine._candidates(block))
