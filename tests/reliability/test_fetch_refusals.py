"""Fetching refuses every way of naming a loopback, private, link-local or metadata address, at the
first hop and after every redirect, before any request leaves: numeric literal forms (decimal, hex,
octal, short), IPv6 forms (mapped, compatible, NAT64, 6to4, Teredo, zone ids) and DNS names whose
answers include one (through an injected resolver). Complements tests/ingest/test_fetch.py."""

from __future__ import annotations

import httpx
import pytest

from eventwire.errors import FetchError
from eventwire.ingest.fetch import Fetcher, FetchPolicy, is_public_address, system_resolver

#: Hosts written as numbers: the system resolver parses them without any DNS query.
LITERAL_HOSTS = [
    "127.0.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1", "127.1", "0", "0.0.0.0",
    "10.0.0.1", "172.16.5.4", "192.168.0.1", "169.254.169.254", "2852039166", "100.100.100.200",
    "[::1]", "[0:0:0:0:0:0:0:1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:169.254.169.254]",
    "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]", "[64:ff9b:1::5db8:d822]",
    "[2002:7f00:1::]", "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[fd00:ec2::254]", "[fe80::1%25eth0]",
    "[fc00::1]", "[ff02::1]",
]

#: DNS names and what the injected resolver answers for them.
NAMES = {
    "loopback.example.org": ["127.0.0.1"],
    "mixed.example.org": ["93.184.216.34", "127.0.0.1"],  # one bad answer is enough to refuse
    "metadata.example.org": ["169.254.169.254"],
    "v6-loopback.example.org": ["::1"],
    "mapped.example.org": ["::ffff:10.0.0.1"],
    "nat64.example.org": ["64:ff9b::a9fe:a9fe"],
    "nothing.example.org": [],
    "news.example.org": ["93.184.216.34"],
}


def resolve(host: str, port: int) -> list[str]:
    if host in NAMES:
        return NAMES[host]
    return system_resolver(host, port)  # numeric literals only: NAMES covers every name used here


def fetcher(pages: dict[str, httpx.Response]) -> tuple[Fetcher, list[str]]:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.headers['host']}{request.url.path}")
        return pages.get(f"{request.headers['host']}{request.url.path}", httpx.Response(404))

    policy = FetchPolicy(respect_robots=False, per_host_interval=0.0)
    return Fetcher(policy, transport=httpx.MockTransport(handler), resolver=resolve, sleep=lambda _: None), sent


REFUSED = {"private-address", "dns", "bad-url"}


@pytest.mark.parametrize("host", LITERAL_HOSTS)
def test_numeric_hosts_are_refused(host: str) -> None:
    client, sent = fetcher({})
    with pytest.raises(FetchError) as error:
        client.get(f"http://{host}/latest/meta-data/")
    assert error.value.reason in REFUSED, error.value
    assert sent == []


@pytest.mark.parametrize("name", sorted(set(NAMES) - {"news.example.org"}))
def test_names_resolving_to_private_addresses_are_refused(name: str) -> None:
    client, sent = fetcher({})
    with pytest.raises(FetchError) as error:
        client.get(f"https://{name}/")
    assert error.value.reason == "private-address"
    assert sent == []


@pytest.mark.parametrize(
    "location",
    ["http://0x7f000001/admin", "http://[::1]:8080/", "//127.0.0.1/x", "http://metadata.example.org/latest",
     "http://[64:ff9b::7f00:1]/", "http://mixed.example.org/", "file:///etc/passwd", "http://2852039166/"],
)
def test_every_redirect_target_is_checked(location: str) -> None:
    client, sent = fetcher({
        "news.example.org/a": httpx.Response(302, headers={"location": location}),
        "news.example.org/b": httpx.Response(301, headers={"location": "/a"}),
    })
    with pytest.raises(FetchError) as error:
        client.get("http://news.example.org/b")  # /b -> /a -> the private target
    assert error.value.reason in REFUSED | {"scheme"}
    assert sent == ["news.example.org/b", "news.example.org/a"]


@pytest.mark.parametrize(
    ("address", "public"),
    [("64:ff9b::5db8:d822", True), ("64:ff9b::7f00:1", False), ("::127.0.0.1", False),
     ("64:ff9b:1::5db8:d822", False), ("2002:5db8:d822::", True), ("2002:a00:1::", False)],
)
def test_ipv6_forms_that_embed_an_ipv4_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public
