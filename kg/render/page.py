"""Draw an actor multigraph as one self-contained HTML page that works offline, or as a PNG.

vis-network's JS and CSS are read from pyvis's bundled copy and put in-line; the graph goes in
as escaped JSON and the page script builds every tooltip with ``textContent``. Nodes are
coloured by bloc (``kg.analysis.network.analyse``) and shaped by actor type; the page filters by
relation, bloc, date range and evidence count, and focuses on one actor's neighbourhood.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import math
import os
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, NamedTuple

import networkx as nx

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from kg.analysis.network import Analysis, analyse
from kg.files import write_atomically
from kg.model import RELATIONS, ActorType, RelationType
from kg.nlp.dates import period
from kg.text import plural


class RelationStyle(NamedTuple):
    color: str
    dashes: bool
    text: str


class ActorStyle(NamedTuple):
    shape: str  # vis-network
    marker: str  # matplotlib
    svg: str


RELATION_STYLES: dict[str, RelationStyle] = {
    relation.value: RelationStyle(spec.color, spec.dashed, spec.label) for relation, spec in RELATIONS.items()
}

ACTOR_STYLES: dict[str, ActorStyle] = {
    ActorType.STATE.value: ActorStyle("dot", "o", '<circle cx="8" cy="8" r="6"/>'),
    ActorType.GOVERNMENT.value: ActorStyle("square", "s", '<rect x="2" y="2" width="12" height="12"/>'),
    ActorType.ARMED_GROUP.value: ActorStyle("triangle", "^", '<polygon points="8,1 15,14 1,14"/>'),
    ActorType.ORGANISATION.value: ActorStyle(
        "hexagon", "h", '<polygon points="4,2 12,2 16,8 12,14 4,14 0,8"/>'
    ),
    ActorType.PERSON.value: ActorStyle("diamond", "D", '<polygon points="8,0 16,8 8,16 0,8"/>'),
    ActorType.LOCATION.value: ActorStyle("triangleDown", "v", '<polygon points="1,2 15,2 8,15"/>'),
}
_UNKNOWN_ACTOR = ActorStyle("dot", "o", '<circle cx="8" cy="8" r="6"/>')
_SHAPE_INK = "#5b6470"
_BORDER = "#3a3f47"
BLOC_COLORS = (
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
    "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
)  # fmt: skip
"""The colours of the largest blocs, in order; smaller blocs share ``OTHER_BLOCS``."""
OTHER_BLOCS = "#b0b0b0"
NO_BLOC = "#e8e8e8"
LARGE_GRAPH = 500
"""Past this many actors (and on a capped page) the page lays out in fewer steps, with straight edges."""
MAX_DRAWN = 400
"""Past this many actors the page draws only the ``MAX_DRAWN`` with the most evidence (``drawn``);
every actor and relation stays in a compact side table, from which the focus draws any actor's
neighbourhood."""
SHOWN_EVIDENCE = 5
"""On a capped page, the sentences an edge's tooltip carries (its count says how many there are)."""
SIDE_EVIDENCE = 3_000_000
"""On a capped page, the characters of sentences the side table may carry, the best-attested
relations' first."""
BLOC_NAMES = 40
"""A node's tooltip names at most this many members of its bloc."""
_SYMMETRIC = {relation.value for relation in RelationType if relation.symmetric}
_NEGATED_DASHES = [2, 5]

_VIS = "templates/lib/vis-9.1.2/"

_OPTIONS: dict[str, dict] = {
    "nodes": {
        "borderWidth": 1,
        "font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
    },
    "edges": {"arrowStrikethrough": False, "hoverWidth": 1.5, "selectionWidth": 2},
    "interaction": {"hover": True, "tooltipDelay": 100},
    "layout": {"randomSeed": 7},
    "physics": {
        "solver": "barnesHut",
        "barnesHut": {
            "gravitationalConstant": -9000,
            "springLength": 170,
            "springConstant": 0.04,
            "damping": 0.3,
            "avoidOverlap": 0.3,
        },
        "stabilization": {"enabled": True, "iterations": 1000, "fit": True},
    },
}


# a large (or capped) graph stabilises in fewer steps, without the slow initial layout
_LARGE_OPTIONS: dict[str, dict] = {
    **_OPTIONS,
    "layout": {"randomSeed": 7, "improvedLayout": False},
    "physics": {
        **_OPTIONS["physics"],
        "barnesHut": {**_OPTIONS["physics"]["barnesHut"], "avoidOverlap": 0},
        "stabilization": {"enabled": True, "iterations": 60, "updateInterval": 25, "fit": True},
    },
}


