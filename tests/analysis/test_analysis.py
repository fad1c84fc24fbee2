from __future__ import annotations

import hashlib
import json
import random
from datetime import date as Date
from itertools import combinations

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.analysis.blocs import exact_blocs, find_blocs, frustration, local_search_blocs, positive_components
from kg.analysis.network import (
    affiliations,
    analyse,
    find_actor,
    neighbourhood,
    select,
    signed_graph,
    to_networkx,
)
from kg.app.cli import main
from kg.errors import KGError
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
from kg.rdf.graph import load_graph

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
            "source": None,
            "retrieved": None,
        },
        {
            "sentence": "Sources say Cairo backs the LNA.",
            "doc": "d2",
            "date": "2019-12-21",
            "modality": "reported",
            "confidence": 0.85,
            "source": None,
            "retrieved": None,
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


# --- blocs of signed graphs (kg.analysis.blocs) -------------------------------------------------------


def signed(*ties: tuple[str, str, int]) -> nx.Graph:
    return nx.Graph([(u, v, {"sign": sign, "weight": 1}) for u, v, sign in ties])


TWO_CAMPS = signed(
    ("a1", "a2", 1), ("a2", "a3", 1), ("a1", "a3", 1),
    ("b1", "b2", 1), ("b2", "b3", 1), ("b1", "b3", 1),
    ("a1", "b1", -1), ("a2", "b3", -1), ("a3", "b2", -1),
)  # fmt: skip
UNBALANCED_TRIANGLE = signed(("a", "b", 1), ("b", "c", 1), ("a", "c", -1))


def test_two_triangles_of_allies_opposing_each_other_are_two_blocs():
    partition = find_blocs(TWO_CAMPS)
    assert partition.blocs == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert (partition.frustration, partition.exact) == (0, True)


def test_an_unbalanced_triangle_frustrates_one_tie():
    partition = find_blocs(UNBALANCED_TRIANGLE)
    assert partition.frustration == 1
    assert sorted(map(len, partition.blocs)) in ([1, 2], [3])


def test_three_mutual_enemies_are_three_blocs():
    partition = find_blocs(signed(("a", "b", -1), ("b", "c", -1), ("a", "c", -1)))
    assert (partition.blocs, partition.frustration) == ([["a"], ["b"], ["c"]], 0)


def test_frustration_counts_positive_ties_across_and_negative_ties_within():
    bloc_of = {"a1": 0, "a2": 0, "a3": 1, "b1": 1, "b2": 1, "b3": 1}
    # a1-a3 and a2-a3 now cross blocs; a3-b2 is inside one
    assert frustration(TWO_CAMPS, bloc_of) == (3, 3.0)


def test_weight_breaks_ties_between_equally_frustrated_partitions():
    S = nx.Graph()
    S.add_edge("a", "b", sign=1, weight=5)
    S.add_edge("b", "c", sign=1, weight=1)
    S.add_edge("a", "c", sign=-1, weight=3)
    partition = find_blocs(S)
    assert partition.blocs == [["a", "b"], ["c"]]
    assert (partition.frustration, partition.frustrated_weight) == (1, 1)


def test_exact_search_beats_or_matches_local_search_on_random_graphs():
    rng = random.Random(3)
    for _ in range(12):
        nodes = range(8)
        S = signed(
            *((u, v, rng.choice((1, 1, -1))) for u in nodes for v in nodes if u < v and rng.random() < 0.5)
        )
        exact = frustration(S, exact_blocs(S))
        local = frustration(S, local_search_blocs(S, seed=0))
        brute = min(frustration(S, _assignment(p)) for p in _partitions(sorted(S)))
        assert exact == brute
        assert local >= exact


def _partitions(items: list):
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for i in range(len(partition)):
            yield [*partition[:i], [first, *partition[i]], *partition[i + 1 :]]


def _assignment(partition: list[list]) -> dict:
    return {node: i for i, bloc in enumerate(partition) for node in bloc}


def test_large_graphs_use_a_seeded_local_search_that_finds_planted_camps():
    rng = random.Random(5)
    camps = [[f"c{c}n{i}" for i in range(15)] for c in range(4)]
    S = nx.Graph()
    for c, camp in enumerate(camps):
        for u, v in combinations(camp, 2):
            if rng.random() < 0.4:
                S.add_edge(u, v, sign=1, weight=1)
        for other in camps[c + 1 :]:
            for _ in range(12):
                S.add_edge(rng.choice(camp), rng.choice(other), sign=-1, weight=1)
    first, again = find_blocs(S, seed=1), find_blocs(S, seed=1)
    assert first == again
    assert first.exact is False
    assert first.frustration == 0
    assert sorted(first.blocs) == sorted(sorted(camp) for camp in camps)


def test_alliance_components_follow_positive_ties_only():
    assert positive_components(TWO_CAMPS) == [{"a1", "a2", "a3"}, {"b1", "b2", "b3"}]


# --- the signed alliance graph and the analysis ----------------------------------------------------


def test_persons_attach_to_the_actor_they_lead(dataset):
    G = to_networkx(dataset)
    assert G.nodes[str(HAFTAR)]["attached_to"] == str(LNA)
    assert affiliations(G) == {str(HAFTAR): str(LNA)}


def test_signed_graph_signs_ties_and_adds_shared_sides(dataset):
    S = signed_graph(to_networkx(dataset))
    assert S.edges[str(EGYPT), str(LNA)] == {"sign": 1, "weight": 2, "positive": 2, "negative": 0}
    assert S.edges[str(EGYPT), str(TURKEY)]["sign"] == -1
    # Egypt and Russia both support the LNA: a shared side, though no sentence links them
    assert S.edges[str(EGYPT), str(RUSSIA)] == {
        "sign": 1,
        "weight": 1,
        "positive": 0,
        "negative": 0,
        "shared": 1,
    }
    assert str(LIBYA) not in S  # deploying is no tie


def test_a_persons_relations_count_for_its_actor(dataset):
    graph = dataset.graph(document_iri("d1"))
    add_assertion(graph, HAFTAR, R.OPPOSES, GNA, "Haftar vowed to fight the GNA.", start=600)
    G = to_networkx(dataset)
    assert signed_graph(G).edges[str(LNA), str(GNA)]["sign"] == -1
    assert signed_graph(G, attach_persons=False).edges[str(HAFTAR), str(GNA)]["sign"] == -1


def test_contradicting_evidence_cancels_out(dataset):
    graph = dataset.graph(document_iri("d2"))
    add_assertion(graph, EGYPT, R.SUPPORTS, TURKEY, "Egypt backed Turkey at the summit.", start=90)
    assert not signed_graph(to_networkx(dataset)).has_edge(str(EGYPT), str(TURKEY))


def test_analyse_reports_blocs_and_actors(dataset):
    result = analyse(to_networkx(dataset))
    labels = {a.id: a.label for a in result.actors}
    blocs = [{labels[actor] for actor in bloc} for bloc in result.blocs]
    assert blocs == [
        {"Egypt", "Russia", "Libyan National Army", "Khalifa Haftar"},
        {"Turkey", "Government of National Accord"},
    ]
    assert (result.frustration, result.exact) == (0, True)
    egypt = next(a for a in result.actors if a.label == "Egypt")
    assert egypt.allies == ["Libyan National Army", "Russia"]
    assert egypt.opponents == ["Turkey"]
    assert egypt.bloc == 0
    assert next(a for a in result.actors if a.label == "Libya").bloc is None
    assert result.actors[0].centrality >= result.actors[-1].centrality
    data = json.loads(json.dumps(result.to_dict()))
    assert sorted(member["label"] for member in data["blocs"][1]) == [
        "Government of National Accord",
        "Turkey",
    ]


def test_select_filters_edges_by_relation_date_and_evidence(dataset):
    G = to_networkx(dataset)
    assert {k for *_, k in select(G, relations=["supports"]).edges(keys=True)} == {"supports"}
    twice = select(G, min_evidence=2)
    assert list(twice.edges(keys=True)) == [(str(EGYPT), str(LNA), "supports")]
    late = select(G, since="2019-12-21")
    assert late.edges[str(EGYPT), str(LNA), "supports"]["count"] == 1
    assert not late.has_edge(str(TURKEY), str(GNA))
    assert str(LIBYA) not in select(G, until="2019-12-19")
    assert G.number_of_edges() == 7  # the source graph is left alone


def test_neighbourhood_and_find_actor(dataset):
    G = to_networkx(dataset)
    turkey = find_actor(G, "ankara")
    assert turkey == str(TURKEY)
    assert set(neighbourhood(G, turkey, 1)) == {str(TURKEY), str(GNA), str(EGYPT)}
    assert str(HAFTAR) in neighbourhood(G, turkey, 3)
    with pytest.raises(KGError, match="no actor named 'Atlantis'"):
        find_actor(G, "Atlantis")


def test_seed_blocs_are_deterministic(seed_graph):
    G = to_networkx(seed_graph)
    first, again = analyse(G), analyse(G)
    assert first == again
    assert first.exact
    assert first.frustration == len(first.frustrated)
    in_blocs = {actor for bloc in first.blocs for actor in bloc}
    assert in_blocs == {a.id for a in first.actors if a.bloc is not None}


def test_kg_analyse_prints_one_json_object_with_blocs(built_dir, capsys):
    assert main(["analyse", str(built_dir / "graph.ttl"), "--format", "json"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    expected = analyse(to_networkx(load_graph(built_dir / "graph.ttl")))
    assert len(data["blocs"]) == len(expected.blocs) >= 1
    assert all(member["label"] for bloc in data["blocs"] for member in bloc)
    assert main(["analyse", str(built_dir / "graph.ttl")]) == 0
    table = capsys.readouterr().out
    assert table.startswith(f"{len(expected.blocs)} blocs over {expected.ties} ties")
    assert "key actor" in table


def test_kg_analyse_of_a_missing_file_is_one_error_line(tmp_path, capsys):
    assert main(["analyse", str(tmp_path / "nope.ttl")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and len(err.splitlines()) == 1
