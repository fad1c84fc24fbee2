"""The persistent store: an Oxigraph database in a folder, holding one named graph per document.

kg builds each document's statements in an rdflib Dataset (``kg.rdf.graph``) and moves them into the
store as N-Quads, so the store's named graphs hold exactly what ``graph.trig`` would. The store's
default graph is kept as their merge, each triple once: Oxigraph's own union of named graphs
would give an actor's label once per document naming it, and multiply every join by as much.
Queries (``kg.query.sparql``) run on the default graph in Oxigraph's SPARQL engine.

A document's graph is replaced in one SPARQL update, which Oxigraph commits whole or not at all.
Processes share a store through two ``flock`` locks in its folder (``writer``, ``reading`` and
``writing``): one build at a time, and readers never beside a write, which pyoxigraph leaves
undefined.
"""

from __future__ import annotations

import fcntl
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.errors import KGError

# RocksDB writes this file first; a folder without it is not a store.
_MARKER = "CURRENT"
# The lock files: one writer at a time holds _WRITER (and its PID is written there); readers share
# _READERS, which a writer takes alone only while it writes.
_WRITER = ".kg-writer"
_READERS = ".kg-readers"
_LOCKS = frozenset((_WRITER, _READERS))


def is_store(obj: object) -> bool:
    """Whether ``obj`` is a persistent store, rather than an rdflib graph."""
    return isinstance(obj, ox.Store)


def open_store(path: str | os.PathLike[str], create: bool = False, read_only: bool = False) -> ox.Store:
    """The store in the folder ``path``; with ``create``, a new empty one if there is none yet.

    Raises KGError if there is no store there (and not ``create``), if ``path`` is a file or a
    folder of other things, or if another process holds the store open for writing. Takes no
    lock: ``reading`` and ``writing`` do.
    """
    path = check_store(path, create)
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except OSError as exc:
        raise KGError(f"{path}: cannot open the store: {' '.join(str(exc).split())[:200]}") from None


def check_store(path: str | os.PathLike[str], create: bool = False) -> Path:
    """``path`` as a Path if a store is there (or, with ``create``, may be made there), else KGError."""
    path = Path(path)
    exists = (path / _MARKER).is_file()
    if path.exists() and not path.is_dir():
        raise KGError(f"{path}: is a file, not a kg store (a store is a folder)")
    if not exists and not create:
        raise KGError(f"{path}: no kg store there; 'kg build INPUT --store {path}' makes one")
    if not exists and path.is_dir() and any(p.name not in _LOCKS for p in path.iterdir()):
        raise KGError(f"{path}: is a folder of other files, not a kg store")
    return path


@contextmanager
def writer(path: str | os.PathLike[str]) -> Iterator[None]:
    """Be the one process that writes the store at ``path`` (made if missing) while in the block.

    Raises KGError "store is in use by PID N" if another process already is.
    """
    path = check_store(path, create=True)
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path / _WRITER, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise KGError(f"{path}: cannot write to the store: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise KGError(f"{path}: store is in use by PID {pid}; try again when it is done") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # the kernel drops the lock with the file, also when the process is killed


@contextmanager
def reading(path: str | os.PathLike[str]) -> Iterator[ox.Store]:
    """The store at ``path``, read-only, while no process writes it: a write in progress is
    waited for, and none starts until the block ends."""
    path = check_store(path)
    with _lock(path, fcntl.LOCK_SH):
        store = open_store(path, read_only=True)
        try:
            yield store
        finally:
            del store
            _collect()


@contextmanager
def writing(path: str | os.PathLike[str]) -> Iterator[ox.Store]:
    """The store at ``path`` (made if missing) open for writing, once no reader has it open.

    Call within ``writer``; the caller must drop the store before the block ends.
    """
    with _lock(check_store(path, create=True), fcntl.LOCK_EX):
        store = open_store(path, create=True)
        try:
            yield store
            store.flush()
        except OSError as exc:  # Oxigraph's, a full disk say: what was not committed is not there
            raise KGError(f"{path}: cannot write to the store: {' '.join(str(exc).split())[:200]}") from None
        finally:
            del store
            _collect()


def _collect() -> None:
    """Close the stores no one holds any more before the lock is let go: the frames of a parse's
    caught exceptions (pyparsing's, in rdflib) can hold one in a reference cycle."""
    gc.collect()


@contextmanager
def _lock(path: Path, operation: int) -> Iterator[None]:
    """Hold the store's reader-writer lock: shared to read, exclusive to write. On a read-only
    medium, where no lock file can be made, there is no writer to wait for and no lock."""
    try:
        fd = os.open(path / _READERS, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        try:
            fd = os.open(path / _READERS, os.O_RDONLY)
        except OSError:
            yield
            return
    try:
        fcntl.flock(fd, operation)
        yield
    finally:
        os.close(fd)


def add_dataset(store: ox.Store, ds: Dataset) -> None:
    """Put every named graph of ``ds`` into ``store`` in place of the graph of that name, each in
    one transaction: the old statements leave the merge (the default graph) and the new ones
    enter it together, so that a crash or a full disk leaves the document old or new, never gone.
    A graph of the same document under another name (an IRI minted by an older kg) goes too."""
    for graph in ds.graphs():
        if not isinstance(graph.identifier, URIRef) or not len(graph):
            continue
        name = graph.identifier.n3()  # an IRI kg minted (kg.namespace), so it needs no escaping
        doc_id = graph.value(graph.identifier, DCTERMS.identifier)
        older = [] if doc_id is None else _graphs_of(store, doc_id, name)
        triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        insert = f"INSERT DATA {{ GRAPH {name} {{ {triples} }} }}"
        removals = "; ".join(_remove(other) for other in [*older, name])
        store.update(f"{removals}; {insert}; ADD {name} TO DEFAULT")
    store.flush()


def _graphs_of(store: ox.Store, doc_id: Literal, name: str) -> list[str]:
    """The graphs of ``store`` other than ``name`` that hold the document ``doc_id``."""
    found = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?d <{DCTERMS.identifier}> {doc_id.n3()} }}"
        f" FILTER (?g != {name}) }}"
    )
    return [f"<{row['g'].value}>" for row in found]


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
    store.update(_remove(name.n3()))
    store.flush()
    return True


def _remove(graph: str) -> str:
    """The SPARQL update that removes ``graph`` (an IRI in brackets) and what only it held from the merge."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }};"
        f" DROP SILENT GRAPH {graph}"
    )


def to_dataset(store: ox.Store) -> Dataset:
    """What ``store`` holds, as an in-memory Dataset with kg's prefixes bound: its named graphs,
    and in the default graph the triples that were added to no named graph (a graph file's)."""
    from kg.rdf.graph import new_dataset

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
