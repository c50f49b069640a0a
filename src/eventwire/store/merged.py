"""Merged events in the store: candidates of a block, saving merge results (versioned), retracting an
article's reports, reading one event back (now or as of a version)."""

from __future__ import annotations

import datetime as dt
import functools
import heapq
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Integer, Select, String, and_, bindparam, delete, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from eventwire.errors import BadInputError
from eventwire.store.schema import (
    articles,
    events,
    merged_event_aliases,
    merged_event_history,
    merged_event_links,
    merged_events,
)
from eventwire.store.versions import ChangeLog, begin_version, merged_data_as_of

#: Columns of a merged event whose change is logged as ``field_changed`` (best values, corroboration).
TRACKED_FIELDS = (
    "type", "mode", "country", "admin1", "geonameid", "precision", "event_date", "date_precision",
    "killed_best", "injured_best", "outlets",
)


def _members(connection: Connection, condition: ColumnElement[bool], *, with_decisions: bool = True) -> list[dict[str, Any]]:
    """Members as the merge restores them; without decisions, ``decision`` is None and ``score`` is
    their link score (a decision is a few kB of JSON: most candidates are only compared with)."""
    decision = merged_event_links.c.decision if with_decisions else merged_event_links.c.score
    statement = (
        select(merged_event_links.c.event_id, merged_event_links.c.copy_of, decision,
               events.c.data, events.c.position, articles.c.id.label("article_id"), articles.c.outlet,
               articles.c.url, articles.c.published)
        .select_from(
            merged_event_links.join(merged_events, merged_events.c.id == merged_event_links.c.event_id)
            .join(events, events.c.id == merged_event_links.c.mention_id)
            .join(articles, articles.c.id == events.c.article_id)
        )
        .where(condition)
        .order_by(merged_event_links.c.event_id, merged_event_links.c.mention_id)
    )
    return [
        {
            "event_id": row.event_id, "copy_of": row.copy_of,
            "decision": json.loads(row.decision) if with_decisions else None,
            "score": row.score if not with_decisions else None,
            "mention": json.loads(row.data), "position": row.position, "article_id": row.article_id,
            "outlet": row.outlet, "url": row.url, "published": row.published,
        }
        for row in connection.execute(statement)
    ]


def unmerged_mentions(connection: Connection) -> list[dict[str, Any]]:
    """Stored mentions no merged event links, in the shape of `merge_candidates` without ``event_id``
    and ``decision``. Negated and hypothetical mentions are never linked, so they are here too; a
    mention of an article stored by a run killed before it merged its batch is what this finds."""
    statement = (
        select(events.c.data, events.c.position, articles.c.id.label("article_id"), articles.c.outlet,
               articles.c.url, articles.c.published, articles.c.copy_of)
        .select_from(
            events.join(articles, articles.c.id == events.c.article_id)
            .outerjoin(merged_event_links, merged_event_links.c.mention_id == events.c.id)
        )
        # a retracted article's mentions left their merged events on purpose
        .where(merged_event_links.c.mention_id.is_(None), articles.c.retracted_version.is_(None))
        .order_by(articles.c.id, events.c.position)
    )
    return [
        {"copy_of": row.copy_of, "mention": json.loads(row.data), "position": row.position, "article_id": row.article_id,
         "outlet": row.outlet, "url": row.url, "published": row.published}
        for row in connection.execute(statement)
    ]


def _overlapping(family: str, country: str, first: int, last: int) -> ColumnElement[bool]:
    """Stored events whose block overlaps this one (same family; same country, or either side's
    country unknown)."""
    window = and_(merged_events.c.family == family, merged_events.c.window_first <= last,
                  merged_events.c.window_last >= first)
    if country != "?":
        window = and_(window, or_(merged_events.c.block_country == country, merged_events.c.block_country == "?"))
    return window


def merge_candidates(connection: Connection, family: str, country: str, first: int, last: int) -> list[dict[str, Any]]:
    """Every member of the stored events whose block overlaps this one, with what the merge needs to
    rebuild its record and decision."""
    return _members(connection, _overlapping(family, country, first, last))


#: Events whose members one query of `merge_candidates_of` reads: bounds the rows decoded at once.
EVENTS_PER_QUERY = 100
#: Blocks whose events one query of `merge_candidates_of` finds (each adds a few terms to one WHERE).
BLOCKS_PER_QUERY = 100


