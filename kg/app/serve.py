"""``kg serve``: one store for a team over HTTP.

Oxigraph's own server (the ``oxigraph`` command) answers SPARQL as a child process on a private
port of 127.0.0.1: ``oxigraph serve-read-only`` unless ``writable``, each query stopped after
``limits.timeout`` seconds (its ``--timeout-s``). A watchdog reads Oxigraph's resident memory every
50 ms and, once it is ``limits.memory_mb`` megabytes above where it started, kills the server and
starts it again: the queries it was answering get a one-line 503 naming the limit. In front of it
a small ``http.server`` on the team's port serves

- ``/``: an index of what is here, with the named queries as links;
- ``/alliances.html``: the alliance page, drawn from the store (once, and again after an update);
- ``/queries/NAME?PARAM=VALUE&format=csv``: a named query, bound as ``kg query`` binds it;
- ``/query``: the SPARQL 1.1 Protocol (GET or POST), read-only queries only, passed to Oxigraph;
- ``/update``: SPARQL 1.1 Update, passed to Oxigraph with ``writable``, else refused (403).

The store stays locked as a build's reader (or, with ``writable``, as its one writer) while served.
"""

from __future__ import annotations

import ctypes
import html
import http.client
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import KGError
from kg.query.limits import TICK, Limits, resident
from kg.query.sparql import FORMATS, check_read_only, format_result, list_queries, query_text, run_query
from kg.rdf.backends import serving, to_dataset
from kg.rdf.remote import RemoteStore

DEFAULT_LIMITS = Limits()
STARTUP = 30.0  # seconds Oxigraph may take to open the store and listen
_CHUNK = 1 << 16


@dataclass
class Oxigraph:
    """Oxigraph's server running ``command`` on ``port`` of 127.0.0.1 as a child process (``start``).

    ``watch`` keeps its resident memory within ``limits.memory_mb`` megabytes above where it
    started: past that it kills the server and starts it again, and counts the kill in ``kills``;
    ``up`` is set while it listens.
    """

    command: list[str]
    port: int
    limits: Limits
    kills: int = 0
    child: subprocess.Popen | None = field(default=None, repr=False)
    up: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.child.pid if self.child is not None else 0

    def start(self) -> None:
        with tempfile.TemporaryFile() as log:
            self.child = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,  # Ctrl-C reaches kg, which stops Oxigraph in order
                preexec_fn=_die_with_parent,
            )
            _wait_listening(self.child, self.port, log)
        self.up.set()

    def stop(self) -> None:
        if self.child is None:
            return
        self.child.terminate()
        try:
            self.child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()

    def watch(self, stopped: threading.Event) -> None:
        """Until ``stopped`` is set: restart the server whenever it grows past its memory limit."""
        cap = resident(self.pid) + self.limits.memory_mb * 2**20
        while not stopped.wait(TICK):
            if resident(self.pid) > cap and not stopped.is_set():
                assert self.child is not None  # started before it is watched
                self.up.clear()
                self.kills += 1  # first: a request that sees the server go knows why
                self.child.kill()
                self.child.wait()
                self.start()
                cap = resident(self.pid) + self.limits.memory_mb * 2**20


@dataclass
class Server:
    """A running ``kg serve``: ``url`` is the front's address, ``oxigraph`` the server behind it."""

    store: Path
    url: str
    oxigraph: Oxigraph
    writable: bool
    backend: RemoteStore
    _page: bytes | None = field(default=None, repr=False)
    _drawing: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def pid(self) -> int:
        """Oxigraph's process (another after the watchdog restarted it)."""
        return self.oxigraph.pid

    def page(self) -> bytes:
        """The alliance page of what the store holds now (drawn once until an update)."""
        from kg.analysis.network import to_networkx
        from kg.render.page import render_html

        with self._drawing:
            if self._page is None:
                graph = to_networkx(to_dataset(self.backend))
                title = f"Alliance graph: {self.store.resolve().name}"
                self._page = render_html(graph, title=title).encode("utf-8")
            return self._page

    def changed(self) -> None:
        """The store took an update: draw the page again when it is next asked for."""
        with self._drawing:
            self._page = None


