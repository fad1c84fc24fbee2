"""The flow end to end: documents -> parse -> relations -> store, as plain functions."""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Dataset

from kg.analysis.network import to_networkx
from kg.app.distributed import Workers, extract_on_dask
from kg.config import Settings
from kg.errors import KGError
from kg.extract.actors import CorpusActors
from kg.extract.corpus import extract, in_corpus, is_fact, to_jsonl, with_progress
from kg.files import umask
from kg.ingest.documents import Documents, ReadOptions, Spool, read_documents, spooled, warn_undated
from kg.ingest.web import WebOptions, is_url
from kg.model import Actor, Document, Relation, RelationType
from kg.namespace import KG, actor_iri
from kg.query.sparql import run_query
from kg.rdf.backends import Source, add_graphs, new_dataset, to_dataset, writer, writing
from kg.rdf.graph import (
    Extraction,
    build_graph,
    content_hash,
    document_graphs,
    document_hashes,
    one_per_assertion,
    relations_from_graph,
    save_graph,
    stored_actors,
)
from kg.render.page import write_html

OUTPUT_FILES = ("graph.ttl", "triples.jsonl", "alliances.html")


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
) -> BuildSummary:
    """Read ``inputs``, extract, and write ``graph.ttl``, ``triples.jsonl`` and ``alliances.html``.

    The graph keeps every relation, negated ones with that modality; ``triples.jsonl`` holds the
    facts only. Nothing in ``out_dir`` is touched until everything has been extracted and
    rendered; then the three files replace the old ones, all at once where the folder can be
    swapped (``_write_outputs``). Raises KGError for bad input.

    With ``store`` (a folder, created if missing) the documents go into that persistent store: a
    new one is added, a changed one (by content hash) replaces its old statements, an unchanged
    one is not parsed again. The files in ``out_dir`` (optional then) show the whole store.

    ``reading`` says how inputs are read and fetched (default: ``ReadOptions``, with pages that
    cannot be had an error if ``strict``). ``workers`` runs the extraction on Dask
    (``kg.app.distributed``).
    """
    if out_dir is None and store is None:
        raise KGError("nothing to write: give an output folder, a store, or both")
    out = None if out_dir is None else Path(out_dir)
    if out is not None and out.exists() and not out.is_dir():
        raise KGError(f"{out}: exists and is not a folder")
    skip = () if out is None else tuple(out / name for name in OUTPUT_FILES)
    reading = reading or ReadOptions(web=WebOptions(strict=strict))
    read = read_documents([os.fspath(path) for path in inputs], skip=skip, options=reading)
    with spooled(read) as documents:  # every input read and checked first, kept on disk
        if store is None:
            run = _build_in_memory(documents, settings, progress, strict, workers)
        else:
            whole = out is not None  # the files show the whole store
            run = _build_into_store(
                documents, store, settings, progress, strict, reading.replace, whole, workers
            )
    counted, actors, facts, negated = run.totals
    if out is not None:
        named = [store] if store is not None else list(inputs)
        title = _title(named, run.read if counted == len(run.read) else [])
        _write_outputs(run.graph, run.relations, out, title)
    warn_undated(run.read)
    failed = len(run.changed) - len(run.read)
    replaced = sum(document.id in run.known for document in run.read)
    return BuildSummary(
        documents=counted,
        actors=actors,
        relations={kind.value: facts[kind.value] for kind in RelationType},
        negated=negated,
        files=() if out is None else tuple(out / name for name in OUTPUT_FILES),
        added=len(run.read) - replaced,
        replaced=replaced,
        skipped=len(documents) - len(run.read) - failed,
        failed=failed,
    )


Totals = tuple[int, int, Counter[str], int]
"""What a graph holds: its documents, its actors, its facts per relation name and its negated statements."""


@dataclass(frozen=True)
class _Run:
    """What a build made of the documents given: those that ``changed`` (all of them, but for a
    store), those ``read`` (their extraction did not fail), the graph and relations to write, their
    ``totals``, and the content hashes the store ``known`` before."""

    changed: Documents
    read: list[Document]
    graph: Dataset
    relations: list[Relation]
    totals: Totals
    known: dict[str, str]


def _build_in_memory(
    documents: Documents,
    settings: Settings | None,
    progress: bool,
    strict: bool,
    workers: Workers | None,
) -> _Run:
    """The graph of ``documents``, in memory."""
    started = Extraction().started
    read, relations = extract_all(documents, settings, progress, {}, strict, workers)
    graph = build_graph(read, relations, Extraction(started=started))
    facts = [relation for relation in relations if is_fact(relation)]
    counts = Counter(relation.relation.value for relation in facts)
    drawn = {actor_iri(actor.key) for r in relations for actor in (r.subject, r.object)}
    totals = (len(read), len(drawn), counts, len(relations) - len(facts))
    return _Run(documents, read, graph, relations, totals, {})


