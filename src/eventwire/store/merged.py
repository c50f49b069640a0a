"""Merged events in the store: candidates of a block, saving merge results, reading one event back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import Connection, and_, delete, or_, select, update

from eventwire.store.schema import articles, events, merged_event_aliases, merged_event_links, merged_events


def merge_candidates(connection: Connection, family: str, country: str, first: int, last: int) -> list[dict[str, Any]]:
    """Every member of the stored events whose block overlaps this one (same family; same country, or
    either side's country unknown), with what the merge needs to rebuild its record and decision."""
    window = and_(merged_events.c.family == family, merged_events.c.window_first <= last,
                  merged_events.c.window_last >= first)
    if country != "?":
        window = and_(window, or_(merged_events.c.block_country == country, merged_events.c.block_country == "?"))
    statement = (
        select(merged_event_links.c.event_id, merged_event_links.c.copy_of, merged_event_links.c.decision,
               events.c.data, events.c.position, articles.c.id.label("article_id"), articles.c.outlet,
               articles.c.url, articles.c.published)
        .select_from(
            merged_event_links.join(merged_events, merged_events.c.id == merged_event_links.c.event_id)
            .join(events, events.c.id == merged_event_links.c.mention_id)
            .join(articles, articles.c.id == events.c.article_id)
        )
        .where(window)
        .order_by(merged_event_links.c.event_id, merged_event_links.c.mention_id)
    )
    return [
        {
            "event_id": row.event_id, "copy_of": row.copy_of, "decision": json.loads(row.decision),
            "mention": json.loads(row.data), "position": row.position, "article_id": row.article_id,
            "outlet": row.outlet, "url": row.url, "published": row.published,
        }
        for row in connection.execute(statement)
    ]


def save_merged(connection: Connection, event_rows: list[dict[str, Any]], links: list[dict[str, Any]],
                retired: list[tuple[str, str]]) -> None:
    """Replace the given events and links; retire merged-away ids (aliases point at the survivor)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for old, survivor in retired:
        connection.execute(delete(merged_event_links).where(merged_event_links.c.event_id == old))
        connection.execute(delete(merged_events).where(merged_events.c.id == old))
        connection.execute(update(merged_event_aliases).where(merged_event_aliases.c.event_id == old)
                           .values(event_id=survivor))
        connection.execute(delete(merged_event_aliases).where(merged_event_aliases.c.old_id == old))
        connection.execute(merged_event_aliases.insert().values(old_id=old, event_id=survivor))
    if event_rows:
        ids = [row["id"] for row in event_rows]
        connection.execute(delete(merged_events).where(merged_events.c.id.in_(ids)))
        connection.execute(merged_events.insert(), [{**row, "updated_at": now} for row in event_rows])
    if links:
        connection.execute(delete(merged_event_links).where(
            merged_event_links.c.mention_id.in_([link["mention_id"] for link in links])))
        connection.execute(merged_event_links.insert(), links)
    for row in event_rows:
        # The per-mention rows show how many outlets report their event (filters use it).
        connection.execute(
            update(events).where(events.c.id.in_(
                select(merged_event_links.c.mention_id).where(merged_event_links.c.event_id == row["id"])
            )).values(outlets=row["outlets"])
        )


def get_merged_event(connection: Connection, event_id: str) -> dict[str, Any] | None:
    """A merged event by its id, a merged-away id or the id of one of its mentions; with its links."""
    alias = connection.execute(select(merged_event_aliases.c.event_id)
                               .where(merged_event_aliases.c.old_id == event_id)).scalar()
    if alias is None:
        alias = connection.execute(select(merged_event_links.c.event_id)
                                   .where(merged_event_links.c.mention_id == event_id)).scalar()
    target = alias or event_id
    data = connection.execute(select(merged_events.c.data).where(merged_events.c.id == target)).scalar()
    if data is None:
        return None
    links = connection.execute(
        select(merged_event_links.c.mention_id, merged_event_links.c.article_id, merged_event_links.c.score,
               merged_event_links.c.decision)
        .where(merged_event_links.c.event_id == target).order_by(merged_event_links.c.mention_id)
    ).all()
    return {
        "event": json.loads(data),
        "asked": event_id,
        "links": [
            {"mention_id": link.mention_id, "article_id": link.article_id, "score": link.score,
             "decision": json.loads(link.decision)}
            for link in links
        ],
    }
