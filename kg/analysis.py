"""Project the assertions of a kg RDF graph onto a networkx multigraph of actors."""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kg.model import ActorType, Modality, RelationType
from kg.namespace import PREFIXES, actor_type_iri, modality_iri, relation_iri

_RELATIONS = {relation_iri(relation): relation.value for relation in RelationType}
_MODALITIES = {modality_iri(modality): modality.value for modality in Modality}
_ACTOR_TYPES = {actor_type_iri(actor_type): actor_type.value for actor_type in ActorType}

_ASSERTIONS = prepareQuery(
    """
    SELECT ?assertion ?s ?relation ?o ?modality ?sentence ?start ?confidence ?date ?doc ?docId ?docDate
    WHERE {
      ?assertion a kg:Assertion ; kg:subject ?s ; kg:relation ?relation ; kg:object ?o .
      OPTIONAL { ?assertion kg:modality ?modality }
      OPTIONAL { ?assertion kg:evidence ?sentence }
      OPTIONAL { ?assertion kg:charStart ?start }
      OPTIONAL { ?assertion kg:confidence ?confidence }
      OPTIONAL { ?assertion kg:date ?date }
      OPTIONAL {
        ?assertion prov:wasDerivedFrom ?doc .
        OPTIONAL { ?doc dcterms:identifier ?docId }
        OPTIONAL { ?doc dcterms:date ?docDate }
      }
    }
    """,
    initNs={**PREFIXES, "prov": PROV, "dcterms": DCTERMS},
)


def to_networkx(graph: Graph, include_negated: bool = False) -> nx.MultiDiGraph:
    """Return the actor graph of the ``kg:Assertion`` nodes in an RDF graph.

    Parameters
    ----------
    graph : rdflib.Graph
        A kg graph, usually a ``Dataset(default_union=True)`` with one named graph per document.
    include_negated : bool
        Also draw relations the text denies (modality ``kg:negated``).

    Returns
    -------
    networkx.MultiDiGraph
        Nodes are actor IRI strings with ``label``, ``type``, ``aliases`` (sorted) and ``degree``;
        only actors that take part in a drawn relation appear. There is one edge per
        (subject, relation, object), keyed by the relation name, with ``relation``, ``count``,
        ``modalities`` (sorted) and ``evidence``: dicts of ``sentence``, ``doc``, ``date``,
        ``modality`` and ``confidence``, ordered by date, document and position.
    """
    found: dict[tuple[str, str, str], list[tuple[tuple, dict]]] = defaultdict(list)
    seen: set[URIRef] = set()
    for row in graph.query(_ASSERTIONS):
        relation = _RELATIONS.get(row.relation)
        modality = _MODALITIES.get(row.modality, Modality.ASSERTED.value)
        if relation is None or row.assertion in seen:
            continue
        if modality == Modality.NEGATED.value and not include_negated:
            continue
        seen.add(row.assertion)
        date = row.date if row.date is not None else row.docDate
        evidence = {
            "sentence": _text(row.sentence) or "",
            "doc": _text(row.docId if row.docId is not None else row.doc),
            "date": _text(date),
            "modality": modality,
            "confidence": float(row.confidence) if row.confidence is not None else None,
        }
        position = int(row.start) if row.start is not None else -1
        order = (evidence["date"] or "", evidence["doc"] or "", position, evidence["sentence"])
        found[str(row.s), relation, str(row.o)].append((order, evidence))

    G = nx.MultiDiGraph()
    for (u, relation, v), items in sorted(found.items()):
        evidence = [item for _, item in sorted(items, key=itemgetter(0))]
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            count=len(evidence),
            modalities=sorted({item["modality"] for item in evidence}),
            evidence=evidence,
        )
    for node, degree in G.degree():
        G.nodes[node].update(_actor(graph, URIRef(node)), degree=degree)
    return G


def _text(term: Node | None) -> str | None:
    return None if term is None else str(term)


def _actor(graph: Graph, iri: URIRef) -> dict:
    """The label, type and sorted aliases of one actor IRI."""
    labels = sorted(str(label) for label in graph.objects(iri, RDFS.label))
    types = sorted(_ACTOR_TYPES[t] for t in graph.objects(iri, RDF.type) if t in _ACTOR_TYPES)
    return {
        "label": labels[0] if labels else iri.rsplit("/", 1)[-1],
        "type": types[0] if types else "Actor",
        "aliases": sorted({str(alias) for alias in graph.objects(iri, SKOS.altLabel)}),
    }
