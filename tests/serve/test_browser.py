"""The web page in Debian's chromium through Playwright: markers, the evidence panel, filters, offline."""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from sample_results import EVENTS_WITH_COORDINATES, STRIKE_TEXT

from eventwire.serve import create_app
from eventwire.serve.app import WEB_FOLDER, web_assets_present
from eventwire.settings import Settings

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
REPO_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


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
    port = free_port()
    app = create_app(str(sample_store_path), Settings())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
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
def page(browser: object, base_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # Offline: anything not served by our app is refused, so the page must not depend on it.
    opened.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def test_markers_and_evidence_panel(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    expect(page.locator("#status")).to_have_text("5 events (4 on the map)")
    markers = page.locator("path.ew-marker")
    expect(markers).to_have_count(EVENTS_WITH_COORDINATES)
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
    expect(fields).to_contain_text("2025-11-13 (day)")
    expect(fields).to_contain_text("Killed11")
    expect(fields).to_contain_text("Injured4")
    expect(fields).to_contain_text("reported · cue: “Reports indicate”")
    expect(fields).to_contain_text("source: unidentified aircraft")
    article = page.locator("#article-text")
    expect(article.locator("mark.hl-trigger")).to_have_text("struck")
    expect(article.locator("mark.hl-place")).to_have_text("Caracas")
    expect(article.locator("mark.hl-casualties")).to_have_text("eleven people dead and four injured")
    expect(article.locator("mark.hl-quote")).to_have_text("We will answer this attack,")
    expect(page.locator("#quotes")).to_contain_text("Mara Quintero: “We will answer this attack,”")
    expect(page.locator('#event-list button.selected')).to_have_attribute("data-event-id", "strike-1")


def test_list_selects_events_without_coordinates(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    page.locator('#event-list button[data-event-id="talks-2"]').click()
    expect(page.locator("#evidence-sentence")).to_have_text(
        "The invented Union of Port Workers accused the envoys of stalling."
    )
    expect(page.locator("#evidence-fields")).to_contain_text("2025-11-02 (day, from the publication date)")
    expect(page.locator("#quotes")).to_have_text("No quotes in this article.")


def test_filters_reload_markers_and_list(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    expect(page.locator("path.ew-marker")).to_have_count(EVENTS_WITH_COORDINATES)
    page.select_option("#filter-type", "PROTEST")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("1 events (1 on the map)")
    expect(page.locator("path.ew-marker")).to_have_count(1)
    assert "type=PROTEST" in page.url
    page.fill("#filter-country", "col")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("0 events (0 on the map)")
    expect(page.locator("#event-list")).to_have_text("No events match these filters.")
    page.click("#filter-reset")
    page.fill("#filter-since", "2025-11-10")
    page.click("#filters button[type=submit]")
    expect(page.locator("#status")).to_have_text("3 events (3 on the map)")


def test_missing_vendor_files_say_run_make_web(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    page.route("**/static/vendor/**", lambda route: route.fulfill(status=404, body="missing"))
    page.goto(base_url + "/")
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("run make web")
    # The list still works without the map library.
    expect(page.locator("#status")).to_have_text("5 events (4 on the map)")
    expect(page.locator("#event-list button.event")).to_have_count(5)


def test_events_at_the_same_place_are_all_clickable(page: object, base_url: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/")
    inner = page.locator('path.ew-marker[data-event-id="protest-1"]')
    outer = page.locator('path.ew-marker[data-event-id="protest-2"]')
    expect(outer).to_have_count(1)
    page.wait_for_timeout(400)  # let the fit-bounds zoom settle
    inner.click()
    expect(page.locator("#evidence-sentence mark.hl-trigger")).to_have_text("marched")
    box = outer.bounding_box()
    assert box is not None and box["width"] > inner.bounding_box()["width"]
    outer.click(position={"x": 3, "y": box["height"] / 2})  # the ring outside the inner marker
    expect(page.locator("#evidence-sentence mark.hl-trigger")).to_have_text("dispersed")
    expect(page.locator("#evidence-fields")).to_contain_text("claimed · cue: “organisers said” · sources: organisers")
