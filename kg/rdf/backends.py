"""Where kg's statements are kept: an rdflib graph in memory, or the persistent store, an Oxigraph
database in a folder holding one named graph per document. Both answer the ``Backend`` protocol.

kg makes each document's statements (``kg.rdf.graph.document_graphs``) and puts them into the store
as quads (``add_graphs``), so the store's named graphs hold exactly what ``graph.trig`` would. The store's
default graph is kept as their merge, each triple once: Oxigraph's own union of named graphs
would give an actor's label once per document naming it, and multiply every join by as much.
Queries (``kg.query.sparql``) run on the default graph in Oxigraph's SPARQL engine.

New documents are committed in chunks, each one transaction; a document's graph is replaced in one
SPARQL update. Oxigraph commits either whole or not at all.
Processes share a store through two ``flock`` locks in its folder (``writer``, ``reading`` and
``writing``): one build at a time, and readers never beside a write, which pyoxigraph leaves
undefined.
"""

from __future__ import annotations

import fcntl
import gc
import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox
import rdflib.plugins.sparql
from pyparsing import ParseException, ParserElement
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD, NamespaceManager
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query, SPARQLError
from rdflib.query import Result, ResultRow
from rdflib.term import Node

from kg.errors import KGError
from kg.namespace import NAMESPACES
from kg.rdf.remote import RemoteStore, is_remote

rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <address> loads nothing

# RocksDB writes this file first; a folder without it is not a store.
_MARKER = "CURRENT"
# The lock files: one writer at a time holds _WRITER (and its PID is written there); readers share
# _READERS, which a writer takes alone only while it writes.
_WRITER = ".kg-writer"
_READERS = ".kg-readers"
_LOCKS = frozenset((_WRITER, _READERS))

Store = ox.Store | RemoteStore
"""A persistent store: an Oxigraph folder, or a SPARQL server (``kg.rdf.remote``)."""
Source = Graph | Store
"""What kg reads statements from: an rdflib graph (a Dataset, usually) or a persistent store."""
Value = str | int | float | bool | None
"""A term of a query's answer as plain Python: IRIs and literals as text, numbers, booleans."""
Triple = tuple[Node, Node, Node]
"""One statement in rdflib terms."""
Rows = tuple[tuple[str, ...], Iterator[tuple[Value, ...]]]
"""A query's answer: the column names, and the rows as they come."""


class Backend(Protocol):
    """A place that holds kg's statements and answers SPARQL over them; ``backend`` gives the one
    holding a ``Source``."""

    def select(self, sparql: str) -> Rows:
        """The answer to ``sparql`` (kg's prefixes need no declaring) over the merge of the named graphs."""
        ...

    def dataset(self) -> Graph:
        """Every statement held, as an rdflib graph in memory."""
        ...

    def remove_graph(self, name: URIRef) -> bool:
        """Remove the named graph ``name`` and what only it held; whether it was there."""
        ...


@dataclass(frozen=True)
class MemoryBackend:
    """An rdflib graph in memory; queried by rdflib."""

    graph: Graph

    def select(self, sparql: str) -> Rows:
        try:
            return _plain(self.graph.query(prepare(sparql)))
        except SPARQLError as exc:
            raise KGError(f"the query failed: {exc}") from None

    def dataset(self) -> Graph:
        return self.graph

    def remove_graph(self, name: URIRef) -> bool:
        if not isinstance(self.graph, Dataset):  # a plain Graph has no named graphs
            return False
        graph = self.graph.graph(name)
        found = len(graph) > 0
        self.graph.remove_graph(graph)
        return found


@dataclass(frozen=True)
class StoreBackend:
    """A persistent store; queried by Oxigraph, on its default graph (the merge of the named graphs)."""

    store: Store

    def select(self, sparql: str) -> Rows:
        return _run_in_store(self.store, sparql)

    def dataset(self) -> Graph:
        return to_dataset(self.store)

    def remove_graph(self, name: URIRef) -> bool:
        if not self.store.contains_named_graph(ox.NamedNode(str(name))):
            return False
        self.store.update(_remove(name.n3()))
        self.store.flush()
        return True


def backend(source: Source) -> Backend:
    """The backend that holds ``source``.

    >>> backend(Dataset()).select("ASK { ?s ?p ?o }")[0]
    ('ask',)
    """
    return StoreBackend(source) if isinstance(source, (ox.Store, RemoteStore)) else MemoryBackend(source)


