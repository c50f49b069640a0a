"""Scoring the merge: run the pipeline on gold articles, merge their mentions, compare with gold groups.

Three gold sources, each scored with B-cubed and pairwise precision/recall/F1 (`merge.scoring`):
- ``eval/gold/merge``: invented multi-outlet articles with mention-level gold events;
- the demo corpus (``demo/groups.json``): article-level groups, one item per (article, group) plus
  the lead mention of every ungrouped article as a singleton;
- ECB+ test topics in ``../shared/data/ecbplus`` (read in place by `evalsets.ecbplus.read_ecbplus`,
  whole documents; the gold mentions are those of the annotated sentences).
A gold mention the pipeline did not extract is scored as a singleton, so extraction misses count
against recall; the number of such misses is reported next to the scores.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.errors import EvalError
from eventwire.ingest import build_article, parse_published
from eventwire.merge import MergeEngine, MergeSettings, records_from_result, score_merging
from eventwire.model import Article, ArticleResult, EventMention, Reject
from eventwire.settings import Settings


@dataclass(frozen=True, slots=True)
class MergeRun:
    """Articles processed and merged: the results by article id and the engine holding the events."""

    results: dict[str, ArticleResult]
    engine: MergeEngine


def read_articles(path: Path) -> tuple[list[Article], dict[str, str]]:
    """Articles of a JSON Lines file (id, text, title, outlet, url, published, copy_of) and copy links."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise EvalError(f"{path}: cannot read ({error.strerror})") from error
    articles: list[Article] = []
    copies: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            article = build_article(
                row["text"], f"{path}:{number}", article_id=row["id"], title=row.get("title"),
                outlet=row.get("outlet"), url=row.get("url"),
                published=parse_published(row["published"]) if row.get("published") else None,
                published_source="gold" if row.get("published") else None,
            )
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise EvalError(f"{path}:{number}: not an article record ({error})") from error
        if isinstance(article, Reject):
            raise EvalError(f"{path}:{number}: article {row.get('id')} has no text")
        articles.append(article)
        if row.get("copy_of"):
            copies[article.id] = row["copy_of"]
    return articles, copies


def merge_articles(
    articles: Iterable[Article], copies: Mapping[str, str] | None = None, settings: Settings | None = None,
    merge_settings: MergeSettings | None = None,
) -> MergeRun:
    """Run the pipeline over the articles and merge every mention in one engine."""
    from eventwire.pipeline import process

    results = {r.article.id: r for r in process(list(articles), settings) if isinstance(r, ArticleResult)}
    engine = MergeEngine(merge_settings)
    records = []
    for result in results.values():
        records.extend(records_from_result(result, (copies or {}).get(result.article.id)))
    engine.add(records)
    return MergeRun(results, engine)


def _find(result: ArticleResult, type_name: str, snippet: str) -> EventMention | None:
    for event in result.events:
        if event.type.value == type_name and snippet in event.sentence.text:
            return event
    return None


def _score(gold: dict[str, str], predicted: dict[str, str], missed: int) -> dict[str, Any]:
    scores: dict[str, Any] = score_merging(gold, predicted)
    scores["not_extracted"] = missed
    return scores


def score_merge_gold(folder: Path, settings: Settings | None = None,
                     merge_settings: MergeSettings | None = None) -> dict[str, Any]:
    """Scores on a merge gold folder (``articles.jsonl`` + ``clusters.json``)."""
    articles, copies = read_articles(folder / "articles.jsonl")
    try:
        labels = json.loads((folder / "clusters.json").read_text(encoding="utf-8"))["mentions"]
    except (OSError, json.JSONDecodeError, KeyError) as error:
        raise EvalError(f"{folder}/clusters.json: cannot read gold clusters ({error})") from error
    run = merge_articles(articles, copies, settings, merge_settings)
    gold: dict[str, str] = {}
    predicted: dict[str, str] = {}
    missed = 0
    for number, label in enumerate(labels):
        item = f"{label['article']}#{number}"
        gold[item] = label["event"]
        result = run.results.get(label["article"])
        if result is None:
            raise EvalError(f"gold mention {item}: article {label['article']} is not in articles.jsonl")
        event = _find(result, label["type"], label["sentence"])
        if event is None or event.id not in run.engine.event_of:
            missed += 1
            predicted[item] = f"missed:{item}"
        else:
            predicted[item] = run.engine.event_of[event.id]
    return _score(gold, predicted, missed)


def _demo_files() -> tuple[Path, dict[str, Any]]:
    folder = resources.files("eventwire.demo")
    groups = json.loads((folder / "groups.json").read_text(encoding="utf-8"))
    return Path(str(folder / "articles.jsonl")), groups


