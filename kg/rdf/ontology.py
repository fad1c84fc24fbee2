"""The kg OWL ontology (``ontologies/kg.ttl``): where it lives, the labels and definitions it gives,
and reasoning with it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from kg.errors import KGError
from kg.rdf.backends import Source, backend, union

_FILE = "kg.ttl"


def ontology_path() -> Path:
    """The path of ``kg.ttl``: ``kg/ontologies/`` in a wheel, ``<repo>/ontologies/`` in a checkout."""
    package = Path(__file__).resolve().parents[1]
    folders = (package / "ontologies", package.parent / "ontologies")
    for folder in folders:
        if (folder / _FILE).is_file():
            return folder / _FILE
    raise KGError(f"the kg ontology {_FILE} is in neither {folders[0]} nor {folders[1]}")


@cache
def load_ontology() -> Graph:
    """The ontology as a Graph, parsed once per process; shared, so do not change it."""
    return Graph(bind_namespaces="core").parse(ontology_path(), format="turtle")


def label(term: URIRef) -> str:
    """The ontology's ``rdfs:label`` of a kg term.

    >>> from kg.namespace import KG
    >>> label(KG.signsAgreementWith)
    'signs agreement with'
    """
    return _text(term, RDFS.label)


def definition(term: URIRef) -> str:
    """The ontology's ``skos:definition`` of a kg term.

    >>> from kg.namespace import KG
    >>> definition(KG.leads)
    'The person heads the actor: as head of state or government, chair, commander or leader.'
    """
    return _text(term, SKOS.definition)


def infer(graph: Source) -> Graph:
    """A new Graph: the union of ``graph``'s triples (or a store's) and the ontology, closed under
    OWL 2 RL (owlrl), in memory.

    Symmetric relations then hold both ways and the inverses (``kg:supportedBy``, ``kg:ledBy``)
    are stated, so that queries need not spell out both directions.
    """
    import owlrl

    closed = union(backend(graph).dataset())
    closed += load_ontology()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(closed)
    return closed


def _text(term: URIRef, predicate: URIRef) -> str:
    value = load_ontology().value(term, predicate)
    if value is None:
        raise KeyError(f"{term} has no {predicate} in {ontology_path()}")
    return str(value)
