"""``kg serve``: a store served over HTTP by Oxigraph's server behind kg's front, queried through the
SPARQL protocol and the named query links, its page opened in headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kg.analysis.network import to_networkx
from kg.app.cli import main
from kg.app.serve import running
from kg.query.limits import Limits, resident
from kg.query.sparql import list_queries, run_query
from kg.rdf.backends import reading, to_dataset, writer, writing
from tests.paths import SEEDS
from tests.query.test_limits import supports_store

ASSERTIONS = "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/kg/ontology#Assertion> }"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of the seed article, built by the real pipeline."""
    path = tmp_path_factory.mktemp("served") / "kg.db"
    assert main(["build", str(SEEDS), "--store", str(path), "--quiet"]) == 0
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def get(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The status, content type and text of a request (an error status too)."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def sparql_form(url: str, query: str) -> tuple[int, str, str]:
    form = urllib.parse.urlencode({"query": query}).encode()
    return get(f"{url}/query", form, {"Accept": "application/sparql-results+json"})


def start(store) -> tuple[subprocess.Popen, str, int]:
    """``kg serve`` over ``store`` on a free port: its process, its URL and Oxigraph's PID."""
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", "0"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    announced = server.stderr.readline()
    found = re.search(r"at (http://127\.0\.0\.1:\d+)/ \(read-only, .* Oxigraph PID (\d+)\)", announced)
    assert found, announced
    return server, found.group(1), int(found.group(2))


def assert_stopped(server: subprocess.Popen, store, url: str, oxigraph: int) -> None:
    """``kg serve`` ended with status 0, saying so, and took Oxigraph and its port with it."""
    assert server.wait(timeout=30) == 0
    assert server.stderr.read() == f"kg: stopped serving {store}\n"
    with pytest.raises(ProcessLookupError):
        os.kill(oxigraph, 0)
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=2)


def test_kg_serve_answers_sparql_and_named_queries_and_stops_on_sigterm(store, capsys):
    server, url, oxigraph = start(store)
    try:
        status, kind, index = get(f"{url}/")
        assert status == 200 and kind.startswith("text/html")
        links = set(re.findall(r'href="([^"]+)"', index))
        assert links == {"/alliances.html"} | {f"/queries/{name}" for name in list_queries()}

        status, kind, allies = get(f"{url}/queries/allies?actor=Egypt&format=csv")
        assert status == 200 and kind.startswith("text/csv")
        rows = list(csv.reader(io.StringIO(allies)))
        assert (
            rows[0] == ["name", "ally", "relation"] and ["Egypt", "Libyan National Army", "supports"] in rows
        )
        code, out, _ = run(
            capsys, "query", "allies", "--param", "actor=Egypt", "--format", "csv", "--store", str(store)
        )
        assert code == 0 and out == allies
        assert run(capsys, "query", "supports", "--store", url) == run(
            capsys, "query", "supports", "--store", str(store)
        )

        status, kind, answer = sparql_form(url, ASSERTIONS)
        assert status == 200 and kind.startswith("application/sparql-results+json")
        with reading(store) as opened:
            expected = run_query(opened, ASSERTIONS).rows[0][0]
        assert int(json.loads(answer)["results"]["bindings"][0]["n"]["value"]) == expected > 20

        for query in ("DROP ALL", "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }"):
            status, _, text = sparql_form(url, query)
            assert status == 400 and text.count("\n") == 1 and "refused" in text
        status, _, text = get(f"{url}/update", b"DROP ALL", {"Content-Type": "application/sparql-update"})
        assert (status, text) == (403, "this server is read-only: 'kg serve --writable' takes updates\n")
        assert get(f"{url}/queries/no-such-query")[0] == 404
        assert get(f"{url}/queries/allies-of-allies")[:2] == (400, "text/plain; charset=utf-8")
        assert sparql_form(url, ASSERTIONS)[2] == answer

        server.send_signal(signal.SIGTERM)
        assert_stopped(server, store, url, oxigraph)
    finally:
        server.kill()
        server.wait()


def test_ctrl_c_as_soon_as_kg_serve_has_started_stops_it_cleanly(store):
    server, url, oxigraph = start(store)
    try:
        server.send_signal(signal.SIGINT)
        assert_stopped(server, store, url, oxigraph)
    finally:
        server.kill()
        server.wait()


