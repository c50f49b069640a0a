"""Large jobs on Dask: `ingest_on_dask` runs the pipeline on a cluster and stores from this process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from typing import Any

from eventwire.pipeline import IngestReport, ingest
from eventwire.settings import Settings
from eventwire.store.base import Store

__all__ = ["ingest_on_dask"]


def ingest_on_dask(
    sources: Sequence[str],
    store: Store,
    settings: Settings,
    published: dt.datetime | None = None,
    **options: Any,
) -> IngestReport:
    """`eventwire.pipeline.ingest` with extraction on ``settings.scheduler`` or a LocalCluster of
    ``settings.workers`` processes; results are stored here, in input order, by one writer. ``options`` are `ingest`'s
    keyword options (field_map, fetcher, on_item)."""
    from eventwire.batch.runner import dask_client, process_on_dask

    with dask_client(workers=settings.workers, scheduler=settings.scheduler) as client:
        runner = partial(process_on_dask, settings=settings, client=client, chunk_size=settings.batch_size)
        return ingest(sources, store, settings, published, runner=runner, **options)