def _build_into_store(
    documents: Spool,
    store: str | os.PathLike[str],
    settings: Settings | None,
    progress: bool,
    strict: bool,
    replace_sources: bool,
    whole: bool,
    workers: Workers | None,
) -> _Run:
    """The documents that changed (by content hash) put into ``store`` (one build at a time), each
    in place of its old version; the totals are the whole store's, and with ``whole`` so are the
    graph and relations (to write the files of), else they are this run's."""
    started = Extraction().started
    with writer(store):
        with writing(store) as database:  # a moment: readers wait for the extraction no longer
            known, actors = document_hashes(database), stored_actors(database)
            if not replace_sources:
                _check_sources(database, documents, store)
            del database
        changed = documents.only(d.id for d in documents if known.get(d.id) != content_hash(d))
        read, relations = extract_all(changed, settings, progress, actors, strict, workers)
        graph = new_dataset()  # the files show the whole store, or there are none
        with writing(store) as database:
            add_graphs(database, document_graphs(read, relations, Extraction(started=started)))
            if whole:
                graph = to_dataset(database)
                relations = relations_from_graph(graph)
            totals = _totals(database)
            del database
    return _Run(changed, read, graph, relations, totals, known)


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


def _title(inputs: list[str | os.PathLike[str]], documents: list[Document]) -> str:
    """The page's title: the one document's own title, else the title of the one feed all come
    from, else the name of the one input (a folder, a file, a site, a store).

    >>> _title(["seeds/"], []), _title(["a.txt", "b.txt"], []), _title(["https://example.org/feed.rss"], [])
    ('Alliance graph: seeds', 'Alliance graph', 'Alliance graph: example.org')
    >>> _title(["a.rss", "b.rss"], [Document(str(n), "…", meta={"feed": "World News"}) for n in range(2)])
    'Alliance graph: World News'
    """
    own = documents[0].meta.get("title") if len(documents) == 1 else None
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


def extract_all(
    documents: Documents,
    settings: Settings | None,
    progress: bool,
    known: dict[str, Actor],
    strict: bool,
    workers: Workers | None,
) -> tuple[list[Document], list[Relation]]:
    """The documents read (those whose extraction did not fail) and their relations, one per
    assertion, each actor with the one label and type it ends with: the one ``known`` gives it (a
    store's, by IRI), else the last the corpus gave it. On Dask ``workers`` the partitions' actors
    are matched here, in document order (the reduce of ``kg.app.distributed``)."""
    if not documents:
        return [], []
    corpus = CorpusActors()
    if workers is None:
        extracted = extract(documents, settings, corpus, strict)
    else:
        on_dask = extract_on_dask(documents, settings, strict, workers)
        extracted = ((document, list(in_corpus(corpus, relations))) for document, relations in on_dask)
    read: list[Document] = []
    relations: list[Relation] = []
    for document, found in with_progress(extracted, len(documents), progress):
        read.append(document)
        relations += found

    def settle(actor: Actor) -> Actor:
        stored = known.get(str(actor_iri(actor.key)))
        actor = corpus.settled(actor)
        return actor if stored is None else replace(actor, label=stored.label, type=stored.type)

    settled = (replace(r, subject=settle(r.subject), object=settle(r.object)) for r in relations)
    return read, one_per_assertion(settled)


def _write_outputs(graph: Dataset, relations: list[Relation], out: Path, title: str) -> None:
    """Write the three output files into ``out``, replacing the old ones all at once if it can.

    They are written into a staging folder beside ``out`` that also gets (hard links to) every
    other file of ``out``; the two folders are then swapped by one atomic ``renameat2`` exchange,
    so that a kill at any moment leaves the old three files or the new three. Where ``out`` cannot
    be swapped (it holds a folder of its own, is the working folder, its parent is read-only or on
    another file system, or the exchange is not supported) the staging folder is made inside
    ``out`` and each file is moved over its old one by an atomic rename: every file is then old or
    new and whole. Staging folders left by killed builds are removed first.
    """
    facts = [relation for relation in relations if is_fact(relation)]
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
        save_graph(graph, staging / "graph.ttl")
        (staging / "triples.jsonl").write_text(to_jsonl(facts), encoding="utf-8")
        write_html(to_networkx(graph), staging / "alliances.html", title=title)
        if not out.exists():
            os.chmod(staging, 0o777 & ~umask())
            os.rename(staging, out)
        elif not (beside and _swap(staging, out)):
            for name in OUTPUT_FILES:
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


def _swap(staging: Path, out: Path) -> bool:
    """Give ``staging`` the rest of ``out``'s files and its permissions, then exchange the two
    folders atomically; whether the exchange is supported here."""
    libc = ctypes.CDLL(None, use_errno=True)
    if not hasattr(libc, "renameat2"):
        return False
    for entry in out.iterdir():
        if entry.name not in OUTPUT_FILES:
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
