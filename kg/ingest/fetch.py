"""Fetching web pages politely: a time limit, retries with backoff, a clear User-Agent, robots.txt, a
pace per host, gzip, a size limit, and an on-disk cache keyed by URL so that a rebuild fetches
nothing again."""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.client import HTTPException, HTTPResponse
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from kg import __version__
from kg.errors import KGError
from kg.files import write_atomically

USER_AGENT = f"kg/{__version__} (knowledge-graph builder for news; +https://w3id.org/kg)"
ROBOTS_AGENT = "kg"  # the token robots.txt rules name
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
REDIRECTS = frozenset((301, 302, 303, 307, 308))
MAX_REDIRECTS = 5
CHUNK = 65_536


class FetchError(KGError):
    """A page that cannot be had, in one line: its URL and why (``reason``)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class Page:
    """A fetched page: the URL asked for, the one answered after redirects, the body and its type,
    and when it was retrieved from the network (ISO 8601, UTC)."""

    url: str
    final_url: str
    body: bytes
    content_type: str
    retrieved: str


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/kg/web``, else ``~/.cache/kg/web``."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg" / "web"


@dataclass
class Fetcher:
    """Fetches ``http(s)`` URLs, each at most once while it is in the ``cache`` folder (None: no cache).

    ``timeout`` bounds a whole request in seconds; a failure worth trying again (a timeout, a lost
    connection, 429 or 5xx) is retried ``retries`` times after ``backoff``, then twice that, and so
    on (a server's ``Retry-After`` up to a minute is waited instead). Requests to one host are
    ``delay`` seconds apart; a page its robots.txt keeps from ``kg`` is refused; a body over
    ``max_bytes`` (after gzip) is refused. ``requests`` counts what went to the network.
    """

    cache: Path | None = field(default_factory=default_cache)
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    delay: float = 1.0
    max_bytes: int = 20_000_000
    requests: int = 0
    _robots: dict[str, RobotFileParser] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)

    def get(self, url: str, stale: Callable[[Page], bool] | None = None) -> Page:
        """The page at ``url``: from the cache if it holds it, else from the network (and cached).

        A cached page that ``stale`` finds stale (a feed, which changes) is asked again
        conditionally (``If-None-Match``, ``If-Modified-Since``) and kept if the server says it is
        unchanged. Raises FetchError saying why a page cannot be had.
        """
        try:
            parts = urlsplit(url)
            valid = parts.scheme in ("http", "https") and parts.hostname and (parts.port or 0) >= 0
        except ValueError:  # "http://[::1", a port past 65535
            valid = False
        if not valid:
            raise FetchError(url, "not an http(s) URL")
        cached = self._cached(url)
        if cached is not None and (stale is None or not stale(cached[0])):
            return cached[0]
        headers = {} if cached is None else _conditions(cached[1])
        status, final, body, answer = self._follow(url, headers)
        if status == 304 and cached is not None:
            return cached[0]
        page = Page(url, final, body, answer.get("Content-Type", ""), _now())
        self._store(page, answer)
        return page

    def _follow(self, url: str, headers: dict[str, str]) -> tuple[int, str, bytes, dict[str, str]]:
        """Request ``url``, following redirects (each hop asked of its own robots.txt)."""
        for _ in range(MAX_REDIRECTS + 1):
            if not self._allowed(url):
                raise FetchError(url, "its site's robots.txt does not allow kg to fetch it")
            status, body, answer = self._request(url, headers)
            if status not in REDIRECTS:
                return status, url, body, answer
            if "Location" not in answer:
                raise FetchError(url, f"a redirect ({status}) that names no address")
            url = urljoin(url, answer["Location"])
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _allowed(self, url: str) -> bool:
        """Whether the robots.txt of ``url``'s site lets kg fetch it (RFC 9309: a robots.txt that
        is missing allows all, one that cannot be had allows nothing)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._robots:
            robots = RobotFileParser()
            try:
                status, body, _ = self._request(site + "/robots.txt", {}, fail=False)
            except FetchError as error:  # no answer at all: the page will have none either
                raise FetchError(url, error.reason) from None
            if status >= 500:
                robots.parse(["User-agent: *", "Disallow: /"])
            else:  # a robots.txt that is missing (4xx) has no rules: all is allowed
                robots.parse(body.decode("utf-8", "replace").splitlines() if status < 400 else [])
            self._robots[site] = robots
        return self._robots[site].can_fetch(ROBOTS_AGENT, url)

    def _request(
        self, url: str, headers: dict[str, str], fail: bool = True
    ) -> tuple[int, bytes, dict[str, str]]:
        """One GET of ``url`` with retries: its status, body and headers. A status that is no
        success, redirect or 304 (after the retries) is a FetchError if ``fail``."""
        for attempt in range(self.retries + 1):
            self._pace(url)
            try:
                status, body, answer = self._once(url, headers)
            except ValueError as exc:  # a URL urllib cannot send (a space, a control character)
                raise FetchError(url, f"cannot fetch: {exc}") from None
            except (OSError, HTTPException) as exc:  # timeouts, refused or lost connections
                if attempt == self.retries:
                    raise FetchError(url, f"cannot fetch: {_reason(exc)}") from None
                time.sleep(self.backoff * 2**attempt)
                continue
            if status in RETRY_STATUSES and attempt < self.retries:
                time.sleep(_retry_after(answer.get("Retry-After"), self.backoff * 2**attempt))
                continue
            if status >= 400 and fail:
                raise FetchError(url, f"cannot fetch: HTTP {status} {_STATUS.get(status, '')}".rstrip())
            return status, body, answer
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(
            url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip", **headers}
        )
        self.requests += 1
        deadline = time.monotonic() + self.timeout
        try:
            response = _OPENER.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:  # 3xx, 4xx and 5xx: no body wanted
            error.close()
            return error.code, b"", dict(error.headers.items())
        with response:
            answer = dict(response.headers.items())
            body = self._read(url, response, answer, deadline)
        return response.status, body, answer

    def _read(self, url: str, response: HTTPResponse, answer: dict[str, str], deadline: float) -> bytes:
        """The body of ``response``, unzipped, within the time and size limits."""
        length = answer.get("Content-Length", "")
        if length.isascii() and length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(url, f"larger than the limit of {_megabytes(self.max_bytes)}")
        gzipped = answer.get("Content-Encoding", "").lower() == "gzip"
        unzip = zlib.decompressobj(wbits=31) if gzipped else None
        chunks, size = [], 0
        while chunk := response.read1(CHUNK):
            if time.monotonic() > deadline:
                raise FetchError(url, f"cannot fetch: took longer than {self.timeout:g} s")
            if unzip is not None:
                chunk = unzip.decompress(chunk, self.max_bytes + 1 - size)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"larger than the limit of {_megabytes(self.max_bytes)}")
            chunks.append(chunk)
        return b"".join(chunks)

    def _pace(self, url: str) -> None:
        """Wait until ``delay`` seconds have passed since the last request to ``url``'s host."""
        host = urlsplit(url).netloc
        wait = self._last.get(host, -self.delay) + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _paths(self, url: str) -> tuple[Path, Path] | None:
        if self.cache is None:
            return None
        key = hashlib.sha256(url.encode()).hexdigest()
        folder = self.cache / key[:2]
        return folder / f"{key}.json", folder / f"{key}.body"

    def _cached(self, url: str) -> tuple[Page, dict[str, str]] | None:
        """The cached page of ``url`` with the headers it came with, if the cache holds it whole."""
        paths = self._paths(url)
        if paths is None or not paths[0].exists():
            return None
        try:
            meta = json.loads(paths[0].read_text(encoding="utf-8"))
            body = paths[1].read_bytes()
        except (OSError, ValueError):
            return None
        if meta.get("url") != url or hashlib.sha256(body).hexdigest() != meta.get("sha256"):
            return None
        page = Page(url, meta["final_url"], body, meta["content_type"], meta["retrieved"])
        return page, meta["headers"]

    def _store(self, page: Page, headers: dict[str, str]) -> None:
        """Cache ``page``: the body first, then the record that names it, each file atomically."""
        paths = self._paths(page.url)
        if paths is None:
            return
        kept = {name: headers[name] for name in ("ETag", "Last-Modified") if name in headers}
        meta = {
            "url": page.url,
            "final_url": page.final_url,
            "content_type": page.content_type,
            "retrieved": page.retrieved,
            "sha256": hashlib.sha256(page.body).hexdigest(),
            "headers": kept,
        }
        try:
            paths[0].parent.mkdir(parents=True, exist_ok=True)
            write_atomically(paths[1], page.body)
            write_atomically(paths[0], json.dumps(meta))
        except OSError as exc:
            raise KGError(f"{self.cache}: cannot write the web cache: {exc.strerror}") from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Leave redirects to Fetcher, which asks each hop's robots.txt."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)
_STATUS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone"}
_STATUS |= {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway"}
_STATUS |= {503: "Service Unavailable", 504: "Gateway Timeout"}


def _conditions(headers: dict[str, str]) -> dict[str, str]:
    """The conditional request headers that ask whether a cached page changed."""
    asked = {}
    if "ETag" in headers:
        asked["If-None-Match"] = headers["ETag"]
    if "Last-Modified" in headers:
        asked["If-Modified-Since"] = headers["Last-Modified"]
    return asked


def _retry_after(value: str | None, default: float) -> float:
    """The seconds a ``Retry-After`` header asks for (a number or an HTTP date), at most 60;
    ``default`` for none or one that is neither.

    >>> [_retry_after(value, 1.0) for value in ("5", "600", "soon", "¹", None)]
    [5.0, 60.0, 1.0, 1.0, 1.0]
    """
    text = (value or "").strip()
    if text.isascii() and text.isdigit():
        return min(float(text), 60.0)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max((when - datetime.now(UTC)).total_seconds(), 0.0), 60.0)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, urllib.error.URLError):
        return _reason(exc.reason) if isinstance(exc.reason, BaseException) else str(exc.reason)
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()
