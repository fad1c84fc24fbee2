"""Project a kg RDF graph onto networkx and analyse it: the actor multigraph, views of it (filters,
neighbourhoods), the signed alliance graph and its blocs, and a report per actor."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from itertools import combinations
from operator import itemgetter

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.analysis.blocs import EXACT_LIMIT, find_blocs, positive_components
from kg.errors import KGError, ambiguous
from kg.model import RELATIONS, ActorType, Modality, RelationType
from kg.namespace import NAMESPACES, actor_type_iri, modality_iri, relation_iri
from kg.nlp.dates import period
from kg.text import format_table

_RELATIONS: dict[Node, str] = {relation_iri(relation): relation.value for relation in RelationType}
_MODALITIES: dict[Node, str] = {modality_iri(modality): modality.value for modality in Modality}
_ACTOR_TYPES: dict[Node, str] = {actor_type_iri(kind): kind.value for kind in ActorType}

AFFILIATIONS = (RelationType.LEADS, RelationType.MEMBER_OF)
_SIGNS = {relation.value: spec.sign for relation, spec in RELATIONS.items() if spec.sign}
# taking sides, by a signed relation with a direction: backing (0) or fighting (1) its object
_SIDES = {
    relation.value: 0 if spec.sign > 0 else 1
    for relation, spec in RELATIONS.items()
    if spec.sign and not spec.symmetric
}
_EXACT_CENTRALITY = 1000  # past this many actors, betweenness is estimated from a seeded sample

_ASSERTIONS = prepareQuery(
    """
    SELECT ?assertion ?s ?relation ?o ?modality ?sentence ?start ?confidence ?date ?doc ?docId ?docDate
           ?source ?retrieved
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
        OPTIONAL { ?doc dcterms:source ?source }
        OPTIONAL { ?doc prov:generatedAtTime ?retrieved }
      }
    }
    """,
    initNs=NAMESPACES,
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
        Nodes are actor IRI strings with ``label``, ``type``, ``aliases`` (sorted) and ``degree``,
        and a person who leads or is a member of an actor has ``attached_to`` (see
        ``affiliations``); only actors that take part in a drawn relation appear. There is one edge per
        (subject, relation, object), keyed by the relation name, with ``relation``, ``count``,
        ``modalities`` (sorted) and ``evidence``: dicts of ``sentence``, ``doc``, ``date``,
        ``modality``, ``confidence``, and the document's ``source`` and ``retrieved`` (when it was
        fetched), ordered by date, document and position.
    """
    found: dict[tuple[str, str, str], list[tuple[tuple, dict]]] = defaultdict(list)
    seen: set[Node] = set()
    rows: Iterable[ResultRow] = graph.query(_ASSERTIONS)  # type: ignore[assignment]  # a SELECT's
    for row in rows:
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
            "source": _text(row.source),
            "retrieved": _text(row.retrieved),
        }
        position = int(row.start) if row.start is not None else -1
        order = (evidence["date"] or "", evidence["doc"] or "", position, evidence["sentence"])
        found[str(row.s), relation, str(row.o)].append((order, evidence))

    G = nx.MultiDiGraph()
    for (u, relation, v), items in sorted(found.items()):
        sentences = [item for _, item in sorted(items, key=itemgetter(0))]
        G.add_edge(
            u,
            v,
            key=relation,
            relation=relation,
            count=len(sentences),
            modalities=sorted({item["modality"] for item in sentences}),
            evidence=sentences,
        )
    for node, degree in G.degree():
        G.nodes[node].update(_actor(graph, URIRef(node)), degree=degree)
    for person, actor in affiliations(G).items():
        G.nodes[person]["attached_to"] = actor
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


