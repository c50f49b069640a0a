"""Merging invented mentions: cross-outlet joins, same-article rules, stable ids, incremental adds."""

from __future__ import annotations

import itertools

import pytest

from eventwire.merge import EventCluster, LinkDecision, MergeEngine, default_merge_settings, fuse
from eventwire.merge.blocking import block_of
from eventwire.model import DatePrecision, EventType

from .builders import record

STRIKE_A = record("a1", "art-a", "An air strike hit the fuel depot in Nyala on Monday, killing nine people.", killed=9)
STRIKE_B = record("b1", "art-b", "Warplanes struck a fuel depot in Nyala, killing 12 people, medics said.", killed=12,
                  published="2025-11-11T10:00:00+00:00")
STRIKE_C = record("c1", "art-c", "At least 12 people died when an air strike hit Nyala's fuel depot.", killed=12,
                  day="2025-11-11", published="2025-11-12T07:00:00+00:00")
OTHER_TOWN = record("d1", "art-d", "An air strike on a market in El Fasher killed five people.", place="el fasher",
                    killed=5, day="2025-11-10")
BACKGROUND = record("a2", "art-a", "A strike in September killed four people at a depot in Nyala.", day="2025-09-01",
                    precision=DatePrecision.MONTH, killed=4, position=1)
REPEAT = record("a3", "art-a", "The strike set fire to fuel tanks.", place="nyala", day=None, position=2)


def labels(engine: MergeEngine) -> dict[str, str]:
    return dict(engine.event_of)


def test_reports_of_one_strike_merge_and_other_town_does_not() -> None:
    engine = MergeEngine()
    engine.add([STRIKE_A, STRIKE_B, STRIKE_C, OTHER_TOWN])
    event = labels(engine)
    assert event["a1"] == event["b1"] == event["c1"]
    assert event["d1"] != event["a1"]


def test_same_article_background_event_stays_apart_and_repeat_joins() -> None:
    engine = MergeEngine()
    engine.add([STRIKE_A, BACKGROUND, REPEAT])
    event = labels(engine)
    assert event["a2"] != event["a1"]
    assert event["a3"] == event["a1"]


def test_same_input_in_any_order_gives_same_ids() -> None:
    items = [STRIKE_A, STRIKE_B, STRIKE_C, OTHER_TOWN, BACKGROUND, REPEAT]
    results = set()
    for order in itertools.permutations(items):
        engine = MergeEngine()
        engine.add(list(order))
        results.add(tuple(sorted(labels(engine).items())))
    assert len(results) == 1


def test_incremental_adds_attach_to_existing_events() -> None:
    engine = MergeEngine()
    first = engine.add([STRIKE_A, OTHER_TOWN])
    assert len(first.created) == 2
    second = engine.add([STRIKE_B])
    assert second.created == ()
    assert second.updated == (engine.event_of["a1"],)
    again = engine.add([STRIKE_B])  # adding a mention twice changes nothing
    assert again.created == again.updated == ()


def test_event_id_derives_from_earliest_mention() -> None:
    engine = MergeEngine()
    engine.add([STRIKE_B, STRIKE_A])
    other = MergeEngine()
    other.add([STRIKE_A])
    assert engine.event_of["b1"] == other.event_of["a1"]


def test_different_types_and_countries_never_merge() -> None:
    protest = record("p1", "art-p", "Protesters marched in Nyala on Monday.", type=EventType.PROTEST, mode="demo")
    abroad = record("k1", "art-k", "An air strike hit a fuel depot in Kherson on Monday, killing nine.", place="kherson",
                    killed=9)
    engine = MergeEngine()
    engine.add([STRIKE_A, protest, abroad])
    assert len(set(labels(engine).values())) == 3


def test_fusion_counts_copies_once_and_lists_conflicts() -> None:
    copy = record("e1", "art-e", STRIKE_A.mention.sentence.text, killed=9, outlet="Copy Desk",
                  copy_of="art-a", published="2025-11-11T09:00:00+00:00")
    engine = MergeEngine()
    engine.add([STRIKE_A, STRIKE_B, STRIKE_C, copy])
    (cluster,) = engine.clusters()
    fused = fuse(cluster)
    assert fused["corroboration"]["articles"] == 4
    assert fused["corroboration"]["independent_documents"] == 3
    assert fused["corroboration"]["outlets"] == 3
    assert fused["fatalities"]["killed"] == {"best": 12, "min": 9, "max": 12}
    killed = next(c for c in fused["conflicts"] if c["field"] == "killed")
    assert [(v["value"], v["support"]) for v in killed["values"]] == [(12, 2), (9, 1)]
    assert {s["article_id"] for s in killed["values"][1]["sources"]} == {"art-a", "art-e"}
    dates = next(c for c in fused["conflicts"] if c["field"] == "date")
    assert len(dates["values"]) == 2
    assert len(fused["reports"]) == 4


@pytest.mark.parametrize("killed_a,killed_b,best", [(11, 14, 14), (14, 11, 11)])
def test_best_value_tie_goes_to_most_recent_report(killed_a: int, killed_b: int, best: int) -> None:
    a = record("x1", "art-x", "A drone strike hit the Nyala market, killing people.", killed=killed_a,
               published="2025-11-11T06:00:00+00:00")
    b = record("y1", "art-y", "A drone strike hit the Nyala market, killing people.", killed=killed_b,
               published="2025-11-11T09:00:00+00:00")
    engine = MergeEngine()
    engine.add([a, b])
    (cluster,) = engine.clusters()
    assert fuse(cluster)["fatalities"]["killed"]["best"] == best


