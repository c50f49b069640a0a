"""The web page in Debian's chromium through Playwright: markers, filters, the timeline brush, evidence,
hostile text rendered as text, offline, keyboard; saves docs/screenshot.png."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from sample_results import EVENTS_WITH_COORDINATES, STRIKE_TEXT

from eventwire.model import (
    Article,
    ArticleResult,
    Casualties,
    Claim,
    ClaimStatus,
    EventMention,
    EventType,
    LocationPrecision,
    Place,
    Quote,
    QuoteKind,
    TextSpan,
)
from eventwire.serve import create_app
from eventwire.serve.app import WEB_FOLDER, web_assets_present
from eventwire.settings import Settings
from eventwire.store import open_store

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_ARTICLES = REPO_ROOT / "src" / "eventwire" / "demo" / "articles.jsonl"
SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"

SCRIPT = '<script>window.__pwned = 1; alert("script")</script>'
IMAGE = '<img src=x onerror="window.__pwned = 2; alert(1)">'
HOSTILE_QUOTE = f"We saw {IMAGE} the depot burn,"
HOSTILE_TEXT = (
    f"Militants shelled a fuel depot in the invented village of Tarvo {SCRIPT} on Friday, killing two guards. "
    f"\"{HOSTILE_QUOTE}\" said Ilse Marrow, a resident."
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(store_path: Path) -> Iterator[str]:
    """uvicorn on 127.0.0.1 and a free port, in a thread, for the duration of the block."""
    port = free_port()
    app = create_app(str(store_path), Settings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def web_assets() -> None:
    """The Leaflet/world files `make web` copies; built here when node_modules is already installed."""
    if web_assets_present():
        return
    if (REPO_ROOT / "node_modules" / "leaflet").is_dir():
        import importlib.util

        spec = importlib.util.spec_from_file_location("build_web", REPO_ROOT / "tools" / "build_web.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.build()
    if not web_assets_present():
        pytest.fail(f"web vendor files missing under {WEB_FOLDER / 'vendor'}: run `make web` (npm ci + "
                    "tools/build_web.py) before the browser tests")


@pytest.fixture(scope="module")
def base_url(sample_store_path: Path, web_assets: None) -> Iterator[str]:
    with serving(sample_store_path) as url:
        yield url


@pytest.fixture(scope="session")
def demo_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo corpus ingested through the real pipeline into a fresh SQLite store."""
    from eventwire.pipeline import ingest

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    store = open_store(path)
    try:
        report = ingest([str(DEMO_ARTICLES)], store)
    finally:
        store.close()
    assert report.articles_added > 40 and report.events_added > 100
    return path


@pytest.fixture(scope="module")
def demo_url(demo_store_path: Path, web_assets: None) -> Iterator[str]:
    with serving(demo_store_path) as url:
        yield url


def hostile_result() -> ArticleResult:
    text = HOSTILE_TEXT
    trigger = text.index("shelled")
    sentence_end = text.index("guards.") + len("guards.")
    quote_start = text.index(HOSTILE_QUOTE)
    speaker_start = text.index("Ilse Marrow")
    killed = text.index("killing two guards")
    event = EventMention(
        id="hostile-1", type=EventType.ASSAULT, mode="heavy-weapons", acled=None,
        trigger=TextSpan("shelled", trigger, trigger + 7),
        sentence=TextSpan(text[:sentence_end], 0, sentence_end), actors=(),
        location=Place("Tarvo", "Tarvo", None, "COD", "North Kivu", -1.68, 29.22, LocationPrecision.CITY,
                       text.index("Tarvo"), text.index("Tarvo") + 5),
        date=None, fatalities=Casualties(2, None, "killing two guards", killed, killed + 18),
        claim=Claim(ClaimStatus.REPORTED, None, (), None, None), confidence=0.7,
    )
    quote = Quote("Ilse Marrow", HOSTILE_QUOTE, quote_start, quote_start + len(HOSTILE_QUOTE),
                  speaker_start, speaker_start + 11, "said", QuoteKind.DIRECT)
    article = Article(id="article-hostile", text=text, title=f"Depot shelled {IMAGE}", url=None,
                      outlet="Example <b>Bold</b> Times", published=dt.datetime(2025, 11, 21, tzinfo=dt.UTC),
                      published_source="tests", language="en", source="tests")
    return ArticleResult(article, (event,), (quote,))


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory, web_assets: None) -> Iterator[str]:
    path = tmp_path_factory.mktemp("hostile") / "hostile.sqlite"
    store = open_store(path)
    try:
        assert store.add_result(hostile_result())
    finally:
        store.close()
    with serving(path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install -y chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-gpu"],
        )
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    errors: list[str] = []
    dialogs: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Offline: anything not served by our app is refused, so the page must not depend on it.
    opened.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
    assert dialogs == [], f"the page opened dialogs: {dialogs}"


