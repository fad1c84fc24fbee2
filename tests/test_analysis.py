from __future__ import annotations

import hashlib
from datetime import date as Date

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.analysis import to_networkx
from kg.model import ActorType, Modality, RelationType
from kg.namespace import (
    ASSERTION,
    KG,
    PREFIXES,
    actor_iri,
    actor_type_iri,
    document_iri,
    modality_iri,
    relation_iri,
)

R, M = RelationType, Modality
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

EGYPT, RUSSIA, LNA, TURKEY, GNA, HAFTAR, LIBYA, ALGERIA = (
    actor_iri(key) for key in ("Egypt", "Russia", "LNA", "Turkey", "GNA", "Haftar", "Libya", "Algeria")
)


def add_document(dataset: Dataset, doc_id: str, date: str | None = None) -> Graph:
    graph = dataset.graph(document_iri(doc_id))
    graph.add((document_iri(doc_id), RDF.type, KG.Document))
    graph.add((document_iri(doc_id), DCTERMS.identifier, Literal(doc_id)))
    if date:
        graph.add((document_iri(doc_id), DCTERMS.date, Literal(Date.fromisoformat(date))))
    return graph


def add_actor(graph: Graph, key: str, label: str, actor_type: ActorType, *aliases: str) -> URIRef:
    iri = actor_iri(key)
    graph.add((iri, RDF.type, actor_type_iri(actor_type)))
    graph.add((iri, RDFS.label, Literal(label)))
    for alias in aliases:
        graph.add((iri, SKOS.altLabel, Literal(alias)))
    return iri


def add_assertion(
    graph: Graph,
    subject: URIRef,
    relation: RelationType,
    obj: URIRef,
    sentence: str,
    modality: Modality = Modality.ASSERTED,
    start: int = 0,
    date: str | None = None,
) -> URIRef:
    doc = graph.identifier
    key = f"{doc}|{subject}|{relation.value}|{obj}|{start}"
    node = ASSERTION[hashlib.sha1(key.encode()).hexdigest()[:16]]
    graph.add((node, RDF.type, KG.Assertion))
    graph.add((node, KG.subject, subject))
    graph.add((node, KG.relation, relation_iri(relation)))
    graph.add((node, KG.object, obj))
    graph.add((node, KG.evidence, Literal(sentence)))
    graph.add((node, KG.charStart, Literal(start)))
    graph.add((node, KG.charEnd, Literal(start + len(sentence))))
    graph.add((node, KG.confidence, Literal(0.85)))
    graph.add((node, KG.modality, modality_iri(modality)))
    graph.add((node, PROV.wasDerivedFrom, doc))
    if date:
        graph.add((node, KG.date, Literal(date)))
    if modality is not Modality.NEGATED:
        graph.add((subject, relation_iri(relation), obj))
    return node