def new_dataset() -> Dataset:
    """An empty Dataset whose default graph is the union of its named graphs, with kg's prefixes bound."""
    ds = Dataset(default_union=True)
    ds.namespace_manager = NamespaceManager(ds, bind_namespaces="core")
    ds.default_graph.namespace_manager = ds.namespace_manager
    for prefix, namespace in NAMESPACES.items():
        ds.bind(prefix, namespace, override=True, replace=True)
    return ds


def union(ds: Graph) -> Graph:
    """All triples of all graphs of ``ds`` in one new Graph, with the same prefixes bound."""
    union = Graph(bind_namespaces="core")
    for prefix, namespace in ds.namespaces():
        union.bind(prefix, namespace, override=True, replace=True)
    triples = (quad[:3] for quad in ds.quads()) if isinstance(ds, Dataset) else iter(ds)
    union.addN((s, p, o, union) for s, p, o in triples)
    return union


def open_store(path: str | os.PathLike[str], create: bool = False, read_only: bool = False) -> ox.Store:
    """The store in the folder ``path``; with ``create``, a new empty one if there is none yet.

    Raises KGError if there is no store there (and not ``create``), if ``path`` is a file or a
    folder of other things, or if another process holds the store open for writing. Takes no
    lock: ``reading`` and ``writing`` do.
    """
    path = check_store(path, create)
    for collected in (False, True):
        try:
            return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            message = " ".join(str(exc).split())
            if collected or "by current process" not in message:
                raise KGError(f"{path}: cannot open the store: {message[:200]}") from None
        # an earlier Store of this process on this folder, unreachable but not yet collected (it
        # sits in a reference cycle), still holds the lock: collecting it lets go of the lock
        gc.collect()
    raise KGError(f"{path}: cannot open the store")


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

    Raises KGError "store is in use by PID N" if another process already is. A SPARQL server
    (``kg.rdf.remote``) takes no lock here: it runs each update as one transaction.
    """
    if is_remote(path):
        yield
        return
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
def reading(path: str | os.PathLike[str]) -> Iterator[Store]:
    """The store at ``path``, read-only, while no process writes it: a write in progress is
    waited for, and none starts until the block ends. A SPARQL server's URL gives the server,
    which answers each query from one snapshot."""
    if is_remote(path):
        yield RemoteStore(str(path))
        return
    path = check_store(path)
    with _lock(path, fcntl.LOCK_SH):
        store = open_store(path, read_only=True)
        try:
            yield store
        finally:
            del store
            _collect()


@contextmanager
def writing(path: str | os.PathLike[str], chunk: bool = False) -> Iterator[Store]:
    """The store at ``path`` (made if missing) open for writing, once no reader has it open.

    Call within ``writer``; the caller must drop the store before the block ends. The store is
    flushed and the garbage collected when the block ends; for a ``chunk`` of a build, the garbage
    only if something still holds the store (a collection takes a tenth of a second or more).
    """
    if is_remote(path):
        yield RemoteStore(str(path))
        return
    with _lock(check_store(path, create=True), fcntl.LOCK_EX):
        store = open_store(path, create=True)
        try:
            yield store
            store.flush()
        except OSError as exc:  # Oxigraph's, a full disk say: what was not committed is not there
            raise KGError(f"{path}: cannot write to the store: {' '.join(str(exc).split())[:200]}") from None
        finally:
            held = _held(store)
            del store
            if held or not chunk:
                _collect()


@contextmanager
def serving(path: str | os.PathLike[str], writable: bool = False) -> Iterator[Path]:
    """Hold the store at ``path`` for a server that reads it (``kg serve``), or with ``writable``
    writes it, until the block ends: a reader beside other readers, a writer alone.

    Raises KGError "store is in use" at once, rather than waiting, if a build writes the store
    (or, with ``writable``, if any other process has it open)."""
    path = check_store(path)
    with writer(path) if writable else nullcontext():
        operation = (fcntl.LOCK_EX if writable else fcntl.LOCK_SH) | fcntl.LOCK_NB
        with _lock(path, operation):
            yield path


def _held(store: Store) -> bool:
    """Whether anything but the caller's variable (and this call) still holds ``store``."""
    return sys.getrefcount(store) > 3


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
        try:
            fcntl.flock(fd, operation)
        except BlockingIOError:  # only with LOCK_NB
            pid = _writer_pid(path) if operation & fcntl.LOCK_SH else "a reader (a query or kg serve)"
            raise KGError(f"{path}: store is in use by {pid}; try again when it is done") from None
        yield
    finally:
        os.close(fd)


def _writer_pid(path: Path) -> str:
    """``PID N`` of the build that writes the store at ``path`` (or last did)."""
    try:
        return f"PID {(path / _WRITER).read_text(errors='replace').strip() or '?'}"
    except OSError:
        return "another process"