def test_event_round_trips_through_its_dict() -> None:
    from eventwire.model import event_from_dict, event_to_dict

    for item in (STRIKE_A, BACKGROUND, REPEAT):
        assert event_to_dict(event_from_dict(event_to_dict(item.mention))) == event_to_dict(item.mention)


BRIDGE_A = record("x1", "art-x", "Warplanes bombed the fuel depot in Nyala on Monday.", killed=4,
                  published="2025-11-11T06:00:00+00:00")
BRIDGE_B = record("y1", "art-y", "Medics counted dead after the raid on the city's depot.", place="sudan", killed=9,
                  mode=None, published="2025-11-11T07:00:00+00:00")
BRIDGE_C = record("z1", "art-z", "Warplanes bombed the fuel depot in Nyala, medics counted the dead after the raid.",
                  killed=6, published="2025-11-11T08:00:00+00:00")


def test_a_mention_linking_two_events_merges_them_and_the_earlier_id_survives() -> None:
    engine = MergeEngine()
    first = engine.add([BRIDGE_A, BRIDGE_B])
    assert len(first.created) == 2  # too different on their own (score 0.58)
    older, newer = engine.event_of["x1"], engine.event_of["y1"]
    report = engine.add([BRIDGE_C])
    assert report.retired == ((newer, older),)
    assert report.updated == (older,)
    assert set(engine.event_of.values()) == {older}
    assert engine.resolve_id(newer) == older
    one_call = MergeEngine()
    one_call.add([BRIDGE_C, BRIDGE_B, BRIDGE_A])
    assert one_call.event_of == engine.event_of


def _many_records() -> list:
    """Sixty invented reports over ten days in two towns: enough joins, new events and bridges."""
    towns = ["nyala", "el fasher", "kherson"]
    return [
        record(f"m{n}", f"art-{n}", f"An air strike hit a depot in town {n % 3}, killing {n % 7} people.",
               place=towns[n % 3], day=f"2025-11-{10 + n % 10:02d}", killed=n % 7,
               published=f"2025-11-{11 + n % 10:02d}T{n % 24:02d}:00:00+00:00")
        for n in range(60)
    ]


def test_add_pauses_the_cyclic_collector_and_restores_its_state(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    from eventwire.merge import cluster

    seen: list[bool] = []
    real_compare = cluster.compare

    def spying_compare(*args):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_compare(*args)

    monkeypatch.setattr(cluster, "compare", spying_compare)
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        MergeEngine().add(_many_records())
        assert seen and not any(seen)
        assert gc.isenabled()
        gc.disable()  # a caller that turned the collector off keeps it off
        MergeEngine().add(_many_records())
        assert not gc.isenabled()
        gc.enable()

        def failing_compare(*args):  # type: ignore[no-untyped-def]
            raise RuntimeError("boom")

        monkeypatch.setattr(cluster, "compare", failing_compare)
        with pytest.raises(RuntimeError):
            MergeEngine().add(_many_records())
        assert gc.isenabled()  # restored on the way out of an error too
    finally:
        (gc.enable if was_enabled else gc.disable)()


def test_merging_leaves_no_reference_cycles_so_pausing_the_collector_leaks_nothing() -> None:
    import gc

    MergeEngine().add(_many_records())  # first use loads the data files
    was_enabled = gc.isenabled()
    gc.disable()  # so no automatic collection clears the garbage before it is counted
    try:
        gc.collect()
        engine = MergeEngine()
        report = engine.add(_many_records())
        assert len(engine.event_of) == 60 and engine.aliases  # joins, new events and a bridge all ran
        assert gc.collect() == 0  # nothing the add left behind needs the cyclic collector
        del engine, report
        assert gc.collect() == 0  # and dropping the engine frees it by reference counting alone
    finally:
        if was_enabled:
            gc.enable()



def _ten_daily_events(candidates_max: int) -> MergeEngine:
    """Ten stored events, one a day from 10 to 19 November, alternating between two countries."""
    engine = MergeEngine(default_merge_settings().with_values(candidates_max=candidates_max))
    for day in range(10, 20):
        member = record(f"e{day}", f"art-e{day}", f"An air strike hit a depot on day {day}.",
                        place="kherson" if day % 2 else "nyala", day=f"2025-11-{day}")
        engine.restore(f"event-{day}", [(member, LinkDecision(member.id, f"event-{day}", 1.0))])
    return engine


UNPLACED = record("u1", "art-u", "The strike killed two people.", place=None, day="2025-11-15")


def test_a_mention_meets_at_most_candidates_max_events_the_nearest_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unplaced mention overlaps every event of its family and window in every country; it is
    compared only with the ``candidates_max`` events whose windows are centred nearest its own."""
    engine = _ten_daily_events(candidates_max=3)
    compared: list[str] = []
    original = MergeEngine._link

    def counting(self: MergeEngine, records: list, cluster: EventCluster) -> object:
        compared.append(cluster.id)
        return original(self, records, cluster)

    monkeypatch.setattr(MergeEngine, "_link", counting)
    engine.add([UNPLACED])
    assert sorted(compared) == ["event-14", "event-15", "event-16"]


def test_under_the_cap_a_mention_meets_every_event_its_window_overlaps() -> None:
    engine = _ten_daily_events(candidates_max=100)
    found = engine._candidates(block_of(UNPLACED, engine.settings))
    assert sorted(found) == [f"event-{day}" for day in range(11, 20)]  # windows of +-2 days overlap day 15's