def affiliations(G: nx.MultiDiGraph) -> dict[str, str]:
    """Map each person of an actor graph to the actor it leads, else to the one it is a member of.

    Of several, the one with the most evidence (then the first label) wins; persons are never
    attached to persons.
    """
    found = {}
    for node, actor_type in G.nodes(data="type"):
        if actor_type != ActorType.PERSON.value:
            continue
        for relation in AFFILIATIONS:
            targets = [
                (-data["count"], G.nodes[v]["label"], v)
                for _, v, key, data in G.out_edges(node, keys=True, data=True)
                if key == relation.value and G.nodes[v].get("type") != ActorType.PERSON.value
            ]
            if targets:
                found[node] = min(targets)[2]
                break
    return found


def signed_graph(G: nx.MultiDiGraph, attach_persons: bool = True) -> nx.Graph:
    """The signed alliance graph of an actor graph: one undirected tie per pair of actors.

    Supports, signsAgreementWith and meetsWith count as positive evidence, opposes as negative;
    a tie's ``sign`` is that of positive minus negative evidence sentences (pairs where the two
    cancel out get no tie), its ``weight`` the difference. Two actors with no direct relation
    but a shared side (both support, or both oppose, a third) get a positive tie weighted by the
    number of such sides. With ``attach_persons`` a person's relations count for the actor it is
    ``attached_to``. Edges also keep ``positive``, ``negative`` and ``shared``; nodes keep
    ``label`` and ``type``.
    """

    def actor(node: str) -> str:
        return G.nodes[node].get("attached_to", node) if attach_persons else node

    evidence: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    sides: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for u, v, relation, count in G.edges(keys=True, data="count", default=1):
        a, b = actor(u), actor(v)
        if relation in _SIGNS and a != b:
            evidence[_pair(a, b)][_SIGNS[relation] < 0] += count
        if relation in _SIDES and a != b:
            sides[b][_SIDES[relation]].add(a)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for backers, enemies in sides.values():
        for group in (backers, enemies):
            for pair in combinations(sorted(group), 2):
                if pair not in evidence:
                    shared[pair] += 1

    S = nx.Graph()
    for (a, b), (positive, negative) in evidence.items():
        if positive != negative:
            net = positive - negative
            S.add_edge(a, b, sign=1 if net > 0 else -1, weight=abs(net), positive=positive, negative=negative)
    for (a, b), count in shared.items():
        S.add_edge(a, b, sign=1, weight=count, positive=0, negative=0, shared=count)
    for node in S:
        S.nodes[node].update(label=G.nodes[node]["label"], type=G.nodes[node].get("type", "Actor"))
    return S


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def centrality(G: nx.Graph, seed: int = 0) -> dict[str, float]:
    """Betweenness centrality of each actor in the undirected view of ``G``, from 0 to 1.

    Exact up to 1,000 actors; past that estimated from 256 sources drawn with ``seed``.
    """
    simple = nx.Graph(G.to_undirected(as_view=True)) if G.is_multigraph() else nx.Graph(G)
    k = None if len(simple) <= _EXACT_CENTRALITY else 256
    return nx.betweenness_centrality(simple, k=k, seed=seed)


@dataclass(frozen=True)
class ActorSummary:
    """One actor in the analysis: its bloc number (None if it has no tie), the labels of its
    allies and opponents in the signed graph, its betweenness centrality and degree, and the
    actor a person is attached to."""

    id: str
    label: str
    type: str
    bloc: int | None
    allies: list[str]
    opponents: list[str]
    centrality: float
    degree: int
    attached_to: str | None = None


