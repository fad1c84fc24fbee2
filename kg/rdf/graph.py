"""Documents and relations in, an rdflib Dataset out; and the Dataset to and from files.

One named graph per document holds that document, its assertions, the actors they name and the
extraction run that generated them, so that a document's statements go as a unit
(``remove_document``). Each relation becomes a ``kg:Assertion`` node carrying its evidence and
provenance; unless it is negated it is also stated as a direct triple ``<subject> kg:<relation> <object>``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, SKOS, XSD
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from kg import __version__
from kg.errors import KGError
from kg.files import write_atomically
from kg.model import Actor, ActorType, Document, Evidence, Modality, Relation, RelationType
from kg.namespace import (
    ASSERTION,
    KG,
    NAMESPACES,
    RUN,
    actor_iri,
    actor_type_iri,
    document_iri,
    modality_iri,
    relation_iri,
    slug,
    software_iri,
)
from kg.rdf.backends import Source, Store, Triple, backend, new_dataset, nquads, sparql_term, union

# format name -> (rdflib parser, rdflib serializer, what to call it in messages)
_FORMATS = {
    "turtle": ("turtle", "longturtle", "Turtle"),
    "trig": ("trig", "trig", "TriG"),
    "nt": ("nt", "nt", "N-Triples"),
    "nquads": ("nquads", "nquads", "N-Quads"),
    "json-ld": ("json-ld", "json-ld", "JSON-LD"),
}
_ALIASES = {
    "ttl": "turtle",
    "longturtle": "turtle",
    "ntriples": "nt",
    "n-triples": "nt",
    "nq": "nquads",
    "n-quads": "nquads",
    "jsonld": "json-ld",
    "json": "json-ld",
}
_SUFFIXES = ".ttl, .trig, .nt, .nq or .jsonld"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Extraction:
    """One run of kg over some documents: the ``prov:Activity`` that generated their assertions."""

    started: datetime = field(default_factory=_now)
    ended: datetime = field(default_factory=_now)
    version: str = __version__


def content_hash(document: Document) -> str:
    """``sha256:`` and the hex digest of what a document was read as: id, text, date and source.

    >>> content_hash(Document("d1", "text"))[:15]
    'sha256:44847cc4'
    """
    fields = [document.id, document.text, document.date, document.source]
    return "sha256:" + hashlib.sha256(json.dumps(fields).encode()).hexdigest()


def build_graph(
    documents: Iterable[Document], relations: Iterable[Relation], extraction: Extraction | None = None
) -> Dataset:
    """A new Dataset holding the documents, the relations and the actors the relations name.

    ``extraction`` says when and by which kg version the relations were read (default: now, this kg).
    """
    ds = new_dataset()
    add_relations(ds, documents, relations, extraction)
    return ds


def add_relations(
    ds: Dataset,
    documents: Iterable[Document],
    relations: Iterable[Relation],
    extraction: Extraction | None = None,
) -> None:
    """Add documents and relations to ``ds``, each in the named graph of its document
    (``document_graphs``)."""
    add_graphs_to(ds, document_graphs(documents, relations, extraction))


def add_graphs_to(ds: Dataset, graphs: Iterable[tuple[URIRef, list[Triple]]]) -> None:
    """Add named graphs (an IRI and its triples, as ``document_graphs`` gives them) to ``ds``."""
    for name, triples in graphs:
        graph = ds.graph(name)
        graph.addN((s, p, o, graph) for s, p, o in triples)


def added_to(
    ds: Dataset, graphs: Iterable[tuple[URIRef, list[Triple]]]
) -> Iterator[tuple[URIRef, list[Triple]]]:
    """``graphs``, each added to ``ds`` as it passes (``add_graphs_to``)."""
    for name, triples in graphs:
        add_graphs_to(ds, [(name, triples)])
        yield name, triples


def document_graphs(
    documents: Iterable[Document], relations: Iterable[Relation], extraction: Extraction | None = None
) -> Iterator[tuple[URIRef, list[Triple]]]:
    """The named graph of each document, one at a time (``document_graph``); then the graphs of
    documents that relations name but ``documents`` does not. The run is ``run_iri`` of
    ``documents``."""
    documents = list(documents)
    extraction = extraction or Extraction()
    run = run_iri((content_hash(document) for document in documents), extraction)
    by_document: dict[str, list[Relation]] = {document.id: [] for document in documents}
    for relation in relations:
        by_document.setdefault(relation.evidence.doc_id, []).append(relation)
    given = {document.id: document for document in documents}
    for doc_id, found in by_document.items():
        yield document_graph(given.get(doc_id) or doc_id, found, run, extraction)


def run_iri(hashes: Iterable[str], extraction: Extraction) -> URIRef:
    """The IRI of a run of kg over documents of these content hashes: minted from the kg version
    and the hashes, so that equal input gives an equal graph but for the run's two timestamps."""
    return RUN[hashlib.sha1("|".join([extraction.version, *sorted(hashes)]).encode()).hexdigest()[:16]]


