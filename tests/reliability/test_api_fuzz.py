"""Schemathesis against the app's own OpenAPI spec, in process (ASGI), over a store of demo articles:
no 5xx and every answer matches the spec, for a bounded, derandomized set of examples per operation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from faults import fuzz_api

DEMO = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "demo" / "articles.jsonl"
DEMO_ARTICLES = 12
EXAMPLES = 25


@pytest.fixture(scope="module")
def demo_store(pipeline: Any, tmp_path_factory: pytest.TempPathFactory) -> str:
    from eventwire.pipeline import ingest
    from eventwire.settings import Settings
    from eventwire.store import open_store

    folder = tmp_path_factory.mktemp("api-fuzz")
    dump = folder / "demo.jsonl"
    dump.write_text("".join(DEMO.read_text(encoding="utf-8").splitlines(keepends=True)[:DEMO_ARTICLES]))
    db = folder / "demo.sqlite"
    with open_store(db) as store:  # type: ignore[attr-defined]
        report = ingest([str(dump)], store, Settings(db=str(db)), runner=pipeline.process)
    assert report.events_added > 10
    return str(db)


@pytest.mark.slow
def test_api_conforms_to_its_spec(demo_store: str) -> None:
    from eventwire.serve import create_app
    from eventwire.settings import Settings

    report = fuzz_api(create_app(demo_store, Settings(db=demo_store)), EXAMPLES)
    assert report.failures == [], json.dumps(report.failures[:5], indent=1)
    assert len(report.cases) >= 5 and all(count >= 1 for count in report.cases.values())
    assert report.statuses and max(report.statuses) < 500
