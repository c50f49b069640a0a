"""The one network seam: polite, size-capped, SSRF-safe HTTP GETs through httpx (injectable transport)."""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from eventwire.errors import FetchError
from eventwire.settings import Settings

logger = logging.getLogger(__name__)

ROBOTS_AGENT = "eventwire"
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY_STATUSES = {429, 500, 502, 503, 504}

#: host, port -> IP addresses; the default asks the system resolver.
Resolver = Callable[[str, int], list[str]]


def user_agent() -> str:
    from eventwire import __version__

    return f"eventwire/{__version__} (+https://example.org/eventwire)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how safely we fetch (filled from Settings by `policy_from_settings`)."""

    allow_private_addresses: bool = False
    respect_robots: bool = True
    timeout: float = 20.0
    max_bytes: int = 10_000_000
    retries: int = 3
    backoff: float = 1.0
    max_retry_wait: float = 60.0
    per_host_concurrency: int = 2
    per_host_interval: float = 1.0
    workers: int = 8
    max_redirects: int = 5


def policy_from_settings(settings: Settings) -> FetchPolicy:
    """The fetch policy of the settings."""
    return FetchPolicy(
        allow_private_addresses=settings.allow_private_addresses,
        respect_robots=settings.respect_robots,
        timeout=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        retries=settings.fetch_retries,
        backoff=settings.fetch_backoff,
        max_retry_wait=settings.fetch_max_retry_wait,
        per_host_concurrency=settings.fetch_per_host_concurrency,
        per_host_interval=settings.fetch_per_host_interval,
        workers=settings.fetch_workers,
        max_redirects=settings.fetch_max_redirects,
    )


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A successful response: the final URL after redirects, its body and content type."""

    url: str
    status: int
    content: bytes
    content_type: str
    charset: str | None
    #: Response headers (lower-case names): ETag and Last-Modified for conditional requests.
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """304: the conditional request found the resource unchanged (no body)."""
        return self.status == 304


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}", "dns") from error
    return sorted({str(info[4][0]) for info in infos})


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses (so never loopback, private, link-local,
    carrier-grade NAT, multicast, reserved, unspecified or the 169.254.169.254 metadata address)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _LOCAL_NAT64:
            return False
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is None and any(ip in network for network in (*_NAT64, *_IPV4_COMPATIBLE)):
            # NAT64 (64:ff9b::127.0.0.1) and the old IPv4-compatible form (::127.0.0.1) reach the
            # IPv4 address in their last 32 bits; Python counts both as global.
            mapped = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if mapped is not None:
            return is_public_address(str(mapped))
    return ip.is_global and not ip.is_multicast


_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"),)
#: Local-use NAT64 (RFC 8215) translates to whatever the local network chooses: never public.
_LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = (ipaddress.IPv6Network("::/96"),)


def _retry_after(value: str | None, cap: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), cap))


class _HostGate:
    """Per-host limits: at most N requests in flight, and a minimum interval between request starts."""

    def __init__(self, concurrency: int, interval: float, clock: Callable[[], float], sleep: Callable[[float], None]):
        self._slots = threading.BoundedSemaphore(max(1, concurrency))
        self._interval = interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_start = 0.0

    def __enter__(self) -> None:
        self._slots.acquire()
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start)
            self._next_start = start + self._interval
        if start > now:
            self._sleep(start - now)

    def __exit__(self, *exc_info: object) -> None:
        self._slots.release()


class Fetcher:
    """GET URLs safely. Tests inject an `httpx.MockTransport` (or a 127.0.0.1 server with
    ``allow_private_addresses``), a resolver and a sleep function; nothing else touches the network."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._resolver = resolver or system_resolver
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,  # we follow them ourselves, checking each target again
            headers={"User-Agent": user_agent()},
            trust_env=False,  # a proxy from the environment would bypass the address checks
        )
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- public ------------------------------------------------------------------------------------

    def get(self, url: str, headers: dict[str, str] | None = None) -> FetchedPage:
        """The page at a URL after checked redirects; FetchError (with a reason) when refused or failed.

        ``headers`` go with the request (e.g. If-None-Match / If-Modified-Since: a 304 comes back as a
        page with ``not_modified`` and no body)."""
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._check_robots(current)
            response_url, status, headers_out, content = self._get_once(current, headers or {})
            if status in _REDIRECTS and headers_out.get("location"):
                current = urljoin(response_url, headers_out["location"])
                logger.debug("redirect %s -> %s", response_url, current)
                continue
            if status >= 400:
                raise FetchError(f"{url}: HTTP {status}", f"http-{status}")
            content_type = headers_out.get("content-type", "")
            charset = None
            for part in content_type.split(";")[1:]:
                key, _, value = part.strip().partition("=")
                if key.lower() == "charset" and value:
                    charset = value.strip("\"' ").lower()
            return FetchedPage(current, status, content, content_type.split(";")[0].strip().lower(), charset,
                               headers_out)
        raise FetchError(f"{url}: more than {self.policy.max_redirects} redirects", "redirects")

    def get_many(self, urls: Iterable[str]) -> Iterator[tuple[str, FetchedPage | FetchError]]:
        """(url, page or error) in input order, fetched concurrently with a bounded window (lazy)."""
        window = max(1, self.policy.workers) * 2
        with ThreadPoolExecutor(max_workers=max(1, self.policy.workers), thread_name_prefix="fetch") as pool:
            pending: list[tuple[str, Future[FetchedPage]]] = []
            for url in urls:
                pending.append((url, pool.submit(self.get, url)))
                if len(pending) >= window:
                    yield self._settle(*pending.pop(0))
            while pending:
                yield self._settle(*pending.pop(0))

    @staticmethod
    def _settle(url: str, future: Future[FetchedPage]) -> tuple[str, FetchedPage | FetchError]:
        try:
            return url, future.result()
        except FetchError as error:
            return url, error

    # -- one request ---------------------------------------------------------------------------------

    def _target(self, url: str) -> tuple[str, str, dict[str, str], dict[str, str]]:
        """(url to request, host, headers, extensions): the address checked and pinned unless allowed."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{url}: only http and https URLs are fetched", "scheme")
        host = parts.hostname
        if not host:
            raise FetchError(f"{url}: no host in URL", "bad-url")
        if self.policy.allow_private_addresses:
            return url, host, {}, {}
        port = parts.port or (443 if parts.scheme == "https" else 80)
        addresses = self._resolver(host, port)
        refused = [address for address in addresses if not is_public_address(address)]
        if refused or not addresses:
            raise FetchError(
                f"{url}: {host} resolves to a non-public address ({', '.join(refused) or 'none'})", "private-address"
            )
        # Connect to the address we checked, not to a second DNS answer (DNS rebinding); TLS still
        # verifies the certificate against the host name through the sni_hostname extension.
        address = addresses[0]
        netloc = f"[{address}]" if ":" in address else address
        if parts.port:
            netloc += f":{parts.port}"
        pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
        host_header = host if not parts.port else f"{host}:{parts.port}"
        return pinned, host, {"Host": host_header}, {"sni_hostname": host}

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            if host not in self._gates:
                self._gates[host] = _HostGate(
                    self.policy.per_host_concurrency, self.policy.per_host_interval, self._clock, self._sleep
                )
            return self._gates[host]

    def _get_once(self, url: str, extra: dict[str, str]) -> tuple[str, int, dict[str, str], bytes]:
        """One GET with retries on 429/5xx/transport errors; redirects are returned, not followed."""
        target, host, headers, extensions = self._target(url)
        headers = {**extra, **headers}
        attempt = 0
        while True:
            try:
                with self._gate(host):
                    status, response_headers, content = self._stream(url, target, headers, extensions)
            except (httpx.TimeoutException, httpx.TransportError) as error:
                if attempt >= self.policy.retries:
                    reason = "timeout" if isinstance(error, httpx.TimeoutException) else "network"
                    raise FetchError(f"{url}: {type(error).__name__}: {error}", reason) from error
                wait = self.policy.backoff * 2**attempt
            else:
                if status not in _RETRY_STATUSES or attempt >= self.policy.retries:
                    return url, status, response_headers, content
                wait = _retry_after(response_headers.get("retry-after"), self.policy.max_retry_wait)
                if wait is None:
                    wait = self.policy.backoff * 2**attempt
            attempt += 1
            logger.info("retrying %s in %.1f s (attempt %d)", url, wait, attempt + 1)
            self._sleep(wait)

    def _stream(
        self, url: str, target: str, headers: dict[str, str], extensions: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        cap = self.policy.max_bytes
        request = self._client.build_request("GET", target, headers=headers, extensions=extensions)
        response = self._client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap:
                raise FetchError(f"{url}: response of {declared} bytes exceeds the {cap}-byte cap", "too-large")
            chunks: list[bytes] = []
            size = 0
            if response.status_code < 300:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > cap:
                        raise FetchError(f"{url}: response exceeds the {cap}-byte cap", "too-large")
                    chunks.append(chunk)
            return response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
        except httpx.DecodingError as error:
            raise FetchError(f"{url}: cannot decode response: {error}", "decode") from error
        finally:
            response.close()

    # -- robots.txt --------------------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        if not self.policy.respect_robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = origin in self._robots
            parser = self._robots.get(origin)
        if not known:
            parser = self._load_robots(origin)
            with self._lock:
                self._robots[origin] = parser
        if parser is not None and not parser.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(f"{url}: disallowed by {origin}/robots.txt", "robots")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The origin's robots rules (RFC 9309: 4xx means no rules, 5xx or unreachable means disallow all)."""
        robots_url = f"{origin}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            current = robots_url
            for _ in range(self.policy.max_redirects + 1):
                final_url, status, headers, content = self._get_once(current, {})
                if status in _REDIRECTS and headers.get("location"):
                    current = urljoin(final_url, headers["location"])
                    continue
                break
        except FetchError as error:
            if error.reason in ("private-address", "scheme", "bad-url", "too-large"):
                raise
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        if 400 <= status < 500:
            return None
        if status >= 500:
            parser.parse(["User-agent: *", "Disallow: /"])
            return parser
        parser.parse(content.decode("utf-8", errors="replace").splitlines())
        return parser