def score_demo(types_file: Path, settings: Settings | None = None,
               merge_settings: MergeSettings | None = None) -> dict[str, Any]:
    """Scores on the demo corpus groups (article level; see the module docstring)."""
    articles_path, groups = _demo_files()
    types = json.loads(types_file.read_text(encoding="utf-8"))["types"]
    if len(types) != len(groups["groups"]):
        raise EvalError(f"{types_file}: one type per demo group is needed ({len(groups['groups'])})")
    articles, copies = read_articles(articles_path)
    run = merge_articles(articles, copies, settings, merge_settings)
    gold: dict[str, str] = {}
    predicted: dict[str, str] = {}
    missed = 0
    grouped: set[str] = set()
    for index, (group, type_name) in enumerate(zip(groups["groups"], types, strict=True)):
        first, _, last = group["date"].partition("/")
        low = dt.date.fromisoformat(first) - dt.timedelta(days=1)
        high = dt.date.fromisoformat(last or first) + dt.timedelta(days=1)
        for article_id in group["articles"]:
            grouped.add(article_id)
            item = f"{article_id}#g{index}"
            gold[item] = f"g{index}"
            event = next(
                (e for e in run.results[article_id].events
                 if e.type.value == type_name and e.id in run.engine.event_of and e.date is not None
                 and low <= e.date.value <= high
                 and (e.location is None or e.location.country == group["country"])),
                None,
            )
            if event is None:
                missed += 1
                predicted[item] = f"missed:{item}"
            else:
                predicted[item] = run.engine.event_of[event.id]
    for article_id, result in sorted(run.results.items()):
        lead = next((e for e in result.events if e.id in run.engine.event_of), None)
        if article_id in grouped or lead is None:
            continue
        gold[f"{article_id}#lead"] = f"single:{article_id}"
        predicted[f"{article_id}#lead"] = run.engine.event_of[lead.id]
    return _score(gold, predicted, missed)


def format_merge_scores(rows: Mapping[str, Mapping[str, Any]]) -> str:
    header = f"{'gold set':18} {'items':>5} {'gold':>5} {'pred':>5} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} " \
             f"{'pair P':>6} {'pair R':>6} {'pair F1':>7} {'missed':>6}"
    lines = [header]
    for name, row in rows.items():
        lines.append(
            f"{name:18} {row['items']:5d} {row['gold_clusters']:5d} {row['predicted_clusters']:5d} "
            f"{row['bcubed_precision']:6.3f} {row['bcubed_recall']:6.3f} {row['bcubed_f1']:6.3f} "
            f"{row['pairwise_precision']:6.3f} {row['pairwise_recall']:6.3f} {row['pairwise_f1']:7.3f} "
            f"{row.get('not_extracted', 0):6d}"
        )
    return "\n".join(lines)


def score_ecbplus(folder: Path, settings: Settings | None = None,
                  merge_settings: MergeSettings | None = None) -> dict[str, dict[str, Any]]:
    """Scores on ECB+: every gold event mention (missed ones as singletons), and the extracted ones only.

    ECB+ documents carry no publication date, so every mention is undated (see docs/merging.md).
    A gold mention's event is its cross-document instance, else its chain within the document, else itself."""
    from eventwire.evalsets.ecbplus import read_ecbplus

    documents = read_ecbplus(folder, whole=True)
    articles = []
    for document in documents:
        article = build_article(document.text, document.name, article_id=document.name,
                                outlet=f"ecbplus:{document.name}")
        if isinstance(article, Reject) or article.text != document.text:
            raise EvalError(f"{folder}: document {document.name} changed in normalisation; offsets would not hold")
        articles.append(article)
    run = merge_articles(articles, None, settings, merge_settings)
    gold: dict[str, str] = {}
    predicted: dict[str, str] = {}
    for document in documents:
        result = run.results.get(document.name)
        events = result.events if result else ()
        for mention in document.mentions:
            item = f"{document.name}:{mention.start}"
            gold[item] = mention.cluster(document.name)
            match = next(
                (e for e in events if e.trigger.start < mention.end and mention.start < e.trigger.end
                 and e.id in run.engine.event_of),
                None,
            )
            predicted[item] = run.engine.event_of[match.id] if match else f"missed:{item}"
    found = [item for item in gold if not predicted[item].startswith("missed:")]
    rows = {"ecbplus": _score(gold, predicted, len(gold) - len(found))}
    if found:
        rows["ecbplus-extracted"] = _score({i: gold[i] for i in found}, {i: predicted[i] for i in found}, 0)
    return rows


def run_merge_eval(gold_folder: Path, ecbplus_folder: Path | None = None,
                   settings: Settings | None = None) -> dict[str, dict[str, Any]]:
    """Every merge score: the team's merge gold, the demo groups and, when given, ECB+."""
    rows = {
        "merge-gold": score_merge_gold(gold_folder, settings),
        "demo": score_demo(gold_folder / "demo_types.json", settings),
    }
    if ecbplus_folder is not None:
        rows.update(score_ecbplus(ecbplus_folder, settings))
    return rows
