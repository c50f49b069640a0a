"""eventwire: news in, structured and sourced events out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleResult",
    "EventMention",
    "EventType",
    "EventwireError",
    "Pipeline",
    "Quote",
    "Reject",
    "Settings",
    "__version__",
    "load_settings",
    "process",
    "read_sources",
]

if TYPE_CHECKING:
    from eventwire.errors import EventwireError
    from eventwire.ingest import read_sources
    from eventwire.model import Article, ArticleResult, EventMention, EventType, Quote, Reject
    from eventwire.pipeline import Pipeline, process
    from eventwire.settings import Settings, load_settings

_HOMES = {
    "EventwireError": "eventwire.errors",
    "read_sources": "eventwire.ingest",
    "Article": "eventwire.model",
    "ArticleResult": "eventwire.model",
    "EventMention": "eventwire.model",
    "EventType": "eventwire.model",
    "Quote": "eventwire.model",
    "Reject": "eventwire.model",
    "Pipeline": "eventwire.pipeline",
    "process": "eventwire.pipeline",
    "Settings": "eventwire.settings",
    "load_settings": "eventwire.settings",
}


def __getattr__(name: str) -> Any:
    # Lazy: `import eventwire` must not load spaCy or do any work (STYLE.md: no work at import time).
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
