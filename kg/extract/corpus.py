"""Extraction over a corpus: documents -> parsed sections -> relations whose actors are the corpus's."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from kg.config import Settings
from kg.errors import KGError, KGWarning
from kg.extract.actors import CorpusActors, DocumentActors
from kg.extract.relations import RULES, extract_relations
from kg.model import Document, Modality, Relation
from kg.namespace import actor_iri
from kg.nlp import load_pipeline, parse_sections

T = TypeVar("T")

SECTION = 100_000  # characters of a document parsed and read at once


def extract(
    documents: Iterable[Document],
    settings: Settings | None = None,
    corpus: CorpusActors | None = None,
    strict: bool = False,
) -> Iterator[tuple[Document, list[Relation]]]:
    """Parse each Document and yield it with the Relations read from it (negated ones included).

    ``corpus`` (default: a new one) matches each document's actors to those of the documents before.
    A document longer than ``SECTION`` characters is read a section at a time, so that memory does
    not grow with it: names and pronouns are then resolved within the section.

    A document whose extraction fails is left out with a KGWarning naming it and the error (not
    yielded: none of its relations is kept), and the others go on; with ``strict`` it is a KGError.
    """
    settings = settings or Settings()
    nlp = load_pipeline(settings.model)
    corpus = corpus or CorpusActors()
    rules = [name for name in RULES if name not in settings.ablate]
    relations: list[Relation] = []
    failed = False
    for document, paragraphs, last in parse_sections(nlp, documents, settings.batch_size, SECTION):
        if not failed:
            try:
                actors = DocumentActors(paragraphs, document.text, offices=corpus.office)
                relations += extract_relations(document, paragraphs, actors=actors, rules=rules)
                found = list(in_corpus(corpus, relations)) if last else []
            except Exception as exc:  # a bug met in one document: the others are still read
                if strict:
                    raise KGError(f"{document.id}: extraction failed: {_describe(exc)} (--strict)") from exc
                message = f"{document.id}: left out, its extraction failed: {_describe(exc)}"
                warnings.warn(message, KGWarning, stacklevel=2)
                failed = True
        if last:
            if not failed:
                yield document, found
            relations, failed = [], False


def _describe(exc: Exception) -> str:
    """``exc`` as one line: its type and message."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def in_corpus(corpus: CorpusActors, relations: Iterable[Relation]) -> Iterator[Relation]:
    """One document's Relations with their actors made corpus-wide (``corpus`` learns them), each
    keeping the names its document uses."""
    for r in relations:
        resolved = replace(
            r,
            subject=corpus.canonical(r.subject),
            object=corpus.canonical(r.object),
            subject_name=r.subject_name or r.subject.label,
            object_name=r.object_name or r.object.label,
        )
        corpus.learn(resolved)
        yield resolved


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


def with_progress(items: Iterable[T], total: int, enabled: bool) -> Iterator[T]:
    """``items`` (one per document) behind a tqdm bar over documents on stderr, if ``enabled``."""
    if not enabled:
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, total=total, unit="doc", desc="extracting", file=sys.stderr) as bar:
        yield from bar