def add_dataset(store: Store, ds: Dataset) -> None:
    """Put every named graph of ``ds`` into ``store`` in place of the graph of that name (``add_graphs``)."""
    add_graphs(store, ((g.identifier, g) for g in ds.graphs() if isinstance(g.identifier, URIRef) and len(g)))


CHUNK = 50
"""How many new documents one transaction of ``add_graphs`` commits."""


def add_graphs(store: Store, graphs: Iterable[tuple[URIRef, Iterable[Triple]]], chunk: int = CHUNK) -> None:
    """Put each named graph (an IRI and its triples) into ``store`` in place of the graph of that
    name and of any other graph of the same document (an IRI minted by an older kg), and its
    triples into the merge (the default graph).

    The quads are made straight from the triples, with no Dataset between. The graphs are read
    ``chunk`` at a time (the store is asked which of their documents it holds once per chunk); those
    new to the store are committed as one transaction (``Store.extend``) that also adds their
    triples to the merge, each triple once (a run's or an actor's triples sit in many graphs). A
    graph the store already holds is replaced in one SPARQL update of its own: its old statements
    leave the merge and the new ones enter it together. Either way a crash or a full
    disk leaves each document old or new, never gone, and the merge the union of the graphs. On a
    SPARQL server (``kg.rdf.remote``) the old graph is removed by an update and the new one written
    through the Graph Store Protocol, a request each.
    """
    graphs = iter(graphs)
    while batch := [(_ox_named(str(name)), _ox_triples(triples)) for name, triples in islice(graphs, chunk)]:
        _add_batch(store, batch)


def _add_batch(store: Store, batch: list[tuple[ox.NamedNode, list[ox.Triple]]]) -> None:
    """Put a chunk of named graphs into ``store`` (``add_graphs``)."""
    ids = {node: _document_id(node, triples) for node, triples in batch}
    held = _graphs_by_document(store, set(ids.values()))
    pending: list[ox.Quad] = []
    merge: set[ox.Quad] = set()
    for node, converted in batch:
        quads, merged = _in_graph(converted, node), _in_graph(converted, ox.DefaultGraph())
        if held.get(ids[node]):
            removals = "; ".join(_remove(str(graph)) for graph in {*held[ids[node]], node})
            if isinstance(store, RemoteStore):  # SPARQL Update removes, the Graph Store Protocol writes
                store.update(removals)
                store.extend([*quads, *merged])
                continue
            statements = " . ".join(map(str, converted))
            store.update(
                f"{removals}; INSERT DATA {{ GRAPH {node} {{ {statements} }} }}; ADD {node} TO DEFAULT"
            )
            continue
        pending += quads
        merge.update(merged)
    store.extend([*pending, *merge])


def _document_id(node: ox.NamedNode, triples: list[ox.Triple]) -> str:
    """The id of the document whose graph ``node`` holds ``triples`` ("" if none is given)."""
    ids = (t.object for t in triples if t.subject == node and t.predicate == _IDENTIFIER)
    return next((found.value for found in ids if isinstance(found, ox.Literal)), "")


_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))


