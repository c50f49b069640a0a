"""The CLI in-process: extract, ingest, events, serve --get, eval, and bad input of every kind."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli.main import app

DATA = Path(__file__).parent.parent / "data"
DEMO = Path(__file__).parent.parent.parent / "src" / "eventwire" / "demo" / "articles.jsonl"
PUBLISHED = "2025-11-14T06:30:00+00:00"

runner = CliRunner()


def test_extract_prints_the_contract() -> None:
    result = runner.invoke(app, ["extract", str(DATA / "mission.txt"), "--published", PUBLISHED])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"article", "events", "quotes"}
    strike = data["events"][0]
    assert strike["type"] == "ASSAULT"
    assert strike["location"]["geonameid"] == 3646738
    assert strike["date"]["value"] == "2025-11-13"


def test_extract_reads_stdin_as_jsonl() -> None:
    text = (DATA / "mission.txt").read_text()
    result = runner.invoke(app, ["extract", "-", "--published", PUBLISHED, "--format", "jsonl"], input=text)
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["events"][0]["trigger"]["text"] == "struck"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["extract", str(DATA / "empty.txt")], "no text"),
        (["extract", str(DATA / "binary.png")], "binary"),
        (["extract", str(DATA / "no_text.html")], "no article text"),
        (["extract", str(DATA / "mission.txt"), "--published", "last Thursday"], "cannot parse publication date"),
        (["extract", str(DATA / "does-not-exist.txt")], "no such file"),
        (["events", "--db", "/nonexistent/dir/x.sqlite"], "no such database"),
        (["events", "--db", "x.sqlite", "--country", "Venezuela"], "ISO 3166-1 alpha-3"),
        (["events", "--db", "x.sqlite", "--type", "EXPLODE"], "must be one of"),
        (["events", "--db", "x.sqlite", "--since", "14/11/2025"], "YYYY-MM-DD"),
        (["eval", str(DATA / "mission.txt")], "not JSON"),
    ],
)
def test_bad_input_gives_one_clear_line_and_fails(arguments: list[str], message: str) -> None:
    result = runner.invoke(app, arguments)
    assert result.exit_code != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors and message in errors[0], result.stderr
    assert "Traceback" not in result.output


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        articles = connection.execute("select count(*) from articles").fetchone()[0]
        events = connection.execute("select count(*) from events").fetchone()[0]
    return articles, events


def test_ingest_events_and_serve(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    result = runner.invoke(app, ["ingest", str(DEMO), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("46 articles added")
    stored = _counts(db)

    again = runner.invoke(app, ["ingest", str(DEMO), "--db", str(db)])
    assert again.exit_code == 0 and "0 articles added" in again.stdout and "46 already stored" in again.stdout
    assert _counts(db) == stored

    # A bad source among good ones: the good article is stored, the bad one is a reported Reject,
    # and nothing already stored changes.
    bad = runner.invoke(app, ["ingest", str(DATA / "empty.txt"), str(DATA / "mission.txt"), "--db", str(db), "--published", PUBLISHED])
    assert bad.exit_code == 1
    assert "empty" in bad.stderr
    assert _counts(db)[0] == stored[0] + 1

    listed = runner.invoke(app, ["events", "--db", str(db), "--country", "SDN", "--type", "ASSAULT"])
    assert listed.exit_code == 0
    meta, *events = [json.loads(line) for line in listed.stdout.splitlines()]
    assert meta["_meta"]["version"] >= 1 and meta["_meta"]["filter"] == {"country": "SDN", "type": "ASSAULT"}
    assert events and all(e["location"]["country"] == "SDN" and e["type"] == "ASSAULT" for e in events)

    ranged = runner.invoke(app, ["events", "--db", str(db), "--since", "2025-11-13", "--until", "2025-11-13"])
    assert {json.loads(line)["date"]["value"] for line in ranged.stdout.splitlines()[1:]} == {"2025-11-13"}

    csv_out = runner.invoke(app, ["events", "--db", str(db), "--country", "UKR", "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("event_id,event_date")
    geojson = json.loads(runner.invoke(app, ["events", "--db", str(db), "--format", "geojson"]).stdout)
    assert geojson["type"] == "FeatureCollection" and geojson["features"]

    served = runner.invoke(app, ["serve", "--db", str(db), "--get", "/api/events?country=KEN&type=PROTEST"])
    assert served.exit_code == 0, served.output
    body = json.loads(served.stdout)
    assert body["events"] and all(e["location"]["country"] == "KEN" for e in body["events"])

    bad_query = runner.invoke(app, ["serve", "--db", str(db), "--get", "/api/events?since=yesterday"])
    assert bad_query.exit_code == 1
    assert "error" in json.loads(bad_query.stdout)


def test_ingest_into_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "notes.sqlite"
    db.write_text("these are my notes, not a database\n" * 100)
    result = runner.invoke(app, ["ingest", str(DATA / "mission.txt"), "--db", str(db)])
    assert result.exit_code == 1
    assert "not an eventwire database" in result.stderr or "not a database" in result.stderr
    assert db.read_text().startswith("these are my notes")
