"""A build in bounded memory: relations kept on disk until the labels are settled, a store written a
chunk of documents at a time during extraction, and the graph streamed out as N-Quads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rdflib import Dataset, Graph, Literal
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDFS, SKOS

import kg.app.pipeline
from kg.app.cli import main
from kg.app.pipeline import build, output_files
from kg.namespace import actor_iri, document_iri
from kg.rdf.backends import reading, to_dataset
from kg.rdf.graph import load_graph, relations_from_graph
from tests.app.test_hostile import corpus, jsonl, store_state

TEXTS = {
    "d1": "Egypt supports the LNA.",
    "d2": "Russia backs General Haftar.",
    "d3": "Turkey opposes the Libyan National Army (LNA) in Tripoli.",
    "d4": "Egypt supports Khalifa Haftar.",
}
TIMES = (PROV.startedAtTime, PROV.endedAtTime)


def quads(ds: Dataset) -> set:
    """The quads of the named graphs of ``ds``, but for the run's two timestamps."""
    named = ((s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None)))
    return {quad for quad in named if quad[1] not in TIMES and quad[3] != DATASET_DEFAULT_GRAPH_ID}


def stored(path: Path) -> Dataset:
    with reading(path) as store:
        ds = to_dataset(store)
        del store
    return ds


def test_a_store_written_a_chunk_at_a_time_holds_what_a_build_in_memory_writes(tmp_path, monkeypatch):
    """Each document goes into the store as soon as it is read (a chunk of one), before the corpus
    has settled its actors' labels: "Haftar" becomes "Khalifa Haftar" only in a later document, and
    the store is set right at the end."""
    monkeypatch.setattr(kg.app.pipeline, "CHUNK", 1)
    monkeypatch.setattr(kg.app.pipeline, "WRITE_EVERY", 0)
    inputs = jsonl(tmp_path / "in.jsonl", TEXTS)
    build([inputs], None, store=tmp_path / "kg.db")
    build([inputs], tmp_path / "out", graph_format="nq")
    in_store, in_memory = stored(tmp_path / "kg.db"), load_graph(tmp_path / "out" / "graph.nq")
    assert quads(in_store) == quads(in_memory)
    haftar, d2 = actor_iri("haftar"), in_store.graph(document_iri("d2"))
    assert set(d2.objects(haftar, RDFS.label)) == {Literal("Khalifa Haftar")}
    assert set(d2.objects(haftar, SKOS.altLabel)) == {Literal("Haftar")}
    union = {(s, p, o) for s, p, o, _ in in_store.quads((None, None, None, None))}
    assert (haftar, RDFS.label, Literal("Haftar")) not in union
    assert len(set(in_store.objects(None, PROV.endedAtTime))) == 1
    _, whole = store_state(tmp_path / "kg.db")
    assert whole


KILLED_IN_THE_THIRD_CHUNK = """
import os, signal, sys
import kg.app.pipeline as pipeline

pipeline.CHUNK, pipeline.WRITE_EVERY = 2, 0
write, written = pipeline.add_graphs, []

def add_graphs(store, graphs, *args):
    if len(written) == 2:  # the third chunk is extracted: kill -9 before it is written
        os.kill(os.getpid(), signal.SIGKILL)
    written.append(graphs)
    write(store, graphs, *args)

pipeline.add_graphs = add_graphs
from kg.app.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_killed_midway_keeps_the_chunks_written_and_the_next_goes_on_from_there(tmp_path):
    inputs, store = corpus(tmp_path / "in", 1, count=7), tmp_path / "kg.db"
    child = [sys.executable, "-c", KILLED_IN_THE_THIRD_CHUNK, "build", str(inputs), "--store", str(store)]
    assert subprocess.run(child, capture_output=True).returncode == -9
    hashes, whole = store_state(store)
    assert sorted(hashes) == ["d00", "d01", "d02", "d03"] and whole
    summary = build([inputs], None, store=store)
    assert (summary.skipped, summary.added, summary.documents) == (4, 3, 7)
    build([inputs], None, store=tmp_path / "at-once.db")
    assert relations_from_graph(stored(store)) == relations_from_graph(stored(tmp_path / "at-once.db"))
    assert store_state(store)[1]


def test_kg_build_format_nq_streams_the_graph_as_n_quads_beside_the_same_facts(tmp_path, capsys):
    inputs = jsonl(tmp_path / "in.jsonl", TEXTS)
    assert main(["build", str(inputs), "--out", str(tmp_path / "ttl"), "--quiet"]) == 0
    assert main(["build", str(inputs), "--out", str(tmp_path / "nq"), "--format", "nq"]) == 0
    out = capsys.readouterr().out
    assert f"wrote {tmp_path / 'nq' / 'graph.nq'}  (RDF, N-Quads)" in out
    assert sorted(p.name for p in (tmp_path / "nq").iterdir()) == sorted(output_files("nq"))
    for name in ("triples.jsonl", "alliances.html"):
        assert (tmp_path / "nq" / name).read_bytes() == (tmp_path / "ttl" / name).read_bytes()
    nquads = load_graph(tmp_path / "nq" / "graph.nq")
    assert {graph.identifier for graph in nquads.graphs()} >= {document_iri(doc) for doc in TEXTS}
    turtle = Graph().parse(tmp_path / "ttl" / "graph.ttl")
    union = {(s, p, o) for s, p, o, _ in nquads.quads((None, None, None, None))}
    assert {t for t in union if t[1] not in TIMES} == {t for t in turtle if t[1] not in TIMES}
    assert main(["query", "supports", "--graph", str(tmp_path / "nq" / "graph.nq")]) == 0
    assert "Khalifa Haftar" in capsys.readouterr().out


def test_kg_build_format_other_than_ttl_or_nq_is_a_usage_error(tmp_path, capsys):
    inputs = jsonl(tmp_path / "in.jsonl", TEXTS)
    assert main(["build", str(inputs), "--out", str(tmp_path / "out"), "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "argument --format: invalid choice: 'xml'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
