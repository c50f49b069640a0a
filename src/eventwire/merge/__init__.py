"""Cross-outlet merging: mentions of one occurrence from many articles become one sourced event.

Pure: no I/O. The pipeline feeds `MentionRecord`s to a `MergeEngine` and stores what `fuse` returns.
"""

from eventwire.merge.cluster import EventCluster, LinkDecision, MergeEngine, MergeReport
from eventwire.merge.fuse import explain, fuse
from eventwire.merge.records import MentionRecord, records_from_result
from eventwire.merge.scoring import score_merging
from eventwire.merge.tables import MergeSettings, default_merge_settings

__all__ = [
    "EventCluster", "LinkDecision", "MentionRecord", "MergeEngine", "MergeReport", "MergeSettings",
    "default_merge_settings", "explain", "fuse", "records_from_result", "score_merging",
]