@functools.cache
def _windows_statement(count: int) -> Select[Any]:
    """The stored events (id, block and size) overlapping any of ``count`` blocks, as `_overlapping` finds them,
    with the blocks as named parameters: one statement object per count, so SQLAlchemy computes its
    cache key and compiles it once per process instead of once per batch (a statement built from the
    values has a new shape whenever the number of blocks changes, and compiling 100 windows costs more
    than running them). An unknown country ("?") matches every country, as in `_overlapping`."""
    windows = []
    for index in range(count):
        country = bindparam(f"country_{index}", type_=String)
        windows.append(and_(
            merged_events.c.family == bindparam(f"family_{index}", type_=String),
            merged_events.c.window_first <= bindparam(f"last_{index}", type_=Integer),
            merged_events.c.window_last >= bindparam(f"first_{index}", type_=Integer),
            or_(country == "?", merged_events.c.block_country == country, merged_events.c.block_country == "?"),
        ))
    return select(merged_events.c.id, merged_events.c.family, merged_events.c.block_country,
                  merged_events.c.window_first, merged_events.c.window_last,
                  merged_events.c.mentions).where(or_(*windows))


def _padded(count: int) -> int:
    """The statement size for ``count`` blocks: the next power of two, at most BLOCKS_PER_QUERY, so a
    few statements serve every batch (padding repeats a block, which finds nothing new)."""
    size = 1
    while size < count:
        size *= 2
    return min(size, BLOCKS_PER_QUERY)


def merge_candidates_of(connection: Connection, blocks: Iterable[tuple[str, str, int, int]], *,
                        with_decisions: bool = True, nearest: int | None = None) -> Iterator[dict[str, Any]]:
    """`merge_candidates` of several blocks (family, country, first, last), each member once, in event id
    order. Overlapping blocks share events (a large event overlaps most blocks of its family): reading
    members per block would decode them again for each block, so the event ids come first.

    With ``nearest``, only the ``nearest`` events of each block the merge would compare with are read:
    the same order as `MergeEngine._candidates` (window centre nearest the block's, then more
    reports, then id), so a batch reads a bounded number of events however many a window holds."""
    found: dict[str, Any] = {}
    unique = sorted(set(blocks))
    for start in range(0, len(unique), BLOCKS_PER_QUERY):  # a few queries, not one per block
        chunk = unique[start : start + BLOCKS_PER_QUERY]
        size = _padded(len(chunk))
        chunk += [chunk[-1]] * (size - len(chunk))
        parameters: dict[str, Any] = {}
        for index, (family, country, first, last) in enumerate(chunk):
            parameters.update({f"family_{index}": family, f"country_{index}": country,
                               f"first_{index}": first, f"last_{index}": last})
        found.update((row.id, row) for row in connection.execute(_windows_statement(size), parameters))
    event_ids = set(found) if nearest is None else _nearest_of(list(found.values()), unique, nearest)
    ordered = sorted(event_ids)
    for start in range(0, len(ordered), EVENTS_PER_QUERY):
        chunk_ids = ordered[start : start + EVENTS_PER_QUERY]
        yield from _members(connection, merged_event_links.c.event_id.in_(chunk_ids), with_decisions=with_decisions)


def _nearest_of(rows: list[Any], blocks: list[tuple[str, str, int, int]], nearest: int) -> set[str]:
    """The ids of the ``nearest`` events of each block among ``rows`` (events overlapping some block)."""
    by_family: dict[str, list[Any]] = {}
    for row in rows:
        by_family.setdefault(row.family, []).append(row)
    kept: set[str] = set()
    for family, country, first, last in blocks:
        centre = first + last
        overlapping = [
            (abs(row.window_first + row.window_last - centre), -row.mentions, row.id)
            for row in by_family.get(family, ())
            if row.window_first <= last and row.window_last >= first
            and (country == "?" or row.block_country in (country, "?"))
        ]
        kept.update(event_id for _, _, event_id in heapq.nsmallest(nearest, overlapping))
    return kept