class BlocStyle(NamedTuple):
    key: str
    color: str
    text: str
    whole: str = ""  # the bloc's line with every member, for a node's tooltip


OTHER_BLOC_STYLE = BlocStyle("other", OTHER_BLOCS, "smaller blocs")
NO_BLOC_STYLE = BlocStyle("none", NO_BLOC, "no alliance tie")


def bloc_styles(analysis: Analysis) -> dict[str, BlocStyle]:
    """Actor id -> the style of its bloc: the largest blocs get a colour and a name after their
    two most central members, smaller ones share ``OTHER_BLOC_STYLE``."""
    labels = {actor.id: actor.label for actor in analysis.actors}
    styles = {}
    for i, bloc in enumerate(analysis.blocs):
        style = OTHER_BLOC_STYLE
        if i < len(BLOC_COLORS):
            names = ", ".join(labels[actor] for actor in bloc[:2]) + (", …" if len(bloc) > 2 else "")
            whole = ", ".join(labels[actor] for actor in bloc[:BLOC_NAMES])
            if len(bloc) > BLOC_NAMES:
                whole += f" and {len(bloc) - BLOC_NAMES:,} more"
            style = BlocStyle(f"b{i}", BLOC_COLORS[i], f"bloc {i + 1}: {names}", f"bloc {i + 1}: {whole}")
        styles.update(dict.fromkeys(bloc, style))
    return styles


def render_html(
    nx_graph: nx.Graph,
    title: str = "Alliance graph",
    analysis: Analysis | None = None,
    max_actors: int | None = MAX_DRAWN,
) -> str:
    """Return a standalone HTML page drawing an actor graph (as made by ``kg.analysis.network.to_networkx``).

    Nodes take ``label``, ``type``, ``aliases``, ``degree`` and ``attached_to``; edges take
    ``relation``, ``count``, ``modalities`` and ``evidence``. Nodes are coloured by the blocs of
    ``analysis`` (default: ``analyse(nx_graph)``), which may cover a larger graph than the one
    drawn. Past ``max_actors`` actors (None: never) the page draws the ``drawn`` ones, each edge
    with its first ``SHOWN_EVIDENCE`` sentences, and carries the rest in a side table for the
    focus (``_side_table``). The page makes no network request.
    """
    analysis = analysis if analysis is not None else analyse(nx_graph)
    blocs = bloc_styles(analysis)
    capped = max_actors is not None and nx_graph.number_of_nodes() > max_actors
    large = capped or nx_graph.number_of_nodes() > LARGE_GRAPH
    every_edge = _edges(nx_graph, straight=large)
    edges, nodes = every_edge, _nodes(nx_graph, blocs)
    if capped and max_actors is not None:
        shown = drawn(nx_graph, max_actors)
        nodes = [node for node in nodes if node["id"] in shown]
        edges = [_cut(edge) for edge in every_edge if edge["from"] in shown and edge["to"] in shown]
    spans = [period(day) for edge in every_edge for day in edge["tip"]["dates"] if day]
    days = sorted({day for span in spans if span for day in span})  # a month spans its first to last day
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": _LARGE_OPTIONS if large else _OPTIONS,
        "dates": [days[0], days[-1]] if days else None,
        "more": _side_table(nx_graph, every_edge, blocs, len(nodes)) if capped else None,
    }
    vis_js = _resource("pyvis", _VIS + "vis-network.min.js").replace("</script", "<\\/script")
    app_js = _resource("kg.render", "templates/alliances.js")
    page = Template(_resource("kg.render", "templates/alliances.html"))
    used = {blocs.get(node, NO_BLOC_STYLE).key: blocs.get(node, NO_BLOC_STYLE) for node in nx_graph}
    n_actors = plural(nx_graph.number_of_nodes(), "actor")
    return page.substitute(
        title=html.escape(title),
        csp_scripts=" ".join(_csp_hash(script) for script in (vis_js, app_js)),
        vis_css=_resource("pyvis", _VIS + "vis-network.css"),
        vis_js=vis_js,
        app_js=app_js,
        data=_script_json(data),
        blocs=_bloc_legend(used, Counter(blocs.get(node, NO_BLOC_STYLE).key for node in nx_graph)),
        legend=_legend(negated=any(edge["tip"]["negated"] for edge in every_edge)),
        n_actors=f"{len(nodes)} of {n_actors} drawn (those with the most evidence)" if capped else n_actors,
        n_relations=plural(nx_graph.number_of_edges(), "relation"),
        n_sentences=plural(sum(edge["tip"]["count"] for edge in every_edge), "sentence"),
    )


