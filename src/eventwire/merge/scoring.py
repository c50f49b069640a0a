"""Clustering scores: B-cubed precision/recall/F1 and pairwise precision/recall/F1 (plain numbers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

from eventwire.errors import EvalError


def _clusters(labels: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    clusters: dict[Hashable, set[Hashable]] = defaultdict(set)
    for item, label in labels.items():
        clusters[label].add(item)
    return clusters


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def b_cubed(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """B-cubed (Bagga & Baldwin 1998) over the items of ``gold``; each maps an item to its cluster."""
    gold_clusters, predicted_clusters = _clusters(gold), _clusters({k: predicted[k] for k in gold})
    items = set(gold)
    predicted_clusters = {label: members & items for label, members in predicted_clusters.items()}
    precision = recall = 0.0
    for item in gold:
        g = gold_clusters[gold[item]]
        p = predicted_clusters[predicted[item]]
        overlap = len(g & p)
        precision += overlap / len(p)
        recall += overlap / len(g)
    n = len(gold)
    precision, recall = precision / n, recall / n
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _pairs(labels: Mapping[Hashable, Hashable]) -> set[frozenset[Hashable]]:
    pairs: set[frozenset[Hashable]] = set()
    for members in _clusters(labels).values():
        ordered = sorted(members, key=str)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.add(frozenset((a, b)))
    return pairs


def pairwise(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """Precision/recall/F1 of same-cluster pairs. With no pair on either side a score is 1.0 (nothing
    to get wrong), so an all-singleton gold compared with all-singleton output is perfect."""
    gold_pairs, predicted_pairs = _pairs(gold), _pairs({k: predicted[k] for k in gold})
    both = len(gold_pairs & predicted_pairs)
    precision = both / len(predicted_pairs) if predicted_pairs else 1.0
    recall = both / len(gold_pairs) if gold_pairs else 1.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def score_merging(gold: Mapping[Hashable, Hashable], predicted: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """Scores of a predicted clustering against gold, as plain numbers (rounded to 4 places).

    ``gold`` and ``predicted`` map each item (a mention or report id) to a cluster label. Items are
    the keys of ``gold``; every one must have a predicted label (an item missed upstream should be
    given a singleton label by the caller, which then counts against recall)."""
    if not gold:
        raise EvalError("score_merging needs at least one gold item")
    missing = [item for item in gold if item not in predicted]
    if missing:
        raise EvalError(f"{len(missing)} gold items have no predicted cluster, e.g. {missing[0]!r}")
    b3, pw = b_cubed(gold, predicted), pairwise(gold, predicted)
    return {
        "items": len(gold),
        "gold_clusters": len(set(gold.values())),
        "predicted_clusters": len({predicted[item] for item in gold}),
        "bcubed_precision": round(b3["precision"], 4),
        "bcubed_recall": round(b3["recall"], 4),
        "bcubed_f1": round(b3["f1"], 4),
        "pairwise_precision": round(pw["precision"], 4),
        "pairwise_recall": round(pw["recall"], 4),
        "pairwise_f1": round(pw["f1"], 4),
    }
