"""A real HTTP server on 127.0.0.1 serving an RSS feed that tests change between polls (ETag, 304)."""

from __future__ import annotations

import hashlib
import html
import json
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DEMO = Path(__file__).resolve().parents[2] / "src" / "eventwire" / "demo" / "articles.jsonl"


def demo_articles(count: int) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows[:count]


class FeedServer:
    """Serves /feed.xml (items with full text, or short summaries whose /page/N must be fetched)."""

    def __init__(self, page_delay: float = 0.0) -> None:
        self.items: list[dict[str, Any]] = []
        self.full_text = True
        self.mode = "ok"  # ok | error (HTTP 500) | garbage (a malformed feed)
        self.page_delay = page_delay
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                if self.path == "/feed.xml":
                    server._feed(self)
                elif self.path.startswith("/page/"):
                    server._page(self, int(self.path.rsplit("/", 1)[1]))
                else:
                    self.send_response(404)
                    self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def feed_body(self) -> bytes:
        entries = []
        for index, item in enumerate(self.items):
            content = item["text"] if self.full_text else item["title"]
            paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in content.split("\n\n"))
            link = item["url"] if self.full_text else f"{self.url}/page/{index}"
            entries.append(
                f"<item><title>{html.escape(item['title'])}</title><link>{html.escape(link)}</link>"
                f"<guid>{html.escape(link)}</guid><pubDate>{formatdate(_epoch(item['published']), usegmt=True)}</pubDate>"
                f"<description>{html.escape(paragraphs)}</description></item>"
            )
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Invented wire</title>'
                f"<link>{self.url}/</link><description>test feed</description>{''.join(entries)}</channel></rss>").encode()

    def _feed(self, handler: BaseHTTPRequestHandler) -> None:
        if self.mode == "error":
            handler.send_response(500)
            handler.end_headers()
            return
        body = self.feed_body() if self.mode == "ok" else b"<rss><channel><item><title>cut short"
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if handler.headers.get("If-None-Match") == etag:
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        handler.send_header("ETag", etag)
        handler.send_header("Last-Modified", formatdate(usegmt=True))
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _page(self, handler: BaseHTTPRequestHandler, index: int) -> None:
        time.sleep(self.page_delay)
        item = self.items[index]
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in item["text"].split("\n\n"))
        body = (f"<html><head><title>{html.escape(item['title'])}</title>"
                f'<meta property="article:published_time" content="{item["published"]}"></head>'
                f"<body><article><h1>{html.escape(item['title'])}</h1>{paragraphs}</article></body></html>").encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


def _epoch(iso: str) -> float:
    import datetime as dt

    return dt.datetime.fromisoformat(iso).timestamp()
