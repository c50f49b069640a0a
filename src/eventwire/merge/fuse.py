"""Fusion: one merged event from its reports, with corroboration, conflicts and best values.

The best-value rules (also in docs/merging.md):
- A value's support is the number of independent documents that state it (syndicated copies of one
  root count once; within one article the value of its earliest mention that states one is used).
- A value's report time is the latest, over the documents stating it, of the document's earliest
  publication (a syndicated copy published later does not make an old figure newer).
- killed / injured: ``best`` is the value with the most support; ties go to the value stated by the
  most recent report (latest publication time), then to the larger value. ``min`` and ``max`` span
  every stated value.
- place: the most precise place (point < city < admin2 < admin1 < country < region); among equally
  precise places the one with most support, then the most recent report.
- date: the most precise text date (day < week < month < year), then most support, then most recent
  report; a publication-day fallback is used only when no report dates the event.
- type / mode: the most supported (type, mode) pair, then the most precise (a mode beats none).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from eventwire.merge.cluster import EventCluster
from eventwire.merge.records import MentionRecord, order_key
from eventwire.model import DateSource, event_to_dict

_PLACE_RANK = {"point": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


def _published(record: MentionRecord) -> dt.datetime:
    if record.published is None:
        return _EPOCH
    return record.published if record.published.tzinfo else record.published.replace(tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class _Stated:
    """A value as stated by each independent document: value -> the records stating it."""

    by_value: dict[Hashable, list[MentionRecord]]

    def support(self, value: Hashable) -> int:
        return len({record.document for record in self.by_value[value]})

    def latest(self, value: Hashable) -> dt.datetime:
        """When the value was last reported: a document counts at its earliest publication, so a
        syndicated copy published later does not make an old figure look new."""
        first_by_document: dict[str, dt.datetime] = {}
        for record in self.by_value[value]:
            published = _published(record)
            if record.document not in first_by_document or published < first_by_document[record.document]:
                first_by_document[record.document] = published
        return max(first_by_document.values())

    def sources(self, value: Hashable) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for record in self.by_value[value]:
            seen.setdefault(record.article_id, {"article_id": record.article_id, "outlet": record.outlet,
                                                "mention_id": record.id})
        return sorted(seen.values(), key=lambda source: source["article_id"])


def _stated(members: list[MentionRecord], value_of: Callable[[MentionRecord], Hashable | None]) -> _Stated:
    """Each article's value (its earliest mention stating one), grouped by value."""
    per_article: dict[str, tuple[Hashable, MentionRecord]] = {}
    for record in members:  # members are in the fixed ordering: the earliest mention comes first
        value = value_of(record)
        if value is not None and record.article_id not in per_article:
            per_article[record.article_id] = (value, record)
    by_value: dict[Hashable, list[MentionRecord]] = {}
    for value, record in per_article.values():
        by_value.setdefault(value, []).append(record)
    return _Stated(by_value)


def _numeric(stated: _Stated) -> dict[str, Any] | None:
    if not stated.by_value:
        return None
    values = list(stated.by_value)
    best = max(values, key=lambda v: (stated.support(v), stated.latest(v), v))
    return {"best": best, "min": min(values), "max": max(values)}  # type: ignore[type-var]


def _conflict(field_name: str, stated: _Stated, show: Callable[[Hashable], Any] = lambda v: v) -> dict[str, Any] | None:
    if len(stated.by_value) < 2:
        return None
    values = sorted(stated.by_value, key=lambda v: (-stated.support(v), str(v)))
    return {
        "field": field_name,
        "values": [
            {"value": show(value), "support": stated.support(value), "sources": stated.sources(value)}
            for value in values
        ],
    }


def _place_key(record: MentionRecord) -> Hashable | None:
    place = record.mention.location
    if place is None:
        return None
    return (place.geonameid, place.name, place.precision.value)


def _date_key(record: MentionRecord) -> Hashable | None:
    date = record.mention.date
    if date is None or date.source is not DateSource.TEXT:
        return None
    return (date.value.isoformat(), date.precision.value)


def _report(article_members: list[MentionRecord]) -> dict[str, Any]:
    """One article's report: its first mention is the evidence, its claim the article's claim."""
    lead = article_members[0]
    mention = lead.mention
    return {
        "article_id": lead.article_id,
        "outlet": lead.outlet,
        "url": lead.url,
        "published": lead.published.isoformat() if lead.published else None,
        "copy_of": lead.copy_of,
        "mention_ids": [record.id for record in article_members],
        "evidence": {"text": mention.sentence.text, "start": mention.sentence.start, "end": mention.sentence.end},
        "trigger": {"text": mention.trigger.text, "start": mention.trigger.start, "end": mention.trigger.end},
        "claim": {"status": mention.claim.status.value, "cue": mention.claim.cue,
                  "sources": list(mention.claim.sources)},
        "killed": mention.fatalities.killed if mention.fatalities else None,
        "injured": mention.fatalities.injured if mention.fatalities else None,
    }


def _representatives(members: list[MentionRecord]) -> list[MentionRecord]:
    """One record per independent document: the root article's own when present, else the earliest.

    A syndicated copy therefore adds neither an outlet nor an article to the corroboration count."""
    chosen: dict[str, MentionRecord] = {}
    for record in members:
        current = chosen.get(record.document)
        if current is None or (record.article_id == record.document and current.article_id != record.document):
            chosen[record.document] = record
    return list(chosen.values())


