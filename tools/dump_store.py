"""Print every table of a SQLite store, rows sorted, wall-clock times masked: diff two dumps to check
that a change to the writer stores exactly the same data.

    python bench/corpus.py 200 /tmp/corpus.jsonl
    EVENTWIRE_BATCH_SIZE=32 eventwire ingest /tmp/corpus.jsonl --db /tmp/a.sqlite
    python tools/dump_store.py /tmp/a.sqlite > before.txt   # then again on the changed tree; diff

Times the writer reads from the clock (``ingested_at``, version and change times, ``updated_at``) differ
between any two runs, so every ISO date-time of the given day (default today, UTC) is printed as NOW.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sqlite3
import sys
from pathlib import Path


def dump(path: Path, day: dt.date) -> list[str]:
    """The lines of the dump: a header per table (name, columns, row count), then its rows sorted."""
    now = re.compile(re.escape(day.isoformat()) + r"[T ][0-9:.+]*")
    lines: list[str] = []
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for table in tables:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info('{table}')")]
            rows = sorted(now.sub("NOW", repr(row)) for row in connection.execute(f"SELECT * FROM '{table}'"))
            lines.append(f"== {table} {columns} {len(rows)}")
            lines.extend(rows)
    finally:
        connection.close()
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.datetime.now(dt.UTC).date(),
                        help="the UTC day the store was written (its clock times are masked)")
    args = parser.parse_args()
    if not args.database.is_file():
        sys.exit(f"no such database: {args.database}")
    sys.stdout.write("\n".join(dump(args.database, args.day)) + "\n")


if __name__ == "__main__":
    main()
