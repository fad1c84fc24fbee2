"""The flow end to end: documents -> parse -> relations -> store, as plain functions."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from rdflib import Dataset

from kg.analysis import to_networkx
from kg.backends import add_dataset, open_store, to_dataset
from kg.config import Settings
from kg.documents import read_documents
from kg.errors import KGError
from kg.extract import RULES, extract_relations
from kg.model import Document, Modality, Relation, RelationType
from kg.namespace import actor_iri
from kg.nlp import load_pipeline, parse_documents
from kg.render import write_html
from kg.resolve import CorpusActors
from kg.store import (
    Extraction,
    build_graph,
    content_hash,
    document_hashes,
    relations_from_graph,
    remove_document,
    save_graph,
)


def extract(
    documents: Iterable[Document], settings: Settings | None = None
) -> Iterator[tuple[Document, list[Relation]]]:
    """Parse each Document and yield it with the Relations read from it (negated ones included)."""
    settings = settings or Settings()
    nlp = load_pipeline(settings.model)
    corpus = CorpusActors()
    rules = [name for name in RULES if name not in settings.ablate]
    for document, paragraphs in parse_documents(nlp, documents, settings.batch_size):
        relations = extract_relations(document, paragraphs, rules=rules)
        yield document, list(in_corpus(corpus, relations))


def in_corpus(corpus: CorpusActors, relations: Iterable[Relation]) -> Iterator[Relation]:
    """One document's Relations with their actors made corpus-wide (``corpus`` learns them), each
    keeping the names its document uses."""
    for r in relations:
        yield replace(
            r,
            subject=corpus.canonical(r.subject),
            object=corpus.canonical(r.object),
            subject_name=r.subject_name or r.subject.label,
            object_name=r.object_name or r.object.label,
        )


def relation_record(relation: Relation) -> dict:
    """The JSON object ``kg extract`` writes for one relation."""
    record = {
        "doc": relation.evidence.doc_id,
        "subject": relation.subject_name or relation.subject.label,
        "relation": relation.relation.value,
        "object": relation.object_name or relation.object.label,
        "subject_id": str(actor_iri(relation.subject.key)),
        "object_id": str(actor_iri(relation.object.key)),
        "sentence": relation.evidence.sentence,
        "start": relation.evidence.start,
        "end": relation.evidence.end,
        "confidence": relation.confidence,
        "modality": relation.modality.value,
    }
    if relation.attributed_to:
        record["attributed_to"] = relation.attributed_to
    if relation.date:
        record["date"] = relation.date
    return record


def is_fact(relation: Relation) -> bool:
    return relation.modality is not Modality.NEGATED


def to_jsonl(relations: Iterable[Relation]) -> str:
    return "".join(json.dumps(relation_record(r), ensure_ascii=False) + "\n" for r in relations)


OUTPUT_FILES = ("graph.ttl", "triples.jsonl", "alliances.html")


@dataclass(frozen=True)
class BuildSummary:
    """What ``build`` read and wrote.

    ``relations`` counts the facts (relations that are not negated) per relation name, all seven
    present; ``negated`` counts the negated ones, which only the graph keeps. With a store these
    count the whole store when files were written, else the documents of this run; ``added``,
    ``replaced`` and ``skipped`` (unchanged) count the documents given.
    """

    documents: int
    actors: int
    relations: dict[str, int]
    negated: int
    files: tuple[Path, ...]
    added: int = 0
    replaced: int = 0
    skipped: int = 0


def with_progress(
    pairs: Iterable[tuple[Document, list[Relation]]], total: int, enabled: bool
) -> Iterator[tuple[Document, list[Relation]]]:
    """``pairs`` behind a tqdm bar over documents on stderr, if ``enabled``."""
    if not enabled:
        yield from pairs
        return
    from tqdm import tqdm

    with tqdm(pairs, total=total, unit="doc", desc="extracting", file=sys.stderr) as bar:
        yield from bar


def build(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str] | None,
    settings: Settings | None = None,
    progress: bool = False,
    store: str | os.PathLike[str] | None = None,
) -> BuildSummary:
    """Read ``inputs``, extract, and write ``graph.ttl``, ``triples.jsonl`` and ``alliances.html``.

    The graph keeps every relation, negated ones with that modality; ``triples.jsonl`` holds the
    facts only. Nothing in ``out_dir`` is touched until everything has been extracted and
    rendered: the three files are written to a staging folder inside ``out_dir`` and then moved
    over the old ones, each by an atomic ``os.replace``. Raises KGError for bad input.

    With ``store`` (a folder, created if missing) the documents go into that persistent store: a
    new one is added, a changed one (by content hash) replaces its old statements, an unchanged
    one is not parsed again. The files in ``out_dir`` (optional then) show the whole store.
    """
    if out_dir is None and store is None:
        raise KGError("nothing to write: give an output folder, a store, or both")
    out = None if out_dir is None else Path(out_dir)
    if out is not None and out.exists() and not out.is_dir():
        raise KGError(f"{out}: exists and is not a folder")
    documents = list(read_documents(inputs))
    database = None if store is None else open_store(store, create=True)
    known = {} if database is None else document_hashes(database)
    todo = [document for document in documents if known.get(document.id) != content_hash(document)]
    started = Extraction().started
    pairs = extract(todo, settings) if todo else iter(())
    relations = [relation for _, found in with_progress(pairs, len(todo), progress) for relation in found]
    graph = build_graph(todo, relations, Extraction(started=started))
    counted = len(documents)
    if database is not None:
        for document in todo:
            remove_document(database, document.id)
        add_dataset(database, graph)
        if out is not None:
            graph = to_dataset(database)
            relations = relations_from_graph(graph)
            counted = len(document_hashes(graph))
        else:
            counted = len(todo)
    if out is not None:
        title = f"Alliance graph: {documents[0].id}" if counted == 1 else "Alliance graph"
        _write_outputs(graph, relations, out, title)
    facts = [relation for relation in relations if is_fact(relation)]
    counts = Counter(relation.relation.value for relation in facts)
    actors = {actor_iri(actor.key) for r in relations for actor in (r.subject, r.object)}
    replaced = sum(document.id in known for document in todo)
    return BuildSummary(
        documents=counted,
        actors=len(actors),
        relations={kind.value: counts[kind.value] for kind in RelationType},
        negated=len(relations) - len(facts),
        files=() if out is None else tuple(out / name for name in OUTPUT_FILES),
        added=len(todo) - replaced,
        replaced=replaced,
        skipped=len(documents) - len(todo),
    )


def _write_outputs(graph: Dataset, relations: list[Relation], out: Path, title: str) -> None:
    """Write the three output files into ``out``, each replacing the old one only once all are ready."""
    facts = [relation for relation in relations if is_fact(relation)]
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=out, prefix=".kg-build-"))
    except OSError as exc:
        raise KGError(f"{out}: cannot create the output folder: {exc.strerror}") from None
    try:
        save_graph(graph, staging / "graph.ttl")
        (staging / "triples.jsonl").write_text(to_jsonl(facts), encoding="utf-8")
        write_html(to_networkx(graph), staging / "alliances.html", title=title)
        os.chmod(staging / "alliances.html", file_mode())  # write_html's temp file is private (0600)
        for name in OUTPUT_FILES:
            os.replace(staging / name, out / name)
    except OSError as exc:
        raise KGError(f"{out}: cannot write the output files: {exc.strerror}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def file_mode() -> int:
    """The permissions a new file gets under the process umask (``0o644`` under the usual ``022``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
