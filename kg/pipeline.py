"""The flow end to end: documents -> parse -> relations -> store, as plain functions."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from kg.config import Settings
from kg.extract import extract_relations
from kg.model import Document, Modality, Relation
from kg.namespace import actor_iri
from kg.nlp import load_pipeline, parse_documents


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