def document_graph(
    document: Document | str, relations: list[Relation], run: URIRef, extraction: Extraction
) -> tuple[URIRef, list[Triple]]:
    """The named graph of one document (or of a document id alone): its IRI and its triples (the
    document, its assertions, the actors they name and the ``run`` that generated them)."""
    doc_id = document if isinstance(document, str) else document.id
    graph = _Triples()
    _add_document(graph, doc_id)
    if not isinstance(document, str):
        _describe_document(graph, document)
    if relations:
        _add_run(graph, run, extraction)
    for relation in relations:
        graph.add((_add_relation(graph, relation), PROV.wasGeneratedBy, run))
    return document_iri(doc_id), list(graph)


def write_nquads(graphs: Iterable[tuple[URIRef, list[Triple]]], path: str | os.PathLike[str]) -> Path:
    """Write named graphs (as ``document_graphs`` gives them) to ``path`` as N-Quads, one graph
    after the other as they come: in time and memory linear in the triples, atomically. Raises
    KGError if the file cannot be written."""
    path = Path(path)
    try:
        return write_atomically(path, (nquads(name, triples) for name, triples in graphs))
    except OSError as exc:
        raise KGError(f"{path}: cannot write: {exc.strerror}") from None


class _Triples(dict[Triple, None]):
    """A graph's triples, each once, in the order they were added (so that equal input gives
    equal files and answers in equal order)."""

    def add(self, triple: Triple) -> None:
        self[triple] = None


def _describe_document(graph: _Triples, document: Document) -> None:
    doc = document_iri(document.id)
    graph.add((doc, KG.contentHash, Literal(content_hash(document))))
    if document.source:
        graph.add((doc, DCTERMS.source, _source(document.source)))
    if document.date:
        graph.add((doc, DCTERMS.date, _date(document.date)))
    if document.retrieved:
        graph.add((doc, PROV.generatedAtTime, Literal(document.retrieved, datatype=XSD.dateTime)))
    if isinstance(title := document.meta.get("title"), str) and title.strip():
        graph.add((doc, DCTERMS.title, Literal(title.strip())))


def _add_run(graph: _Triples, run: URIRef, extraction: Extraction) -> None:
    agent = software_iri(extraction.version)
    graph.add((run, RDF.type, PROV.Activity))
    graph.add((run, RDFS.label, Literal(f"extraction by kg {extraction.version}")))
    graph.add((run, PROV.startedAtTime, Literal(extraction.started)))
    graph.add((run, PROV.endedAtTime, Literal(extraction.ended)))
    graph.add((run, PROV.wasAssociatedWith, agent))
    graph.add((agent, RDF.type, PROV.SoftwareAgent))
    graph.add((agent, RDFS.label, Literal(f"kg {extraction.version}")))
    graph.add((agent, SDO.softwareVersion, Literal(extraction.version)))


