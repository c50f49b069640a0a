"""The fetch seam: address checks on every hop, robots.txt, retries, size cap, per-host pacing."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import httpx
import pytest

from eventwire.errors import FetchError
from eventwire.ingest.fetch import Fetcher, FetchPolicy, is_public_address, user_agent

PUBLIC = {"news.example.org": "93.184.216.34", "cdn.example.org": "93.184.216.35"}


def resolver(extra: dict[str, str] | None = None):
    table = {**PUBLIC, **(extra or {})}

    def resolve(host: str, port: int) -> list[str]:
        return [table[host]]

    return resolve


def fetcher(handler, *, extra: dict[str, str] | None = None, **policy) -> tuple[Fetcher, list[float]]:
    slept: list[float] = []
    settings = {"per_host_interval": 0.0, "backoff": 0.5, **policy}
    return (
        Fetcher(FetchPolicy(**settings), transport=httpx.MockTransport(handler), resolver=resolver(extra), sleep=slept.append),
        slept,
    )


def site(pages: dict[str, httpx.Response]):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        key = f"{request.headers['host']}{request.url.path}"
        return pages.get(key, httpx.Response(404))

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("::1", False),
        ("fd00::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("2606:4700::1111", True),
        ("224.0.0.1", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public_address(address) is public


def test_fetch_sends_user_agent_and_pins_the_checked_address() -> None:
    handler = site({"news.example.org/a": httpx.Response(200, text="<p>hi</p>", headers={"content-type": "text/html; charset=ISO-8859-1"})})
    client, _ = fetcher(handler, respect_robots=False)
    page = client.get("https://news.example.org/a")
    assert page.content == b"<p>hi</p>" and page.charset == "iso-8859-1" and page.content_type == "text/html"
    request = handler.seen[0]
    assert request.headers["user-agent"] == user_agent() and user_agent().startswith("eventwire/")
    assert request.url.host == "93.184.216.34"
    assert request.extensions["sni_hostname"] == "news.example.org"


@pytest.mark.parametrize("host", ["localhost", "metadata", "intranet"])
def test_private_targets_are_refused_before_any_request(host: str) -> None:
    handler = site({})
    client, _ = fetcher(handler, extra={"localhost": "127.0.0.1", "metadata": "169.254.169.254", "intranet": "fd00::5"})
    with pytest.raises(FetchError) as error:
        client.get(f"http://{host}/latest/meta-data")
    assert error.value.reason == "private-address"
    assert handler.seen == []


def test_each_redirect_is_checked_again() -> None:
    handler = site(
        {
            "news.example.org/robots.txt": httpx.Response(404),
            "news.example.org/a": httpx.Response(302, headers={"location": "http://metadata/latest"}),
        }
    )
    client, _ = fetcher(handler, extra={"metadata": "169.254.169.254"})
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/a")
    assert error.value.reason == "private-address"


def test_redirects_are_followed_to_public_hosts() -> None:
    handler = site(
        {
            "news.example.org/a": httpx.Response(301, headers={"location": "https://cdn.example.org/b"}),
            "cdn.example.org/b": httpx.Response(200, text="moved"),
        }
    )
    client, _ = fetcher(handler, respect_robots=False)
    page = client.get("http://news.example.org/a")
    assert page.url == "https://cdn.example.org/b" and page.content == b"moved"


@pytest.mark.parametrize("url", ["ftp://news.example.org/a", "file:///etc/passwd", "gopher://x/"])
def test_only_http_and_https(url: str) -> None:
    client, _ = fetcher(site({}))
    with pytest.raises(FetchError) as error:
        client.get(url)
    assert error.value.reason == "scheme"


def test_robots_disallow_is_honoured() -> None:
    handler = site(
        {
            "news.example.org/robots.txt": httpx.Response(200, text="User-agent: eventwire\nDisallow: /private/\n"),
            "news.example.org/public/a": httpx.Response(200, text="ok"),
            "news.example.org/private/a": httpx.Response(200, text="secret"),
        }
    )
    client, _ = fetcher(handler)
    assert client.get("http://news.example.org/public/a").content == b"ok"
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/private/a")
    assert error.value.reason == "robots"
    paths = [request.url.path for request in handler.seen]
    assert paths.count("/robots.txt") == 1 and "/private/a" not in paths


def test_robots_server_error_means_disallow_all() -> None:
    handler = site({"news.example.org/robots.txt": httpx.Response(503), "news.example.org/a": httpx.Response(200)})
    client, _ = fetcher(handler, retries=0)
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/a")
    assert error.value.reason == "robots"


def test_retries_honour_retry_after_then_succeed() -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "7"}), httpx.Response(503), httpx.Response(200, text="ok")])
    client, slept = fetcher(lambda request: next(answers), respect_robots=False)
    assert client.get("http://news.example.org/a").content == b"ok"
    assert slept == [7.0, 1.0]  # Retry-After, then the second backoff step (0.5 * 2)


def test_retries_give_up_with_the_status() -> None:
    client, slept = fetcher(lambda request: httpx.Response(500), respect_robots=False, retries=2)
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/a")
    assert error.value.reason == "http-500" and len(slept) == 2


def test_timeouts_become_fetch_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    client, _ = fetcher(handler, respect_robots=False, retries=1)
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/a")
    assert error.value.reason == "timeout"


def test_responses_past_the_cap_are_aborted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # no content-length: the cap must hold while streaming
        return httpx.Response(200, content=iter([b"x" * 600, b"x" * 600]))

    client, _ = fetcher(handler, respect_robots=False, max_bytes=1000)
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/big")
    assert error.value.reason == "too-large"


def test_per_host_interval_paces_requests() -> None:
    clock = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 3))
        clock[0] += seconds

    client = Fetcher(
        FetchPolicy(per_host_interval=2.0, respect_robots=False, workers=1),
        transport=httpx.MockTransport(lambda request: httpx.Response(200)),
        resolver=resolver(),
        sleep=sleep,
        clock=lambda: clock[0],
    )
    results = list(client.get_many(["http://news.example.org/1", "http://news.example.org/2", "http://cdn.example.org/3"]))
    assert [url for url, _ in results] == ["http://news.example.org/1", "http://news.example.org/2", "http://cdn.example.org/3"]
    assert slept == [2.0]  # the second request to the same host waits; another host does not


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, status = b"User-agent: *\nDisallow: /no/\n", 200
        elif self.path == "/article":
            body, status = b"<html><body><p>served from 127.0.0.1</p></body></html>", 200
        else:
            body, status = b"missing", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_real_local_server_needs_the_allow_setting(local_server: str) -> None:
    with Fetcher(FetchPolicy(per_host_interval=0.0)) as refusing:
        with pytest.raises(FetchError) as error:
            refusing.get(f"{local_server}/article")
        assert error.value.reason == "private-address"
    with Fetcher(FetchPolicy(allow_private_addresses=True, per_host_interval=0.0)) as allowed:
        assert b"served from 127.0.0.1" in allowed.get(f"{local_server}/article").content
        with pytest.raises(FetchError) as error:
            allowed.get(f"{local_server}/no/thing")
        assert error.value.reason == "robots"
        with pytest.raises(FetchError) as error:
            allowed.get(f"{local_server}/missing")
        assert error.value.reason == "http-404"
