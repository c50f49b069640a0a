"""HTTP API and web page: `create_app` builds the FastAPI app; `answer_once` answers one request."""

from eventwire.serve.app import create_app
from eventwire.serve.oneshot import answer_once

__all__ = ["answer_once", "create_app"]