def settle_store(store: Store, run: URIRef, ended: datetime, actors: Iterable[Actor]) -> None:
    """Set right, in the graphs of ``run`` in ``store`` (documents written a chunk at a time, as
    ``kg build --store`` does), the run's end and the label and aliases of each of ``actors``
    (which the corpus settled after some of their documents were written); and so in the merge,
    which keeps for an actor the labels and aliases of all its graphs. Each update starts from the
    actor's statements and only then asks whether their graph is the run's: in that order it reads
    the actor's graphs, not all the run's (which made it grow with the documents times the actors).
    """
    names = f"({RDFS.label.n3()}, {SKOS.altLabel.n3()})"
    updates = [_settle_end(run, ended)]
    for actor in actors:
        node, triples = actor_iri(actor.key), _Triples()
        _add_actor(triples, actor)
        labels = " . ".join(f"{sparql_term(s)} {sparql_term(p)} {sparql_term(o)}" for s, p, o in triples)
        ours = f"FILTER EXISTS {{ GRAPH ?g {{ {run.n3()} a {PROV.Activity.n3()} }} }}"  # this run's graphs
        updates.append(
            f"DELETE {{ GRAPH ?g {{ {node.n3()} ?p ?l }} }}"
            f" WHERE {{ GRAPH ?g {{ {node.n3()} ?p ?l FILTER (?p IN {names}) }} {ours} }};"
            f" INSERT {{ GRAPH ?g {{ {labels} }} }} WHERE {{ GRAPH ?g {{ {node.n3()} a ?kind }} {ours} }};"
            f" DELETE WHERE {{ {node.n3()} {RDFS.label.n3()} ?l }};"
            f" DELETE WHERE {{ {node.n3()} {SKOS.altLabel.n3()} ?l }};"
            f" INSERT {{ {node.n3()} ?p ?l }}"
            f" WHERE {{ GRAPH ?g {{ {node.n3()} ?p ?l FILTER (?p IN {names}) }} }}"
        )
    for first in range(0, len(updates), _SETTLED_AT_ONCE):
        store.update("; ".join(updates[first : first + _SETTLED_AT_ONCE]))
    store.flush()


_SETTLED_AT_ONCE = 200  # actors set right by one update


def _settle_end(run: URIRef, ended: datetime) -> str:
    """The update that gives ``run`` the end ``ended`` in each of its graphs and in the merge."""
    at, end = PROV.endedAtTime.n3(), sparql_term(Literal(ended))
    return (
        f"DELETE {{ GRAPH ?g {{ {run.n3()} {at} ?t }} }} INSERT {{ GRAPH ?g {{ {run.n3()} {at} {end} }} }}"
        f" WHERE {{ GRAPH ?g {{ {run.n3()} {at} ?t }} }};"
        f" DELETE WHERE {{ {run.n3()} {at} ?t }}; INSERT DATA {{ {run.n3()} {at} {end} }}"
    )


def remove_document(store: Source, doc_id: str) -> bool:
    """Remove a document and every statement read from it (its named graph) from ``store``.

    ``store`` is an in-memory Dataset or a persistent store (``kg.rdf.backends``). Returns whether
    the document was there.
    """
    return backend(store).remove_graph(document_iri(doc_id))


def document_hashes(store: Source) -> dict[str, str]:
    """The documents in ``store`` (a Dataset or a persistent store) by id, each with its content
    hash ("" if it has none)."""
    _, rows = backend(store).select(
        "SELECT ?id ?hash WHERE { ?d a kg:Document ; dcterms:identifier ?id"
        " OPTIONAL { ?d kg:contentHash ?hash } }"
    )
    return {str(doc_id): str(content or "") for doc_id, content in rows}


def stored_actors(store: Source) -> dict[str, Actor]:
    """The actors of ``store`` (a Dataset or a persistent store) by IRI, each with one label and
    one kg type: the least of each, should an older store hold several."""
    types = ", ".join(f"kg:{kind.value}" for kind in ActorType)
    _, rows = backend(store).select(
        "SELECT ?actor (MIN(STR(?name)) AS ?label) (MIN(STR(?kind)) AS ?type) WHERE {"
        f" ?actor rdfs:label ?name ; a ?kind FILTER (?kind IN ({types})) }} GROUP BY ?actor"
    )
    actors = {}
    for iri, label, kind in rows:
        key = str(iri).rsplit("/", 1)[-1]
        actors[str(iri)] = Actor(key, str(label), ActorType(str(kind).removeprefix(str(KG._NS))))
    return actors


def _add_document(graph: _Triples, doc_id: str) -> None:
    doc = document_iri(doc_id)
    graph.add((doc, RDF.type, KG.Document))
    graph.add((doc, RDF.type, PROV.Entity))
    graph.add((doc, DCTERMS.identifier, Literal(doc_id)))


def _add_actor(graph: _Triples, actor: Actor) -> URIRef:
    node = actor_iri(actor.key)
    graph.add((node, RDF.type, actor_type_iri(actor.type)))
    graph.add((node, RDFS.label, Literal(actor.label)))
    for alias in actor.aliases:
        if alias != actor.label:
            graph.add((node, SKOS.altLabel, Literal(alias)))
    return node


