"""A web server on 127.0.0.1 for the tests that fetch: the saved pages and feeds of
``tests/data/web``, a feed of many stories, a redirect, a 404, a flaky page, a slow page, a page
too large and one that robots.txt forbids. It counts what it is asked, so that a test can tell
what kg fetched; nothing leaves the machine."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.paths import DATA

WEB = DATA / "web"
SLOW = 3.0  # seconds the slow page waits before it answers
LARGE = 3_000_000  # bytes of the page too large
ROBOTS = "User-agent: *\nDisallow: /private/\n"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".pdf": "application/pdf",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
# One sentence a story of the feed of many: who does what to whom.
STORY_SENTENCES = (
    "Turkey supports the Government of National Accord.",
    "Russia supports the Libyan National Army.",
    "Egypt opposes the Government of National Accord.",
    "France signed a defence agreement with Greece.",
    "Japan supports the Philippines.",
)


@dataclass
class WebServer:
    """What the running server is asked: ``hits`` per path, the ``agents`` that asked and the
    paths it answered gzipped."""

    base: str = ""
    hits: Counter[str] = field(default_factory=Counter)
    agents: set[str] = field(default_factory=set)
    gzipped: set[str] = field(default_factory=set)
    stories: int = 50
    robots: bool = True  # whether the site has a robots.txt

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}"


def story_feed(server: WebServer) -> str:
    """An RSS feed of ``server.stories`` items, each a summary linking to its page ``/story/N.html``."""
    day = datetime(2024, 1, 1, 12, tzinfo=UTC)
    items = "".join(
        f"<item><title>Story {n}</title><link>{server.url(f'story/{n}.html')}</link>"
        f"<description>Story {n} in brief.</description>"
        f"<pubDate>{format_datetime(day + timedelta(days=n))}</pubDate></item>"
        for n in range(server.stories)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Stories</title>'
        f"<link>{server.base}/</link><description>Many stories</description>{items}</channel></rss>"
    )


def story_page(n: int) -> str:
    """The page of story ``n``: its sentence amid a menu and a footer."""
    sentence = STORY_SENTENCES[n % len(STORY_SENTENCES)]
    return (
        f"<html><head><title>Story {n}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Story {n}</h1><p>{sentence} Officials confirmed the news on the record"
        f" in story number {n}.</p></article><footer>All rights reserved.</footer></body></html>"
    )


def _handler(server: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            server.hits[path] += 1
            server.agents.add(self.headers.get("User-Agent", ""))
            if path == "/robots.txt" and server.robots:
                return self._send(200, ROBOTS.encode(), "text/plain")
            if path == "/redirect":
                return self._send(301, b"", "text/plain", {"Location": "/article.html"})
            if path == "/flaky.html" and server.hits[path] == 1:
                return self._send(503, b"try again", "text/plain", {"Retry-After": "0"})
            if path == "/slow.html":
                time.sleep(SLOW)
                path = "/article.html"
            if path == "/large.html":
                return self._send(200, b"<p>" + b"x" * LARGE + b"</p>", TYPES[".html"])
            if path == "/stories.rss":
                return self._send(200, story_feed(server).encode(), TYPES[".rss"])
            if path.startswith("/story/") and path.removeprefix("/story/").removesuffix(".html").isdigit():
                return self._send(200, story_page(int(path[7:-5])).encode(), TYPES[".html"])
            name = path.removeprefix("/private").removeprefix("/").replace("flaky.html", "article.html")
            file = WEB / name
            if "/" in name or not file.is_file():
                return self._send(404, b"<h1>Not Found</h1>", TYPES[".html"])
            body = file.read_bytes().replace(b"{base}", server.base.encode())
            return self._send(200, body, TYPES.get(file.suffix, "application/octet-stream"))

        def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
            if "gzip" in self.headers.get("Accept-Encoding", "") and len(body) > 200:
                body = gzip.compress(body)
                server.gzipped.add(self.path)
                headers = {**(headers or {}), "Content-Encoding": "gzip"}
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """A client that gave up (the slow page, the one too large) is no error of the server's."""


@contextmanager
def web_server(stories: int = 50, robots: bool = True) -> Iterator[WebServer]:
    """A running server on 127.0.0.1 (a free port) for the ``with`` block."""
    server = WebServer(stories=stories, robots=robots)
    httpd = _Server(("127.0.0.1", 0), _handler(server))
    server.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
