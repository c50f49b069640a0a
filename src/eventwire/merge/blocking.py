"""Blocking: which events a mention is compared with (type family x country x a date window).

A mention's window is its date interval widened by a number of days that grows with the date's
precision (day < week < month < year; an undated mention uses its publication day, widened more).
Events are indexed by block key and by 7-day bucket of their windows, so finding candidates costs
a few dictionary lookups whatever the number of stored events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from eventwire.merge.records import MentionRecord, date_interval
from eventwire.merge.tables import MergeSettings, type_families

BUCKET_DAYS = 7


@dataclass(frozen=True, slots=True)
class Block:
    """Where a mention is looked for: its block key and its window of days (inclusive ordinals)."""

    family: str
    country: str  # ISO alpha-3, or "?" when the place is unknown
    first: int
    last: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.family, self.country)

    def buckets(self) -> range:
        return range(self.first // BUCKET_DAYS, self.last // BUCKET_DAYS + 1)


def block_of(record: MentionRecord, settings: MergeSettings) -> Block:
    family = type_families()[record.mention.type]
    location = record.mention.location
    country = location.country if location is not None and location.country else "?"
    interval = date_interval(record, settings.undated_before_days)
    if interval is None:
        # No date and no publication time: comparable only with other such mentions.
        return Block(family, country, -1, -1)
    widen = settings.window(interval.precision)
    return Block(family, country, interval.first - widen, interval.last + widen)


class BlockIndex:
    """Event ids by (block key, 7-day bucket); an event is indexed under every bucket it covers.

    A mention whose place is unknown ("?") is compared with the events of its family and window in
    every country, and a located mention also with the unknown-place events of its family: a report
    that names no place ("The toll from Tuesday's shelling rose to four") still joins its event.
    """

    def __init__(self) -> None:
        self._events: dict[tuple[str, str, int], set[str]] = defaultdict(set)
        self._any_country: dict[tuple[str, int], set[str]] = defaultdict(set)

    def add(self, event_id: str, block: Block) -> None:
        for bucket in block.buckets():
            self._events[(block.family, block.country, bucket)].add(event_id)
            self._any_country[(block.family, bucket)].add(event_id)

    def remove(self, event_id: str, block: Block) -> None:
        for bucket in block.buckets():
            for members in (self._events.get((block.family, block.country, bucket)),
                            self._any_country.get((block.family, bucket))):
                if members is not None:
                    members.discard(event_id)

    def candidates(self, block: Block) -> set[str]:
        found: set[str] = set()
        for bucket in block.buckets():
            if block.country == "?":
                found |= self._any_country.get((block.family, bucket), set())
                continue
            found |= self._events.get((block.family, block.country, bucket), set())
            found |= self._events.get((block.family, "?", bucket), set())
        return found
