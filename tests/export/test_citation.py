"""Every export names its version and carries a citation; the same version exports to the same bytes,
also later with --as-of after more ingests and a retraction."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.cli.main import app
from eventwire.pipeline import merge_stored, retract
from eventwire.store.sql import SqlStore

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from test_versions import STRIKE_A, STRIKE_B, _result  # tests/store/test_versions.py

runner = CliRunner()
FORMATS = ["acled-csv", "plover-jsonl", "geojson", "parquet", "csv"]


def _add(db: str, *records: object) -> None:
    with SqlStore(db) as store:
        batch = [_result([r]) for r in records]  # type: ignore[list-item]
        for result in batch:
            store.add_result(result)
        merge_stored(store, batch)


def _export(db: str, export_format: str, target: Path, *extra: str) -> bytes:
    result = runner.invoke(app, ["export", "--db", db, "--format", export_format, "-o", str(target), *extra])
    assert result.exit_code == 0, result.output
    return target.read_bytes()


def _meta(export_format: str, target: Path) -> dict[str, object]:
    if export_format == "parquet":
        kv = pq.read_schema(target).metadata
        assert kv[b"eventwire.version"].decode() == str(json.loads(kv[b"eventwire.meta"])["version"])
        return json.loads(kv[b"eventwire.meta"])  # type: ignore[no-any-return]
    if export_format == "geojson":
        return json.loads(target.read_text())["metadata"]  # type: ignore[no-any-return]
    if export_format == "plover-jsonl":
        return json.loads(target.read_text().splitlines()[0])["_meta"]  # type: ignore[no-any-return]
    return json.loads(Path(str(target) + ".citation.json").read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("export_format", FORMATS)
def test_same_version_same_bytes_and_a_citation(tmp_path: Path, export_format: str) -> None:
    db = str(tmp_path / "events.sqlite")
    _add(db, STRIKE_A)
    first = _export(db, export_format, tmp_path / "one.out")
    again = _export(db, export_format, tmp_path / "two.out")
    assert first == again
    meta = _meta(export_format, tmp_path / "one.out")
    version = meta["version"]
    assert meta["citation"].startswith(f"eventwire event data, version {version} (")  # type: ignore[union-attr]
    assert meta["version_at"] and meta["filter"] == {}
    if export_format.endswith("csv"):
        assert (tmp_path / "one.out").read_text().splitlines()[0].split(",")[0] in ("event_id", "id")

    _add(db, STRIKE_B)
    with SqlStore(db) as store:
        retract(store, "art-a", "test")
    now = _export(db, export_format, tmp_path / "now.out")
    assert now != first and _meta(export_format, tmp_path / "now.out")["version"] > version  # type: ignore[operator]
    later = _export(db, export_format, tmp_path / "later.out", "--as-of", str(version))
    assert later == first
    if export_format.endswith("csv"):
        assert Path(str(tmp_path / "later.out") + ".citation.json").read_bytes() == Path(
            str(tmp_path / "one.out") + ".citation.json").read_bytes()


def test_stdout_csv_gives_the_citation_on_stderr(tmp_path: Path) -> None:
    db = str(tmp_path / "events.sqlite")
    _add(db, STRIKE_A)
    result = runner.invoke(app, ["export", "--db", db, "--format", "acled-csv", "--type", "ASSAULT"])
    assert result.exit_code == 0
    assert "eventwire event data, version 2 (" in result.stderr and "events where type=ASSAULT" in result.stderr
    events = runner.invoke(app, ["events", "--db", db, "--format", "geojson"])
    assert json.loads(events.stdout)["metadata"]["version"] == 2