def _add_relation(graph: _Triples, relation: Relation) -> URIRef:
    evidence = relation.evidence
    subject = _add_actor(graph, relation.subject)
    obj = _add_actor(graph, relation.object)
    predicate = relation_iri(relation.relation)
    _add_document(graph, evidence.doc_id)
    node = _assertion_iri(relation)
    graph.add((node, RDF.type, KG.Assertion))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, KG.subject, subject))
    graph.add((node, KG.relation, predicate))
    graph.add((node, KG.object, obj))
    graph.add((node, KG.evidence, Literal(evidence.sentence)))
    graph.add((node, KG.charStart, Literal(evidence.start)))
    graph.add((node, KG.charEnd, Literal(evidence.end)))
    graph.add((node, KG.confidence, Literal(Decimal(str(float(relation.confidence))))))
    graph.add((node, KG.modality, modality_iri(relation.modality)))
    if relation.date:
        graph.add((node, KG.date, _date(relation.date)))
    if relation.attributed_to:
        graph.add((node, KG.attributedTo, Literal(relation.attributed_to)))
    graph.add((node, PROV.wasDerivedFrom, document_iri(evidence.doc_id)))
    if relation.modality != Modality.NEGATED:
        graph.add((subject, predicate, obj))
    return node


def relations_from_graph(ds: Graph) -> list[Relation]:
    """The Relations whose assertions ``ds`` holds: ``build_graph`` read backwards.

    Sorted by document, offset, subject, relation and object. An actor's key is its IRI's last
    segment, which mints the same IRI again.

    >>> from kg.model import RelationType
    >>> egypt, lna = Actor("egypt", "Egypt", ActorType.STATE), Actor("lna", "LNA", ActorType.ARMED_GROUP)
    >>> said = Relation(egypt, RelationType.SUPPORTS, lna, Evidence("d1", "Egypt backs the LNA.", 0, 20), 0.8)
    >>> relations_from_graph(build_graph([Document("d1", "Egypt backs the LNA.")], [said])) == [said]
    True
    """
    relations = []
    for node in ds.subjects(RDF.type, KG.Assertion, unique=True):
        doc = ds.value(node, PROV.wasDerivedFrom)
        evidence = Evidence(
            str(ds.value(doc, DCTERMS.identifier)),
            str(ds.value(node, KG.evidence)),
            int(_python(ds, node, KG.charStart)),
            int(_python(ds, node, KG.charEnd)),
        )
        date, attributed = ds.value(node, KG.date), ds.value(node, KG.attributedTo)
        relations.append(
            Relation(
                _actor(ds, ds.value(node, KG.subject)),
                RelationType(str(ds.value(node, KG.relation)).removeprefix(str(KG._NS))),
                _actor(ds, ds.value(node, KG.object)),
                evidence,
                float(_python(ds, node, KG.confidence)),
                Modality(str(ds.value(node, KG.modality)).removeprefix(str(KG._NS))),
                date=None if date is None else str(date),
                attributed_to=None if attributed is None else str(attributed),
            )
        )
    return sorted(relations, key=_relation_order)


def _python(ds: Graph, node: Node, predicate: URIRef) -> Any:
    """The value of the literal ``node`` has for ``predicate``, as Python (None without one)."""
    value = ds.value(node, predicate)
    return value.toPython() if isinstance(value, Literal) else value


def _actor(ds: Graph, node: Node | None) -> Actor:
    types = {str(t).removeprefix(str(KG._NS)) for t in ds.objects(node, RDF.type)}
    kinds = [kind for kind in ActorType if kind.value in types]
    if len(kinds) != 1:
        raise KGError(f"{node}: an actor needs exactly one kg type; 'kg validate' lists such problems")
    (actor_type,) = kinds
    label = str(ds.value(node, RDFS.label))
    aliases = tuple(sorted(str(alias) for alias in ds.objects(node, SKOS.altLabel)))
    return Actor(str(node).rsplit("/", 1)[-1], label, actor_type, (label, *aliases) if aliases else ())


def _relation_order(relation: Relation) -> tuple:
    evidence = relation.evidence
    labels = (relation.subject.label, relation.relation.value, relation.object.label)
    return (evidence.doc_id, evidence.start, *labels, relation.modality.value)


def one_per_assertion(relations: Iterable[Relation]) -> list[Relation]:
    """``relations`` with one Relation per assertion node (document, actors, relation, sentence):
    the most confident, so that the node gets one confidence and one modality.

    Two readings of one sentence can end as one assertion once their actors are resolved ("posted
    advisers in Luanda" and "served in Angola" both deploy to Angola).
    """
    chosen: dict[URIRef, Relation] = {}
    for relation in relations:
        node = _assertion_iri(relation)
        if node not in chosen or relation.confidence > chosen[node].confidence:
            chosen[node] = relation
    return list(chosen.values())


