"""The flow end to end: documents -> parse -> relations -> store, as plain functions."""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from rdflib import Dataset, URIRef

from kg.analysis.network import to_networkx
from kg.app.distributed import Workers, extract_on_dask
from kg.config import Settings
from kg.errors import KGError
from kg.extract.actors import CorpusActors
from kg.extract.corpus import extract, in_corpus, is_fact, to_jsonl, with_progress
from kg.files import umask, write_atomically
from kg.ingest.documents import Documents, ReadOptions, Spool, read_documents, spooled, warn_undated
from kg.ingest.web import WebOptions, is_url
from kg.model import Actor, Document, Relation, RelationType
from kg.namespace import KG, actor_iri
from kg.query.sparql import run_query
from kg.rdf.backends import CHUNK, Source, Triple, add_graphs, new_dataset, to_dataset, writer, writing
from kg.rdf.graph import (
    Extraction,
    add_graphs_to,
    added_to,
    content_hash,
    document_graph,
    document_hashes,
    one_per_assertion,
    relations_from_graph,
    run_iri,
    save_graph,
    settle_store,
    stored_actors,
    write_nquads,
)
from kg.render.page import write_html

GRAPH_FILES = {"ttl": "graph.ttl", "nq": "graph.nq"}
"""The graph file of each ``graph_format``: canonical Turtle, or N-Quads written as it is made."""
T = TypeVar("T")
WRITE_EVERY = 30.0
"""Seconds of extraction at the least between two chunks that a store build writes (a kill loses no more)."""
OUTPUT_FILES = (GRAPH_FILES["ttl"], "triples.jsonl", "alliances.html")


def output_files(graph_format: str = "ttl") -> tuple[str, str, str]:
    """The names of the three files ``build`` writes for ``graph_format``."""
    return GRAPH_FILES[graph_format], *OUTPUT_FILES[1:]


@dataclass(frozen=True)
class BuildSummary:
    """What ``build`` read and wrote.

    ``relations`` counts the facts (relations that are not negated) per relation name, all seven
    present; ``negated`` counts the negated ones, which only the graph keeps. With a store these
    count the whole store; ``added``,
    ``replaced``, ``skipped`` (unchanged) and ``failed`` (left out: extraction failed) count the
    documents given.
    """

    documents: int
    actors: int
    relations: dict[str, int]
    negated: int
    files: tuple[Path, ...]
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0


def build(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None,
    settings: Settings | None = None,
    progress: bool = False,
    store: str | os.PathLike[str] | None = None,
    strict: bool = False,
    reading: ReadOptions | None = None,
    workers: Workers | None = None,
    graph_format: str = "ttl",
) -> BuildSummary:
    """Read ``inputs``, extract, and write ``graph.ttl``, ``triples.jsonl`` and ``alliances.html``
    (``graph.nq`` instead of ``graph.ttl`` with ``graph_format`` "nq").

    The graph keeps every relation, negated ones with that modality; ``triples.jsonl`` holds the
    facts only. Nothing in ``out_dir`` is touched until everything has been extracted and
    rendered; then the three files replace the old ones, all at once where the folder can be
    swapped (``_write_outputs``). Raises KGError for bad input.

    Memory does not grow with the documents while they are extracted: each document's relations
    go to a temporary file (or, with a store, into the store a chunk at a time) and only the
    corpus's actors stay in memory, whose labels are settled at the end.

    With ``store`` (a folder, created if missing) the documents go into that persistent store: a
    new one is added, a changed one (by content hash) replaces its old statements, an unchanged
    one is not parsed again. The files in ``out_dir`` (optional then) show the whole store.

    ``reading`` says how inputs are read and fetched (default: ``ReadOptions``, with pages that
    cannot be had an error if ``strict``). ``workers`` runs the extraction on Dask
    (``kg.app.distributed``).
    """
    if out_dir is None and store is None:
        raise KGError("nothing to write: give an output folder, a store, or both")
    if graph_format not in GRAPH_FILES:
        raise KGError(f"unknown graph format {graph_format!r}; use {' or '.join(GRAPH_FILES)}")
    out = None if out_dir is None else Path(out_dir)
    if out is not None and out.exists() and not out.is_dir():
        raise KGError(f"{out}: exists and is not a folder")
    if out is not None:
        _remove_stale_staging(out.absolute())  # a killed build's, whether or not this one gets to write
    names = output_files(graph_format)
    skip = () if out is None else tuple(out / name for name in {*names, *OUTPUT_FILES})
    reading = reading or ReadOptions(web=WebOptions(strict=strict))
    read = read_documents([os.fspath(path) for path in inputs], skip=skip, options=reading)
    extraction = ExtractOptions(settings, progress, strict, workers)
    # every input read and checked first, kept on disk
    with spooled(read) as documents, ExitStack() as held:
        if store is None:
            run = held.enter_context(_build_in_memory(documents, extraction))
        else:
            whole = out is not None  # the files show the whole store
            run = _build_into_store(documents, store, extraction, reading.replace, whole)
        done = documents.only(run.read)
        if out is not None:
            named = [store] if store is not None else list(inputs)
            title = _title(named, done if run.totals[0] == len(run.read) else [])
            _write_outputs(out, names, partial(_write_files, names=names, run=run, title=title))
        warn_undated(done)
    counted, actors, _, negated = run.totals
    failed = len(run.changed) - len(run.read)
    replaced = sum(doc_id in run.known for doc_id in run.read)
    return BuildSummary(
        documents=counted,
        actors=actors,
        relations={kind.value: run.totals[2][kind.value] for kind in RelationType},
        negated=negated,
        files=() if out is None else tuple(out / name for name in names),
        added=len(run.read) - replaced,
        replaced=replaced,
        skipped=len(documents) - len(run.read) - failed,
        failed=failed,
    )


