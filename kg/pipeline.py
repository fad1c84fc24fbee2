"""The flow end to end: documents -> parse -> relations -> store, as plain functions."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.analysis import to_networkx
from kg.config import Settings
from kg.documents import read_documents
from kg.errors import KGError
from kg.extract import extract_relations
from kg.model import Document, Modality, Relation, RelationType
from kg.namespace import actor_iri
from kg.nlp import load_pipeline, parse_documents
from kg.render import write_html
from kg.store import build_graph, save_graph


def extract(
    documents: Iterable[Document], settings: Settings | None = None
) -> Iterator[tuple[Document, list[Relation]]]:
    """Parse each Document and yield it with the Relations read from it (negated ones included)."""
    settings = settings or Settings()
    nlp = load_pipeline(settings.model)
    for document, paragraphs in parse_documents(nlp, documents, settings.batch_size):
        yield document, extract_relations(document, paragraphs)


def relation_record(relation: Relation) -> dict:
    """The JSON object ``kg extract`` writes for one relation."""
    record = {
        "doc": relation.evidence.doc_id,
        "subject": relation.subject.label,
        "relation": relation.relation.value,
        "object": relation.object.label,
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
    present; ``negated`` counts the negated ones, which only the graph keeps.
    """

    documents: int
    actors: int
    relations: dict[str, int]
    negated: int
    files: tuple[Path, ...]


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
    out_dir: str | os.PathLike[str],
    settings: Settings | None = None,
    progress: bool = False,
) -> BuildSummary:
    """Read ``inputs``, extract, and write ``graph.ttl``, ``triples.jsonl`` and ``alliances.html``.

    The graph keeps every relation, negated ones with that modality; ``triples.jsonl`` holds the
    facts only. Nothing in ``out_dir`` is touched until everything has been extracted and
    rendered: the three files are written to a staging folder inside ``out_dir`` and then moved
    over the old ones, each by an atomic ``os.replace``. Raises KGError for bad input.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise KGError(f"{out}: exists and is not a folder")
    documents = list(read_documents(inputs))
    relations = [
        relation
        for _, found in with_progress(extract(documents, settings), len(documents), progress)
        for relation in found
    ]
    graph = build_graph(documents, relations)
    facts = [relation for relation in relations if is_fact(relation)]
    title = f"Alliance graph: {documents[0].id}" if len(documents) == 1 else "Alliance graph"
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
    counts = Counter(relation.relation.value for relation in facts)
    actors = {actor_iri(actor.key) for r in relations for actor in (r.subject, r.object)}
    return BuildSummary(
        documents=len(documents),
        actors=len(actors),
        relations={kind.value: counts[kind.value] for kind in RelationType},
        negated=len(relations) - len(facts),
        files=tuple(out / name for name in OUTPUT_FILES),
    )


def file_mode() -> int:
    """The permissions a new file gets under the process umask (``0o644`` under the usual ``022``)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