@contextmanager
def running(
    store: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Server]:
    """Serve ``store`` on ``host:port`` (0: any free port) while in the block, handling requests on
    a thread of its own, each query within ``limits``; Oxigraph is stopped and the store let go
    when the block ends."""
    with ExitStack() as stack:
        path = stack.enter_context(serving(store, writable))
        front = _bind(host, port)
        stack.callback(front.server_close)
        oxigraph, internal = stack.enter_context(oxigraph_server(path, writable, limits))
        stopped = threading.Event()
        watchdog = threading.Thread(target=oxigraph.watch, args=(stopped,), name="kg-watchdog", daemon=True)
        watchdog.start()
        stack.callback(watchdog.join)
        stack.callback(stopped.set)
        url = f"http://{host}:{front.server_address[1]}"
        server = Server(path, url, oxigraph, writable, RemoteStore(internal))
        front.kg = server  # type: ignore[attr-defined]  # what the handler serves
        thread = threading.Thread(target=front.serve_forever, name="kg-serve", daemon=True)
        thread.start()
        stack.callback(thread.join)
        stack.callback(front.shutdown)
        yield server


def serve(
    store: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> None:
    """Serve ``store`` (``running``) until Ctrl-C or SIGTERM, saying where on stderr."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with running(store, host, port, writable, limits) as server:
            mode = "read-write" if writable else "read-only"
            print(
                f"kg: serving {store} at {server.url}/ ({mode}, SPARQL at {server.url}/query,"
                f" Oxigraph PID {server.pid}); Ctrl-C stops",
                file=sys.stderr,
                flush=True,
            )
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM, once Oxigraph and the front have stopped
        print(f"kg: stopped serving {store}", file=sys.stderr)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def oxigraph_command() -> str:
    """The ``oxigraph`` command: on PATH, or beside this Python (a virtual environment's)."""
    found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
    if found is None:
        raise KGError("the oxigraph command is missing: pip install oxigraph (Oxigraph's SPARQL server)")
    return found


def _bind(host: str, port: int) -> http.server.ThreadingHTTPServer:
    try:
        front = http.server.ThreadingHTTPServer((host, port), _Handler)
    except OSError as exc:
        raise KGError(f"{host}:{port}: cannot listen there: {exc.strerror or exc}") from None
    front.daemon_threads = True
    return front


@contextmanager
def oxigraph_server(path: Path, writable: bool, limits: Limits) -> Iterator[tuple[Oxigraph, str]]:
    """Oxigraph's server over the store at ``path`` (made if missing, if ``writable``) on a free port
    of 127.0.0.1, and its URL, while in the block; its queries stopped after ``limits.timeout``
    seconds (``Oxigraph.watch`` keeps the memory limit). Takes no lock of kg's: ``running`` does."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        internal = probe.getsockname()[1]
    mode = "serve" if writable else "serve-read-only"
    command = [oxigraph_command(), mode, "--location", str(path), "--bind", f"127.0.0.1:{internal}"]
    oxigraph = Oxigraph([*command, "--timeout-s", str(max(1, round(limits.timeout)))], internal, limits)
    oxigraph.start()
    try:
        yield oxigraph, oxigraph.url
    finally:
        oxigraph.stop()


def _die_with_parent() -> None:
    """In the child: be sent SIGTERM if kg dies, even by kill -9 (Linux's PR_SET_PDEATHSIG)."""
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)


def _wait_listening(child: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if child.poll() is not None:
                log.seek(0)
                lines = log.read().decode("utf-8", "replace").strip().splitlines() or ["no message"]
                raise KGError(f"Oxigraph's server did not start: {lines[-1][:200]}") from None
            if time.monotonic() > deadline:
                raise KGError(f"Oxigraph's server did not listen within {STARTUP:.0f} s") from None
            time.sleep(0.05)


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = "kg-serve"

    @property
    def kg(self) -> Server:
        return self.server.kg  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._route(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._route(self.rfile.read(length))

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a team's requests are not kg's output."""

    def _route(self, body: bytes) -> None:
        url = urlsplit(self.path)
        self.kg.oxigraph.up.wait(STARTUP)  # while the watchdog starts Oxigraph again
        kills = self.kg.oxigraph.kills
        try:
            if url.path == "/" and self.command == "GET":
                self._send(200, "text/html; charset=utf-8", self._index())
            elif url.path == "/alliances.html" and self.command == "GET":
                self._send(200, "text/html; charset=utf-8", self.kg.page())
            elif url.path.startswith("/queries/") and self.command == "GET":
                self._named(url.path.removeprefix("/queries/"), parse_qs(url.query))
            elif url.path == "/query":
                check_read_only(_sparql(self.command, self.headers.get("Content-Type", ""), url.query, body))
                self._proxy(body)
            elif url.path == "/update" and self.command == "POST":
                if not self.kg.writable:
                    raise _Refused(403, "this server is read-only: 'kg serve --writable' takes updates")
                self._proxy(body)
                self.kg.changed()
            else:
                raise _Refused(404, f"nothing at {url.path}: see /")
        except _Refused as refused:
            self._refuse(refused, kills)
        except KGError as exc:
            self._refuse(_Refused(400, " ".join(str(exc).split())), kills)

    def _refuse(self, refused: _Refused, kills: int) -> None:
        """Answer ``refused`` in one line; a 503 naming the memory limit if the watchdog stopped
        Oxigraph since the request came (the query grew past the limit)."""
        oxigraph = self.kg.oxigraph
        if oxigraph.kills != kills:
            refused = _Refused(503, oxigraph.limits.out_of_memory("the query"))
        self._send(refused.status, "text/plain; charset=utf-8", f"{refused.message}\n".encode())

    def _index(self) -> bytes:
        queries = "\n".join(
            f'<li><a href="/queries/{html.escape(name)}">{html.escape(name)}</a>: {html.escape(text)}</li>'
            for name, text in list_queries().items()
        )
        mode = "updates at <code>/update</code>" if self.kg.writable else "read-only"
        return _INDEX.format(
            store=html.escape(self.kg.store.resolve().name), mode=mode, queries=queries
        ).encode()

    def _named(self, name: str, params: dict[str, list[str]]) -> None:
        if name not in list_queries():
            raise _Refused(404, f"no named query {name!r}: see /")
        fmt = params.pop("format", ["table"])[-1]
        if fmt not in FORMATS:
            raise _Refused(400, f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        bindings = {key: values[-1] for key, values in params.items()}
        result = run_query(self.kg.backend, query_text(name), bindings)
        kind = {"json": "application/json", "csv": "text/csv"}.get(fmt, "text/plain")
        self._send(200, f"{kind}; charset=utf-8", (format_result(result, fmt) + "\n").encode("utf-8"))

    def _proxy(self, body: bytes) -> None:
        """Pass the request to Oxigraph and its answer back as it comes."""
        backend = urlsplit(self.kg.backend.url)
        connection = http.client.HTTPConnection(backend.hostname or "", backend.port, timeout=None)
        answering = False
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
            self.send_response(answer.status)
            for key, value in answer.getheaders():
                if key.lower() not in ("transfer-encoding", "connection", "content-length", "server", "date"):
                    self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            answering = True
            while chunk := answer.read(_CHUNK):
                self.wfile.write(chunk)
        except OSError as exc:
            if not answering:  # else the answer is cut short, and the client sees it so
                raise _Refused(502, f"Oxigraph's server did not answer: {exc}") from None
        finally:
            connection.close()

    def _send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class _Refused(Exception):
    status: int
    message: str


def _sparql(method: str, kind: str, query: str, body: bytes) -> str:
    """The query text of a SPARQL 1.1 Protocol request (GET ``?query=``, or POST as a form or
    ``application/sparql-query``)."""
    if method == "POST" and kind.split(";")[0].strip() == "application/sparql-query":
        return body.decode("utf-8", "replace")
    fields = parse_qs(body.decode("utf-8", "replace") if method == "POST" else query)
    if not fields.get("query"):
        raise _Refused(400, "no query: send ?query=SPARQL, a form field 'query' or application/sparql-query")
    return fields["query"][-1]


_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kg: {store}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 52em; }}</style>
</head><body>
<h1>kg store {store}</h1>
<p><a href="/alliances.html">The alliance graph</a>, drawn from the store.</p>
<p>SPARQL 1.1 at <code>/query</code> ({mode}). From the command line:
<code>kg query supports --store URL</code>.</p>
<h2>Named queries</h2>
<p>Parameters go in the address (<code>?actor=Egypt</code>), and <code>format=csv</code> or
<code>format=json</code> picks the format.</p>
<ul>
{queries}
</ul>
</body></html>
"""