@dataclass(frozen=True)
class Analysis:
    """The blocs of an actor graph and a summary of each actor.

    ``blocs`` lists actor ids, largest bloc first, the most central member first (persons sit
    in the bloc of the actor they are attached to); ``components`` are the connected components
    of the positive ties; ``frustration`` counts the ties the blocs leave unbalanced out of
    ``ties``, listed in ``frustrated`` as (actor, actor, sign); ``exact`` tells whether that is
    proven minimal. ``actors`` are most central first.
    """

    blocs: list[list[str]]
    components: list[list[str]]
    frustration: int
    ties: int
    exact: bool
    actors: list[ActorSummary]
    frustrated: list[tuple[str, str, int]]

    def bloc_of(self) -> dict[str, int]:
        """Actor id -> bloc number, for the actors in a bloc."""
        return {actor: i for i, bloc in enumerate(self.blocs) for actor in bloc}

    def to_dict(self) -> dict:
        """Plain data for JSON: each bloc and component is a list of ``{"id", "label", "type"}``."""
        names = {a.id: {"id": a.id, "label": a.label, "type": a.type} for a in self.actors}
        return {
            "blocs": [[names[actor] for actor in bloc] for bloc in self.blocs],
            "components": [[names[actor] for actor in component] for component in self.components],
            "frustration": self.frustration,
            "ties": self.ties,
            "exact": self.exact,
            "frustrated": [{"actors": [names[a], names[b]], "sign": sign} for a, b, sign in self.frustrated],
            "actors": [asdict(actor) for actor in self.actors],
        }


def analyse(G: nx.MultiDiGraph, seed: int = 0, exact_limit: int = EXACT_LIMIT) -> Analysis:
    """Find the blocs of an actor graph (as made by ``to_networkx``) and summarise every actor.

    Blocs come from ``kg.analysis.blocs.find_blocs`` over ``signed_graph(G)`` (persons attached to
    their actor); allies and opponents from ``signed_graph(G, attach_persons=False)``.
    """
    S = signed_graph(G)
    partition = find_blocs(S, exact_limit=exact_limit, seed=seed)
    bloc_of = {actor: i for i, bloc in enumerate(partition.blocs) for actor in bloc}
    direct = signed_graph(G, attach_persons=False)
    scores = centrality(G, seed)
    actors = []
    for node, data in G.nodes(data=True):
        ties = direct.adj.get(node, {})
        attached = data.get("attached_to")
        actors.append(
            ActorSummary(
                id=node,
                label=data["label"],
                type=data.get("type", "Actor"),
                bloc=bloc_of.get(attached or node),
                allies=sorted(direct.nodes[n]["label"] for n, tie in ties.items() if tie["sign"] > 0),
                opponents=sorted(direct.nodes[n]["label"] for n, tie in ties.items() if tie["sign"] < 0),
                centrality=round(scores[node], 6),
                degree=G.degree(node),
                attached_to=attached,
            )
        )
    actors.sort(key=lambda a: (-a.centrality, -a.degree, a.label, a.id))
    rank = {actor.id: i for i, actor in enumerate(actors)}
    blocs: list[list[str]] = [[] for _ in partition.blocs]
    for actor in actors:
        if actor.bloc is not None:
            blocs[actor.bloc].append(actor.id)
    components = [sorted(map(str, c), key=rank.__getitem__) for c in positive_components(S) if len(c) > 1]
    frustrated = sorted(
        (*sorted((u, v), key=rank.__getitem__), sign)
        for u, v, sign in S.edges(data="sign")
        if (sign > 0) != (bloc_of[u] == bloc_of[v])
    )
    return Analysis(
        blocs, components, partition.frustration, S.number_of_edges(), partition.exact, actors, frustrated
    )


def select(
    G: nx.MultiDiGraph,
    relations: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_evidence: int = 1,
) -> nx.MultiDiGraph:
    """A copy of an actor graph with only the edges that pass every filter, and their actors.

    An edge passes if its relation is in ``relations`` (default: all) and at least
    ``min_evidence`` of its sentences are dated within ``since``..``until`` (ISO dates, both
    inclusive) or undated; it keeps those sentences only. Node attributes are copied as they are.
    """
    view = nx.MultiDiGraph()
    for u, v, key, data in G.edges(keys=True, data=True):
        if relations is not None and data["relation"] not in relations:
            continue
        evidence = [e for e in data.get("evidence", []) if _within(e.get("date"), since, until)]
        if len(evidence) >= min_evidence:
            modalities = sorted({e["modality"] for e in evidence})
            view.add_edge(u, v, key=key, **{**data, "evidence": evidence, "count": len(evidence)})
            view.edges[u, v, key]["modalities"] = modalities or data.get("modalities", [])
    for node in view:
        view.nodes[node].update(G.nodes[node])
    return view


