"""``--store http://HOST:PORT``: the graph on Oxigraph's SPARQL server, started on a free port,
written and read through the SPARQL 1.1 protocols (Graph Store, Update, Protocol) by the real
pipeline."""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

from kg.app.cli import main
from kg.app.pipeline import build
from kg.namespace import document_iri
from kg.rdf.backends import reading, to_dataset
from kg.rdf.graph import relations_from_graph
from tests.app.test_hostile import jsonl
from tests.paths import SEEDS
from tests.sparql_server import oxigraph_server


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_build_on_a_server_holds_what_a_build_in_a_folder_holds(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    folder = str(tmp_path / "folder")
    with oxigraph_server(tmp_path / "served") as url:
        assert run(capsys, "build", "seeds/", "--store", url, "--out", str(tmp_path / "a"))[0] == 0
        assert run(capsys, "build", "seeds/", "--store", folder, "--out", str(tmp_path / "b"))[0] == 0
        served = (tmp_path / "a" / "triples.jsonl").read_text(encoding="utf-8")
        assert served.count("\n") > 10
        assert served == (tmp_path / "b" / "triples.jsonl").read_text(encoding="utf-8")
        for query in (["allies", "--param", "actor=Egypt"], ["supports"], ["timeline"]):
            remote = run(capsys, "query", *query, "--store", url)
            assert remote[0] == 0 and remote[1].count("\n") > 1
            assert remote == run(capsys, "query", *query, "--store", folder)
        code, out, _ = run(capsys, "build", "seeds/", "--store", url)
        assert code == 0 and f"store {url}: 0 added, 0 replaced, 1 unchanged; nothing new" in out
        code, out, err = run(capsys, "validate", "--store", url)
        assert code == 0 and f"{url}: conforms to kg's SHACL shapes" in out + err


def test_a_read_only_server_refuses_the_build_in_one_line_and_keeps_its_store(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    folder = tmp_path / "folder"
    assert run(capsys, "build", "seeds/", "--store", str(folder), "--quiet")[0] == 0
    (tmp_path / "changed.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    with oxigraph_server(folder, read_only=True) as url:
        before = run(capsys, "query", "relations", "--store", url, "--format", "csv")
        code, _, err = run(capsys, "build", str(tmp_path / "changed.txt"), "--store", url)
        assert code == 1 and err.startswith(f"kg: error: {url}: the SPARQL server refused the update")
        assert len(err.strip().splitlines()) == 1
        assert run(capsys, "query", "relations", "--store", url, "--format", "csv") == before


@pytest.mark.parametrize("command", [["build", "seeds/"], ["query", "supports"]])
def test_a_server_that_is_not_there_is_one_line(command, capsys, monkeypatch):
    monkeypatch.chdir(SEEDS.parent)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    code, _, err = run(capsys, *command, "--store", url)
    assert (
        code == 1
        and err == f"kg: error: {url}: cannot reach the SPARQL server: [Errno 111] Connection refused\n"
    )


@contextmanager
def recorded(url: str) -> Iterator[tuple[str, list[str]]]:
    """A front on 127.0.0.1 that passes every request on to the server at ``url`` and records each
    as "METHOD /path?query": its URL and the list of requests."""
    seen: list[str] = []

    class Front(BaseHTTPRequestHandler):
        def forward(self) -> None:
            seen.append(f"{self.command} {unquote(self.path)}")
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name: self.headers[name] for name in ("Content-Type", "Accept") if self.headers[name]}
            request = urllib.request.Request(url + self.path, body, headers, method=self.command)
            try:
                with urllib.request.urlopen(request) as answer:
                    status, kind, data = answer.status, answer.headers.get("Content-Type", ""), answer.read()
            except urllib.error.HTTPError as exc:
                status, kind, data = exc.code, exc.headers.get("Content-Type", ""), exc.read()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = forward

        def log_message(self, *args: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Front) as front:
        threading.Thread(target=front.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{front.server_address[1]}", seen
        finally:
            front.shutdown()


def test_a_build_writes_through_the_graph_store_protocol_and_removes_through_sparql_update(tmp_path):
    """Each new document's named graph goes by a PUT to URL/store, the merge's triples by a POST to
    its default graph; a changed document is removed by a SPARQL update, then PUT again."""
    texts = {"d1": "Egypt supports the Libyan National Army.", "d2": "Chad opposes Sudan."}
    with oxigraph_server(tmp_path / "served") as url, recorded(url) as (front, seen):
        build([jsonl(tmp_path / "in.jsonl", texts)], None, store=front)
        writes = [request for request in seen if not request.startswith(("POST /query", "GET"))]
        assert writes == [
            "POST /store?default",
            f"PUT /store?graph={document_iri('d1')}",
            f"PUT /store?graph={document_iri('d2')}",
            "POST /update",  # the run's end
        ]
        seen.clear()
        build([jsonl(tmp_path / "in.jsonl", {**texts, "d2": "Chad supports Sudan."})], None, store=front)
        writes = [request for request in seen if not request.startswith(("POST /query", "GET"))]
        assert writes == [
            "POST /update",  # d2's old graph out of the store and the merge
            "POST /store?default",
            f"PUT /store?graph={document_iri('d2')}",
            "POST /update",
        ]
        with reading(url) as store:
            assert not store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }")
            read = {
                (r.evidence.doc_id, r.subject.label, r.relation.value, r.object.label)
                for r in relations_from_graph(to_dataset(store))
            }
        assert read == {
            ("d1", "Egypt", "supports", "Libyan National Army"),
            ("d2", "Chad", "supports", "Sudan"),
        }
