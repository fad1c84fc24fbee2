"""``kg.model.RELATIONS``, the one description of each relation, agrees with every other place that
names the relations: the ontology, the SHACL shapes, the named queries and the page."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import OWL, RDF, RDFS, Graph
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.analysis.network import signed_graph, to_networkx
from kg.model import RELATIONS, Actor, ActorType, Document, Evidence, Relation, RelationType
from kg.namespace import KG, relation_iri
from kg.query.sparql import list_queries, query_text
from kg.rdf.graph import build_graph
from kg.rdf.ontology import load_ontology, ontology_path
from kg.render.page import render_html

IRIS = [relation_iri(relation) for relation in RELATIONS]


def test_every_relation_has_one_spec_in_the_order_of_the_enum():
    assert list(RELATIONS) == list(RelationType)
    assert all(relation.spec is RELATIONS[relation] for relation in RelationType)


@pytest.mark.parametrize("relation", list(RelationType), ids=str)
def test_the_ontology_declares_each_relation_as_its_spec_says(relation):
    ontology, spec, iri = load_ontology(), relation.spec, relation_iri(relation)
    assert (iri, RDF.type, OWL.ObjectProperty) in ontology
    assert str(ontology.value(iri, RDFS.label)) == spec.label
    assert ((iri, RDF.type, OWL.SymmetricProperty) in ontology) == spec.symmetric
    assert ontology.value(iri, RDFS.domain) == KG[spec.subject]
    assert ontology.value(iri, RDFS.range) == KG[spec.object]


def test_the_ontology_has_no_relation_between_actors_without_a_spec():
    """Every property between actors is a relation of ``RELATIONS`` or the inverse of one."""
    ontology = load_ontology()
    actors = {KG.Actor} | {KG[kind.value] for kind in ActorType}
    between_actors = {
        p
        for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if ontology.value(p, RDFS.domain) in actors and ontology.value(p, RDFS.range) in actors
    }
    inverses = {ontology.value(iri, OWL.inverseOf) for iri in IRIS} - {None}
    assert between_actors == set(IRIS) | inverses
    assert inverses == {KG.supportedBy, KG.ledBy}


def test_the_shapes_list_the_relations_of_the_specs():
    shapes = Graph().parse(ontology_path().with_name("shapes.ttl"))
    lists = [Collection(shapes, node) for node in shapes.objects(None, SH["in"])]
    (listed,) = [found for found in lists if KG.supports in found]
    assert list(listed) == IRIS
    targets = set(shapes.objects(None, SH.targetSubjectsOf))
    assert targets == set(IRIS)
    (select,) = [str(text) for text in shapes.objects(None, SH.select) if "FILTER (?path IN" in str(text)]
    named = re.search(r"\?path IN \(([^)]*)\)", select).group(1)
    assert [KG[name.strip().removeprefix("kg:")] for name in named.split(",")] == IRIS


def test_the_named_queries_name_only_relations_of_the_specs_and_allies_and_opponents_follow_the_signs():
    relation_names = {iri.removeprefix(str(KG._NS)) for iri in IRIS}
    used = {name: set(re.findall(r"\bkg:(\w+)", query_text(name))) for name in list_queries()}
    properties = {"subject", "relation", "object", "evidence", "modality", "negated", "date", "confidence"}
    terms = {term for found in used.values() for term in found} - properties - {"Assertion", "Document"}
    assert terms - {"charStart", "charEnd", "attributedTo", "contentHash"} <= relation_names
    assert used["allies"] & relation_names == {r.value for r, spec in RELATIONS.items() if spec.sign > 0}
    assert used["opponents"] & relation_names == {r.value for r, spec in RELATIONS.items() if spec.sign < 0}


def _graph_with_every_relation():
    """A built graph with one relation of each kind, each between actors of the types it admits."""
    kinds = {"Actor": ActorType.STATE, "Person": ActorType.PERSON, "Location": ActorType.LOCATION}
    relations = []
    for i, (relation, spec) in enumerate(RELATIONS.items()):
        subject = Actor(f"s{i}", f"Subject {i}", kinds[spec.subject])
        obj = Actor(f"o{i}", f"Object {i}", kinds[spec.object])
        relations.append(Relation(subject, relation, obj, Evidence("d", f"Sentence {i}.", 0, 12), 0.9))
    return to_networkx(build_graph([Document("d", "text")], relations))


def test_the_page_draws_and_lists_each_relation_in_the_style_of_its_spec():
    G = _graph_with_every_relation()
    page = render_html(G)
    for relation, spec in RELATIONS.items():
        dashes = ' stroke-dasharray="6 4"' if spec.dashed else ""
        arrow = "" if spec.symmetric else f'<path d="M28 1 L37 6 L28 11 Z" fill="{spec.color}"/>'
        legend = (
            f'data-relation="{relation.value}"><svg width="38" height="12" aria-hidden="true">'
            f'<line x1="1" y1="6" x2="{37 if spec.symmetric else 29}" y2="6" stroke="{spec.color}"'
            f' stroke-width="3"{dashes}/>{arrow}</svg>{html.escape(spec.label)}</label>'
        )
        assert legend in page, relation
        edge = re.search(rf'"relation": "{relation.value}", "color": \{{"color": "([^"]+)"', page)
        assert edge is not None and edge.group(1) == spec.color


def test_blocs_take_the_sign_of_each_relation_from_its_spec():
    S = signed_graph(_graph_with_every_relation(), attach_persons=False)
    signs = {
        relation: S.edges[f"https://w3id.org/kg/actor/s{i}", f"https://w3id.org/kg/actor/o{i}"]["sign"]
        for i, relation in enumerate(RELATIONS)
        if S.has_edge(f"https://w3id.org/kg/actor/s{i}", f"https://w3id.org/kg/actor/o{i}")
    }
    assert signs == {relation: spec.sign for relation, spec in RELATIONS.items() if spec.sign}
