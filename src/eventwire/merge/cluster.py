"""Incremental clustering of mentions into events: average link above a threshold, stable ids.

Rules (docs/merging.md has the reasoning):
- New mentions are taken in the fixed ordering of `records.order_key`, so one call gives the same
  events and ids whatever order the caller passes them in.
- A mention is compared with the events of its block (blocking.py). Its link to an event is the
  average pair score over the event's earliest ``link_max_members`` members; any member it may not
  join (a different event of the same article, see features.py) forbids the link.
- It joins the event with the highest link at or above the threshold (ties: the smaller event id);
  otherwise it founds a new event whose id derives from its own mention id (`records.event_id_for`).
- After a mention joins event A, every other event B it could also have joined (link at or above the
  threshold) whose average link to A's new member set is at or above the threshold (and that no same-document rule forbids) is merged into A. The
  merged event keeps the id of the one founded first in the fixed ordering; the other id is kept
  in ``aliases`` (old id -> surviving id) so links to it can be followed.
- Existing events are never re-clustered: a batch only touches the events its mentions are compared
  with.
- Python's cyclic garbage collector is paused while `MergeEngine.add` runs. The merge makes no
  reference cycles (tests/merge checks that a collection after `add` finds nothing), yet every full
  collection scans every live object, so with the collector on, merge time grew faster than the
  number of mentions (docs/merging.md, "Speed"). Reference counting still frees everything at once.
"""

from __future__ import annotations

import gc
import heapq
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from eventwire.merge.blocking import Block, BlockIndex, block_of
from eventwire.merge.features import PairScore, Profile, compare, profile
from eventwire.merge.records import MentionRecord, event_id_for, order_key
from eventwire.merge.tables import MergeSettings, default_merge_settings


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then restore its earlier state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class LinkDecision:
    """Why a mention joined an event: the pair scores against the members it was compared with."""

    mention_id: str
    event_id: str
    score: float  # the average link, or 1.0 for the founding mention
    pairs: tuple[tuple[str, PairScore], ...] = ()  # (member mention id, comparison)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkDecision:
        """A decision as `as_dict` wrote it (scores rounded to 4 places), e.g. read back from the store."""
        pairs = tuple(
            (pair["member"], PairScore(dict(pair["features"]), dict(pair["raw"]), pair["score"], pair.get("blocked")))
            for pair in data.get("pairs") or []
        )
        return cls(data["mention_id"], data["event_id"], data["score"], pairs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mention_id": self.mention_id,
            "event_id": self.event_id,
            "score": round(self.score, 4),
            "pairs": [{"member": member, **pair.as_dict()} for member, pair in self.pairs],
        }


@dataclass(slots=True)
class EventCluster:
    """An event being built: its members in the fixed ordering and the decisions that joined them."""

    id: str
    founder_key: tuple[str, str, int, str]
    members: list[MentionRecord] = field(default_factory=list)
    decisions: dict[str, LinkDecision] = field(default_factory=dict)
    block: Block | None = None

    def add(self, record: MentionRecord, decision: LinkDecision, block: Block) -> None:
        self.members.append(record)
        self.members.sort(key=order_key)
        self.decisions[record.id] = decision
        self.block = _joined(self.block, block)


