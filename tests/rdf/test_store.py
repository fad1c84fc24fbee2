from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from rdflib import Dataset, Literal, URIRef, namespace
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS

from kg import __version__
from kg.errors import KGError
from kg.model import Actor, ActorType, Document, Evidence, Modality, Relation, RelationType
from kg.namespace import KG, actor_iri, document_iri, software_iri
from kg.rdf.graph import (
    NAMESPACES,
    Extraction,
    add_relations,
    build_graph,
    content_hash,
    document_hashes,
    load_graph,
    new_dataset,
    relations_from_graph,
    remove_document,
    save_graph,
)

RUSSIA = Actor("russia", "Russia", ActorType.STATE, ("Russia", "Moscow"))
SYRIA = Actor("syria", "Syrian government", ActorType.GOVERNMENT)
FRANCE = Actor("france", "France", ActorType.STATE)
ESTONIA = Actor("estonia", "Estonia", ActorType.LOCATION)
DOCS = [
    Document("d1", "Russia backs Damascus.", "2024-03-02", "https://example.org/a"),
    Document("d2", "France will not deploy to Estonia.", "early March"),
]
RELATIONS = [
    Relation(RUSSIA, RelationType.SUPPORTS, SYRIA, Evidence("d1", "Russia backs Damascus.", 0, 22), 0.85),
    Relation(
        FRANCE,
        RelationType.DEPLOYS_TO,
        ESTONIA,
        Evidence("d2", "France will not deploy to Estonia.", 0, 34),
        0.6,
        Modality.NEGATED,
        date="2024-03-01",
        attributed_to="Reuters",
    ),
]
RUN = Extraction(datetime(2024, 3, 3, 10, 0, tzinfo=UTC), datetime(2024, 3, 3, 10, 5, tzinfo=UTC))
FORMATS = ["ttl", "trig", "nt", "nq", "jsonld"]
QUAD_FORMATS = ["trig", "nq", "jsonld"]

UNSAFE = '<script>alert("x")</script> \'quoted\' back\\slash /a/b """ Ḥaftar 東京 \U0001f600\nline two\t'


def quads(ds: Dataset) -> set:
    return {(s, p, o, getattr(c, "identifier", c)) for s, p, o, c in ds.quads((None, None, None, None))}


def triples(ds: Dataset) -> set:
    return {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}


@pytest.fixture
def ds() -> Dataset:
    return build_graph(DOCS, RELATIONS, RUN)


def test_one_named_graph_per_document(ds):
    names = {g.identifier for g in ds.graphs() if len(g)}
    assert names == {document_iri("d1"), document_iri("d2")}


def test_actors_documents_and_assertions(ds):
    russia = actor_iri("russia")
    assert (russia, RDF.type, KG.State) in ds
    assert (russia, RDFS.label, Literal("Russia")) in ds
    assert set(ds.objects(russia, SKOS.altLabel)) == {Literal("Moscow")}
    assert (actor_iri("estonia"), RDF.type, KG.Location) in ds

    d1 = document_iri("d1")
    assert {KG.Document, PROV.Entity} <= set(ds.objects(d1, RDF.type))
    assert ds.value(d1, DCTERMS.identifier) == Literal("d1")
    assert ds.value(d1, DCTERMS.source) == URIRef("https://example.org/a")  # a web page is an IRI
    assert ds.value(d1, DCTERMS.date) == Literal("2024-03-02", datatype=namespace.XSD.date)
    assert ds.value(document_iri("d2"), DCTERMS.date) == Literal("early March")

    (support,) = ds.subjects(KG.relation, KG.supports)
    assert {KG.Assertion, PROV.Entity} <= set(ds.objects(support, RDF.type))
    assert ds.value(support, KG.subject) == russia
    assert ds.value(support, KG.object) == actor_iri("syria")
    assert ds.value(support, KG.evidence) == Literal("Russia backs Damascus.")
    assert ds.value(support, KG.charStart) == Literal(0)
    assert ds.value(support, KG.charEnd) == Literal(22)
    assert ds.value(support, KG.confidence).datatype == namespace.XSD.decimal
    assert ds.value(support, KG.modality) == KG.asserted
    assert ds.value(support, PROV.wasDerivedFrom) == d1
    assert (support, KG.supports, None) not in ds

    (deploy,) = ds.subjects(KG.relation, KG.deploysTo)
    assert ds.value(deploy, KG.modality) == KG.negated
    assert ds.value(deploy, KG.date) == Literal("2024-03-01", datatype=namespace.XSD.date)
    assert ds.value(deploy, KG.attributedTo) == Literal("Reuters")


def test_direct_triples_only_for_relations_not_negated(ds):
    assert (actor_iri("russia"), KG.supports, actor_iri("syria")) in ds
    assert (actor_iri("france"), KG.deploysTo, actor_iri("estonia")) not in ds


