"""eventwire snapshot / changes / events --as-of / retract / explain --as-of, in process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli.main import app
from eventwire.pipeline import merge_stored
from eventwire.store.sql import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_versions import STRIKE_A, STRIKE_B, _result  # tests/store/test_versions.py

runner = CliRunner()


def _add(db: str, *records: object) -> None:
    with SqlStore(db) as store:
        batch = [_result([r]) for r in records]  # type: ignore[list-item]
        for result in batch:
            store.add_result(result)
        merge_stored(store, batch)


def test_snapshot_changes_and_as_of(tmp_path: Path) -> None:
    db = str(tmp_path / "events.sqlite")
    _add(db, STRIKE_A)
    made = runner.invoke(app, ["snapshot", "--db", db, "--name", "week-46"])
    assert made.exit_code == 0 and made.stdout.startswith("snapshot week-46 = version 2 (")
    assert runner.invoke(app, ["snapshot", "--db", db, "--name", "week-46"]).exit_code == 1
    _add(db, STRIKE_B)
    now = runner.invoke(app, ["events", "--db", db])
    then = runner.invoke(app, ["events", "--db", db, "--as-of", "week-46"])
    assert {json.loads(line)["id"] for line in now.stdout.splitlines() if not line.startswith('{"_meta"')} >= {"a1", "b1"}
    assert {json.loads(line)["id"] for line in then.stdout.splitlines() if not line.startswith('{"_meta"')} == {"a1"}
    text = runner.invoke(app, ["changes", "--db", db, "--since", "week-46"])
    assert text.exit_code == 0
    assert any("field_changed" in line and "killed_best: 9 -> 12" in line and "article=art-b" in line
               for line in text.stdout.splitlines())
    rows = [json.loads(line) for line in
            runner.invoke(app, ["changes", "--db", db, "--since", "week-46", "--format", "jsonl"]).stdout.splitlines()]
    assert rows[0]["kind"] == "article_added" and rows[0]["version"] == 3
    retracted = runner.invoke(app, ["retract", "art-b", "--db", db, "--reason", "withdrawn"])
    assert retracted.exit_code == 0 and "1 merged events rebuilt, 0 removed" in retracted.stdout
    explained = runner.invoke(app, ["explain", "a1", "--db", db, "--as-of", "4", "--json"])
    assert json.loads(explained.stdout)["event"]["fatalities"]["killed"]["best"] == 12
    bad = runner.invoke(app, ["events", "--db", db, "--as-of", "soon"])
    assert bad.exit_code != 0 and "not a version number" in bad.stderr