@pytest.fixture
def dataset() -> Dataset:
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    d1 = add_document(dataset, "d1", "2019-12-20")
    add_actor(d1, "Egypt", "Egypt", ActorType.STATE, "Egyptian", "Cairo")
    add_actor(d1, "Russia", "Russia", ActorType.STATE)
    add_actor(d1, "LNA", "Libyan National Army", ActorType.ARMED_GROUP, "LNA")
    add_actor(d1, "Turkey", "Turkey", ActorType.STATE, "Ankara")
    add_actor(d1, "GNA", "Government of National Accord", ActorType.GOVERNMENT, "GNA")
    add_actor(d1, "Haftar", "Khalifa Haftar", ActorType.PERSON)
    add_actor(d1, "Libya", "Libya", ActorType.LOCATION)
    add_actor(d1, "Algeria", "Algeria", ActorType.STATE)
    sentence = "Egypt, alongside Russia, supports the Libyan National Army."
    add_assertion(d1, EGYPT, R.SUPPORTS, LNA, sentence, start=100)
    add_assertion(d1, RUSSIA, R.SUPPORTS, LNA, sentence, start=100)
    add_assertion(d1, TURKEY, R.SIGNS_AGREEMENT_WITH, GNA, "Turkey signed a deal with the GNA.")
    add_assertion(d1, TURKEY, R.SUPPORTS, GNA, "Turkey backs the GNA.", start=40)
    add_assertion(d1, HAFTAR, R.LEADS, LNA, "Haftar leads the LNA.", start=200)
    add_assertion(d1, EGYPT, R.DEPLOYS_TO, LIBYA, "Egypt will send tanks.", M.INTENDED, 300)
    add_assertion(d1, EGYPT, R.SUPPORTS, GNA, "Egypt does not back the GNA.", M.NEGATED, 400)
    add_assertion(d1, ALGERIA, R.SUPPORTS, HAFTAR, "Algeria does not back Haftar.", M.NEGATED, 500)
    d2 = add_document(dataset, "d2", "2019-12-21")
    add_actor(d2, "Egypt", "Egypt", ActorType.STATE, "Cairo")
    add_actor(d2, "LNA", "Libyan National Army", ActorType.ARMED_GROUP)
    add_assertion(d2, EGYPT, R.SUPPORTS, LNA, "Sources say Cairo backs the LNA.", M.REPORTED)
    add_assertion(d2, EGYPT, R.OPPOSES, TURKEY, "Egypt opposes Turkey.", start=50, date="2019-12-18")
    return dataset


def test_counts(dataset):
    G = to_networkx(dataset)
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == 7
    assert G.number_of_edges() == 7
    assert str(ALGERIA) not in G


def test_parallel_edges_of_different_relations_are_kept(dataset):
    G = to_networkx(dataset)
    assert sorted(G[str(TURKEY)][str(GNA)]) == ["signsAgreementWith", "supports"]
    assert G.edges[str(TURKEY), str(GNA), "signsAgreementWith"]["relation"] == "signsAgreementWith"


def test_one_edge_gathers_every_assertion_of_a_triple(dataset):
    edge = to_networkx(dataset).edges[str(EGYPT), str(LNA), "supports"]
    assert edge["count"] == 2
    assert edge["modalities"] == ["asserted", "reported"]
    assert edge["evidence"] == [
        {
            "sentence": "Egypt, alongside Russia, supports the Libyan National Army.",
            "doc": "d1",
            "date": "2019-12-20",
            "modality": "asserted",
            "confidence": 0.85,
        },
        {
            "sentence": "Sources say Cairo backs the LNA.",
            "doc": "d2",
            "date": "2019-12-21",
            "modality": "reported",
            "confidence": 0.85,
        },
    ]


def test_assertion_date_overrides_document_date(dataset):
    [evidence] = to_networkx(dataset).edges[str(EGYPT), str(TURKEY), "opposes"]["evidence"]
    assert evidence["date"] == "2019-12-18"


def test_negated_assertions_are_left_out_by_default(dataset):
    G = to_networkx(dataset)
    assert not G.has_edge(str(EGYPT), str(GNA))
    assert all("negated" not in data["modalities"] for *_, data in G.edges(data=True))


def test_negated_assertions_on_request(dataset):
    G = to_networkx(dataset, include_negated=True)
    assert G.number_of_edges() == 9
    assert G.edges[str(EGYPT), str(GNA), "supports"]["modalities"] == ["negated"]
    assert G.nodes[str(ALGERIA)]["label"] == "Algeria"


def test_node_attributes(dataset):
    G = to_networkx(dataset)
    assert G.nodes[str(EGYPT)] == {
        "label": "Egypt",
        "type": "State",
        "aliases": ["Cairo", "Egyptian"],
        "degree": 3,
    }
    assert G.nodes[str(LNA)]["type"] == "ArmedGroup"
    assert G.nodes[str(LIBYA)]["type"] == "Location"
    assert G.nodes[str(LNA)]["degree"] == 3


def test_empty_graph():
    assert to_networkx(Dataset(default_union=True)).number_of_nodes() == 0