def test_assertions_are_in_their_documents_graph(ds):
    (support,) = ds.subjects(KG.relation, KG.supports)
    assert (support, RDF.type, KG.Assertion) in ds.graph(document_iri("d1"))
    assert (support, RDF.type, KG.Assertion) not in ds.graph(document_iri("d2"))


def test_add_relations_is_idempotent_and_types_unlisted_documents(ds):
    before = quads(ds)
    add_relations(ds, DOCS, RELATIONS, RUN)
    assert quads(ds) == before
    evidence = Evidence("d3", "France condemns Russia.", 5, 28)
    extra = Relation(FRANCE, RelationType.OPPOSES, RUSSIA, evidence, 0.7)
    add_relations(ds, [], [extra])
    assert (document_iri("d3"), RDF.type, KG.Document) in ds.graph(document_iri("d3"))


def test_bindings_are_kg_and_core_only():
    prefixes = {prefix for prefix, _ in new_dataset().namespaces()}
    assert prefixes == set(NAMESPACES) | {"owl", "rdf", "xml"}


@pytest.mark.parametrize("suffix", FORMATS)
def test_round_trip(ds, tmp_path, suffix):
    path = save_graph(ds, tmp_path / f"graph.{suffix}")
    loaded = load_graph(path)
    assert triples(loaded) == triples(ds)
    if suffix in QUAD_FORMATS:
        assert quads(loaded) == quads(ds)
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_graph_read_from_turtle_converts_to_every_format(ds, tmp_path, suffix):
    flat = load_graph(save_graph(ds, tmp_path / "flat.ttl"))
    assert triples(load_graph(save_graph(flat, tmp_path / f"graph.{suffix}"))) == triples(ds)


@pytest.mark.parametrize("suffix", FORMATS)
def test_unsafe_names_give_parseable_output(tmp_path, suffix):
    odd = Actor(UNSAFE, UNSAFE, ActorType.ARMED_GROUP, (UNSAFE + " alias",))
    other = Actor("東京", "東京", ActorType.LOCATION)
    doc = Document('a/b<script>?x=1&y="2"', UNSAFE, "2024-02-30", UNSAFE)
    relation = Relation(odd, RelationType.DEPLOYS_TO, other, Evidence(doc.id, UNSAFE, 0, len(UNSAFE)), 1)
    ds = build_graph([doc], [relation])
    loaded = load_graph(save_graph(ds, tmp_path / f"odd.{suffix}"))
    assert triples(loaded) == triples(ds)
    assert Literal(UNSAFE) in set(loaded.objects(None, KG.evidence))
    assert ds.value(document_iri(doc.id), DCTERMS.date) == Literal("2024-02-30")


def test_turtle_header_has_exactly_the_bound_prefixes(ds, tmp_path):
    text = save_graph(ds, tmp_path / "graph.ttl").read_text(encoding="utf-8")
    header = set(re.findall(r"^PREFIX (\w*):", text, flags=re.MULTILINE))
    assert header <= set(NAMESPACES) | {"owl", "rdf", "xml"}
    assert {"kg", "kga", "kgd", "kgs", "rdfs", "skos", "prov", "dcterms", "xsd"} <= header
    assert "ns1" not in text


@pytest.mark.parametrize("suffix", FORMATS)
def test_no_invented_prefixes(ds, tmp_path, suffix):
    assert "ns1" not in save_graph(ds, tmp_path / f"graph.{suffix}").read_text(encoding="utf-8")


def test_turtle_is_deterministic(tmp_path):
    first = save_graph(build_graph(DOCS, RELATIONS, RUN), tmp_path / "a.ttl").read_bytes()
    second = save_graph(build_graph(DOCS[::-1], RELATIONS[::-1], RUN), tmp_path / "b.ttl").read_bytes()
    assert first == second


def test_builds_at_other_times_differ_only_in_the_runs_timestamps(tmp_path):
    later = Extraction(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))
    first = save_graph(build_graph(DOCS, RELATIONS, RUN), tmp_path / "a.ttl").read_text().splitlines()
    second = save_graph(build_graph(DOCS, RELATIONS, later), tmp_path / "b.ttl").read_text().splitlines()
    changed = [line for line in first if line not in second]
    assert len(first) == len(second)
    assert len(changed) == 2
    assert all("AtTime" in line for line in changed)


