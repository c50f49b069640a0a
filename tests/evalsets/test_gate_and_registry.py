"""The gate's limits, the registry's rows for what is missing, peers that are not installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.errors import EvalError, PeerError
from eventwire.evalsets import ScoreRow
from eventwire.evalsets.context import EvalContext
from eventwire.evalsets.gate import check_limits, read_baseline, unpinned
from eventwire.evalsets.peers import NOT_INSTALLED, run_peer
from eventwire.evalsets.quotes import score_quote_peers, score_quotes
from eventwire.evalsets.registry import SET_SCORERS, run_all, run_family, team_gold_rows
from eventwire.evalsets.run import EvalOptions, limits_for
from eventwire.evalsets.scoring import Counts

ROOT = Path(__file__).parent.parent.parent


def row(dataset: str, metric: str, value: float | None, system: str = "eventwire") -> ScoreRow:
    return ScoreRow("places", dataset, system, metric, value, 10, "test")


def test_limits_catch_drops_rises_and_missing_scores() -> None:
    rows = [row("lgl", "acc@161km", 0.70), row("lgl", "mean_km", 250.0), row("lgl", "acc@161km", 0.1, "geotext")]
    floors = {"lgl/places.acc@161km": 0.75, "lgl/places.gone": 0.1, "other/places.x": 0.5}
    ceilings = {"lgl/places.mean_km": 200.0}
    failures = check_limits(rows, floors, ceilings, datasets={"lgl"})
    assert failures == [
        "lgl/places.acc@161km = 0.7000 is under its floor 0.7500",
        "lgl/places.gone: no such score",
        "lgl/places.mean_km = 250.0000 is over its ceiling 200.0000",
    ]
    assert check_limits(rows, {"lgl/places.acc@161km": 0.7}, {"lgl/places.mean_km": 250.0}) == []
    assert unpinned(rows, {"lgl/places.acc@161km": 0.7}) == ["lgl/places.mean_km"]  # peers need no floor


def test_team_gold_keys_keep_their_old_names() -> None:
    scores = {"event.type": {"precision": 0.8, "recall": 0.7, "f1": 0.75, "tp": 7, "fp": 2, "fn": 3}, "_articles": 2}
    rows = team_gold_rows(scores, "test", Path("gold.jsonl"))
    assert [(r.stage, r.metric, r.size) for r in rows][2] == ("types", "event.type.f1", 10)
    assert check_limits(rows, {"event.type.f1": 0.8}) == ["event.type.f1 = 0.7500 is under its floor 0.8000"]


def test_the_baseline_pins_full_and_sample_limits() -> None:
    baseline = read_baseline(ROOT / "eval" / "baseline.json")
    full, _, kind = limits_for(baseline, None)
    assert kind == "full-run limits" and "event.f1" in full and "plover-gsr/types.type.accuracy" in full
    sample, _, kind = limits_for(baseline, baseline["sample"]["limit"])
    assert kind.startswith("sample") and "event.f1" in sample and "re3d/entities.location.precision" in sample


def test_a_missing_module_and_a_missing_folder_give_rows_that_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = EvalContext(limit=1, peers=False)
    monkeypatch.setitem(SET_SCORERS, "future", ("eventwire.evalsets.not_written", "score", "places", "newset"))
    (missing,) = run_family("future", tmp_path, context)
    assert missing.value is None and "not written yet" in missing.note
    (absent,) = run_all(context, families=["plover-gsr"], data_dir=tmp_path / "nowhere")
    assert absent.value is None and "absent" in absent.note
    (no_set,) = run_family("plover-gsr", tmp_path, context)  # the folder of that one set is missing
    assert no_set.value is None and "plover-gsr is absent" in no_set.note


def test_a_peer_that_is_not_installed_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_PEERS_DIR", str(tmp_path))
    with pytest.raises(PeerError, match=NOT_INSTALLED):
        run_peer("heideltime", {"items": []})
    context = EvalContext(gold=ROOT / "eval" / "gold" / "articles.jsonl")
    (peer_row,) = score_quote_peers(tmp_path, context)
    assert peer_row.system == "textacy" and peer_row.value is None and NOT_INSTALLED in peer_row.note


def test_quote_scoring_pairs_overlaps_and_compares_surnames() -> None:
    gold = [[{"start": 0, "end": 10, "speaker": "Ilse Varga"}, {"start": 20, "end": 30, "speaker": "Teodor Vask"}]]
    found = [[{"start": 2, "end": 9, "speaker": "Varga"}, {"start": 40, "end": 45, "speaker": None}]]
    spans, speakers = score_quotes(found, gold)
    assert (spans.tp, spans.fp, spans.fn) == (1, 1, 1)
    assert (speakers.tp, speakers.fp, speakers.fn) == (1, 0, 1)
    assert Counts(1, 1, 1).f1 == pytest.approx(0.5)


def test_unknown_sets_are_refused() -> None:
    assert EvalOptions(sets="all").families() == (True, list(SET_SCORERS))
    assert EvalOptions(sets="plover-gsr").families() == (False, ["plover-gsr"])
    with pytest.raises(EvalError, match="unknown set nonsense"):
        EvalOptions(sets="team-gold,nonsense").families()


def test_scorers_get_the_limit_and_heideltime_under_their_own_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The resolution scorers take ``max_docs`` and ``taggers``; HeidelTime missing becomes a row."""
    import datetime as dt
    import types

    from eventwire.evalsets import registry

    monkeypatch.setenv("EVENTWIRE_PEERS_DIR", str(tmp_path))
    seen: dict = {}

    def score_timex(data_dir: Path, *, max_docs: int | None = None, taggers: dict | None = None,
                    command: str = "") -> list[ScoreRow]:
        seen.update(max_docs=max_docs, taggers=taggers, command=command)
        return [row("tempeval3-platinum", "value_acc", 0.9)]

    document = types.SimpleNamespace(text="On Monday.", dct=dt.date(2024, 3, 4))
    module = types.SimpleNamespace(read_tempeval=lambda data_dir, max_docs: [document])
    context = EvalContext(limit=4, peers=True, command="make eval")
    rows = registry._call(score_timex, tmp_path, context, module)
    assert seen == {"max_docs": 4, "taggers": {}, "command": "make eval"}
    assert [(r.system, r.value) for r in rows] == [("eventwire", 0.9), ("heideltime", None)]
    assert NOT_INSTALLED in rows[1].note
