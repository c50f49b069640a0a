"""Scoring extraction against gold files in the output contract's shape (per field P/R/F1)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import EvalError
from eventwire.ingest import build_article, parse_published
from eventwire.model import Article, ArticleResult, Reject
from eventwire.settings import Settings

#: fields compared on matched events: name -> function giving the comparable value of an event dict
EVENT_FIELDS: dict[str, Any] = {
    "type": lambda event: event.get("type"),
    "acled_sub_event": lambda event: (event.get("acled") or {}).get("sub_event_type"),
    "location": lambda event: (event.get("location") or {}).get("geonameid"),
    "date": lambda event: _date_key(event.get("date")),
    "killed": lambda event: (event.get("fatalities") or {}).get("killed"),
    "injured": lambda event: (event.get("fatalities") or {}).get("injured"),
    "claim": lambda event: (event.get("claim") or {}).get("status"),
}


def _date_key(date: dict[str, Any] | None) -> str | None:
    if not date or not date.get("value"):
        return None
    value, precision = str(date["value"]), date.get("precision") or "day"
    return {"year": value[:4], "month": value[:7]}.get(precision, value[:10]) + f"/{precision}"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


#: fields also scored as exact-match accuracy on matched events whose gold gives them (issue 5's targets)
ACCURACY_FIELDS = ("acled_sub_event", "killed", "claim")


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return round(self.correct / self.total, 4) if self.total else 0.0


@dataclass
class Scoreboard:
    counts: dict[str, Counts] = field(default_factory=dict)
    #: per PLOVER type, over matched and unmatched events (for the macro-F1)
    types: dict[str, Counts] = field(default_factory=dict)
    #: on matched events whose gold gives the field: is the predicted value exactly the gold one
    accuracy: dict[str, Accuracy] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Counts:
        return self.counts.setdefault(name, Counts())

    def type_counts(self, name: str) -> Counts:
        return self.types.setdefault(name, Counts())

    def accuracy_of(self, name: str) -> Accuracy:
        return self.accuracy.setdefault(name, Accuracy())


def macro_f1(per_label: dict[str, Counts]) -> float:
    """Unweighted mean of the per-label F1 over every label that occurs in the gold or the predictions."""
    if not per_label:
        return 0.0
    return round(sum(counts.as_dict()["f1"] for counts in per_label.values()) / len(per_label), 4)


def read_gold(path: Path) -> list[dict[str, Any]]:
    """Gold records; each needs an article with text, and event and quote lists."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalError(f"{path}: cannot read gold file ({error.strerror})") from error
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise EvalError(f"{path}:{number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or not isinstance(record.get("article", {}).get("text"), str):
            raise EvalError(f"{path}:{number}: a gold record needs article.text")
        records.append(record)
    if not records:
        raise EvalError(f"{path}: no gold records")
    return records


def gold_article(record: dict[str, Any]) -> Article:
    meta = record["article"]
    published = parse_published(meta["published"]) if meta.get("published") else None
    article = build_article(
        meta["text"],
        meta.get("id") or "gold",
        published=published,
        published_source="gold" if published else None,
        title=meta.get("title"),
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        article_id=meta.get("id"),
    )
    if isinstance(article, Reject) or article.text != meta["text"]:
        raise EvalError(f"gold article {meta.get('id')}: text must be non-empty and already normalized")
    return article


def _overlaps(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def _event_matches(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Same occurrence: triggers overlap, or the predicted sentence holds the gold trigger, same type."""
    if _overlaps(predicted["trigger"], gold["trigger"]):
        return True
    sentence = predicted["sentence"]
    return predicted["type"] == gold["type"] and sentence["start"] <= gold["trigger"]["start"] < sentence["end"]


def _align(predicted: list[dict[str, Any]], gold: list[dict[str, Any]], matches: Any) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gold_index, gold_item in enumerate(gold):
        for predicted_index, predicted_item in enumerate(predicted):
            if predicted_index not in used and matches(predicted_item, gold_item):
                pairs.append((predicted_index, gold_index))
                used.add(predicted_index)
                break
    return pairs


def _speaker_key(name: str | None) -> str | None:
    return name.split()[-1].lower().strip(".,") if name else None


def score_article(board: Scoreboard, result: ArticleResult, gold: dict[str, Any]) -> None:
    """Add one article's counts to the scoreboard."""
    score_predicted(board, result.to_dict(), gold)


def score_predicted(board: Scoreboard, predicted: dict[str, Any], gold: dict[str, Any]) -> None:
    """Add the counts of one prediction in the contract's shape (``events`` and ``quotes`` lists)."""
    gold_events = gold.get("events", [])
    pairs = _align(predicted["events"], gold_events, _event_matches)
    board["event"].tp += len(pairs)
    board["event"].fp += len(predicted["events"]) - len(pairs)
    board["event"].fn += len(gold_events) - len(pairs)
    matched_predicted = {p for p, _ in pairs}
    matched_gold = {g for _, g in pairs}
    for name, value_of in EVENT_FIELDS.items():
        counts = board[f"event.{name}"]
        for predicted_index, gold_index in pairs:
            predicted_value = value_of(predicted["events"][predicted_index])
            gold_value = value_of(gold_events[gold_index])
            if gold_value is not None and predicted_value == gold_value:
                counts.tp += 1
                continue
            counts.fp += predicted_value is not None
            counts.fn += gold_value is not None
        # Unmatched events count against every field they carry.
        counts.fp += sum(
            value_of(event) is not None for index, event in enumerate(predicted["events"]) if index not in matched_predicted
        )
        counts.fn += sum(value_of(event) is not None for index, event in enumerate(gold_events) if index not in matched_gold)
    _score_types_and_accuracy(board, predicted["events"], gold_events, pairs)
    _score_quotes(board, predicted["quotes"], gold)


def _score_types_and_accuracy(board: Scoreboard, predicted: list[dict[str, Any]], gold: list[dict[str, Any]],
                              pairs: list[tuple[int, int]]) -> None:
    """Per-type counts (an unmatched event counts against its own type) and the exact-match accuracies."""
    for predicted_index, gold_index in pairs:
        predicted_type, gold_type = predicted[predicted_index].get("type"), gold[gold_index].get("type")
        if predicted_type == gold_type:
            board.type_counts(gold_type).tp += 1
        else:
            board.type_counts(predicted_type).fp += 1
            board.type_counts(gold_type).fn += 1
        for name in ACCURACY_FIELDS:
            gold_value = EVENT_FIELDS[name](gold[gold_index])
            if gold_value is None:
                continue
            accuracy = board.accuracy_of(name)
            accuracy.total += 1
            accuracy.correct += EVENT_FIELDS[name](predicted[predicted_index]) == gold_value
    matched_predicted, matched_gold = {p for p, _ in pairs}, {g for _, g in pairs}
    for index, event in enumerate(predicted):
        if index not in matched_predicted:
            board.type_counts(event.get("type")).fp += 1
    for index, event in enumerate(gold):
        if index not in matched_gold:
            board.type_counts(event.get("type")).fn += 1


def _score_quotes(board: Scoreboard, predicted_quotes: list[dict[str, Any]], gold: dict[str, Any]) -> None:
    """Quotes in marks (direct and partial) under ``quote``; indirect speech under ``quote.indirect``, only
    for gold articles that label it exhaustively (``indirect_labelled``), so others do not count it as noise."""
    gold_all = gold.get("quotes", [])
    marked = [quote for quote in predicted_quotes if quote.get("kind") != "indirect"]
    gold_marked = [quote for quote in gold_all if quote.get("kind") != "indirect"]
    pairs = _score_spans(board, "quote", marked, gold_marked)
    kind = board["quote.kind"]
    for predicted_index, gold_index in pairs:
        if marked[predicted_index].get("kind") == gold_marked[gold_index].get("kind"):
            kind.tp += 1
        else:
            kind.fp += 1
            kind.fn += 1
    if gold.get("indirect_labelled"):
        _score_spans(board, "quote.indirect", [quote for quote in predicted_quotes if quote.get("kind") == "indirect"],
                     [quote for quote in gold_all if quote.get("kind") == "indirect"])


def _score_spans(board: Scoreboard, row: str, predicted: list[dict[str, Any]],
                 gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Pair quotes whose spans overlap; count the spans under ``row`` and speakers under ``row.speaker``."""
    pairs = _align(predicted, gold, _overlaps)
    board[row].tp += len(pairs)
    board[row].fp += len(predicted) - len(pairs)
    board[row].fn += len(gold) - len(pairs)
    speaker = board[f"{row}.speaker"]
    for predicted_index, gold_index in pairs:
        predicted_speaker = _speaker_key(predicted[predicted_index]["speaker"])
        gold_speaker = _speaker_key(gold[gold_index].get("speaker"))
        if gold_speaker is not None and predicted_speaker == gold_speaker:
            speaker.tp += 1
        else:
            speaker.fp += predicted_speaker is not None
            speaker.fn += gold_speaker is not None
    paired = {g for _, g in pairs}
    speaker.fn += sum(1 for index, quote in enumerate(gold) if quote.get("speaker") and index not in paired)
    return pairs


def score_results(pairs: Iterable[tuple[ArticleResult, dict[str, Any]]]) -> dict[str, Any]:
    board = Scoreboard()
    articles = 0
    for result, gold in pairs:
        score_article(board, result, gold)
        articles += 1
    return board_scores(board, articles)


def board_scores(board: Scoreboard, articles: int) -> dict[str, Any]:
    """The scoreboard as a dict: per-field P/R/F1 rows, plus macro-F1 and accuracies on their field's row."""
    scores: dict[str, Any] = {name: counts.as_dict() for name, counts in sorted(board.counts.items())}
    # Single-number metrics ride on their field's row: ``event.type.macro_f1``, ``event.killed.accuracy``.
    if "event.type" in scores:
        scores["event.type"]["macro_f1"] = macro_f1(board.types)
        scores["event.type"]["macro_labels"] = len(board.types)
    for name, accuracy in board.accuracy.items():
        scores[f"event.{name}"]["accuracy"] = accuracy.value
        scores[f"event.{name}"]["accuracy_n"] = accuracy.total
    scores["_types"] = {name: counts.as_dict() for name, counts in sorted(board.types.items(), key=lambda kv: str(kv[0]))}
    scores["_articles"] = articles
    return scores


def score_gold_file(path: Path, settings: Settings | None = None) -> dict[str, Any]:
    """Run the pipeline on every gold article and score it."""
    from eventwire.pipeline import process

    records = read_gold(path)
    articles = [gold_article(record) for record in records]
    results = [result for result in process(articles, settings) if isinstance(result, ArticleResult)]
    if len(results) != len(records):
        raise EvalError(f"{path}: the pipeline rejected {len(records) - len(results)} gold articles")
    return score_results(zip(results, records, strict=True))


def format_scores(scores: dict[str, Any]) -> str:
    lines = [f"{'field':24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, row in scores.items():
        if name.startswith("_"):
            continue
        lines.append(
            f"{name:24} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
            f"{row['tp']:5d} {row['fp']:5d} {row['fn']:5d}"
        )
    for name, row in scores.items():
        if name.startswith("_"):
            continue
        if "macro_f1" in row:
            lines.append(f"{name + ' macro-F1':32} {row['macro_f1']:6.3f}  over {row['macro_labels']} types")
        if "accuracy" in row:
            lines.append(f"{name + ' accuracy':32} {row['accuracy']:6.3f}  on {row['accuracy_n']} matched events")
    lines.append(f"articles: {scores.get('_articles', 0)}")
    return "\n".join(lines)


def check_floors(scores: dict[str, Any], baseline: Path) -> list[str]:
    """Messages for every team-gold score under its floor; floors are "field.metric": value in a JSON file.

    Keys with a slash (``dataset/stage.metric``) belong to the third-party sets and are checked by
    ``eventwire.evalsets.gate`` on their rows.
    """
    try:
        floors = json.loads(baseline.read_text(encoding="utf-8"))["floors"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise EvalError(f"{baseline}: cannot read floors ({error})") from error
    failures = []
    for key, floor in sorted(floors.items()):
        if "/" in key:
            continue
        field_name, _, metric = key.rpartition(".")
        value = scores.get(field_name, {}).get(metric)
        if value is None:
            failures.append(f"{key}: no such score")
        elif value + 1e-9 < floor:
            failures.append(f"{key} = {value:.4f} is under its floor {floor:.4f}")
    return failures
