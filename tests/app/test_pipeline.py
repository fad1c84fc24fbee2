"""The real pipeline (spaCy model, rules, resolution) over seeds/ and small inputs."""

from __future__ import annotations

import json

import pytest

from kg.app.pipeline import OUTPUT_FILES, build
from kg.config import Settings
from kg.errors import KGError
from kg.extract.corpus import extract, is_fact, relation_record, to_jsonl
from kg.ingest.documents import read_documents
from kg.model import Document, Modality, RelationType
from kg.namespace import ACTOR
from tests.paths import DATA

SEVEN = {"supports", "signsAgreementWith", "deploysTo", "opposes", "leads", "memberOf", "meetsWith"}


def facts(relations) -> set[tuple[str, str, str]]:
    return {(r.subject.label, r.relation.value, r.object.label) for r in relations if is_fact(r)}


def test_the_seed_gives_relations_of_the_seven_kinds_only(seed_relations):
    assert len(seed_relations) >= 5
    assert {r.relation.value for r in seed_relations} <= SEVEN
    assert {r.value for r in RelationType} == SEVEN


def test_evidence_offsets_point_at_the_sentence_in_the_document(seed_documents, seed_relations):
    texts = {document.id: document.text for document in seed_documents}
    for relation in seed_relations:
        evidence = relation.evidence
        assert evidence.doc_id in texts
        assert 0 <= evidence.start < evidence.end <= len(texts[evidence.doc_id])
        assert texts[evidence.doc_id][evidence.start : evidence.end] == evidence.sentence
        assert "\n\n" not in evidence.sentence  # sentences never cross a paragraph break


def test_confidence_and_modality_are_in_range(seed_relations):
    for relation in seed_relations:
        assert 0 < relation.confidence <= 1
        assert isinstance(relation.modality, Modality)
        assert relation.subject.key != relation.object.key  # no actor relates to itself


def test_the_seed_s_plain_statements_are_found(seed_relations):
    found = facts(seed_relations)
    # "Egypt, alongside Russia, supports the Libyan National Army, led by Field Marshal Khalifa Haftar"
    assert ("Egypt", "supports", "Libyan National Army") in found
    assert ("Russia", "supports", "Libyan National Army") in found
    assert ("Khalifa Haftar", "leads", "Libyan National Army") in found
    # "Turkey recently signed a military cooperation agreement with the ... Government of National
    # Accord (GNA), led by Prime Minister Fayez al-Sarraj."
    assert ("Turkey", "signsAgreementWith", "Government of National Accord") in found
    assert ("Fayez al-Sarraj", "leads", "Government of National Accord") in found


def test_records_carry_every_field_and_are_json(seed_relations, record_fields):
    for relation in seed_relations:
        record = relation_record(relation)
        assert set(record) >= record_fields
        assert record["relation"] in SEVEN
        assert record["subject_id"].startswith(str(ACTOR))
        assert record["object_id"].startswith(str(ACTOR))
        assert json.loads(json.dumps(record)) == record
    lines = to_jsonl(seed_relations).splitlines()
    assert [json.loads(line) for line in lines] == [relation_record(r) for r in seed_relations]


def test_extraction_is_deterministic(seed_documents, seed_relations):
    again = [relation for _, relations in extract(seed_documents) for relation in relations]
    assert [relation_record(r) for r in again] == [relation_record(r) for r in seed_relations]


def test_jsonl_documents_keep_their_ids_and_a_denial_is_negated():
    documents = list(read_documents([DATA / "records.jsonl"]))
    pairs = list(extract(documents))
    assert [document.id for document, _ in pairs] == ["r1", "r2"]
    for document, relations in pairs:
        assert all(r.evidence.doc_id == document.id for r in relations)
    relations = {(r.subject.label, r.relation.value, r.modality) for _, found in pairs for r in found}
    # "Russia does not support the Government of National Accord."
    assert ("Russia", "supports", Modality.NEGATED) in relations
    negated = [r for _, found in pairs for r in found if r.modality is Modality.NEGATED]
    assert negated and not any(is_fact(r) for r in negated)
    assert ("Egypt", "supports", "Libyan National Army") in facts(r for _, found in pairs for r in found)


def test_an_unknown_model_is_a_kg_error():
    documents = list(read_documents([DATA / "folder"]))
    with pytest.raises(KGError, match="spaCy pipeline 'no_such_model' is not installed"):
        list(extract(documents, Settings(model="no_such_model")))


def test_build_writes_the_three_files_and_counts(tmp_path):
    summary = build([DATA / "records.jsonl"], tmp_path / "out")
    assert summary.documents == 2
    assert summary.negated >= 1
    assert set(summary.relations) == SEVEN
    assert summary.relations["supports"] >= 2
    assert summary.actors >= 4
    assert summary.files == tuple(tmp_path / "out" / name for name in OUTPUT_FILES)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(OUTPUT_FILES)
    records = [json.loads(line) for line in (tmp_path / "out" / "triples.jsonl").read_text().splitlines()]
    assert len(records) == sum(summary.relations.values())
    assert all(record["modality"] != "negated" for record in records)


def test_parse_documents_keeps_each_document_with_its_own_paragraphs_in_order():
    from kg.nlp import load_pipeline, parse_documents

    texts = ["Chile backs Peru.\n\nPeru thanks Chile.", "   ", "Norway met Ghana.", "\n", "A.\nB.\nC."]
    documents = [Document(f"d{i}", text) for i, text in enumerate(texts)]
    parsed = list(parse_documents(load_pipeline(Settings().model), documents, batch_size=2))
    assert [document.id for document, _ in parsed] == ["d0", "d1", "d2", "d3", "d4"]
    for document, paragraphs in parsed:
        shown = [document.text[p.offset : p.offset + len(p.doc.text)] for p in paragraphs]
        assert shown == [p.doc.text for p in paragraphs]
    assert [len(paragraphs) for _, paragraphs in parsed] == [2, 0, 1, 0, 3]


def test_a_state_is_named_as_its_document_writes_it():
    """The gazetteer knows Bosnia as "Bosnia and Herzegovina"; a text that writes "Bosnia" gets
    "Bosnia" in its records (the node keeps the canonical label), so scoring by names works."""
    from kg.extract.corpus import extract, relation_record
    from kg.model import Document

    ((_, relations),) = extract([Document("d", "Bosnia signed a deal with Chile.")])
    (relation,) = relations
    assert relation.subject.label == "Bosnia and Herzegovina"
    assert relation_record(relation)["subject"] == "Bosnia"


def test_a_capital_named_as_a_place_is_its_states_node():
    """One node a state: troops sent to Lima go to Peru's node, and the record names Lima as written."""
    from kg.extract.corpus import extract, relation_record
    from kg.model import Document

    ((_, relations),) = extract([Document("d", "Chile sent troops to Lima. Peru protested.")])
    (deployment,) = [r for r in relations if r.relation.value == "deploysTo"]
    assert deployment.object.label == "Peru"
    assert relation_record(deployment)["object"] == "Lima"
