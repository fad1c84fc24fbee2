"""The store's bulk write (``add_graphs``): quads made straight from the seed article's real
relations, committed in chunks of documents, each chunk whole or not at all; into a store in a
folder and into the same on Oxigraph's SPARQL server (``kg.rdf.remote``)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rdflib import URIRef

from kg.model import Document
from kg.namespace import document_iri
from kg.rdf.backends import add_graphs, open_store, to_dataset
from kg.rdf.graph import Extraction, build_graph, document_graphs
from kg.rdf.remote import RemoteStore
from tests.sparql_server import oxigraph_server

RUN = Extraction()


@pytest.fixture(scope="module")
def copies(seed_documents, seed_relations):
    """Five copies of the seed article, each its own document, with the seed's relations."""
    (seed,) = seed_documents
    documents, relations = [], []
    for n in range(5):
        copy = replace(seed, id=f"copy-{n}", text=f"{seed.text}\n({n})")
        documents.append(copy)
        relations += (replace(r, evidence=replace(r.evidence, doc_id=copy.id)) for r in seed_relations)
    return documents, relations


@pytest.fixture(params=["folder", "server"])
def store(request, tmp_path):
    """A new empty store: in a folder, or on a SPARQL server."""
    if request.param == "folder":
        yield open_store(tmp_path / "st", create=True)
    else:
        with oxigraph_server(tmp_path / "served") as url:
            yield RemoteStore(url)


def of(relations, *doc_ids) -> list:
    return [r for r in relations if r.evidence.doc_id in doc_ids]


def named(store) -> dict[URIRef, set]:
    """Each named graph of ``store`` as a set of rdflib triples."""
    ds = to_dataset(store)
    return {g.identifier: set(g) for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)}


def merge_is_union(store) -> bool:
    """Whether the default graph holds exactly the triples of the named graphs."""
    differs = store.query(
        "ASK { { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        " UNION { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } } }"
    )
    return not bool(differs)


def test_chunks_of_quads_hold_what_the_dataset_holds(copies, store):
    documents, relations = copies
    add_graphs(store, document_graphs(documents, relations, RUN), chunk=2)
    expected = build_graph(documents, relations, RUN)
    assert named(store) == {g.identifier: set(g) for g in expected.graphs() if len(g)}
    assert merge_is_union(store)


def test_a_failure_after_a_chunk_keeps_the_chunks_committed_and_nothing_else(copies, store):
    documents, relations = copies

    def failing_at_the_fourth():
        for n, graph in enumerate(document_graphs(documents, relations, RUN)):
            if n == 3:
                raise OSError("No space left on device")
            yield graph

    with pytest.raises(OSError):
        add_graphs(store, failing_at_the_fourth(), chunk=2)
    held = named(store)
    assert set(held) == {document_iri("copy-0"), document_iri("copy-1")}  # the first chunk, whole
    expected = dict(document_graphs(documents, relations, RUN))
    assert all(held[name] == set(expected[name]) for name in held)
    assert merge_is_union(store)


def test_a_replaced_document_among_new_ones_leaves_its_old_statements(copies, seed_relations, store):
    documents, relations = copies
    add_graphs(store, document_graphs(documents[:2], of(relations, "copy-0", "copy-1"), RUN))
    old, old_1 = named(store)[document_iri("copy-0")], named(store)[document_iri("copy-1")]
    changed = [replace(documents[0], text="changed"), *documents[2:4]]
    fewer = of(relations, "copy-2", "copy-3") + [
        replace(r, evidence=replace(r.evidence, doc_id="copy-0")) for r in seed_relations[:2]
    ]
    add_graphs(store, document_graphs(changed, fewer, RUN), chunk=2)
    held = named(store)
    assert set(held) == {document_iri(f"copy-{n}") for n in range(4)}
    assert held[document_iri("copy-0")] == set(
        dict(document_graphs(changed, fewer, RUN))[document_iri("copy-0")]
    )
    assert old - held[document_iri("copy-0")]  # statements of the old version left
    assert held[document_iri("copy-1")] == old_1
    assert merge_is_union(store)


def test_a_document_without_relations_is_still_a_document(store):
    add_graphs(store, document_graphs([Document("lonely", "Nothing happened.")], [], RUN))
    assert document_iri("lonely") in named(store)
    assert merge_is_union(store)
