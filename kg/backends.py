"""The persistent store: an Oxigraph database in a folder, holding one named graph per document.

kg builds each document's statements in an rdflib Dataset (``kg.store``) and moves them into the
store as N-Quads, so the store's named graphs hold exactly what ``graph.trig`` would. The store's
default graph is kept as their merge, each triple once: Oxigraph's own union of named graphs
would give an actor's label once per document naming it, and multiply every join by as much.
Queries (``kg.queries``) run on the default graph in Oxigraph's SPARQL engine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import KGError

# RocksDB writes this file first; a folder without it is not a store.
_MARKER = "CURRENT"


def is_store(obj: object) -> bool:
    """Whether ``obj`` is a persistent store, rather than an rdflib graph."""
    return isinstance(obj, ox.Store)


def open_store(path: str | os.PathLike[str], create: bool = False, read_only: bool = False) -> ox.Store:
    """The store in the folder ``path``; with ``create``, a new empty one if there is none yet.

    Raises KGError if there is no store there (and not ``create``), if ``path`` is a file or a
    folder of other things, or if another process holds the store open for writing.
    """
    path = Path(path)
    exists = (path / _MARKER).is_file()
    if path.exists() and not path.is_dir():
        raise KGError(f"{path}: is a file, not a kg store (a store is a folder)")
    if not exists and not create:
        raise KGError(f"{path}: no kg store there; 'kg build INPUT --store {path}' makes one")
    if not exists and path.is_dir() and any(path.iterdir()):
        raise KGError(f"{path}: is a folder of other files, not a kg store")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise KGError(f"{path}: cannot open the store: {' '.join(str(exc).split())[:200]}") from None


def add_dataset(store: ox.Store, ds: Dataset) -> None:
    """Add every named graph of ``ds`` to ``store``, and its triples to the merge."""
    store.load(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    for graph in ds.graphs():
        if isinstance(graph.identifier, URIRef) and len(graph):
            store.update(f"ADD {graph.identifier.n3()} TO DEFAULT")
    store.flush()


def load_nquads(store: ox.Store, path: str | os.PathLike[str]) -> None:
    """Bulk-load an N-Quads file of named graphs into an empty ``store``, and merge them."""
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.flush()


def remove_graph(store: ox.Store, name: URIRef) -> bool:
    """Remove the named graph ``name`` from ``store``, and from the merge the triples that no
    other graph holds; whether it was there."""
    if not store.contains_named_graph(ox.NamedNode(str(name))):
        return False
    graph = name.n3()  # an IRI kg minted (kg.namespace), so it needs no escaping
    store.update(
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }};"
        f" DROP GRAPH {graph}"
    )
    store.flush()
    return True


def to_dataset(store: ox.Store) -> Dataset:
    """What ``store`` holds, as an in-memory Dataset with kg's prefixes bound: its named graphs,
    and in the default graph the triples that were added to no named graph (a graph file's)."""
    from kg.store import new_dataset

    ds = new_dataset()
    for name in store.named_graphs():
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        ds.graph(URIRef(name.value)).parse(data=data, format="nt")
    alone = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    )
    data = ox.serialize(alone, format=ox.RdfFormat.N_TRIPLES)
    if data:
        ds.default_graph.parse(data=data, format="nt")
    return ds