Totals = tuple[int, int, Counter[str], int]
"""What a graph holds: its documents, its actors, its facts per relation name and its negated statements."""
Graphs = Callable[[], Iterator[tuple[URIRef, list[Triple]]]]
"""Named graphs (an IRI and its triples), made anew at each call."""


@dataclass(frozen=True)
class ExtractOptions:
    """How ``build`` extracts: the settings, and whether with a progress bar, strictly (a failed
    document is an error), on Dask ``workers``."""

    settings: Settings | None
    progress: bool
    strict: bool
    workers: Workers | None


@dataclass(frozen=True)
class _Run:
    """What a build made of the documents given: those that ``changed`` (all of them, but for a
    store), the ids of those ``read`` (their extraction did not fail), the named graphs and the
    relations to write (each made anew when called), their ``totals``, and the content hashes the
    store ``known`` before."""

    changed: Documents
    read: list[str]
    graphs: Graphs
    relations: Callable[[], Iterator[Relation]]
    totals: Totals
    known: dict[str, str]


@contextmanager
def _build_in_memory(documents: Documents, how: ExtractOptions) -> Iterator[_Run]:
    """The graph of ``documents``: each document's relations kept in a temporary file as it is
    extracted, read back with the actors' settled labels, for the block."""
    started = Extraction().started
    corpus = CorpusActors()
    with _spilled(extract_each(documents, how, corpus)) as spill:
        settle = partial(_settled, corpus=corpus, known={})
        extraction = Extraction(started=started)
        run = run_iri(spill.hashes, extraction)

        def graphs() -> Iterator[tuple[URIRef, list[Triple]]]:
            return (document_graph(document, settle(found), run, extraction) for document, found in spill)

        def relations() -> Iterator[Relation]:
            return (relation for _, found in spill for relation in settle(found))

        yield _Run(documents, spill.ids, graphs, relations, _count(len(spill.ids), relations()), {})


def _count(documents: int, relations: Iterable[Relation]) -> Totals:
    """The totals of a graph of this many ``documents`` and these relations."""
    drawn: set[URIRef] = set()
    counts: Counter[str] = Counter()
    negated = 0
    for relation in relations:
        drawn.update(actor_iri(actor.key) for actor in (relation.subject, relation.object))
        if is_fact(relation):
            counts[relation.relation.value] += 1
        else:
            negated += 1
    return documents, len(drawn), counts, negated


