"""`eventwire snapshot`, `changes`, `retract` and `watch`: thin commands over store versions and the watcher."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

DB_HELP = "Store: SQLite path or postgresql:// URL (EVENTWIRE_DB)."


class ChangesFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


def format_change(change: dict[str, Any]) -> str:
    """One readable line per change (the `changes` text format, docs/versions.md)."""
    parts = [f"v{change['version']}", change["at"], change["cause"], change["kind"]]
    if change["event_id"]:
        parts.append(f"event={change['event_id']}")
    if change["field"]:
        parts.append(f"{change['field']}: {json.dumps(change['old_value'])} -> {json.dumps(change['new_value'])}")
    elif change["new_value"] is not None or change["old_value"] is not None:
        value = change["new_value"] if change["new_value"] is not None else change["old_value"]
        parts.append(json.dumps(value, ensure_ascii=False, sort_keys=True))
    if change["article_id"]:
        parts.append(f"article={change['article_id']}")
    return "  ".join(parts)


def register(app: typer.Typer) -> None:
    """Add the commands to the `eventwire` app (cli/main.py keeps the shared helpers)."""
    from eventwire.cli.main import _guard, _require_store, _settings

    def open_existing(db: str | None) -> Any:
        from eventwire.store import open_store

        settings = _settings(db=db)
        _require_store(settings.db)
        return open_store(settings.db)

    @app.command()
    def snapshot(
        db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
        name: Annotated[str | None, typer.Option(help="Name for the current version (default v<N>).")] = None,
    ) -> None:
        """Name the current version of the data, to cite it or read it back with --as-of."""

        def run() -> dict[str, Any]:
            with open_existing(db) as store:
                return store.snapshot(name)  # type: ignore[no-any-return]

        made = _guard(run)
        typer.echo(f"snapshot {made['name']} = version {made['version']} ({made['at'] or 'empty store'})")

    @app.command()
    def changes(
        db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
        since: Annotated[str | None, typer.Option(help="After this version: number, snapshot name or ISO time.")] = None,
        limit: Annotated[int | None, typer.Option(min=1, help="About this many changes: the page ends on a whole version.")] = None,
        format: Annotated[ChangesFormat, typer.Option("--format")] = ChangesFormat.text,
    ) -> None:
        """List what changed in the event data after a version, oldest first."""

        def run() -> list[dict[str, Any]]:
            with open_existing(db) as store:
                return store.changes(since, limit)  # type: ignore[no-any-return]

        for change in _guard(run):
            if format is ChangesFormat.jsonl:
                typer.echo(json.dumps(change, ensure_ascii=False, sort_keys=True))
            else:
                typer.echo(format_change(change))

    @app.command()
    def retract(
        article_id: Annotated[str, typer.Argument(help="Id of the stored article to retract.")],
        db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
        reason: Annotated[str, typer.Option(help="Why (kept in the change log).")] = "",
    ) -> None:
        """Retract an article: its events leave the current data; reads as of earlier versions keep it."""
        from eventwire.pipeline import retract as retract_article

        def run() -> Any:
            with open_existing(db) as store:
                return retract_article(store, article_id, reason)

        report = _guard(run)
        typer.echo(f"article {article_id} retracted at version {report.version}: "
                   f"{len(report.updated)} merged events rebuilt, {len(report.removed)} removed")

    @app.command()
    def watch(
        sources: Annotated[list[str] | None, typer.Argument(help="Feeds, sitemaps, URL-list files or URLs to poll.")] = None,
        db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
        every: Annotated[str, typer.Option(help="Time between polls: 30s, 15m, 1h.")] = "15m",
        sources_file: Annotated[Path | None, typer.Option("--sources-file", help="A file with one source per line.")] = None,
        once: Annotated[bool, typer.Option("--once", help="Poll once and stop.")] = False,
        max_polls: Annotated[int | None, typer.Option("--max-polls", min=1, help="Stop after N polls.")] = None,
    ) -> None:
        """Poll sources on a schedule (conditional requests), ingest what is new, merge it; one log line per poll."""
        from eventwire.store import open_store
        from eventwire.watch import WatchOptions, parse_interval, read_sources_file, run_watch

        settings = _settings(db=db)

        def run() -> int:
            listed = list(sources or []) + (read_sources_file(sources_file) if sources_file else [])
            options = WatchOptions(listed, parse_interval(every), 1 if once else max_polls)
            with open_store(settings.db) as store:
                return run_watch(store, settings, options, lambda line: print(line, file=sys.stdout, flush=True))

        try:
            _guard(run)
        except KeyboardInterrupt:
            # Ctrl-C between or during polls: what was committed stays; the next start resumes.
            typer.echo("watch stopped", err=True)
