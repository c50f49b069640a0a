"""Benchmark: what keeping every version costs. Ingests the demo corpus three times, the second and third
time with seeded edits (tolls, days, wording, a later publication time, an updated URL), then prints the
history's size beside the current data's size and their ratio.

Usage: PYTHONPATH=src python bench/versions.py [--seed 13] [--share 0.5] [--keep DB]

Sizes are payload bytes: the sum of the lengths of every stored value (text as UTF-8, numbers as their
digits, blobs as bytes) of the rows, measured the same way for both sides; indexes and SQLite's
full-text tables are left out of both. "Current data" is what reads return now: articles (text and
metadata, dedup signatures), event mentions and actors, quotes, merged events, their links and aliases.
"History" is everything kept only to answer as-of reads and `changes`: the versions and changes
tables, snapshots, every stored state of every merged event (merged_event_history, the current states
included), and the rows of retracted articles (none here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from eventwire.pipeline import ingest
from eventwire.settings import Settings
from eventwire.store.sql import SqlStore

DEMO = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "demo" / "articles.jsonl"
CURRENT_TABLES = ("articles", "article_signatures", "events", "event_actors", "quotes", "merged_events",
                  "merged_event_links", "merged_event_aliases")
HISTORY_TABLES = ("versions", "changes", "snapshots", "merged_event_history")
WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def edit(article: dict[str, object], round_number: int, rng: random.Random) -> dict[str, object]:
    """A later version of an article, as an update from its outlet: a toll revised upwards, sometimes
    another day named, a sentence added, published hours later at an updated URL."""
    body = str(article["text"])
    bump = rng.randint(1, 4)
    body = re.sub(r"\b(\d{1,3})\b(?= (?:people|civilians|soldiers|police|killed|dead|wounded|protesters))",
                  lambda m: str(int(m.group(1)) + bump), body)
    for word, number in WORDS.items():
        body = re.sub(rf"\b{word}\b(?= (?:people|civilians|soldiers|police|killed|dead|wounded))",
                      str(number + bump), body, flags=re.IGNORECASE)
    if rng.random() < 0.3:
        day = next((d for d in DAYS if d in body), None)
        if day:
            body = body.replace(day, DAYS[(DAYS.index(day) + 6) % 7], 1)
    body += (f"\n\nUpdate {round_number}: officials revised the figures on the following day after "
             f"rescue teams reached the area, a spokesperson told reporters.")
    published = dt.datetime.fromisoformat(str(article["published"]))
    stamp = (published + dt.timedelta(hours=6 * round_number)).isoformat()
    return {**article, "id": f"{article['id']}-u{round_number}", "text": body, "published": stamp,
            "url": f"{article['url']}-update-{round_number}"}


def payload_bytes(store: SqlStore, tables: tuple[str, ...]) -> dict[str, int]:
    sizes = {}
    with store._read() as connection:  # a benchmark reads raw sizes
        for table in tables:
            columns = [row[1] for row in connection.execute(text(f"PRAGMA table_info({table})"))]
            total = " + ".join(f"coalesce(length(CAST({c} AS BLOB)), 0)" for c in columns)
            sizes[table] = int(connection.execute(text(f"SELECT coalesce(sum({total}), 0) FROM {table}")).scalar_one())
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--share", type=float, default=0.5, help="Share of articles edited in rounds 2 and 3.")
    parser.add_argument("--keep", type=Path, help="Write the store here (default: a temporary folder).")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as folder:
        db = args.keep or Path(folder) / "versions.sqlite"
        settings = Settings(db=str(db))
        started = time.perf_counter()
        with SqlStore(db) as store:
            for round_number in (1, 2, 3):
                chosen = articles if round_number == 1 else [
                    edit(article, round_number, rng) for article in articles if rng.random() < args.share]
                source = Path(folder) / f"round{round_number}.jsonl"
                source.write_text("".join(json.dumps(a) + "\n" for a in chosen), encoding="utf-8")
                report = ingest([str(source)], store, settings)
                store.snapshot(f"round-{round_number}")
                print(f"round {round_number}: {len(chosen)} articles given, {report.articles_added} added, "
                      f"{report.merged_created} merged events created, {report.merged_updated} updated")
            kinds = Counter(change["kind"] for change in store.changes())
            fields = Counter(change["field"] for change in store.changes() if change["field"])
            current = payload_bytes(store, CURRENT_TABLES)
            history = payload_bytes(store, HISTORY_TABLES)
            version = store.version_info()["version"]
        seconds = time.perf_counter() - started
    print(f"versions: {version}; changes: {dict(sorted(kinds.items()))}")
    print(f"field changes: {dict(sorted(fields.items()))}")
    print("current data bytes: " + ", ".join(f"{k} {v}" for k, v in current.items()))
    print("history bytes:      " + ", ".join(f"{k} {v}" for k, v in history.items()))
    ratio = sum(history.values()) / max(1, sum(current.values()))
    print(f"history {sum(history.values())} bytes / current data {sum(current.values())} bytes = {ratio:.2f}x "
          f"(target <= 2x) in {seconds:.0f} s")


if __name__ == "__main__":
    main()