def _assertion_iri(relation: Relation) -> URIRef:
    doc_id, start = relation.evidence.doc_id, relation.evidence.start
    # slugs, not keys: the key read back from an IRI (relations_from_graph) mints the same assertion
    subject, obj = slug(relation.subject.key), slug(relation.object.key)
    parts = (doc_id, subject, relation.relation.value, obj, str(start))
    return ASSERTION[hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]]


def _source(source: str) -> URIRef | Literal:
    """A document's source: the IRI of the web page it was fetched from, else the path as text."""
    return URIRef(source) if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", source) else Literal(source)


def _date(text: str) -> Literal:
    """An ``xsd:date`` literal for a full ISO date, a plain literal for anything else."""
    if _ISO_DATE.fullmatch(text):
        try:
            date.fromisoformat(text)
        except ValueError:
            return Literal(text)
        return Literal(text, datatype=XSD.date)
    return Literal(text)


def load_graph(path: str | os.PathLike[str]) -> Dataset:
    """Read a graph file (``.ttl``, ``.trig``, ``.nt``, ``.nq``, ``.jsonld``) into a new Dataset.

    Raises KGError, in one line naming the file, if it is missing, empty or not valid in its format.
    """
    path = Path(path)
    name = _format(path, None)
    parser, _, title = _FORMATS[name]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KGError(f"{path}: no such file") from None
    except OSError as exc:
        raise KGError(f"{path}: cannot read: {exc.strerror}") from None
    if not data.strip():
        raise KGError(f"{path}: the file is empty")
    ds = new_dataset()
    try:
        remote = name == "json-ld" and _has_remote_context(json.loads(data))
        if not remote:
            ds.parse(data=data, format=parser, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib's parsers raise many exception types
        raise KGError(f"{path}: not valid {title}: {_describe(exc)}") from None
    if remote:
        raise KGError(f"{path}: refers to a remote JSON-LD @context, which kg does not fetch")
    for prefix, namespace in NAMESPACES.items():
        ds.bind(prefix, namespace, override=True, replace=True)
    return ds


def _has_remote_context(node: object) -> bool:
    """Whether a JSON-LD document refers to a context by address, which rdflib would fetch."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@import") and _names_address(value):
                return True
            if _has_remote_context(value):
                return True
    elif isinstance(node, list):
        return any(_has_remote_context(item) for item in node)
    return False


def _names_address(context: object) -> bool:
    if isinstance(context, list):
        return any(isinstance(item, str) for item in context)
    return isinstance(context, str)


def _describe(exc: Exception) -> str:
    if isinstance(exc, BadSyntax):
        why = re.search(r"Bad syntax \((.*)\) at \^", str(exc))
        return f"line {exc.lines + 1}: {why.group(1) if why else 'bad syntax'}"
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def save_graph(ds: Dataset, path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Write ``ds`` to ``path`` atomically, in ``format`` or else the one its extension names.

    Turtle and N-Triples hold the union of the named graphs as one graph. Turtle is written
    canonically (``longturtle``, ``canon=True``) and N-Triples and N-Quads lines are sorted, so that
    equal graphs give equal files. Returns the path written.
    """
    path = Path(path)
    name = _format(path, format)
    _, serializer, _ = _FORMATS[name]
    if name == "turtle":
        data = union(ds).serialize(format=serializer, canon=True, encoding="utf-8")
    elif name == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()}
        data = ds.serialize(format=serializer, context=context, auto_compact=True, encoding="utf-8")
    elif name == "trig":
        data = ds.serialize(format=serializer, encoding="utf-8")
    else:
        graph = union(ds) if name == "nt" else ds
        lines = graph.serialize(format=serializer, encoding="utf-8").splitlines(keepends=True)
        data = b"".join(sorted(line for line in lines if line.strip()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError as exc:
        raise KGError(f"{path}: cannot write: {exc.strerror}") from None
    return path


def _format(path: Path, format: str | None) -> str:
    """The format name for ``format`` if given, else for the file's extension."""
    given = (format if format is not None else path.suffix.lstrip(".")).lower()
    name = _ALIASES.get(given, given)
    if name not in _FORMATS:
        what = f"format {format!r}" if format is not None else f"extension {path.suffix or '(none)'!r}"
        raise KGError(f"{path}: unknown graph {what}; use {_SUFFIXES}")
    return name