def test_every_assertion_has_its_provenance(ds):
    agent = software_iri(__version__)
    (run,) = set(ds.objects(None, PROV.wasGeneratedBy))
    for node in ds.subjects(RDF.type, KG.Assertion):
        assert ds.value(node, PROV.wasGeneratedBy) == run
        assert ds.value(node, PROV.wasDerivedFrom) is not None
    assert (run, RDF.type, PROV.Activity) in ds
    assert ds.value(run, PROV.startedAtTime).toPython() == RUN.started
    assert ds.value(run, PROV.endedAtTime).toPython() == RUN.ended
    assert ds.value(run, PROV.wasAssociatedWith) == agent
    assert (agent, RDF.type, PROV.SoftwareAgent) in ds
    assert ds.value(agent, SDO.softwareVersion) == Literal(__version__)
    # each document's graph describes the run, so that it stands alone
    for name in (document_iri("d1"), document_iri("d2")):
        assert (run, RDF.type, PROV.Activity) in ds.graph(name)


def test_documents_carry_their_content_hash(ds):
    assert document_hashes(ds) == {doc.id: content_hash(doc) for doc in DOCS}
    changed = Document("d1", "Russia backs Damascus again.", "2024-03-02", "https://example.org/a")
    assert content_hash(changed) != content_hash(DOCS[0])
    assert content_hash(DOCS[0]).startswith("sha256:") and len(content_hash(DOCS[0])) == 71


def test_remove_document_removes_its_statements_only(ds):
    assert remove_document(ds, "d1") is True
    assert remove_document(ds, "d1") is False
    assert (actor_iri("russia"), KG.supports, actor_iri("syria")) not in ds
    assert not list(ds.subjects(KG.relation, KG.supports))
    assert list(ds.subjects(KG.relation, KG.deploysTo))
    assert set(document_hashes(ds)) == {"d2"}


def test_relations_read_back_rebuild_the_same_graph(ds, seed_documents, seed_relations):
    assert triples(build_graph(DOCS, relations_from_graph(ds), RUN)) == triples(ds)
    seed = build_graph(seed_documents, seed_relations, RUN)
    assert triples(build_graph(seed_documents, relations_from_graph(seed), RUN)) == triples(seed)


def test_save_replaces_an_existing_file_in_an_explicit_format(ds, tmp_path):
    path = tmp_path / "graph.out"
    path.write_text("old", encoding="utf-8")
    save_graph(ds, path, format="nt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(triples(ds))
    assert lines == sorted(lines)
    assert [p.name for p in tmp_path.iterdir()] == ["graph.out"]


def test_save_creates_parent_folders(ds, tmp_path):
    assert save_graph(ds, tmp_path / "new" / "folder" / "g.trig").is_file()


def test_save_failure_leaves_no_temporary_file(ds, tmp_path):
    (tmp_path / "taken.ttl").mkdir()
    with pytest.raises(KGError, match=r"taken\.ttl: cannot write"):
        save_graph(ds, tmp_path / "taken.ttl")
    assert [p.name for p in tmp_path.iterdir()] == ["taken.ttl"]


def test_save_unknown_format(ds, tmp_path):
    with pytest.raises(KGError, match="unknown graph"):
        save_graph(ds, tmp_path / "graph.xml")
    with pytest.raises(KGError, match="unknown graph format 'rdfxml'"):
        save_graph(ds, tmp_path / "graph.ttl", format="rdfxml")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.ttl", None, "missing.ttl: no such file"),
        ("empty.ttl", "", "empty.ttl: the file is empty"),
        ("blank.nq", "  \n\n", "blank.nq: the file is empty"),
        ("bad.ttl", "<a:a> <b:b> <c:c>\n\n<d:d> .", "bad.ttl: not valid Turtle: line 3"),
        ("bad.trig", "<http://ex/g> { <http://ex/a> ", "bad.trig: not valid TriG"),
        ("bad.nt", "garbage\n", "bad.nt: not valid N-Triples: Invalid line"),
        ("bad.jsonld", '{"@id": ', "bad.jsonld: not valid JSON-LD: Expecting value"),
        ("remote.jsonld", '{"@context": "https://example.org/ctx", "@id": "x"}', "remote JSON-LD @context"),
        ("graph.csv", "a,b\n", "unknown graph extension '.csv'"),
    ],
)
def test_load_errors_are_one_line_kgerrors(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(KGError, match=re.escape(message)) as caught:
        load_graph(path)
    assert "\n" not in str(caught.value)


def test_load_binary_file(tmp_path):
    path = tmp_path / "image.ttl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    with pytest.raises(KGError, match=r"image\.ttl: not valid Turtle"):
        load_graph(path)


def test_load_turtle_from_elsewhere_goes_to_the_default_graph(tmp_path):
    path = tmp_path / "other.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    ds = load_graph(path)
    statement = (
        URIRef("http://example.org/a"),
        URIRef("http://example.org/b"),
        URIRef("http://example.org/c"),
    )
    assert statement in ds
    assert dict(ds.namespaces())["kg"] == URIRef(str(KG._NS))