def _build_into_store(
    documents: Spool,
    store: str | os.PathLike[str],
    how: ExtractOptions,
    replace_sources: bool,
    whole: bool,
) -> _Run:
    """The documents that changed (by content hash) put into ``store`` (one build at a time), each
    in place of its old version; the totals are the whole store's, and with ``whole`` so are the
    graphs and relations (to write the files of), else there are none.

    The documents go into the store as they are extracted, a chunk of at least ``CHUNK`` documents
    and ``WRITE_EVERY`` seconds at a time (opening the store and writing take a fifth of a second
    or so, whatever the chunk), each chunk one transaction, so that a build stopped at any moment
    keeps the chunks before it, and a build of the same input goes on from there (the documents
    stored are skipped by content hash). The store is open only while a chunk is written: readers
    wait no longer than that. An actor's label and aliases are the corpus's when its document is
    written; at the end, those the corpus settled otherwise are set right in this build's graphs
    and the merge, and so is the run's end (``kg.rdf.graph.settle_store``).
    """
    started = Extraction().started
    with writer(store):
        with writing(store) as database:  # a moment: readers wait for the extraction no longer
            known, actors = document_hashes(database), stored_actors(database)
            if not replace_sources:
                _check_sources(database, documents, store)
            del database
        changed = documents.only(d.id for d in documents if known.get(d.id) != content_hash(d))
        run = run_iri((content_hash(document) for document in changed), Extraction(started=started))
        corpus = CorpusActors()
        settle = partial(_settled, corpus=corpus, known=actors)
        read: list[str] = []
        written: dict[str, set[Actor]] = {}  # an actor's key -> the forms its documents gave it
        for chunk in _chunks(extract_each(changed, how, corpus), CHUNK, WRITE_EVERY):
            extraction = Extraction(started=started)
            graphs = []
            for document, found in chunk:
                settled = settle(found)
                for actor in (actor for r in settled for actor in (r.subject, r.object)):
                    written.setdefault(actor.key, set()).add(actor)
                graphs.append(document_graph(document, settled, run, extraction))
                read.append(document.id)
            with writing(store, chunk=True) as database:
                add_graphs(database, graphs)
                del database
        final = {key: _settle_actor(next(iter(forms)), corpus, actors) for key, forms in written.items()}
        unsettled = [final[key] for key, forms in written.items() if forms != {final[key]}]
        with writing(store) as database:
            if read:
                settle_store(database, run, Extraction(started=started).ended, unsettled)
            graph = to_dataset(database) if whole else new_dataset()
            totals = _totals(database)
            del database
    return _Run(changed, read, partial(_named_graphs, graph), partial(_stored, graph), totals, known)


def _chunks(items: Iterable[T], size: int, seconds: float) -> Iterator[list[T]]:
    """``items`` in lists, as they come: each of at least ``size`` items and ``seconds`` (since the
    last list began) but the last."""
    chunk: list[T] = []
    began = time.monotonic()
    for item in items:
        chunk.append(item)
        if len(chunk) >= size and time.monotonic() - began >= seconds:
            yield chunk
            chunk, began = [], time.monotonic()
    if chunk:
        yield chunk


def _named_graphs(graph: Dataset) -> Iterator[tuple[URIRef, list[Triple]]]:
    """The named graphs of ``graph`` that hold anything."""
    return ((g.identifier, list(g)) for g in graph.graphs() if isinstance(g.identifier, URIRef) and len(g))


def _stored(graph: Dataset) -> Iterator[Relation]:
    """The relations of ``graph`` (``relations_from_graph``)."""
    return iter(relations_from_graph(graph))


_SOURCES = """SELECT ?id ?source WHERE {
  ?d a kg:Document ; dcterms:identifier ?id ; dcterms:source ?source }"""


def _check_sources(store: Source, documents: Iterable[Document], name: str | os.PathLike[str]) -> None:
    """KGError for a document whose id the store holds for a document read from elsewhere."""
    stored = {str(doc_id): str(source) for doc_id, source in run_query(store, _SOURCES).rows}
    for document in documents:
        before, source = stored.get(document.id), document.source
        if before is not None and source is not None and _origin(before) != _origin(source):
            raise KGError(
                f"{source}: document id {document.id!r} is already in the store {name}, read from"
                f" {before}; --replace replaces it"
            )


def _origin(source: str) -> str:
    """Where a source is: its URL, or its file's absolute path (a relative one from here)."""
    return source if is_url(source) else str(Path(source).resolve())


