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

from rdflib import Dataset

from kg.analysis.network import to_networkx
from kg.config import Settings
from kg.errors import KGError
from kg.extract.actors import CorpusActors
from kg.extract.corpus import extract, is_fact, to_jsonl, with_progress
from kg.files import umask
from kg.ingest.documents import read_documents
from kg.model import Actor, Document, Relation, RelationType
from kg.namespace import actor_iri
from kg.rdf.backends import add_dataset, to_dataset, writer, writing
from kg.rdf.graph import (
    Extraction,
    build_graph,
    content_hash,
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
    count the whole store when files were written, else the documents of this run; ``added``,
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
) -> BuildSummary:
    """Read ``inputs``, extract, and write ``graph.ttl``, ``triples.jsonl`` and ``alliances.html``.

    The graph keeps every relation, negated ones with that modality; ``triples.jsonl`` holds the
    facts only. Nothing in ``out_dir`` is touched until everything has been extracted and
    rendered; then the three files replace the old ones, all at once where the folder can be
    swapped (``_write_outputs``). Raises KGError for bad input.

    With ``store`` (a folder, created if missing) the documents go into that persistent store: a
    new one is added, a changed one (by content hash) replaces its old statements, an unchanged
    one is not parsed again. The files in ``out_dir`` (optional then) show the whole store.
    """
    if out_dir is None and store is None:
        raise KGError("nothing to write: give an output folder, a store, or both")
    out = None if out_dir is None else Path(out_dir)
    if out is not None and out.exists() and not out.is_dir():
        raise KGError(f"{out}: exists and is not a folder")
    skip = () if out is None else tuple(out / name for name in OUTPUT_FILES)
    documents = list(read_documents([os.fspath(path) for path in inputs], skip=skip))
    started = Extraction().started
    if store is None:
        changed = documents
        todo, relations = _extract_all(changed, settings, progress, {}, strict)
        graph = build_graph(todo, relations, Extraction(started=started))
        known, counted = {}, len(todo)
    else:
        with writer(store):
            with writing(store) as database:  # a moment: readers wait for the extraction no longer
                known, actors = document_hashes(database), stored_actors(database)
                del database
            changed = [document for document in documents if known.get(document.id) != content_hash(document)]
            todo, relations = _extract_all(changed, settings, progress, actors, strict)
            graph = build_graph(todo, relations, Extraction(started=started))
            with writing(store) as database:
                add_dataset(database, graph)
                if out is not None:
                    graph = to_dataset(database)
                    relations = relations_from_graph(graph)
                del database
        counted = len(todo) if out is None else len(document_hashes(graph))
    failed = len(changed) - len(todo)
    if out is not None:
        left_out = {document.id for document in changed} - {document.id for document in todo}
        shown = [document for document in documents if document.id not in left_out]
        title = f"Alliance graph: {shown[0].id}" if counted == 1 and shown else "Alliance graph"
        _write_outputs(graph, relations, out, title)
    facts = [relation for relation in relations if is_fact(relation)]
    counts = Counter(relation.relation.value for relation in facts)
    drawn = {actor_iri(actor.key) for r in relations for actor in (r.subject, r.object)}
    replaced = sum(document.id in known for document in todo)
    return BuildSummary(
        documents=counted,
        actors=len(drawn),
        relations={kind.value: counts[kind.value] for kind in RelationType},
        negated=len(relations) - len(facts),
        files=() if out is None else tuple(out / name for name in OUTPUT_FILES),
        added=len(todo) - replaced,
        replaced=replaced,
        skipped=len(documents) - len(todo) - failed,
        failed=failed,
    )


def _extract_all(
    documents: list[Document],
    settings: Settings | None,
    progress: bool,
    known: dict[str, Actor],
    strict: bool,
) -> tuple[list[Document], list[Relation]]:
    """The documents read (those whose extraction did not fail) and their relations, one per
    assertion, each actor with the one label and type it ends with: the one ``known`` gives it (a
    store's, by IRI), else the last the corpus gave it."""
    if not documents:
        return [], []
    corpus = CorpusActors()
    pairs = with_progress(extract(documents, settings, corpus, strict), len(documents), progress)
    read: list[Document] = []
    relations: list[Relation] = []
    for document, found in pairs:
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