def drawn(G: nx.Graph, n: int) -> set[str]:
    """The ``n`` actors a capped page draws: those with the most evidence sentences over all their
    relations, then the most relations, then by label."""
    evidence: Counter[str] = Counter()
    for u, v, count in G.edges(data="count", default=1):
        evidence[u] += count
        evidence[v] += count
    rank = sorted(G, key=lambda node: (-evidence[node], -G.degree(node), G.nodes[node].get("label", node)))
    return {str(node) for node in rank[:n]}


def _cut(edge: dict) -> dict:
    """An edge of a capped page: its tooltip carries the first ``SHOWN_EVIDENCE`` sentences."""
    return {**edge, "tip": {**edge["tip"], "evidence": edge["tip"]["evidence"][:SHOWN_EVIDENCE]}}


def _side_table(G: nx.Graph, edges: list[dict], blocs: dict[str, BlocStyle], limit: int) -> dict:
    """What a capped page's focus draws from: every actor as a row ``[id, label, shape, type, bloc,
    degree, size, aliases, attached]``, every edge as ``[from, to, relation, count, negated, width,
    bend, evidence]`` (actors by row number; ``bend``: the signed roundness of its curve, 0 straight;
    ``evidence``: rows ``[sentence, doc, date, modality, confidence, source, retrieved]``, the
    best-attested edges' first ``SHOWN_EVIDENCE`` until ``SIDE_EVIDENCE`` characters), the styles
    both refer to, and ``limit``, the most actors the focus draws."""
    nodes = _nodes(G, blocs)
    row = {node["id"]: i for i, node in enumerate(nodes)}
    budget = SIDE_EVIDENCE
    quoted: dict[int, list[list]] = {}
    for i in sorted(range(len(edges)), key=lambda i: -edges[i]["tip"]["count"]):
        sentences = edges[i]["tip"]["evidence"][:SHOWN_EVIDENCE]
        size = sum(len(e["sentence"]) for e in sentences)
        if size > budget:
            continue
        budget -= size
        quoted[i] = [[e.get(key) for key in _EVIDENCE_KEYS] for e in sentences]
    links = []
    for i, edge in enumerate(edges):
        tip, smooth = edge["tip"], edge["smooth"]
        bend = smooth["roundness"] * (1 if smooth["type"] == "curvedCW" else -1) if smooth["enabled"] else 0
        ends = [row[edge["from"]], row[edge["to"]], edge["relation"]]
        links.append([*ends, tip["count"], tip["negated"], edge["width"], bend, quoted.get(i, [])])
    relations = {edge["relation"] for edge in edges}
    return {
        "actors": [_actor_row(node) for node in nodes],
        "links": links,
        "blocs": {node["bloc"]: {"color": node["color"], "text": node["tip"]["bloc"]} for node in nodes},
        "relations": {
            relation: {**_look(relation), "text": _style(relation).text, "ink": _style(relation).color}
            for relation in relations
        },
        "negated": _NEGATED_DASHES,
        "limit": limit,
    }


def _actor_row(node: dict) -> list:
    tip = node["tip"]
    return [node["id"], node["label"], node["shape"], tip["type"], node["bloc"], tip["degree"], node["size"],
            tip["aliases"], tip["attached"]]  # fmt: skip


_EVIDENCE_KEYS = ("sentence", "doc", "date", "modality", "confidence", "source", "retrieved")


def write_html(
    nx_graph: nx.Graph,
    path: str | os.PathLike,
    title: str = "Alliance graph",
    analysis: Analysis | None = None,
) -> Path:
    """Write ``render_html(nx_graph, title, analysis)`` to ``path`` atomically and return the path."""
    return write_atomically(path, render_html(nx_graph, title=title, analysis=analysis))


@dataclass(frozen=True)
class InlinePage:
    """A page that a notebook shows inline, in an iframe of its own (``srcdoc``), so that its
    scripts and styles stay apart from the notebook's."""

    html: str
    height: int = 640

    def _repr_html_(self) -> str:
        style = f"width: 100%; height: {self.height}px; border: 1px solid #d9dee5"
        return f'<iframe srcdoc="{html.escape(self.html, quote=True)}" style="{style}"></iframe>'