def _title(inputs: list[str | os.PathLike[str]], documents: Documents) -> str:
    """The page's title: the one document's own title, else the title of the one feed all come
    from, else the name of the one input (a folder, a file, a site, a store).

    >>> _title(["seeds/"], []), _title(["a.txt", "b.txt"], []), _title(["https://example.org/feed.rss"], [])
    ('Alliance graph: seeds', 'Alliance graph', 'Alliance graph: example.org')
    >>> _title(["a.rss", "b.rss"], [Document(str(n), "…", meta={"feed": "World News"}) for n in range(2)])
    'Alliance graph: World News'
    """
    own = next(iter(documents)).meta.get("title") if len(documents) == 1 else None
    feeds = {document.meta.get("feed") for document in documents}
    common = own if own or len(feeds) != 1 else feeds.pop()
    if isinstance(common, str) and common.strip():
        return f"Alliance graph: {' '.join(common.split())}"
    if len(inputs) == 1:
        name = str(inputs[0])
        return f"Alliance graph: {urlsplit(name).netloc if is_url(name) else Path(name).name}"
    return "Alliance graph"


_TOTALS = """SELECT ?relation ?modality (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a a kg:Assertion ; kg:relation ?relation ; kg:modality ?modality } GROUP BY ?relation ?modality"""
_ACTORS = """SELECT (COUNT(DISTINCT ?actor) AS ?n) WHERE {
  ?a a kg:Assertion { ?a kg:subject ?actor } UNION { ?a kg:object ?actor } }"""


def _totals(store: Source) -> Totals:
    """What a store holds."""
    facts: Counter[str] = Counter()
    negated = 0
    for relation, modality, count in run_query(store, _TOTALS).rows:
        if str(modality) == str(KG.negated):
            negated += int(str(count))
        else:
            facts[str(relation).removeprefix(str(KG._NS))] += int(str(count))
    ((actors,),) = run_query(store, _ACTORS).rows
    return len(document_hashes(store)), int(str(actors)), facts, negated


def extract_each(
    documents: Documents, how: ExtractOptions, corpus: CorpusActors
) -> Iterator[tuple[Document, list[Relation]]]:
    """Each document read (those whose extraction fails are left out) with its relations, as they
    come, their actors matched through ``corpus`` (as it knew them by then). On Dask workers the
    partitions' actors are matched here, in document order (the reduce of ``kg.app.distributed``)."""
    if not documents:
        return iter(())
    if how.workers is None:
        extracted = extract(documents, how.settings, corpus, how.strict)
    else:
        on_dask = extract_on_dask(documents, how.settings, how.strict, how.workers)
        extracted = ((document, list(in_corpus(corpus, relations))) for document, relations in on_dask)
    return with_progress(extracted, len(documents), how.progress)


def _settled(relations: list[Relation], corpus: CorpusActors, known: dict[str, Actor]) -> list[Relation]:
    """One document's relations, one per assertion, each actor with the one label and type it
    ends with (``_settle_actor``)."""
    settle = partial(_settle_actor, corpus=corpus, known=known)
    settled = (replace(r, subject=settle(r.subject), object=settle(r.object)) for r in relations)
    return one_per_assertion(settled)


def _settle_actor(actor: Actor, corpus: CorpusActors, known: dict[str, Actor]) -> Actor:
    """``actor`` with the label and type ``known`` gives it (a store's, by IRI), else those the
    corpus gave it last; the aliases are the corpus's."""
    stored = known.get(str(actor_iri(actor.key)))
    actor = corpus.settled(actor)
    return actor if stored is None else replace(actor, label=stored.label, type=stored.type)


