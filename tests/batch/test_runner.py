"""The Dask runner gives exactly the single-process results, in order, and ingests the same store."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from eventwire.batch.runner import dask_client, process_on_dask
from eventwire.errors import ConfigError
from eventwire.ingest import read_sources
from eventwire.model import ArticleResult, Reject
from eventwire.pipeline import process
from eventwire.settings import Settings
from eventwire.store import open_store
from eventwire.store.base import EventFilter

DEMO = Path(__file__).parents[2] / "src" / "eventwire" / "demo" / "articles.jsonl"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty demo articles plus one line that becomes a Reject, so pass-through order is checked too."""
    lines = DEMO.read_text(encoding="utf-8").splitlines()[:20]
    lines.insert(7, json.dumps({"id": "empty-one", "text": "   "}))
    path = tmp_path_factory.mktemp("batch") / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_workers_give_the_single_process_results(corpus: Path) -> None:
    settings = Settings(batch_size=4)
    single = list(process(read_sources([str(corpus)]), settings))
    with dask_client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        distributed = list(process_on_dask(read_sources([str(corpus)]), settings, client, chunk_size=3))
    assert any(isinstance(item, Reject) for item in single)
    assert sum(isinstance(item, ArticleResult) for item in single) == 20
    assert distributed == single


def test_ingest_with_workers_stores_what_a_plain_ingest_stores(corpus: Path, tmp_path: Path) -> None:
    from eventwire.batch import ingest_on_dask
    from eventwire.pipeline import ingest

    plain_db, dask_db = tmp_path / "plain.sqlite", tmp_path / "dask.sqlite"
    with open_store(plain_db) as store:
        plain = ingest([str(corpus)], store, Settings(batch_size=4))
        plain_events = store.query_events(EventFilter(limit=10_000))
    with open_store(dask_db) as store:
        on_dask = ingest_on_dask([str(corpus)], store, Settings(batch_size=4, workers=2))
        dask_events = store.query_events(EventFilter(limit=10_000))
        again = ingest_on_dask([str(corpus)], store, Settings(batch_size=4, workers=2))
    assert (on_dask.articles_added, on_dask.events_added) == (plain.articles_added, plain.events_added)
    key = lambda event: event["id"]
    assert sorted(dask_events, key=key) == sorted(plain_events, key=key)
    assert again.articles_added == 0 and again.already_stored == 20


def test_bounded_in_flight_streams_a_long_input() -> None:
    """A generator far longer than the in-flight bound is consumed lazily, chunk by chunk."""
    from eventwire.model import Reject as R

    consumed = itertools.count()

    def items():
        for index in range(200):
            next(consumed)
            yield R(f"doc-{index}", "empty")

    with dask_client(workers=1) as client:
        results = process_on_dask(items(), Settings(), client, chunk_size=10, max_in_flight=2)
        first = next(results)
        # Only the chunks in flight (2 x 10) plus the one being filled have been read from the input.
        assert next(consumed) <= 31
        rest = list(results)
    assert [first, *rest] == [R(f"doc-{index}", "empty") for index in range(200)]


def test_bad_worker_count_and_unreachable_scheduler_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="at least 1"), dask_client(workers=0):
        pass
    with pytest.raises(ConfigError, match="cannot reach"), dask_client(scheduler="tcp://127.0.0.1:1"):
        pass