def link_decisions(connection: Connection, mention_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Mention id -> the stored decision that linked it to its merged event."""
    wanted = sorted(set(mention_ids))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        statement = select(merged_event_links.c.mention_id, merged_event_links.c.decision).where(
            merged_event_links.c.mention_id.in_(wanted[start : start + 500]))
        found.update((row.mention_id, json.loads(row.decision)) for row in connection.execute(statement))
    return found


def members_with_article(connection: Connection, article_id: str) -> list[dict[str, Any]]:
    """Every member of the merged events that hold a mention of this article (for a retraction)."""
    holding = select(merged_event_links.c.event_id).where(merged_event_links.c.article_id == article_id)
    return _members(connection, merged_event_links.c.event_id.in_(holding))


def save_merged(connection: Connection, event_rows: list[dict[str, Any]], links: list[dict[str, Any]],
                retired: list[tuple[str, str]]) -> int | None:
    """Replace the given events and links; retire merged-away ids (aliases point at the survivor).

    Every change is logged in a new version in the same transaction (store/versions.py); returns it
    (None when there was nothing to save)."""
    if not (event_rows or links or retired):
        return None
    version = begin_version(connection, "merge", links[0]["article_id"] if links else None)
    log = ChangeLog(version, [])
    apply_merged(connection, log, event_rows, links, retired)
    log.flush(connection)
    return version


def apply_merged(connection: Connection, log: ChangeLog, event_rows: list[dict[str, Any]],
                 links: list[dict[str, Any]], retired: list[tuple[str, str]]) -> None:
    """Write merged events and links, logging what changed and keeping each event's earlier states."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    ids = [row["id"] for row in event_rows]
    before_rows = {row.id: row for row in connection.execute(
        select(merged_events).where(merged_events.c.id.in_(ids)))} if ids else {}
    mention_ids = [link["mention_id"] for link in links]
    before_links: dict[str, str] = dict(connection.execute(  # type: ignore[arg-type]
        select(merged_event_links.c.mention_id, merged_event_links.c.event_id)
        .where(merged_event_links.c.mention_id.in_(mention_ids))).all()) if mention_ids else {}
    retired_ids = {old for old, _ in retired}
    new_links: dict[str, list[dict[str, Any]]] = {}
    for link in links:
        # A report new to the store is the cause; one that only moved (a merge) is not.
        if link["mention_id"] not in before_links:
            new_links.setdefault(link["event_id"], []).append(link)

    def cause_of(event_id: str) -> str | None:
        found = new_links.get(event_id)
        return found[0]["article_id"] if found else None

    for old, survivor in retired:
        log.add("events_merged", event_id=old, article_id=cause_of(survivor), new=survivor)
        _close_histories(connection, [old], log.version)
        connection.execute(delete(merged_event_links).where(merged_event_links.c.event_id == old))
        connection.execute(delete(merged_events).where(merged_events.c.id == old))
        connection.execute(update(merged_event_aliases).where(merged_event_aliases.c.event_id == old)
                           .values(event_id=survivor))
        connection.execute(delete(merged_event_aliases).where(merged_event_aliases.c.old_id == old))
        connection.execute(merged_event_aliases.insert().values(old_id=old, event_id=survivor))
    history: list[dict[str, Any]] = []
    for row in event_rows:
        before = before_rows.get(row["id"])
        if before is None:
            log.add("event_created", event_id=row["id"], article_id=cause_of(row["id"]),
                    new={"type": row["type"], "country": row["country"], "event_date": row["event_date"]})
        else:
            for name in TRACKED_FIELDS:
                if before._mapping[name] != row[name]:
                    log.add("field_changed", event_id=row["id"], article_id=cause_of(row["id"]), field=name,
                            old=before._mapping[name], new=row[name])
        if before is None or before.data != row["data"]:
            history.append({"event_id": row["id"], "valid_from": log.version, "data": row["data"]})
    if history:
        # Batched: one UPDATE and one executemany for the whole merge, not two statements per event.
        _close_histories(connection, [entry["event_id"] for entry in history], log.version)
        connection.execute(merged_event_history.insert(), history)
    for link in links:
        previous = before_links.get(link["mention_id"])
        if previous == link["event_id"]:
            continue
        if previous is None:
            log.add("report_added", event_id=link["event_id"], article_id=link["article_id"], new=link["mention_id"])
        elif previous not in retired_ids:
            log.add("event_split", event_id=previous, article_id=link["article_id"], old=link["mention_id"],
                    new=link["event_id"])
    # Stored events are updated in place, not deleted and inserted again: a delete would cascade to
    # their links, and every unchanged link of a large event would have to be written again.
    known = [{**row, "updated_at": now, "row_id": row["id"]} for row in event_rows if row["id"] in before_rows]
    if known:
        connection.execute(update(merged_events).where(merged_events.c.id == bindparam("row_id")), known)
    fresh = [{**row, "updated_at": now} for row in event_rows if row["id"] not in before_rows]
    if fresh:
        connection.execute(merged_events.insert(), fresh)
    if links:
        connection.execute(delete(merged_event_links).where(merged_event_links.c.mention_id.in_(mention_ids)))
        connection.execute(merged_event_links.insert(), links)
    if event_rows:
        # The per-mention rows show how many outlets report their event (filters use it).
        connection.execute(
            update(events).where(events.c.id.in_(
                select(merged_event_links.c.mention_id)
                .where(merged_event_links.c.event_id == bindparam("merged_id"))
            )).values(outlets=bindparam("merged_outlets")),
            [{"merged_id": row["id"], "merged_outlets": row["outlets"]} for row in event_rows],
        )


def _close_histories(connection: Connection, event_ids: list[str], version: int) -> None:
    """End the open history rows of these events at ``version``, a few statements in all."""
    for start in range(0, len(event_ids), 500):  # bounded IN lists
        connection.execute(update(merged_event_history).where(
            merged_event_history.c.event_id.in_(event_ids[start : start + 500]),
            merged_event_history.c.valid_to.is_(None),
        ).values(valid_to=version))


def retract_article(connection: Connection, article_id: str, reason: str, event_rows: list[dict[str, Any]],
                    links: list[dict[str, Any]], emptied: list[str]) -> int:
    """Mark an article retracted at a new version: its events and quotes leave every read from then
    on (they stay readable as of earlier versions); merged events are saved rebuilt without its
    mentions, and events it alone reported are removed."""
    version = begin_version(connection, "retract", article_id)
    marked = connection.execute(update(articles).where(
        articles.c.id == article_id, articles.c.retracted_version.is_(None)).values(retracted_version=version))
    if marked.rowcount != 1:
        known = connection.execute(select(articles.c.id).where(articles.c.id == article_id)).first()
        raise BadInputError(f"article {article_id!r} is already retracted" if known
                            else f"no article with id {article_id!r}")
    log = ChangeLog(version, [])
    log.add("article_retracted", article_id=article_id, new=reason or None)
    removed = connection.execute(
        select(merged_event_links.c.mention_id, merged_event_links.c.event_id)
        .where(merged_event_links.c.article_id == article_id).order_by(merged_event_links.c.mention_id)).all()
    for mention_id, event_id in removed:
        log.add("report_removed", event_id=event_id, article_id=article_id, old=mention_id)
    connection.execute(delete(merged_event_links).where(merged_event_links.c.article_id == article_id))
    for event_id in emptied:
        log.add("event_removed", event_id=event_id, article_id=article_id)
        _close_histories(connection, [event_id], version)
        connection.execute(delete(merged_events).where(merged_events.c.id == event_id))
    apply_merged(connection, log, event_rows, links, [])
    log.flush(connection)
    return version


def get_merged_event(connection: Connection, event_id: str, as_of: int | None = None) -> dict[str, Any] | None:
    """A merged event by its id, a merged-away id or the id of one of its mentions; with its links.

    With ``as_of``, the fused record as it was at that version (from ``merged_event_history``); the
    link decisions are kept for the current state only, so ``links`` is then empty."""
    if as_of is not None:
        data = merged_data_as_of(connection, event_id, as_of)
        for lookup in (select(merged_event_aliases.c.event_id).where(merged_event_aliases.c.old_id == event_id),
                       select(merged_event_links.c.event_id).where(merged_event_links.c.mention_id == event_id)):
            if data is None:
                target = connection.execute(lookup).scalar()
                data = merged_data_as_of(connection, target, as_of) if target else None
        if data is None:
            return None
        return {"event": json.loads(data), "asked": event_id, "links": [], "as_of": as_of}
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