def inline_page(
    nx_graph: nx.Graph, title: str = "Alliance graph", analysis: Analysis | None = None, height: int = 640
) -> InlinePage:
    """``render_html`` wrapped for display in Jupyter: the last expression of a cell shows it."""
    return InlinePage(render_html(nx_graph, title=title, analysis=analysis), height)


def _nodes(G: nx.Graph, blocs: dict[str, BlocStyle]) -> list[dict]:
    nodes = []
    starts = _starts(G)
    for node, data in G.nodes(data=True):
        style = ACTOR_STYLES.get(data.get("type", ""), _UNKNOWN_ACTOR)
        bloc = blocs.get(node, NO_BLOC_STYLE)
        degree = data.get("degree", G.degree(node))
        attached = data.get("attached_to")
        tip = {
            "label": data.get("label", str(node)),
            "type": data.get("type", "Actor"),
            "aliases": list(data.get("aliases", [])),
            "degree": degree,
            "bloc": bloc.whole or bloc.text,
            "attached": G.nodes[attached].get("label") if attached in G else None,
        }
        nodes.append(
            {
                "id": str(node),
                "label": tip["label"],
                "shape": style.shape,
                "color": {
                    "background": bloc.color,
                    "border": _BORDER,
                    "highlight": {"background": bloc.color, "border": "#000000"},
                    "hover": {"background": bloc.color, "border": "#000000"},
                },
                "bloc": bloc.key,  # not "group": vis-network would restyle the node on update
                "size": round(12 + 6 * math.sqrt(degree), 1),
                "tip": tip,
                **starts.get(node, {}),
            }
        )
    return nodes


_STORY_SPACING = 200  # about vis-network's spring length: the room one actor takes


def _starts(G: nx.Graph) -> dict[str, dict[str, int]]:
    """Where each actor starts before the physics settles it, when the graph holds several
    unconnected stories: each story's actors scattered (seeded) on a disc of its own, the discs
    side by side in rows, largest first, so that the stories settle apart instead of interleaved.
    One connected graph starts where vis-network puts it."""
    stories = sorted(nx.connected_components(G.to_undirected(as_view=True)), key=lambda c: (-len(c), min(c)))
    if len(stories) < 2:
        return {}
    scatter = random.Random(7)
    row_width = 2 * _STORY_SPACING * math.sqrt(G.number_of_nodes())
    starts, x, y, row_height = {}, 0.0, 0.0, 0.0
    for story in stories:
        radius = _STORY_SPACING * math.sqrt(len(story)) / 2
        if x and x + 2 * radius > row_width:
            x, y, row_height = 0.0, y + row_height + _STORY_SPACING, 0.0
        for node in sorted(story):
            distance, angle = radius * math.sqrt(scatter.random()), 2 * math.pi * scatter.random()
            starts[node] = {
                "x": round(x + radius + distance * math.cos(angle)),
                "y": round(y + radius + distance * math.sin(angle)),
            }
        x, row_height = x + 2 * radius + _STORY_SPACING, max(row_height, 2 * radius)
    return starts


def _bloc_legend(styles: dict[str, BlocStyle], counts: Counter) -> str:
    return "".join(
        f'<li><label><input type="checkbox" checked data-bloc="{style.key}">'
        f'<svg width="16" height="16" aria-hidden="true"><circle cx="8" cy="8" r="6" fill="{style.color}" '
        f'stroke="{_BORDER}"/></svg>{html.escape(style.text)} ({counts[style.key]})</label></li>'
        for style in sorted(styles.values(), key=_bloc_rank)
    )


def _bloc_rank(style: BlocStyle) -> tuple[int, int]:
    """Numbered blocs in order, then the smaller blocs, then the actors with no tie."""
    if style.key.startswith("b"):
        return 0, int(style.key[1:])
    return (1 if style is OTHER_BLOC_STYLE else 2), 0


