"""Check a kg graph against the SHACL shapes of ``ontologies/shapes.ttl`` (pyshacl).

A graph in, a ``Validation`` out: whether it conforms, and one ``Violation`` per problem, each
readable on one line as ``focus node: path: message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.namespace import KG
from kg.rdf.backends import Source, backend, union
from kg.rdf.ontology import ontology_path


@dataclass(frozen=True, order=True)
class Violation:
    """One problem: the node it is about (by label where it has one), the property and what is wrong."""

    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.focus}: {self.path}: {self.message}"


@dataclass(frozen=True)
class Validation:
    """The outcome of ``validate``: ``conforms`` and the violations, sorted."""

    conforms: bool
    violations: list[Violation]


@cache
def load_shapes() -> Graph:
    """The shapes graph, parsed once per process; shared, so do not change it."""
    return Graph(bind_namespaces="core").parse(ontology_path().with_name("shapes.ttl"), format="turtle")


def validate(graph: Source) -> Validation:
    """Validate the union of ``graph``'s named graphs (or a store's) against kg's SHACL shapes."""
    from pyshacl import validate as shacl

    data = union(backend(graph).dataset())
    conforms, report, _ = shacl(data, shacl_graph=load_shapes(), advanced=True, allow_warnings=True)
    violations = {
        Violation(
            _name(data, report.value(result, SH.focusNode)),
            _name(data, report.value(result, SH.resultPath)),
            _message(data, report, result),
        )
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }
    return Validation(bool(conforms), sorted(violations))


def _name(data: Graph, node: Node | None) -> str:
    """A node as a reader knows it: its label, else what it is, else its prefixed name."""
    if node is None:
        return "(no path)"
    label = data.value(node, RDFS.label)
    if label is not None:
        return str(label)
    if isinstance(node, URIRef) and (node, RDF.type, KG.Assertion) in data:
        parts = [data.value(node, term) for term in (KG.subject, KG.relation, KG.object)]
        said = " ".join(_name(data, part) if part is not None else "?" for part in parts)
        return f"assertion {node.n3(data.namespace_manager)} ({said})"
    return node.n3(data.namespace_manager)


def _message(data: Graph, report: Graph, result: Node) -> str:
    message = report.value(result, SH.resultMessage)
    value = report.value(result, SH.value)
    text = " ".join(str(message).split()) if message is not None else "violates a shape"
    if value is None:
        return text
    found = _name(data, value) if isinstance(value, URIRef) else value.n3(data.namespace_manager)
    return f"{text} (found {found})"
