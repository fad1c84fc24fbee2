"""Extraction on Dask (``kg build --workers N``, ``--scheduler ADDRESS``): real local clusters of
worker processes, each loading the real spaCy pipeline."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from dask.distributed import Client, LocalCluster

from kg.app.cli import main
from kg.app.distributed import IN_FLIGHT, Workers, extract_on_dask
from kg.ingest.documents import read_documents
from kg.rdf.backends import reading
from kg.rdf.graph import document_hashes
from tests.paths import SEEDS

MARKER = "Zorblat"


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    """Eight real news documents: the first paragraphs of the seed article, one a document."""
    text = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if len(p.strip()) > 100][:8]
    path = tmp_path_factory.mktemp("articles") / "eight.jsonl"
    lines = (json.dumps({"id": f"seed-{n}", "text": p}) + "\n" for n, p in enumerate(paragraphs))
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """A running cluster of two single-threaded worker processes, as a team would start one."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as running:
        yield running


def statements(out: Path) -> set[tuple]:
    """What triples.jsonl says: document, subject, relation, object and sentence of each fact."""
    lines = (out / "triples.jsonl").read_text(encoding="utf-8").splitlines()
    return {
        tuple(json.loads(line)[k] for k in ("doc", "subject", "relation", "object", "sentence"))
        for line in lines
    }


def test_two_local_workers_read_what_one_process_reads(articles, tmp_path, capsys):
    assert main(["build", str(articles), "--out", str(tmp_path / "one"), "--quiet"]) == 0
    assert main(["build", str(articles), "--out", str(tmp_path / "two"), "--workers", "2", "--quiet"]) == 0
    one, two = statements(tmp_path / "one"), statements(tmp_path / "two")
    assert len(one) > 10
    assert two == one
    assert "Traceback" not in capsys.readouterr().err


class Counted:
    """Documents that count how many have been read from them."""

    def __init__(self, documents: list) -> None:
        self.documents, self.read = documents, 0

    def __len__(self) -> int:
        return len(self.documents)

    def __iter__(self):
        for document in self.documents:
            self.read += 1
            yield document


def test_the_driver_reads_documents_as_the_workers_need_them(articles, cluster):
    eight = list(read_documents([articles]))
    documents = Counted([replace(d, id=f"{d.id}-{n}") for n in range(5) for d in eight])
    found = extract_on_dask(documents, None, False, Workers(address=cluster.scheduler_address))
    first, _ = next(found)
    size = 40 // (4 * 2)  # four partitions a worker thread
    assert first.id == documents.documents[0].id and documents.read == IN_FLIGHT * 2 * size < 40
    assert [first.id] + [document.id for document, _ in found] == [d.id for d in documents.documents]
    assert documents.read == 40


def test_a_running_cluster_named_by_the_environment_fills_a_store(articles, cluster, tmp_path, monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", cluster.scheduler_address)
    assert main(["build", str(articles), "--store", str(tmp_path / "st"), "--quiet"]) == 0
    with reading(tmp_path / "st") as store:
        assert len(document_hashes(store)) == 8


def test_a_document_failing_on_a_worker_is_named_and_the_others_go_on(cluster, tmp_path, capsys):
    def register_failing_rule() -> None:
        from kg.extract import rule

        @rule
        def fails_on_marker(sentence) -> Iterator:
            if "Zorblat" in sentence.span.text:
                raise ValueError("Zorblat met")
            yield from ()

    def unregister() -> None:
        from kg.extract import RULES

        RULES.pop("fails_on_marker", None)

    records = {"good": "Egypt supports the Libyan National Army.", "bad": f"{MARKER} backs Egypt."}
    path = tmp_path / "two.jsonl"
    path.write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in records.items()), encoding="utf-8"
    )
    with Client(cluster) as client:
        client.run(register_failing_rule)
        try:
            code = main(
                ["build", str(path), "--out", str(tmp_path / "o"), "--scheduler", cluster.scheduler_address]
            )
        finally:
            client.run(unregister)
    err = capsys.readouterr().err
    assert code == 0
    assert f"kg: warning: bad: left out, its extraction failed: ValueError: {MARKER} met" in err
    assert {fact[0] for fact in statements(tmp_path / "o")} == {"good"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--scheduler", f"tcp://127.0.0.1:{free_port()}"], "cannot reach the Dask scheduler"),
        (
            ["--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"],
            "give --workers N or --scheduler ADDRESS, not both",
        ),
    ],
)
def test_a_scheduler_that_cannot_be_used_is_one_line(extra, message, tmp_path, capsys):
    text = tmp_path / "a.txt"
    text.write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    assert main(["build", str(text), "--out", str(tmp_path / "o"), *extra]) != 0
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()