def fuse(cluster: EventCluster) -> dict[str, Any]:
    """The merged event record (JSON-ready): best fields, reports, corroboration, conflicts."""
    members = sorted(cluster.members, key=order_key)
    by_article: dict[str, list[MentionRecord]] = {}
    for record in members:
        by_article.setdefault(record.article_id, []).append(record)
    reports = [_report(group) for group in by_article.values()]

    kinds = _stated(members, lambda r: (r.mention.type.value, r.mention.mode))
    type_value, mode_value = max(kinds.by_value, key=lambda v: (kinds.support(v), v[1] is not None, kinds.latest(v)))  # type: ignore[index]

    killed = _stated(members, lambda r: r.mention.fatalities.killed if r.mention.fatalities else None)
    injured = _stated(members, lambda r: r.mention.fatalities.injured if r.mention.fatalities else None)
    places = _stated(members, _place_key)
    dates = _stated(members, _date_key)

    place_record = None
    if places.by_value:
        best_place = min(places.by_value, key=lambda v: (_PLACE_RANK[v[2]], -places.support(v), -places.latest(v).timestamp()))  # type: ignore[index]
        place_record = places.by_value[best_place][0]
    date_record = None
    if dates.by_value:
        best_date = min(dates.by_value, key=lambda v: (_DATE_RANK[v[1]], -dates.support(v), -dates.latest(v).timestamp()))  # type: ignore[index]
        date_record = dates.by_value[best_date][0]
    fallback = next((r for r in members if r.mention.date is not None), None)

    def show_place(value: Hashable) -> Any:
        geonameid, name, precision = value  # type: ignore[misc]
        return {"geonameid": geonameid, "name": name, "precision": precision}

    def show_date(value: Hashable) -> Any:
        iso, precision = value  # type: ignore[misc]
        return {"value": iso, "precision": precision}

    conflicts = [
        conflict
        for conflict in (
            _conflict("killed", killed),
            _conflict("injured", injured),
            _conflict("date", dates, show_date),
            _conflict("location", places, show_place),
        )
        if conflict is not None
    ]
    lead = event_to_dict(members[0].mention)
    return {
        "id": cluster.id,
        "type": type_value,
        "mode": mode_value,
        "acled": lead["acled"],
        "location": event_to_dict(place_record.mention)["location"] if place_record else None,
        "date": event_to_dict((date_record or fallback or members[0]).mention)["date"],
        "fatalities": {"killed": _numeric(killed), "injured": _numeric(injured)},
        "reports": reports,
        "corroboration": {
            "outlets": len({record.source_key for record in _representatives(members)}),
            "outlets_with_copies": len({record.source_key for record in members}),
            "articles": len(by_article),
            "independent_documents": len({record.document for record in members}),
            "mentions": len(members),
        },
        "conflicts": conflicts,
    }


def explain(cluster: EventCluster) -> dict[str, Any]:
    """The fused record plus, for each mention, the decision that joined it (features and scores)."""
    record = fuse(cluster)
    record["decisions"] = [cluster.decisions[m.id].as_dict() for m in sorted(cluster.members, key=order_key)]
    return record


def stored_row(cluster: EventCluster) -> dict[str, Any]:
    """The flat ``merged_events`` row of a cluster (the fused record goes in ``data`` as JSON)."""
    fused = fuse(cluster)
    block = cluster.block
    location = fused["location"] or {}
    date = fused["date"] or {}
    killed = fused["fatalities"]["killed"] or {}
    injured = fused["fatalities"]["injured"] or {}
    corroboration = fused["corroboration"]
    return {
        "id": cluster.id,
        "type": fused["type"],
        "mode": fused["mode"],
        "family": block.family if block else "",
        "block_country": block.country if block else "?",
        "window_first": block.first if block else -1,
        "window_last": block.last if block else -1,
        "country": location.get("country"),
        "admin1": location.get("admin1"),
        "geonameid": location.get("geonameid"),
        "lat": location.get("lat"),
        "lon": location.get("lon"),
        "precision": location.get("precision"),
        "event_date": date.get("value"),
        "date_precision": date.get("precision"),
        "killed_best": killed.get("best"), "killed_min": killed.get("min"), "killed_max": killed.get("max"),
        "injured_best": injured.get("best"), "injured_min": injured.get("min"), "injured_max": injured.get("max"),
        "outlets": corroboration["outlets"],
        "articles": corroboration["articles"],
        "independent_documents": corroboration["independent_documents"],
        "mentions": corroboration["mentions"],
        "conflicts": json.dumps(fused["conflicts"], ensure_ascii=False),
        "data": json.dumps(fused, ensure_ascii=False),
    }


def link_rows(cluster: EventCluster) -> list[dict[str, Any]]:
    """One ``merged_event_links`` row per member: the decision that joined it, as JSON."""
    return [
        {
            "mention_id": member.id,
            "event_id": cluster.id,
            "article_id": member.article_id,
            "copy_of": member.copy_of,
            "score": round(cluster.decisions[member.id].score, 4),
            "decision": json.dumps(cluster.decisions[member.id].as_dict(), ensure_ascii=False),
        }
        for member in cluster.members
    ]
