"""Event and article detail answers: reports, corroboration, conflicts and the spans the page highlights.

Until events are merged across outlets an event has one report (its own article); the shapes are the
merged ones (DESIGN.md: ``reports``, ``corroboration``, ``conflicts``, numeric min/max/best), so a merged
event fills them with more entries and nothing a client reads changes meaning.
"""

from __future__ import annotations

from typing import Any

#: Span kinds in the order the page layers them (later kinds are drawn inside earlier ones).
SPAN_KINDS = ("sentence", "trigger", "actor", "place", "date", "casualties", "claim", "quote")


def _span(kind: str, item: dict[str, Any] | None, text: str | None, label: str,
          event_id: str | None = None) -> dict[str, Any] | None:
    if not item:
        return None
    start, end = item.get("start"), item.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or end <= start:
        return None
    if text is not None and not (0 <= start and end <= len(text)):
        return None
    span = {"kind": kind, "start": start, "end": end, "label": label,
            "text": text[start:end] if text is not None else item.get("text")}
    if event_id is not None:
        span["event_id"] = event_id
    return span


def event_spans(event: dict[str, Any], text: str | None = None) -> list[dict[str, Any]]:
    """Every character span of an event (sentence, trigger, actors, place, date, casualties, claim cue)."""
    event_id = event.get("id")
    location = event.get("location") or {}
    claim = event.get("claim") or {}
    spans = [
        _span("sentence", event.get("sentence"), text, "evidence sentence", event_id),
        _span("trigger", event.get("trigger"), text, f"trigger of {event.get('type')}", event_id),
        *(_span("actor", actor, text, f"{actor.get('role')}: {actor.get('name') or actor.get('text')}", event_id)
          for actor in event.get("actors") or ()),
        _span("place", location, text, f"place: {location.get('name') or location.get('text')}", event_id),
        _span("date", event.get("date"), text, "date", event_id),
        _span("casualties", event.get("fatalities"), text, "casualties", event_id),
        _span("claim", claim, text, f"claim cue ({claim.get('status')})", event_id),
    ]
    return [span for span in spans if span is not None]


def quote_spans(quotes: list[dict[str, Any]], text: str | None = None) -> list[dict[str, Any]]:
    spans = [_span("quote", quote, text, f"quote: {quote.get('speaker') or 'unknown speaker'}") for quote in quotes]
    return [span for span in spans if span is not None]


def _range(value: Any) -> dict[str, Any]:
    """A count as {best, min, max}; a merged event's range passes through."""
    if isinstance(value, dict):
        return {"best": value.get("best"), "min": value.get("min"), "max": value.get("max")}
    return {"best": value, "min": value, "max": value}


def event_detail(event: dict[str, Any], article: dict[str, Any] | None) -> dict[str, Any]:
    """An event with its reports (each: article, evidence spans, claim, counts, quotes), corroboration,
    conflicts and casualty ranges."""
    summary = event.get("article") or {}
    text = article["text"] if article else None
    quotes = list(article["quotes"]) if article else []
    fatalities = event.get("fatalities") or {}
    report = {
        "article_id": summary.get("id"),
        "outlet": summary.get("outlet"),
        "url": summary.get("url"),
        "title": summary.get("title"),
        "published": summary.get("published"),
        "copy_of": None,
        "mention_ids": [event.get("id")],
        "claim": event.get("claim"),
        "killed": fatalities.get("killed"),
        "injured": fatalities.get("injured"),
        "spans": event_spans(event, text),
        "quotes": quotes,
    }
    reports = event.get("reports") or [report]
    outlets = {item.get("outlet") or item.get("url") or item.get("article_id") for item in reports}
    detail = dict(event)
    detail["reports"] = reports
    detail.setdefault("corroboration", {
        "outlets": len(outlets), "outlets_with_copies": len(outlets), "articles": len(reports),
        "independent_documents": len(reports), "mentions": sum(len(item.get("mention_ids") or ()) for item in reports),
    })
    detail.setdefault("conflicts", [])
    detail["casualties"] = {"killed": _range(fatalities.get("killed")), "injured": _range(fatalities.get("injured"))}
    return detail


def article_detail(article: dict[str, Any]) -> dict[str, Any]:
    """The stored article plus every span to highlight in its text (events' fields and quotes)."""
    text = article["text"]
    spans = [span for event in article["events"] for span in event_spans(event, text)]
    spans.extend(quote_spans(article["quotes"], text))
    return {**article, "spans": spans}
