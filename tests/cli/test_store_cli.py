"""`eventwire store migrate`, `eventwire quotes` and `eventwire export` in-process, on a SQLite store."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli.main import app
from eventwire.store import open_store
from eventwire.store.migrate import head_revision

SERVE_TESTS = Path(__file__).resolve().parents[1] / "serve"
if str(SERVE_TESTS) not in sys.path:
    sys.path.insert(0, str(SERVE_TESTS))

from quote_samples import quote_results
from sample_results import sample_results

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-store") / "events.sqlite"
    store = open_store(path)
    for result in [*sample_results(), *quote_results()]:
        assert store.add_result(result)
    store.close()
    return path


def test_store_migrate_new_current_and_legacy(tmp_path: Path, db: Path) -> None:
    head = head_revision()
    fresh = runner.invoke(app, ["store", "migrate", "--db", str(tmp_path / "new.sqlite")])
    assert fresh.exit_code == 0 and fresh.stdout.strip() == f"store migrated from (empty) to {head}"
    again = runner.invoke(app, ["store", "migrate", "--db", str(db)])
    assert f"from {head} to {head} (already up to date)" in again.stdout
    legacy = tmp_path / "legacy.sqlite"
    connection = sqlite3.connect(legacy)
    connection.executescript((Path(__file__).parents[1] / "store" / "legacy_schema_v1.sql").read_text())
    connection.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    connection.commit()
    connection.close()
    adopted = runner.invoke(app, ["store", "migrate", "--db", f"sqlite:///{legacy}"])
    assert adopted.exit_code == 0 and f"from 0001_initial to {head}" in adopted.stdout
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE x (y)").connection.commit()
    refused = runner.invoke(app, ["store", "migrate", "--db", str(foreign)])
    assert refused.exit_code == 1 and "not an eventwire database" in refused.stderr


def test_quotes_table_and_jsonl(db: Path) -> None:
    table = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Defense Minister Mara Quintero",
                                "--q", "convoy"])
    assert table.exit_code == 0, table.output
    assert table.stdout.splitlines() == [
        "2025-11-12  Minister Quintero: \u201cNo convoy has been stopped at the border.\u201d  (Example Daily)",
        "2025-11-05  Quintero: \u201cWe expect the convoy to be escorted by the navy.\u201d  (Example Wire)",
        "2025-11-03  Mara Quintero: \u201cThe convoy will reach the port before winter.\u201d  (Example Daily)",
    ]
    lines = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "Okafor", "--format", "jsonl"]).stdout
    assert [json.loads(line)["speaker_name"] for line in lines.splitlines()] == ["Lena Okafor"]
    since = runner.invoke(app, ["quotes", "--db", str(db), "--since", "2025-11-12", "--format", "jsonl"])
    assert len(since.stdout.splitlines()) == 3  # q-4's two quotes and the strike article's
    bad = runner.invoke(app, ["quotes", "--db", str(db), "--speaker", "he"])
    assert bad.exit_code == 1 and "names no one" in bad.stderr


@pytest.mark.parametrize(("arguments", "first_line", "rows"), [
    (["--format", "acled-csv"], "event_id,event_date,year", 5),
    (["--format", "csv"], "id,article_id,type,mode", 5),
    (["--format", "csv", "--country", "VEN", "--min-killed", "1"], "id,article_id", 1),
    (["--format", "acled-csv", "--bbox", "-72,10,-66,11", "--sort", "date", "--order", "asc"], "event_id", 3),
    (["--format", "csv", "--radius", "10.49,-66.88,100"], "id", 1),
    (["--format", "csv", "--q", "tear gas", "--claim", "claimed"], "id", 1),
])
def test_export_csv_forms(db: Path, arguments: list[str], first_line: str, rows: int) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), *arguments])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(first_line)
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == rows


def test_export_files(db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    parquet = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet", "-o", str(parquet)])
    assert result.exit_code == 0 and "5 events written" in result.stderr
    assert pq.read_table(parquet).column("id").to_pylist() == [
        "strike-1", "protest-1", "protest-2", "talks-2", "talks-1"]
    plover = tmp_path / "events.jsonl"
    runner.invoke(app, ["export", "--db", str(db), "--format", "plover-jsonl", "--actor", "police", "-o", str(plover)])
    assert [json.loads(line)["event"] for line in plover.read_text().splitlines()[1:]] == ["COERCE"]
    geojson = runner.invoke(app, ["export", "--db", str(db), "--format", "geojson", "--admin1", "Zulia"])
    assert [feature["id"] for feature in json.loads(geojson.stdout)["features"]] == ["protest-1", "protest-2"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--format", "parquet"], "give a file with -o"),
    (["--format", "csv", "--bbox", "1,2,3"], "bbox must be 4 comma-separated numbers"),
    (["--format", "csv", "--radius", "0,0,-5"], "radius must be"),
    (["--format", "csv", "--since", "2025-13-01"], "--since must be a date"),
    (["--format", "csv", "-o", "/no/such/folder/x.csv"], "does not exist"),
    (["--format", "xml"], "xml"),
])
def test_export_bad_input(db: Path, arguments: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), *arguments])
    assert result.exit_code != 0
    assert message in result.output, result.output


def test_export_of_a_missing_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(tmp_path / "none.sqlite"), "--format", "csv"])
    assert result.exit_code == 1 and "no such database" in result.stderr
    assert not (tmp_path / "none.sqlite").exists()