@pytest.mark.browser
def test_the_served_page_is_the_stores_graph_in_chromium(store, page):
    with reading(store) as opened:
        graph = to_networkx(to_dataset(opened))
    with running(store, port=0) as server:
        page.goto(f"{server.url}/")
        page.click("text=The alliance graph")
        page.wait_for_selector("body[data-ready=true]", state="attached", timeout=60_000)
        assert page.url == f"{server.url}/alliances.html"
        assert page.evaluate("network.body.data.nodes.length") == graph.number_of_nodes() > 10
        assert page.evaluate("network.body.data.edges.length") == graph.number_of_edges()
        assert page.title() == f"Alliance graph: {store.name}"
    assert page.watch.errors == []
    assert all(url.startswith((server.url, "data:")) for url in page.watch.requests), page.watch.requests


def test_a_writable_server_takes_a_build_and_draws_it(store, tmp_path, capsys):
    copy = tmp_path / "kg.db"
    shutil.copytree(store, copy)
    article = tmp_path / "news.txt"
    article.write_text(
        "Chile backs the Andean Community. Peru opposes the Andean Community.", encoding="utf-8"
    )
    with running(copy, port=0, writable=True) as server:
        before = get(f"{server.url}/alliances.html")[2]
        assert "Andean Community" not in before
        code, out, err = run(capsys, "build", str(article), "--store", server.url)
        assert (
            code == 0
            and f"store {server.url}: 1 added, 0 replaced, 0 unchanged\nin the store: 2 documents" in out
        ), err
        supports = get(f"{server.url}/queries/supports?actor=Andean+Community&format=json")[2]
        assert json.loads(supports) == [{"subject": "Chile", "object": "Andean Community"}]
        assert "Andean Community" in get(f"{server.url}/alliances.html")[2]
    with reading(copy) as opened:
        assert len(run_query(opened, "SELECT ?d WHERE { ?d a kg:Document }").rows) == 2


def test_kg_serve_errors_are_one_line(store, tmp_path, capsys):
    missing = tmp_path / "nothing"
    assert run(capsys, "serve", "--store", str(missing)) == (
        1,
        "",
        f"kg: error: {missing}: no kg store there; 'kg build INPUT --store {missing}' makes one\n",
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run(capsys, "serve", "--store", str(store), "--port", str(port))
    assert code == 1 and err == f"kg: error: 127.0.0.1:{port}: cannot listen there: Address already in use\n"

    copy = tmp_path / "kg.db"
    shutil.copytree(store, copy)
    with writer(copy), writing(copy) as database:  # a build writing the store
        code, _, err = run(capsys, "serve", "--store", str(copy), "--port", "0")
        del database
    assert (
        code == 1
        and err == f"kg: error: {copy}: store is in use by PID {os.getpid()}; try again when it is done\n"
    )
    with reading(copy):
        code, _, err = run(capsys, "serve", "--store", str(copy), "--port", "0", "--writable")
    assert code == 1 and err == (
        f"kg: error: {copy}: store is in use by a reader (a query or kg serve); try again when it is done\n"
    )


class PeakMemory:
    """The highest resident memory (VmHWM) that the processes watched reach, read every 10 ms."""

    def __init__(self) -> None:
        self.peak, self.pids, self._stop = 0, set(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.01):
            for pid in list(self.pids):
                try:
                    status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
                except OSError:
                    continue
                found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
                self.peak = max(self.peak, int(found.group(1)) * 1024 if found else 0)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def test_a_query_past_the_memory_limit_is_a_503_naming_it_and_the_server_goes_on(tmp_path):
    """Sorting every pair of 3,000 triples (9 million rows) would take Oxigraph past 2 GB: the
    watchdog kills it at the limit, the query gets one line, and a new Oxigraph answers the next."""
    path = supports_store(tmp_path / "wide.db", 3000)
    with running(path, port=0, limits=Limits(timeout=300, memory_mb=200)) as server:
        first = server.pid
        started = resident(first)
        watched = PeakMemory()
        watched.pids.add(first)
        status, kind, text = sparql_form(server.url, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d")
        peak = watched.stop()
        assert (status, kind, text) == (
            503,
            "text/plain; charset=utf-8",
            "the query ran out of its memory limit of 200 MB (--memory)\n",
        )
        assert 150 * 2**20 < peak - started < 300 * 2**20  # it grew to about the limit, and no further
        status, _, text = sparql_form(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and json.loads(text)["results"]["bindings"][0]["n"]["value"] == "3000"
        assert server.pid != first and server.oxigraph.kills == 1
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)
