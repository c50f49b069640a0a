"""Answer one API request in-process, without a server (`eventwire serve --get "/api/events?country=VEN"`)."""

from __future__ import annotations

import asyncio
import logging

import httpx
from fastapi import FastAPI

from eventwire.errors import BadInputError

logger = logging.getLogger(__name__)


async def _get(app: FastAPI, path_and_query: str) -> httpx.Response:
    # raise_app_exceptions=False: a crash becomes the API's 500 error envelope, as over HTTP.
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://eventwire.local") as client:
        return await client.get(path_and_query)


def answer_once(app: FastAPI, path_and_query: str) -> tuple[int, str]:
    """GET ``path_and_query`` from ``app``; returns (HTTP status, body text). Closes the app's store
    afterwards (the app is used once): build a fresh app per call."""
    if not path_and_query.startswith("/"):
        raise BadInputError(
            f"the path must start with '/', e.g. /api/events?country=VEN; got {path_and_query!r}"
        )
    try:
        response = asyncio.run(_get(app, path_and_query))
    finally:
        store = getattr(app.state, "store", None)
        if store is not None:
            store.close()
    logger.debug("GET %s -> %d", path_and_query, response.status_code)
    return response.status_code, response.text
