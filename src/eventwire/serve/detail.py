"""Event and article detail answers: reports, corroboration, conflicts and the spans the page highlights.

Until events are merged across outlets an event has one report (its own article); the shapes are the
merged ones (DESIGN.md: ``reports``, ``corroboration``, ``conflicts``, numeric min/max/best), so a merged
event fills them with more entries and nothing a client reads changes meaning.
"""

from __future__ import annotations

from collections.abc import Callable
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


def _report_from_mention(event: dict[str, Any], article: dict[str, Any] | None) -> dict[str, Any]:
    summary = event.get("article") or {}
    fatalities = event.get("fatalities") or {}
    return {
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
    }


#: Loads what a report's spans need: (the mention in contract shape, the stored article) or Nones.
MentionLoader = Callable[[str, str], tuple[dict[str, Any] | None, dict[str, Any] | None]]


def event_detail(event: dict[str, Any], load: MentionLoader, merged: dict[str, Any] | None = None) -> dict[str, Any]:
    """An event with its reports (each: article, evidence spans, claim, counts, quotes), corroboration,
    conflicts and casualty ranges. ``event`` is the asked mention; ``merged`` the fused record of the
    merged event it belongs to (store.get_merged_event), when merging has run."""
    summary = event.get("article") or {}
    reports = list(merged.get("reports") or ()) if merged else []
    if not reports:
        reports = [_report_from_mention(event, None)]
    filled = []
    for report in reports:
        mention_id = (report.get("mention_ids") or [event.get("id")])[0]
        if mention_id == event.get("id") and report.get("article_id") == summary.get("id"):
            mention, article = event, load(report["article_id"], "")[1]
        else:
            mention, article = load(report["article_id"], mention_id)
        filled.append({
            **report,
            "title": report.get("title") or (article or {}).get("article", {}).get("title"),
            "spans": event_spans(mention, article["text"] if article else None) if mention else [],
            "quotes": list(article["quotes"]) if article else [],
        })
    # The asked mention's report first: the page shows its evidence when the event opens.
    filled.sort(key=lambda report: event.get("id") not in (report.get("mention_ids") or ()))
    outlets = {item.get("outlet") or item.get("url") or item.get("article_id") for item in filled}
    detail = dict(event)
    detail["reports"] = filled
    detail["merged_id"] = merged.get("id") if merged else None
    detail["corroboration"] = (merged or {}).get("corroboration") or {
        "outlets": len(outlets), "outlets_with_copies": len(outlets), "articles": len(filled),
        "independent_documents": len(filled), "mentions": sum(len(item.get("mention_ids") or ()) for item in filled),
    }
    detail["conflicts"] = (merged or {}).get("conflicts") or []
    fatalities = event.get("fatalities") or {}
    fused = (merged or {}).get("fatalities") or {}
    detail["casualties"] = {
        name: _range(fused.get(name) if fused.get(name) is not None else fatalities.get(name))
        for name in ("killed", "injured")
    }
    return detail


def article_detail(article: dict[str, Any]) -> dict[str, Any]:
    """The stored article plus every span to highlight in its text (events' fields and quotes)."""
    text = article["text"]
    spans = [span for event in article["events"] for span in event_spans(event, text)]
    spans.extend(quote_spans(article["quotes"], text))
    return {**article, "spans": spans}
