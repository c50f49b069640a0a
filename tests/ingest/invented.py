"""Invented news for ingest tests: seeded stories, pages, feeds and a fake web behind an injected transport."""

from __future__ import annotations

import random

import httpx

from eventwire.ingest.fetch import Fetcher, FetchPolicy

TOWNS = ["Varnholt", "Keldamar", "Osterbrine", "Pellucia", "Draventon", "Sorrowmere", "Quillfield", "Marrowgate"]
PEOPLE = ["Ilka Fennimore", "Tobias Quarrendon", "Mirela Ashgrove", "Dario Vellacott", "Henrike Solberg"]
GROUPS = ["the Harbour Workers Union", "the Northern Growers League", "the Civic Renewal Party", "the river council"]
VERBS = ["protested against", "negotiated over", "criticised", "welcomed", "voted on"]
THINGS = ["the new toll bridge", "a water tariff", "the ferry timetable", "school closures", "a curfew on the docks"]


def story(seed: int, sentences: int = 8) -> str:
    """An invented news story in English: invented places, people and groups, one fact per sentence."""
    rng = random.Random(seed)
    town = rng.choice(TOWNS)
    lines = [
        (
            f"Hundreds of residents of {town} gathered on Tuesday as {rng.choice(GROUPS)} "
            f"{rng.choice(VERBS)} {rng.choice(THINGS)}, officials said (story {seed})."
        )
    ]
    for index in range(sentences - 1):
        lines.append(
            f"{rng.choice(PEOPLE)}, a spokesperson for {rng.choice(GROUPS)}, said the group had "
            f"{rng.choice(VERBS)} {rng.choice(THINGS)} for {rng.randint(2, 40)} days in {rng.choice(TOWNS)} "
            f"and would meet again on day {index + rng.randint(1, 9)}."
        )
    return "\n\n".join(lines)


def page(
    text: str,
    *,
    title: str = "Residents gather",
    json_ld_date: str | None = "2025-11-14T09:30:00+02:00",
    meta_date: str | None = None,
    time_date: str | None = None,
    canonical: str | None = "https://news.example.org/2025/11/14/residents",
    site_name: str | None = "The Example Courier",
    author: str | None = "Ilka Fennimore",
    charset: str = "utf-8",
    extra_head: str = "",
) -> str:
    """A news page around the text, with the metadata the tests ask for."""
    head = [f'<meta charset="{charset}">', f"<title>{title} | Courier</title>", extra_head]
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    if site_name:
        head.append(f'<meta property="og:site_name" content="{site_name}">')
    if json_ld_date or author:
        fields = ['"@type": "NewsArticle"', f'"headline": "{title}"']
        if json_ld_date:
            fields.append(f'"datePublished": "{json_ld_date}"')
        if author:
            fields.append(f'"author": [{{"@type": "Person", "name": "{author}"}}]')
        head.append(f'<script type="application/ld+json">{{{", ".join(fields)}}}</script>')
    if meta_date:
        head.append(f'<meta property="article:published_time" content="{meta_date}">')
    body = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
    time_tag = f'<time datetime="{time_date}">then</time>' if time_date else ""
    return (
        f"<!doctype html><html><head>{''.join(head)}</head><body><nav><a href='/'>Home</a> | World</nav>"
        f"<article><h1>{title}</h1>{time_tag}{body}</article><footer>Contact us</footer></body></html>"
    )


def web(pages: dict[str, httpx.Response | str]) -> tuple[Fetcher, list[str]]:
    """A fetcher over an invented web: URL -> response (a str is a 200 HTML page); others 404.
    robots.txt is absent (404), so everything is allowed. Returns the fetcher and the URLs requested."""
    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        url = f"{request.url.scheme}://{request.headers['host']}{request.url.raw_path.decode()}"
        requested.append(url)
        answer = pages.get(url)
        if answer is None:
            return httpx.Response(404)
        if isinstance(answer, str):
            return httpx.Response(200, text=answer, headers={"content-type": "text/html; charset=utf-8"})
        return answer

    fetcher = Fetcher(
        FetchPolicy(per_host_interval=0.0, backoff=0.0),
        transport=httpx.MockTransport(handler),
        resolver=lambda host, port: ["93.184.216.34"],
        sleep=lambda seconds: None,
    )
    return fetcher, requested
