"""`eventwire eval` in-process: third-party sets, an absent data folder, unknown sets, a failing floor."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli.main import app

runner = CliRunner()
ROOT = Path(__file__).parent.parent.parent


def test_an_absent_data_folder_is_said_and_fails_no_floor(tmp_path: Path) -> None:
    output = tmp_path / "rows.json"
    result = runner.invoke(app, ["eval", "--sets", "plover-gsr,ecbplus", "--data-dir", str(tmp_path / "none"),
                                 "--baseline", str(ROOT / "eval" / "baseline.json"), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "is absent: third-party sets not scored" in result.output
    (row,) = json.loads(output.read_text())
    assert row["value"] is None and row["dataset"] == "shared-data"


def test_unknown_sets_exit_non_zero() -> None:
    result = runner.invoke(app, ["eval", "--sets", "nonsense"])
    assert result.exit_code != 0 and "unknown set nonsense" in result.output


def test_a_score_under_its_floor_fails_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "plover-gsr"
    folder.mkdir()
    record = {"id": "GSR-1", "event": "PROTEST", "text": "Thousands of farmers marched in Orna on Monday.",
              "textInfo": {"markup": "Thousands of (SRC: farmers) (EVT: marched) in Orna on Monday."}}
    (folder / "plover_gsr.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"floors": {"plover-gsr/types.type.accuracy": 1.01}}))
    result = runner.invoke(app, ["eval", "--sets", "plover-gsr", "--data-dir", str(tmp_path), "--no-peers",
                                 "--baseline", str(baseline)])
    assert result.exit_code == 1
    assert "plover-gsr/types.type.accuracy" in result.output and "under its floor 1.0100" in result.output
    assert "detection.recall" in result.output
