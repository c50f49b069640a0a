"""What every export says about its data: the store version, that version's time and a citation line.

Nothing here depends on when or where the export runs (no clock, no path), so exporting the same
version twice gives the same bytes."""

from __future__ import annotations

import dataclasses
from typing import Any

from eventwire import __version__
from eventwire.store.base import EventFilter

_UNCITED = {"limit", "offset", "cursor", "as_of"}


def filter_description(event_filter: EventFilter) -> dict[str, Any]:
    """The filter fields that differ from their defaults (what selected these events)."""
    defaults = EventFilter()
    found: dict[str, Any] = {}
    for field in dataclasses.fields(EventFilter):
        value = getattr(event_filter, field.name)
        if field.name in _UNCITED or value == getattr(defaults, field.name):
            continue
        found[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return found


def citation(version: int, at: str | None, event_filter: EventFilter) -> dict[str, Any]:
    """The metadata record of an export of ``version`` (its time ``at``) selected by ``event_filter``."""
    selected = filter_description(event_filter)
    when = at or "before any recorded change"
    line = (f"eventwire event data, version {version} ({when})"
            + (f", events where {', '.join(f'{k}={v}' for k, v in selected.items())}" if selected else "")
            + f"; extracted with eventwire {__version__}.")
    return {"dataset": "eventwire", "version": version, "version_at": at, "eventwire": __version__,
            "filter": selected, "citation": line}