def _edges(G: nx.Graph, straight: bool = False) -> list[dict]:
    """The edges for vis-network; parallel ones curve apart, others are straight lines when
    ``straight`` (cheaper to draw) and vis-network's default curve otherwise."""
    labels = {node: data.get("label", str(node)) for node, data in G.nodes(data=True)}
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    edges: list[dict] = []
    for u, v, data in G.edges(data=True):
        relation = data.get("relation", "")
        look = _look(relation)
        negated = data.get("modalities") == ["negated"]
        evidence = list(data.get("evidence", []))
        first, second = sorted((str(u), str(v)))
        pairs[first, second].append(len(edges))
        edges.append(
            {
                "id": f"e{len(edges)}",
                "from": str(u),
                "to": str(v),
                "relation": relation,
                **look,
                "dashes": _NEGATED_DASHES if negated else look["dashes"],
                "width": round(1.5 + 0.75 * min(len(evidence) - 1, 6), 2) if evidence else 1.5,
                "tip": {
                    "from": labels[u],
                    "to": labels[v],
                    "relation": _style(relation).text,
                    "color": _style(relation).color,
                    "negated": negated,
                    "count": len(evidence),
                    "dates": [e.get("date") for e in evidence],
                    "evidence": evidence,
                },
            }
        )
    for (first, _), indices in pairs.items():
        if straight and len(indices) == 1:
            edges[indices[0]]["smooth"] = {"enabled": False}
            continue
        for k, index in enumerate(indices):
            edges[index]["smooth"] = _curve(k - (len(indices) - 1) / 2, edges[index]["from"] != first)
    return edges


def _style(relation: str) -> RelationStyle:
    return RELATION_STYLES.get(relation, RelationStyle("#444444", False, relation))


def _look(relation: str) -> dict:
    """How vis-network draws an edge of ``relation`` (its colour, dashes and arrow)."""
    style = _style(relation)
    return {
        "color": {"color": style.color, "highlight": style.color, "hover": style.color},
        "dashes": style.dashes,
        "arrows": {"to": {"enabled": relation not in _SYMMETRIC, "scaleFactor": 0.7}},
    }


def _curve(offset: float, reversed_: bool) -> dict:
    """Bend the k-th of several edges between one pair away from the others (offset 0: straight)."""
    if offset == 0:
        return {"enabled": False}
    clockwise = (offset > 0) != reversed_
    return {
        "enabled": True,
        "type": "curvedCW" if clockwise else "curvedCCW",
        "roundness": min(0.9, 0.5 * abs(offset)),
    }


def _legend(negated: bool) -> str:
    rows = [
        _legend_line(
            style.color, "6 4" if style.dashes else None, relation not in _SYMMETRIC, style.text, relation
        )
        for relation, style in RELATION_STYLES.items()
    ]
    if negated:
        rows.append(_legend_line("#555555", "2 5", False, "only denied in the text"))
    actors = [
        f'<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="{_SHAPE_INK}">'
        f"{style.svg}</svg>{html.escape(kind)}</li>"
        for kind, style in ACTOR_STYLES.items()
    ]
    return (
        '<h2>Relations</h2><ul class="relations">' + "".join(rows) + "</ul>"
        '<h2>Actors</h2><ul class="actors">' + "".join(actors) + "</ul>"
    )


def _legend_line(color: str, dashes: str | None, arrow: bool, text: str, relation: str | None = None) -> str:
    """A legend row drawing an edge; with ``relation``, a checkbox that shows or hides those edges."""
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    head = f'<path d="M28 1 L37 6 L28 11 Z" fill="{color}"/>' if arrow else ""
    box = f'<input type="checkbox" checked data-relation="{relation}">' if relation else ""
    return (
        f'<li><label>{box}<svg width="38" height="12" aria-hidden="true"><line x1="1" y1="6" '
        f'x2="{29 if arrow else 37}" y2="6" stroke="{color}" stroke-width="3"{dash}/>{head}</svg>'
        f"{html.escape(text)}</label></li>"
    )


def _script_json(data: dict) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _resource(package: str, name: str) -> str:
    """A text file shipped in ``package``, with LF line ends (so its CSP hash matches the parsed page)."""
    return files(package).joinpath(name).read_text(encoding="utf-8").replace("\r\n", "\n")


def write_png(
    nx_graph: nx.Graph,
    path: str | os.PathLike,
    title: str = "Alliance graph",
    analysis: Analysis | None = None,
    seed: int = 7,
) -> Path:
    """Draw an actor graph as a static PNG (matplotlib, ``draw``) and write it to ``path`` atomically."""
    from matplotlib import pyplot as plt

    figure = draw(nx_graph, title, analysis, seed)
    picture = io.BytesIO()
    try:
        figure.savefig(picture, format="png", metadata={"Software": None})
    finally:
        plt.close(figure)
    return write_atomically(path, picture.getvalue())


