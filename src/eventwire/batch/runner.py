"""Run the pipeline on a Dask cluster: workers extract, the calling process stores (the one writer).

Articles stream through in chunks; at most ``max_in_flight`` chunks are on the cluster at any time, so
memory stays bounded whatever the corpus size. Results come back in input order, so a run on N workers
stores exactly what a single-process run stores, in the same order.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from eventwire.errors import ConfigError, EventwireError, PipelineError
from eventwire.model import Article, ArticleResult, Reject
from eventwire.settings import Settings

if TYPE_CHECKING:
    from distributed import Client, Future

    from eventwire.pipeline import Pipeline

logger = logging.getLogger(__name__)

#: One loaded Pipeline per worker process, keyed by the settings it was built from.
_WORKER_PIPELINES: dict[str, Pipeline] = {}


def _worker_pipeline(settings_json: str) -> Pipeline:
    from eventwire.pipeline import Pipeline

    pipeline = _WORKER_PIPELINES.get(settings_json)
    if pipeline is None:
        pipeline = Pipeline(Settings.model_validate_json(settings_json))
        _WORKER_PIPELINES[settings_json] = pipeline
    return pipeline


def process_chunk(chunk: list[Article | Reject], settings_json: str) -> list[ArticleResult | Reject]:
    """The task each worker runs: the whole pipeline over one chunk (Rejects pass through)."""
    return list(_worker_pipeline(settings_json).process(chunk))


def _chunks(items: Iterable[Article | Reject], size: int) -> Iterator[list[Article | Reject]]:
    chunk: list[Article | Reject] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client of an existing cluster (``scheduler``) or of a LocalCluster with ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:  # pragma: no cover - dask is a declared dependency
        raise ConfigError("Dask is not installed: pip install 'dask[distributed]'") from error

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as error:
            raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        try:
            yield client
        finally:
            client.close()
        return
    if workers is None or workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    # Processes, one thread each: spaCy holds the GIL, so threads would not add throughput.
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    )
    client = Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def process_on_dask(
    items: Iterable[Article | Reject],
    settings: Settings,
    client: Client,
    chunk_size: int = 16,
    max_in_flight: int | None = None,
) -> Iterator[ArticleResult | Reject]:
    """Pipeline results for ``items`` computed on ``client``'s workers, yielded in input order."""
    settings_json = settings.model_dump_json()
    if max_in_flight is None:
        max_in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque[Future] = deque()
    for chunk in _chunks(items, chunk_size):
        pending.append(client.submit(process_chunk, chunk, settings_json, pure=False))
        if len(pending) >= max_in_flight:
            yield from _collect(pending.popleft())
    while pending:
        yield from _collect(pending.popleft())


def _collect(future: Any) -> list[ArticleResult | Reject]:
    try:
        return future.result()
    except EventwireError:
        raise
    except Exception as error:  # a worker that died or a task that failed on the cluster
        raise PipelineError(f"a Dask task failed: {type(error).__name__}: {error}") from error
    finally:
        future.release()
