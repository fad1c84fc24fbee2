from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from kg.model import ActorType, Modality, RelationType
from kg.namespace import KG, actor_type_iri, modality_iri, relation_iri
from kg.rdf.ontology import definition, infer, label, load_ontology, ontology_path

ONTOLOGY = URIRef("https://w3id.org/kg/ontology")
TERMS = [KG[name] for name in KG.__annotations__]


def test_ontology_path_is_the_checkout_file():
    assert ontology_path().is_file()
    assert ontology_path().parts[-2:] == ("ontologies", "kg.ttl")


def test_load_ontology_is_cached():
    assert load_ontology() is load_ontology()


def test_ontology_header():
    g = load_ontology()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY, OWL.versionInfo) is not None
    assert g.value(ONTOLOGY, RDFS.label) is not None


@pytest.mark.parametrize("term", TERMS, ids=str)
def test_every_namespace_term_is_defined_labelled_and_explained(term):
    g = load_ontology()
    assert g.value(term, RDF.type) is not None
    assert label(term)
    assert definition(term)


def test_every_ontology_term_is_in_the_namespace():
    g = load_ontology()
    defined = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(KG._NS))}
    assert defined == set(TERMS)


def test_actor_classes():
    g = load_ontology()
    for actor_type in ActorType:
        assert (actor_type_iri(actor_type), RDF.type, OWL.Class) in g
    subclasses = set(g.subjects(RDFS.subClassOf, KG.Actor))
    assert subclasses == {KG.State, KG.Government, KG.ArmedGroup, KG.Organisation, KG.Person}
    assert (KG.Location, RDFS.subClassOf, KG.Actor) not in g


@pytest.mark.parametrize("relation", list(RelationType), ids=lambda r: r.value)
def test_relations_are_object_properties(relation):
    g = load_ontology()
    iri = relation_iri(relation)
    assert (iri, RDF.type, OWL.ObjectProperty) in g
    assert ((iri, RDF.type, OWL.SymmetricProperty) in g) == relation.symmetric
    assert g.value(iri, RDFS.domain) is not None
    assert g.value(iri, RDFS.range) is not None


def test_domains_and_ranges():
    g = load_ontology()
    assert g.value(KG.deploysTo, RDFS.range) == KG.Location
    assert g.value(KG.leads, RDFS.domain) == KG.Person
    assert (KG.Assertion, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in g


def test_modalities_are_individuals():
    g = load_ontology()
    assert set(g.subjects(RDF.type, KG.Modality)) == {modality_iri(m) for m in Modality}


def test_alignments_and_cameo_notations():
    g = load_ontology()
    assert (KG.memberOf, SKOS.closeMatch, URIRef("http://www.wikidata.org/prop/direct/P463")) in g
    assert (KG.memberOf, SKOS.closeMatch, URIRef("http://www.w3.org/ns/org#memberOf")) in g
    assert (KG.leads, SKOS.closeMatch, URIRef("http://www.w3.org/ns/org#headOf")) in g
    assert (KG.signsAgreementWith, SKOS.notation, Literal("057")) in g
    for notation in g.objects(None, SKOS.notation):
        assert notation.datatype is None and notation.language is None


def test_label_and_definition():
    assert label(KG.memberOf) == "member of"
    assert "troops" in definition(KG.deploysTo)
    with pytest.raises(KeyError):
        label(URIRef("https://example.org/not-a-term"))


CAMEO = URIRef("https://w3id.org/kg/cameo")


def test_version_iri_matches_the_version():
    g = load_ontology()
    version = str(g.value(ONTOLOGY, OWL.versionInfo))
    assert g.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{version}")


def test_inverses():
    g = load_ontology()
    assert (KG.supports, OWL.inverseOf, KG.supportedBy) in g
    assert (KG.leads, OWL.inverseOf, KG.ledBy) in g
    assert (KG.ledBy, OWL.inverseOf, KG.leads) in g
    assert (KG.ledBy, SKOS.narrowMatch, URIRef("http://www.wikidata.org/prop/direct/P35")) in g
    assert (KG.ledBy, SKOS.narrowMatch, URIRef("http://www.wikidata.org/prop/direct/P6")) in g


def test_every_cameo_notation_is_a_concept_of_the_scheme():
    scheme = Graph().parse(ontology_path().with_name("cameo.ttl"))
    concepts = {str(n): c for c, n in scheme.subject_objects(SKOS.notation)}
    used = {str(n) for n in load_ontology().objects(None, SKOS.notation)}
    assert used <= set(concepts)
    for concept in concepts.values():
        assert (concept, SKOS.inScheme, CAMEO) in scheme
        assert scheme.value(concept, SKOS.prefLabel) is not None
    assert all(n.datatype is None for n in scheme.objects(None, SKOS.notation))


def test_shapes_parse_and_cover_assertions_and_actors():
    shapes = Graph().parse(ontology_path().with_name("shapes.ttl"))
    assert (None, SH.targetClass, KG.Assertion) in shapes
    assert (None, SH.targetObjectsOf, KG.subject) in shapes


def test_infer_materialises_symmetric_and_inverse_relations(seed_graph):
    closed = infer(seed_graph)
    for s, o in seed_graph.subject_objects(KG.supports):
        assert (o, KG.supportedBy, s) in closed
    for s, o in seed_graph.subject_objects(KG.leads):
        assert (o, KG.ledBy, s) in closed
    for relation in (KG.meetsWith, KG.signsAgreementWith):
        for s, o in seed_graph.subject_objects(relation):
            assert (o, relation, s) in closed
    assert (KG.supportedBy, None, None) not in seed_graph