def draw(
    nx_graph: nx.Graph, title: str = "Alliance graph", analysis: Analysis | None = None, seed: int = 7
) -> Figure:
    """An actor graph as a matplotlib Figure, in the same styles as the page: colour by bloc, marker
    by actor type, edge colour and dashes by relation, arrows for directed relations. The layout is
    a spring layout seeded with ``seed``, so one graph always gives the same picture; labels are
    placed where they cover no other (``_place_labels``), and the legend lists what is drawn.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.lines import Line2D

    matplotlib.rcParams["text.parse_math"] = False  # names are text: "$5bn deal$" is no formula
    analysis = analysis if analysis is not None else analyse(nx_graph)
    blocs = bloc_styles(analysis)
    simple = nx.Graph(nx_graph.to_undirected(as_view=True))
    positions = nx.spring_layout(simple, seed=seed, k=3.0 / math.sqrt(max(len(simple), 1)), iterations=200)
    figure, axes = plt.subplots(figsize=(13, 9), dpi=110)
    axes.set_title(title, loc="left", fontsize=14)
    axes.set_axis_off()
    for relation, style in RELATION_STYLES.items():
        edges = [(u, v) for u, v, key in nx_graph.edges(keys=True) if key == relation]
        if edges:
            nx.draw_networkx_edges(
                nx_graph, positions, edgelist=edges, ax=axes, edge_color=style.color, width=1.6,
                style="--" if style.dashes else "-", arrows=True,
                arrowstyle="-|>" if relation not in _SYMMETRIC else "-", arrowsize=14,
                connectionstyle="arc3,rad=0.08", node_size=500,
            )  # fmt: skip
    for shape in [*ACTOR_STYLES.values(), _UNKNOWN_ACTOR]:
        members = [
            node
            for node, data in nx_graph.nodes(data=True)
            if ACTOR_STYLES.get(data.get("type"), _UNKNOWN_ACTOR) is shape
        ]
        nx.draw_networkx_nodes(
            nx_graph, positions, nodelist=members, ax=axes, node_shape=shape.marker, edgecolors=_BORDER,
            node_color=[blocs.get(node, NO_BLOC_STYLE).color for node in members],
            node_size=[120 + 60 * nx_graph.degree(node) for node in members],
        )  # fmt: skip
    used = {blocs.get(node, NO_BLOC_STYLE) for node in nx_graph}
    drawn = {key for _, _, key in nx_graph.edges(keys=True)}
    kinds = {nx_graph.nodes[node].get("type") for node in nx_graph}
    handles = [
        Line2D([], [], color=style.color, linestyle="--" if style.dashes else "-", lw=2, label=style.text)
        for relation, style in RELATION_STYLES.items()
        if relation in drawn
    ] + [
        Line2D([], [], marker="o", linestyle="", markerfacecolor=style.color, markeredgecolor=_BORDER,
               markersize=9, label=style.text)
        for style in sorted(used, key=_bloc_rank)
    ] + [
        Line2D([], [], marker=style.marker, linestyle="", color=_SHAPE_INK, markersize=8, label=kind)
        for kind, style in ACTOR_STYLES.items()
        if kind in kinds
    ]  # fmt: skip
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    figure.tight_layout()
    busiest = sorted(nx_graph, key=lambda node: -nx_graph.degree(node))
    labels = {node: (positions[node], nx_graph.nodes[node].get("label", node)) for node in busiest}
    _place_labels(axes, labels)
    return figure


# Where a label may go, in points from its node: above, below, then further out and to the sides.
_LABEL_SPOTS = ((0, 9), (0, -11), (0, 20), (0, -22), (34, 0), (-34, 0), (0, 31), (0, -33), (40, 14), (-40, 4))


def _place_labels(axes: Axes, labels: dict) -> None:
    """Write each node's label (``labels``: node -> (position, text), the first placed first) at
    the first of ``_LABEL_SPOTS`` where it covers no label placed before; one with no free spot
    is left out, so that no two labels cover each other."""
    renderer = axes.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    taken: list = []
    for (x, y), text in labels.values():
        for dx, dy in _LABEL_SPOTS:
            label = axes.annotate(
                text, (x, y), xytext=(dx, dy), textcoords="offset points", ha="center", va="center", size=8
            )
            box = label.get_window_extent(renderer)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            label.remove()