def _joined(current: Block | None, block: Block) -> Block:
    """An event's block grown by a member's: the union of their windows. The event keeps its country;
    an event founded by a mention with no place takes the country of the first located member."""
    if current is None:
        return block
    country = current.country if current.country != "?" else block.country
    return Block(current.family, country, min(current.first, block.first), max(current.last, block.last))


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What one `MergeEngine.add` call changed."""

    created: tuple[str, ...]
    updated: tuple[str, ...]
    retired: tuple[tuple[str, str], ...]  # (merged-away id, surviving id)


class MergeEngine:
    """Holds events in memory and attaches new mentions to them."""

    def __init__(self, settings: MergeSettings | None = None) -> None:
        self.settings = settings or default_merge_settings()
        self.events: dict[str, EventCluster] = {}
        self.event_of: dict[str, str] = {}  # mention id -> event id
        self.aliases: dict[str, str] = {}  # retired event id -> surviving event id
        self._index = BlockIndex()
        self._profiles: dict[str, Profile] = {}

    def _profile(self, record: MentionRecord) -> Profile:
        found = self._profiles.get(record.id)
        if found is None:
            found = self._profiles[record.id] = profile(record, self.settings)
        return found

    # -- reading -------------------------------------------------------------------------------

    def resolve_id(self, event_id: str) -> str:
        """The surviving id of an event id (itself unless it was merged away)."""
        while event_id in self.aliases:
            event_id = self.aliases[event_id]
        return event_id

    def clusters(self) -> list[EventCluster]:
        return [self.events[event_id] for event_id in sorted(self.events)]

    # -- restoring stored state -----------------------------------------------------------------

    def restore(self, event_id: str, members: Iterable[tuple[MentionRecord, LinkDecision]]) -> None:
        """Load an event decided earlier (from the store) without comparing anything again."""
        ordered = sorted(members, key=lambda pair: order_key(pair[0]))
        if not ordered:
            return
        # Members arrive sorted: appending them one by one (as `EventCluster.add` does, sorting each
        # time) would cost quadratic time on an event with thousands of reports.
        cluster = EventCluster(id=event_id, founder_key=order_key(ordered[0][0]),
                               members=[record for record, _ in ordered])
        for record, decision in ordered:
            cluster.decisions[record.id] = decision
            cluster.block = _joined(cluster.block, block_of(record, self.settings))
            self.event_of[record.id] = event_id
        self.events[event_id] = cluster
        assert cluster.block is not None
        self._index.add(event_id, cluster.block)

    # -- merging ---------------------------------------------------------------------------------

    def add(self, records: Iterable[MentionRecord]) -> MergeReport:
        """Merge new mentions into the events (module rules); the cyclic collector is paused meanwhile."""
        with cyclic_gc_paused():
            return self._add(records)

    def _add(self, records: Iterable[MentionRecord]) -> MergeReport:
        created: set[str] = set()
        updated: set[str] = set()
        retired: list[tuple[str, str]] = []
        seen: set[str] = set()
        for record in sorted(records, key=order_key):
            if record.id in self.event_of or record.id in seen:
                continue  # already merged: adding a mention twice changes nothing
            seen.add(record.id)
            block = block_of(record, self.settings)
            best: tuple[float, str, tuple[tuple[str, PairScore], ...]] | None = None
            linked: set[str] = set()  # events this mention could join: the only ones it can bridge
            for event_id in self._candidates(block):
                link = self._link([record], self.events[event_id])
                if link is None or link[0] < self.settings.threshold:
                    continue
                linked.add(event_id)
                if best is None or link[0] > best[0] or (link[0] == best[0] and event_id < best[1]):
                    best = (link[0], event_id, link[1])
            if best is None:
                event_id = event_id_for(record)
                cluster = EventCluster(id=event_id, founder_key=order_key(record))
                cluster.add(record, LinkDecision(record.id, event_id, 1.0), block)
                self.events[event_id] = cluster
                self._index.add(event_id, block)
                self.event_of[record.id] = event_id
                created.add(event_id)
                continue
            score, event_id, pairs = best
            cluster = self.events[event_id]
            self._index.remove(event_id, cluster.block)  # type: ignore[arg-type]
            cluster.add(record, LinkDecision(record.id, event_id, score, pairs), block)
            self._index.add(event_id, cluster.block)  # type: ignore[arg-type]
            self.event_of[record.id] = event_id
            updated.add(event_id)
            survivor, gone = self._merge_bridged(event_id, linked - {event_id})
            retired.extend(gone)
            for old, _ in gone:
                updated.discard(old)
                created.discard(old)
            updated.add(survivor)
        return MergeReport(
            created=tuple(sorted(created)),
            updated=tuple(sorted(updated - created)),
            retired=tuple(retired),
        )

    def _candidates(self, block: Block) -> list[str]:
        """The events whose windows overlap the block, at most ``candidates_max`` of them: those whose
        window centre is nearest the block's (ties: more reports first, then by id). A mention with no
        place meets its family's events in every country, and events' windows widen as reports join,
        so without a cap the comparisons per mention would grow with the store. The store reads the
        same choice (`store.merged.merge_candidates_of` with ``nearest``): keep the two orders equal."""
        found: list[tuple[int, int, str]] = []
        centre = block.first + block.last
        for event_id in self._index.candidates(block):
            cluster = self.events[event_id]
            other = cluster.block
            if other is not None and other.first <= block.last and block.first <= other.last:
                # Equally near: the event with more reports first (a report that names no place most
                # often follows a story many outlets carry), then the id, so the choice is repeatable.
                found.append((abs(other.first + other.last - centre), -len(cluster.members), event_id))
        if len(found) > self.settings.candidates_max:
            found = heapq.nsmallest(self.settings.candidates_max, found)
        return [event_id for _, _, event_id in found]

    def _link(
        self, records: list[MentionRecord], cluster: EventCluster
    ) -> tuple[float, tuple[tuple[str, PairScore], ...]] | None:
        """Average pair score of ``records`` against the cluster's earliest members; None if forbidden."""
        members = cluster.members[: self.settings.link_max_members]
        # The same-document rules must see every member of the same document, not only the earliest.
        documents = {record.document for record in records}
        members += [m for m in cluster.members[self.settings.link_max_members:] if m.document in documents]
        pairs: list[tuple[str, PairScore]] = []
        for record in records:
            mine = self._profile(record)
            for member in members:
                pair = compare(mine, self._profile(member), self.settings)
                if pair.blocked:
                    return None
                pairs.append((member.id, pair))
        return sum(pair.score for _, pair in pairs) / len(pairs), tuple(pairs)

    def _merge_bridged(self, event_id: str, others: set[str]) -> tuple[str, list[tuple[str, str]]]:
        """Merge into one the candidate events the grown event now links to (see module rules)."""
        retired: list[tuple[str, str]] = []
        survivor = event_id
        for other_id in sorted(others):
            if other_id not in self.events or other_id == survivor:
                continue
            grown, other = self.events[survivor], self.events[other_id]
            link = self._link(other.members[: self.settings.link_max_members], grown)
            if link is None or link[0] < self.settings.threshold:
                continue
            keep, drop = (grown, other) if grown.founder_key <= other.founder_key else (other, grown)
            self._index.remove(keep.id, keep.block)  # type: ignore[arg-type]
            self._index.remove(drop.id, drop.block)  # type: ignore[arg-type]
            for member in drop.members:
                decision = drop.decisions[member.id]
                moved = LinkDecision(member.id, keep.id, decision.score, decision.pairs)
                keep.add(member, moved, block_of(member, self.settings))
                self.event_of[member.id] = keep.id
            self._index.add(keep.id, keep.block)  # type: ignore[arg-type]
            del self.events[drop.id]
            self.aliases[drop.id] = keep.id
            retired.append((drop.id, keep.id))
            survivor = keep.id
        return survivor, retired