def mapped_count(page: Any) -> int:
    """Events on the map: single markers plus the counts written in cluster icons."""
    singles = page.locator("path.ew-marker").count()
    clustered = sum(int(text) for text in page.locator(".ew-cluster span").all_inner_texts())
    return singles + clustered


def wait_for_mapped(page: Any, expected: int) -> None:
    deadline = time.monotonic() + 10
    while mapped_count(page) != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"map shows {mapped_count(page)} events, expected {expected}")
        page.wait_for_timeout(100)


def list_ids(page: Any) -> list[str]:
    return page.locator("#event-list button.event").evaluate_all("nodes => nodes.map(n => n.dataset.eventId)")


# ---- the sample store (hand-built events with known values) ---------------------------------------


def test_markers_and_evidence_panel(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    expect(page.locator("#status")).to_have_text("5 events (4 on the map)")
    wait_for_mapped(page, EVENTS_WITH_COORDINATES)
    assert page.locator(".leaflet-outlines-pane path").count() > 100  # the offline world outline
    expect(page.locator("#notice")).to_be_hidden()
    expect(page.locator("#event-list li.day")).to_have_text(["2025-11-13", "2025-11-10", "2025-11-02", "2025-10"])

    page.locator('path.ew-marker[data-event-id="strike-1"]').click()
    sentence = STRIKE_TEXT[: STRIKE_TEXT.index("injured.") + len("injured.")]
    expect(page.locator("#evidence-sentence")).to_have_text(sentence)
    expect(page.locator("#evidence-sentence mark.hl-trigger")).to_have_text("struck")
    fields = page.locator("#evidence-fields")
    expect(fields).to_contain_text("Explosions/Remote violence / Air/drone strike")
    expect(fields).to_contain_text("Caracas, Distrito Capital, VEN (city)")
    expect(fields).to_contain_text("Killed11")
    expect(fields).to_contain_text("Injured4")
    expect(fields).to_contain_text("reported · cue: “Reports indicate”")
    expect(fields).to_contain_text("1 outlet, 1 article")
    article = page.locator("#article-text")
    expect(article.locator("mark.hl-trigger")).to_have_text("struck")
    expect(article.locator("mark.hl-place")).to_have_text("Caracas")
    expect(article.locator("mark.hl-casualties")).to_have_text("eleven people dead and four injured")
    expect(article.locator("mark.hl-quote")).to_have_text("We will answer this attack,")
    expect(page.locator("#quotes")).to_contain_text("Mara Quintero: “We will answer this attack,”")
    expect(page.locator("#reports")).to_contain_text("Example Daily")
    expect(page.locator("#conflicts")).to_have_text("One report: nothing to compare yet.")
    expect(page.locator("#event-list button.selected")).to_have_attribute("data-event-id", "strike-1")
    assert "event=strike-1" in page.url


def test_filters_reload_markers_and_list_and_the_url_shares_them(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    wait_for_mapped(page, EVENTS_WITH_COORDINATES)
    page.select_option("#filter-type", "PROTEST")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("1 events (1 on the map)")
    wait_for_mapped(page, 1)
    assert "type=PROTEST" in page.url
    page.fill("#filter-country", "col")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("0 events (0 on the map)")
    expect(page.locator("#event-list")).to_have_text("No events match these filters.")
    page.click("#filter-reset")
    page.fill("#filter-min-killed", "1")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("1 events (1 on the map)")
    page.click("#filter-reset")
    page.select_option("#filter-claim", "claimed")
    page.fill("#filter-q", "tear gas")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("1 events (1 on the map)")
    shared = page.url
    assert "claim=claimed" in shared and "q=tear+gas" in shared
    page.goto(shared)  # a shared link restores the view
    expect(page.locator("#filter-claim")).to_have_value("claimed")
    expect(page.locator("#status")).to_have_text("1 events (1 on the map)")
    assert list_ids(page) == ["protest-2"]


def test_missing_vendor_files_say_run_make_web(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page.route("**/static/vendor/**", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(base_url + "/")
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("run make web")
    expect(page.locator("#status")).to_have_text("5 events (4 on the map)")  # the list still works
    expect(page.locator("#event-list button.event")).to_have_count(5)


def test_events_at_the_same_place_cluster_and_open(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    wait_for_mapped(page, EVENTS_WITH_COORDINATES)
    page.wait_for_timeout(600)  # let the fit-bounds zoom settle
    cluster = page.locator(".ew-cluster").filter(has_text=re.compile(r"^2$"))
    expect(cluster).to_have_count(1)
    cluster.click()  # same spot: zooms to the last level and spiderfies
    outer = page.locator('path.ew-marker[data-event-id="protest-2"]')
    expect(outer).to_have_count(1)
    page.wait_for_timeout(600)  # spiderfy animation
    outer.click()
    expect(page.locator("#evidence-sentence mark.hl-trigger")).to_have_text("dispersed")
    expect(page.locator("#evidence-fields")).to_contain_text("claimed · cue: “organisers said” · sources: organisers")


def test_keyboard_opens_an_event(page: Any, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    expect(page.locator("#event-list button.event")).to_have_count(5)
    for control in ("#filter-type", "#filter-country", "#filter-since", "#filter-q", "#filter-min-killed",
                    "#filter-claim"):  # every control has a label
        assert page.locator(f'label[for="{control[1:]}"]').count() == 1
    page.locator('#event-list button[data-event-id="talks-1"]').focus()
    page.keyboard.press("Shift+Tab")
    focused = page.evaluate("document.activeElement.dataset.eventId")
    assert focused == "talks-2"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Enter")
    expect(page.locator("#evidence-sentence")).to_have_text(
        "The invented Union of Port Workers accused the envoys of stalling.")
    expect(page.locator("#quotes")).to_have_text("No quotes in this article.")


# ---- hostile text ---------------------------------------------------------------------------------


def test_article_and_quote_markup_renders_as_text(page: Any, hostile_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(hostile_url + "/")
    page.locator('#event-list button[data-event-id="hostile-1"]').click()
    article = page.locator("#article-text")
    expect(article).to_contain_text(SCRIPT)
    expect(article.locator("mark.hl-quote")).to_have_text(HOSTILE_QUOTE)
    expect(page.locator("#quotes")).to_contain_text(f"Ilse Marrow: “{HOSTILE_QUOTE}”")
    expect(page.locator("#evidence-sentence")).to_contain_text(SCRIPT)
    expect(page.locator("#event-list")).to_contain_text(SCRIPT)
    expect(page.locator("#article-title")).to_contain_text(IMAGE)
    expect(page.locator("#reports")).to_contain_text("Example <b>Bold</b> Times")
    page.wait_for_timeout(300)
    for scope in ("#evidence", "#event-list"):
        assert page.locator(f"{scope} img, {scope} script, {scope} b").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img:not(.leaflet-marker-icon)").count() == 0


# ---- the demo database (the real pipeline over the demo corpus) -----------------------------------


def test_demo_page_shows_markers_and_type_filter_changes_them(page: Any, demo_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(demo_url + "/")
    expect(page.locator("#status")).to_have_text(re.compile(r"^\d+ events \(\d+ on the map\)"))
    total = int(page.locator("#status").inner_text().split()[0])
    assert total > 100
    mapped = int(re.search(r"\((\d+) on the map\)", page.locator("#status").inner_text()).group(1))
    wait_for_mapped(page, mapped)
    assert page.locator("path.ew-marker").count() + page.locator(".ew-cluster").count() > 5
    page.select_option("#filter-type", "PROTEST")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text(re.compile(rf"^(?!{total} )\d+ events \(\d+ on the map\)"))
    protest_mapped = int(re.search(r"\((\d+) on the map\)", page.locator("#status").inner_text()).group(1))
    assert 0 < protest_mapped < mapped
    wait_for_mapped(page, protest_mapped)
    types = page.locator("#event-list .kind").all_inner_texts()
    assert types and all(kind.startswith("PROTEST") for kind in types)


def test_demo_timeline_brush_narrows_the_list(page: Any, demo_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(demo_url + "/")
    expect(page.locator("#histogram rect.bar").first).to_be_visible()
    before = len(list_ids(page))
    box = page.locator("#histogram").bounding_box()
    assert box is not None
    # Brush around the tallest bar (not at fixed fractions of the axis, which depend on the date spread).
    bars = [bar.bounding_box() for bar in page.locator("#histogram rect.bar").all()]
    tallest = max((bar for bar in bars if bar), key=lambda bar: bar["height"])
    assert tallest["width"] < box["width"] / 2
    y = box["y"] + box["height"] / 2
    page.mouse.move(max(box["x"] + 1, tallest["x"] - 2), y)
    page.mouse.down()
    page.mouse.move(min(box["x"] + box["width"] - 1, tallest["x"] + tallest["width"] + 2), y, steps=5)
    page.mouse.up()
    expect(page.locator("#brush-clear")).to_be_visible()
    since = page.input_value("#filter-since")
    until = page.input_value("#filter-until")
    assert since and until and since <= until
    assert f"since={since}" in page.url
    expect(page.locator("#status")).to_have_text(re.compile(rf"^(?!{before} )\d+ events"))
    after = list_ids(page)
    assert 0 < len(after) < before
    days = page.locator("#event-list li.day").all_inner_texts()
    assert all(since <= day <= until for day in days if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day))
    page.click("#brush-clear")
    expect(page.locator("#event-list button.event")).to_have_count(before)


def test_demo_event_evidence_and_screenshot(page: Any, demo_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(demo_url + "/?type=ASSAULT")
    expect(page.locator("#event-list button.event").first).to_be_visible()
    killed = page.locator("#event-list button.event", has_text="killed").first
    killed.click()
    expect(page.locator("#article-text mark.hl-trigger").first).to_be_visible()
    expect(page.locator("#evidence-sentence mark.hl-trigger")).to_have_count(1)
    trigger = page.locator("#evidence-sentence mark.hl-trigger").inner_text()
    assert trigger and trigger in page.locator("#evidence-sentence").inner_text()
    assert page.locator("#article-text mark.hl-casualties").count() >= 1
    expect(page.locator("#reports li")).to_have_count(1)
    page.wait_for_timeout(500)
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 20_000


def test_demo_merged_event_shows_its_outlets_and_contradictions(page: Any, demo_url: str) -> None:
    import httpx
    from playwright.sync_api import expect

    # Find, through the API, a mention whose merged event has reports that disagree on the toll.
    chosen = None
    for event in httpx.get(f"{demo_url}/api/events?min_outlets=2&limit=500").json()["events"]:
        detail = httpx.get(f"{demo_url}/api/events/{event['id']}").json()
        if any(conflict["field"] == "killed" for conflict in detail["conflicts"]):
            chosen = detail
            break
    assert chosen is not None, "the demo corpus should hold a merged event whose reports disagree on killed"
    killed = chosen["casualties"]["killed"]
    assert killed["min"] < killed["max"]

    page.goto(f"{demo_url}/?event={chosen['id']}")
    expect(page.locator("#evidence-fields")).to_contain_text(f"reports say {killed['min']}–{killed['max']}")
    outlets = chosen["corroboration"]["outlets"]
    expect(page.locator("#evidence-fields")).to_contain_text(f"{outlets} outlets")
    expect(page.locator("#reports li")).to_have_count(len(chosen["reports"]))
    conflict = page.locator("#conflicts li", has_text="killed")
    expect(conflict).to_contain_text(" vs ")
    for report in chosen["reports"]:
        expect(conflict).to_contain_text(report["outlet"])
    second = chosen["reports"][1]
    page.locator('#reports button.report[data-index="1"]').click()
    expect(page.locator("#article-title")).to_contain_text(second["outlet"])
    expect(page.locator("#article-text mark.hl-trigger").first).to_be_visible()


# ---- live data (docs/versions.md): new events appear without a reload ------------------------------


def test_new_events_appear_without_a_reload_and_the_page_says_when(page: Any, tmp_path: Path,
                                                                  web_assets: None) -> None:
    import sys

    from playwright.sync_api import expect

    from eventwire.pipeline import merge_stored

    sys.path.insert(0, str(REPO_ROOT / "tests" / "store"))
    from test_versions import STRIKE_A, STRIKE_B, _result  # tests/store/test_versions.py

    db = tmp_path / "live.sqlite"

    def add(record: Any) -> None:
        with open_store(str(db)) as store:
            batch = [_result([record])]
            store.add_result(batch[0])
            merge_stored(store, batch)

    add(STRIKE_A)
    with serving(db) as url:
        page.goto(url + "/?poll=1")
        expect(page.locator("#updated")).to_contain_text("data updated")
        first = page.locator("#updated").inner_text()
        assert list_ids(page) == ["a1"]
        time.sleep(1.1)  # the next version is at least a second later, so the shown time changes
        add(STRIKE_B)
        expect(page.locator("#event-list button.event")).to_have_count(2, timeout=8000)
        assert set(list_ids(page)) == {"a1", "b1"}
        expect(page.locator("#updated")).not_to_have_text(first)