def _within(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether ``date`` (a day, a month or a year; none, or one not ISO, counts as in) overlaps
    ``since``..``until``."""
    span = period(date) if date else None
    if span is None:
        return True
    first, last = span
    return (since is None or last >= since) and (until is None or first <= until)


def neighbourhood(G: nx.MultiDiGraph, actor: str, depth: int = 1) -> nx.MultiDiGraph:
    """A copy of the part of ``G`` within ``depth`` relations of ``actor``, in either direction."""
    return G.subgraph(nx.ego_graph(G, actor, radius=depth, undirected=True)).copy()


def find_actor(G: nx.MultiDiGraph, name: str) -> str:
    """The id of the actor named ``name``: its IRI, its label, else one of its other names; case
    does not matter.

    Raises KGError if no actor, or more than one, has that name (as ``kg query`` does).
    """
    if name in G:
        return name
    wanted = name.casefold().strip()
    labelled = sorted(node for node, data in G.nodes(data=True) if data.get("label", "").casefold() == wanted)
    found = labelled or sorted(
        node
        for node, data in G.nodes(data=True)
        if wanted in {alias.casefold() for alias in data.get("aliases", [])}
    )
    if len(found) == 1:
        return found[0]
    if not found:
        raise KGError(f"no actor named {name!r} in the graph")
    raise ambiguous(name, [(G.nodes[node]["label"], node) for node in found])


def format_actor(analysis: Analysis, actor: str) -> str:
    """One actor of the analysis as text: its bloc, allies, opponents and rank by centrality.

    ``actor`` is its id (``find_actor`` gives it from any of its names).
    """
    rank, summary = next((n, a) for n, a in enumerate(analysis.actors, start=1) if a.id == actor)
    labels = {a.id: a.label for a in analysis.actors}
    bloc = "no bloc"
    if summary.bloc is not None:
        bloc = f"bloc {summary.bloc + 1}: " + ", ".join(labels[a] for a in analysis.blocs[summary.bloc])
    return "\n".join(
        [
            f"{summary.label} ({summary.type}), {bloc}",
            f"  allies: {', '.join(summary.allies) or 'none'}",
            f"  opponents: {', '.join(summary.opponents) or 'none'}",
            f"  key actor {rank} of {len(analysis.actors)} (centrality {summary.centrality:.3f})",
        ]
    )


def format_analysis(analysis: Analysis, top: int = 10) -> str:
    """The analysis as text: a summary line, each bloc, the frustrated ties, and the ``top`` key
    actors as a table."""
    labels = {actor.id: actor.label for actor in analysis.actors}
    proof = "minimal" if analysis.exact else "found by local search"
    lines = [
        f"{len(analysis.blocs)} blocs over {analysis.ties} ties, {analysis.frustration} frustrated ({proof})",
        *(
            f"  bloc {i + 1} ({len(bloc)}): " + ", ".join(labels[actor] for actor in bloc)
            for i, bloc in enumerate(analysis.blocs)
        ),
    ]
    if analysis.frustrated:
        lines.append("frustrated ties:")
        lines += [
            f"  {labels[a]} and {labels[b]}: "
            + ("allies in two blocs" if sign > 0 else "opponents in one bloc")
            for a, b, sign in analysis.frustrated
        ]
    rows = [
        (
            a.label,
            a.type,
            a.bloc + 1 if a.bloc is not None else None,
            len(a.allies),
            len(a.opponents),
            a.centrality,
        )
        for a in analysis.actors[:top]
    ]
    columns = ("key actor", "type", "bloc", "allies", "opponents", "centrality")
    return "\n".join([*lines, "", format_table(columns, rows)])