class _Spill:
    """Each document read, with its relations, kept in a temporary file as extraction gives them
    (``_spilled``); each iteration reads them again, one document at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ids: list[str] = []
        self.hashes: list[str] = []

    def __iter__(self) -> Iterator[tuple[Document, list[Relation]]]:
        with open(self.path, "rb") as file:
            for _ in self.ids:
                yield pickle.load(file)  # written by ``_spilled``, in this process


@contextmanager
def _spilled(extracted: Iterable[tuple[Document, list[Relation]]]) -> Iterator[_Spill]:
    """``extracted`` run to the end and kept in a temporary file (under ``$TMPDIR``) for the block."""
    with tempfile.TemporaryDirectory(prefix="kg-relations-") as folder:
        spill = _Spill(Path(folder) / "relations.pickle")
        with open(spill.path, "wb") as file:
            for document, relations in extracted:
                pickle.dump((document, relations), file, protocol=pickle.HIGHEST_PROTOCOL)
                spill.ids.append(document.id)
                spill.hashes.append(content_hash(document))
        yield spill


def _write_files(staging: Path, names: tuple[str, str, str], run: _Run, title: str) -> None:
    """Write the graph (Turtle, or N-Quads as it is made, as ``names[0]`` says), the facts and the
    page of ``run`` into the folder ``staging``."""
    graph = new_dataset()
    if names[0].endswith(".nq"):
        write_nquads(added_to(graph, run.graphs()), staging / names[0])
    else:
        add_graphs_to(graph, run.graphs())
        save_graph(graph, staging / names[0])
    facts = (relation for relation in run.relations() if is_fact(relation))
    write_atomically(staging / names[1], (to_jsonl([relation]) for relation in facts))
    write_html(to_networkx(graph), staging / names[2], title=title)


def _write_outputs(out: Path, names: tuple[str, ...], write: Callable[[Path], None]) -> None:
    """Write the output files ``names`` into ``out`` (``write`` writes them into the folder it is
    given), replacing the old ones all at once if it can.

    They are written into a staging folder beside ``out`` that also gets (hard links to) every
    other file of ``out``; the two folders are then swapped by one atomic ``renameat2`` exchange,
    so that a kill at any moment leaves the old files or the new ones. Where ``out`` cannot
    be swapped (it holds a folder of its own, is the working folder, its parent is read-only or on
    another file system, or the exchange is not supported) the staging folder is made inside
    ``out`` and each file is moved over its old one by an atomic rename: every file is then old or
    new and whole. Staging folders left by killed builds are removed first.
    """
    out = out.absolute()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out)
        beside = not out.exists() or _swappable(out)
        where, prefix = (out.parent, f".{out.name}{STAGING}") if beside else (out, STAGING)
        staging = Path(tempfile.mkdtemp(dir=where, prefix=f"{prefix}{os.getpid()}-"))
    except OSError as exc:
        raise KGError(f"{out}: cannot create the output folder: {exc.strerror}") from None
    try:
        write(staging)
        if not out.exists():
            os.chmod(staging, 0o777 & ~umask())
            os.rename(staging, out)
        elif not (beside and _swap(staging, out, names)):
            for name in names:
                os.replace(staging / name, out / name)
    except OSError as exc:
        raise KGError(f"{out}: cannot write the output files: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


STAGING = ".kg-build-"  # then the PID of the build that made the folder


def _swappable(out: Path) -> bool:
    """Whether the folder ``out`` can be exchanged with a staging folder beside it: it holds no
    folder (one cannot hard-link a folder), it is not the working folder (the user's shell would
    be left in a removed one), and its parent is writable and on its file system."""
    return (
        Path.cwd() != out
        and os.access(out.parent, os.W_OK)
        and out.stat().st_dev == out.parent.stat().st_dev
        and not any(entry.is_dir() and not entry.is_symlink() for entry in out.iterdir())
    )


def _swap(staging: Path, out: Path, names: tuple[str, ...]) -> bool:
    """Give ``staging`` the rest of ``out``'s files and its permissions, then exchange the two
    folders atomically; whether the exchange is supported here."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    for entry in out.iterdir():
        if entry.name not in names:
            os.link(entry, staging / entry.name, follow_symlinks=False)
    os.chmod(staging, out.stat().st_mode & 0o7777)
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    if libc.renameat2(at_cwd, os.fsencode(staging), at_cwd, os.fsencode(out), exchange) != 0:
        if ctypes.get_errno() in (errno.EINVAL, errno.ENOSYS, errno.EXDEV):  # no exchange here
            return False
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(out))
    return True


def _remove_stale_staging(out: Path) -> None:
    """Remove the staging folders of builds into ``out`` that were killed (their PID is gone), beside
    ``out`` or inside it (those of builds that could not swap it, and of older kg versions)."""
    stale = [*out.parent.glob(f".{glob.escape(out.name)}{STAGING}*"), *out.glob(f"{STAGING}*")]
    for folder in stale:
        pid = folder.name.rpartition(STAGING)[2].split("-")[0]
        if not pid.isdigit() or not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
