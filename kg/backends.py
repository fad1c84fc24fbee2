"""The persistent store: an Oxigraph database in a folder, holding one named graph per document.

kg builds each document's statements in an rdflib Dataset (``kg.store``) and moves them into the
store as N-Quads, so the store holds exactly what ``graph.trig`` would. Queries run in Oxigraph's
own SPARQL engine (``kg.queries``), with the union of the named graphs as the default graph.
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
    """Add every named graph of ``ds`` to ``store``."""
    store.load(ds.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    store.flush()


def remove_graph(store: ox.Store, name: URIRef) -> bool:
    """Remove the named graph ``name`` from ``store``; whether it was there."""
    node = ox.NamedNode(str(name))
    if not store.contains_named_graph(node):
        return False
    store.remove_graph(node)
    store.flush()
    return True


def to_dataset(store: ox.Store) -> Dataset:
    """Everything in ``store``, as an in-memory Dataset with kg's prefixes bound."""
    from kg.store import new_dataset

    ds = new_dataset()
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    if data:
        ds.parse(data=data, format="nquads")
    return ds