def nquads(name: URIRef, triples: Iterable[Triple]) -> bytes:
    """The named graph ``name`` of these triples as N-Quads."""
    quads = _in_graph(_ox_triples(triples), _ox_named(str(name)))
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def _in_graph(triples: list[ox.Triple], graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def sparql_term(term: Node) -> str:
    """An rdflib IRI or literal as SPARQL and N-Triples write it."""
    return str(_ox_term(term))


def _ox_triples(triples: Iterable[Triple]) -> list[ox.Triple]:
    """rdflib triples as Oxigraph's."""
    return [ox.Triple(_ox_resource(s), _ox_named(str(p)), _ox_term(o)) for s, p, o in triples]


def _graphs_by_document(store: Store, ids: set[str]) -> dict[str, list[ox.NamedNode]]:
    """The named graphs of ``store`` that hold each of the documents of these ids, by id."""
    if not ids:
        return {}
    values = " ".join(str(ox.Literal(doc_id)) for doc_id in sorted(ids))
    found = store.query(
        f"SELECT ?id ?g WHERE {{ VALUES ?id {{ {values} }} GRAPH ?g {{ ?d <{DCTERMS.identifier}> ?id }} }}"
    )
    assert isinstance(found, ox.QuerySolutions)  # a SELECT's answer
    held: dict[str, list[ox.NamedNode]] = {}
    for row in found:
        graph = row["g"]
        if isinstance(graph, ox.NamedNode):
            held.setdefault(row["id"].value, []).append(graph)
    return held


@lru_cache(maxsize=100_000)
def _ox_named(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _ox_term(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as Oxigraph's."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = None if term.datatype is None else _ox_named(str(term.datatype))
        return ox.Literal(str(term), datatype=datatype)
    return _ox_resource(term)


def _ox_resource(term: Node) -> ox.NamedNode | ox.BlankNode:
    """An rdflib IRI or blank node as Oxigraph's."""
    return ox.BlankNode(str(term)) if isinstance(term, BNode) else _ox_named(str(term))


def load_nquads(store: ox.Store, path: str | os.PathLike[str]) -> None:
    """Bulk-load an N-Quads file of named graphs into an empty ``store``, and merge them."""
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    store.flush()


def _remove(graph: str) -> str:
    """The SPARQL update that removes ``graph`` (an IRI in brackets) and what only it held from the merge."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }}"
        f" FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != {graph}) }} }};"
        f" DROP SILENT GRAPH {graph}"
    )


def to_dataset(store: Store) -> Dataset:
    """What ``store`` holds, as an in-memory Dataset with kg's prefixes bound: its named graphs,
    and in the default graph the triples that were added to no named graph (a graph file's)."""
    ds = new_dataset()
    for name in store.named_graphs():
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        ds.graph(URIRef(name.value)).parse(data=data, format="nt")
    alone = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    )
    assert isinstance(alone, (ox.QueryTriples, list))  # a CONSTRUCT's answer
    data = ox.serialize(alone, format=ox.RdfFormat.N_TRIPLES)
    if data:
        ds.default_graph.parse(data=data, format="nt")
    return ds


@lru_cache(maxsize=64)
def prepare(sparql: str) -> Query:
    """The query parsed by rdflib (once per text), or a one-line KGError saying where it is wrong.

    pyparsing's packrat cache, which matplotlib turns on (kg draws its PNGs with it), would keep
    the parse's exceptions until the next parse, and through their tracebacks the frames of the
    callers, with the store a query runs on: it is emptied, so that the store closes once dropped.
    """
    try:
        return prepareQuery(sparql, initNs=NAMESPACES)
    except ParseException as exc:
        found = " ".join(re.sub(r"\s+\(at char \d+\).*$", "", str(exc), flags=re.DOTALL).split())
        raise KGError(f"invalid SPARQL at line {exc.lineno}, column {exc.col}: {found}") from None
    except Exception as exc:  # the algebra translation raises bare Exceptions, e.g. for an unknown prefix
        raise KGError(f"invalid SPARQL: {exc}") from None
    finally:
        ParserElement.reset_cache()


def _run_in_store(store: Store, sparql: str) -> Rows:
    prefixes = {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()}
    with _store_errors():
        result = store.query(sparql, prefixes=prefixes)
        if isinstance(result, ox.QueryBoolean):
            return ("ask",), iter([(bool(result),)])
        if isinstance(result, (ox.QueryTriples, list)):
            rows = sorted(tuple(_ox_value(term) for term in triple) for triple in result)
            return ("subject", "predicate", "object"), iter(rows)
    return tuple(variable.value for variable in result.variables), _ox_rows(result)


def _ox_rows(result: ox.QuerySolutions) -> Iterator[tuple[Value, ...]]:
    with _store_errors():  # Oxigraph evaluates lazily, so errors can come with any row
        for row in result:
            yield tuple(_ox_value(term) for term in row)


@contextmanager
def _store_errors() -> Iterator[None]:
    try:
        yield
    except (SyntaxError, OSError, RuntimeError) as exc:
        raise KGError(f"the query failed: {' '.join(str(exc).split())}") from None


_INTEGER_TYPES = (
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "negativeInteger",
    "nonPositiveInteger",
    "unsignedInt",
    "unsignedLong",
    "unsignedShort",
    "unsignedByte",
)
_INTEGERS = {str(XSD[name]) for name in _INTEGER_TYPES}
_REALS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}


def _ox_value(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    """An Oxigraph term as the plain value that ``_value`` makes of the same rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGERS:
                return int(term.value)
            if datatype in _REALS:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == str(XSD.boolean) and term.value in ("true", "false", "1", "0"):
            return term.value in ("true", "1")
    return term.value


def _plain(result: Result) -> Rows:
    if result.type == "ASK":
        return ("ask",), iter([(bool(result.askAnswer),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted(tuple(_value(term) for term in triple) for triple in result.graph or ())
        return ("subject", "predicate", "object"), iter(rows)
    columns = tuple(str(variable) for variable in result.vars or ())
    solutions: Iterator[ResultRow] = iter(result)  # a SELECT's rows
    return columns, (tuple(_value(term) for term in row) for row in solutions)


def _value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (bool, int, float)):
            return value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)
