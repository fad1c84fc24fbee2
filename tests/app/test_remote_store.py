"""``--store http://HOST:PORT``: the graph on Oxigraph's SPARQL server, started on a free port,
written and read through the SPARQL 1.1 protocols by the real pipeline."""

from __future__ import annotations

import socket

import pytest

from kg.app.cli import main
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
