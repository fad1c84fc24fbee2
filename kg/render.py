"""Draw an actor multigraph as one self-contained HTML page that works offline.

vis-network's JS and CSS are read from pyvis's bundled copy and put in-line; the graph goes in
as escaped JSON and the page script builds every tooltip with ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import os
import tempfile
from collections import defaultdict
from importlib.resources import files
from pathlib import Path
from string import Template
from typing import NamedTuple

import networkx as nx

from kg.model import ActorType, RelationType


class RelationStyle(NamedTuple):
    color: str
    dashes: bool
    text: str


class ActorStyle(NamedTuple):
    shape: str
    color: str
    svg: str


RELATION_STYLES: dict[str, RelationStyle] = {
    RelationType.SUPPORTS.value: RelationStyle("#2e8540", False, "supports"),
    RelationType.SIGNS_AGREEMENT_WITH.value: RelationStyle("#1f5fa8", False, "signs agreement with"),
    RelationType.DEPLOYS_TO.value: RelationStyle("#e07b00", False, "deploys to"),
    RelationType.OPPOSES.value: RelationStyle("#c62828", True, "opposes"),
    RelationType.LEADS.value: RelationStyle("#7b3fa0", False, "leads"),
    RelationType.MEMBER_OF.value: RelationStyle("#00838f", True, "member of"),
    RelationType.MEETS_WITH.value: RelationStyle("#6d6d6d", True, "meets with"),
}

ACTOR_STYLES: dict[str, ActorStyle] = {
    ActorType.STATE.value: ActorStyle("dot", "#4a6fa5", '<circle cx="8" cy="8" r="6"/>'),
    ActorType.GOVERNMENT.value: ActorStyle("square", "#5b7f95", '<rect x="2" y="2" width="12" height="12"/>'),
    ActorType.ARMED_GROUP.value: ActorStyle("triangle", "#8d5a3b", '<polygon points="8,1 15,14 1,14"/>'),
    ActorType.ORGANISATION.value: ActorStyle(
        "hexagon", "#b8860b", '<polygon points="4,2 12,2 16,8 12,14 4,14 0,8"/>'
    ),
    ActorType.PERSON.value: ActorStyle("diamond", "#a05a7f", '<polygon points="8,0 16,8 8,16 0,8"/>'),
    ActorType.LOCATION.value: ActorStyle("triangleDown", "#7d8a6a", '<polygon points="1,2 15,2 8,15"/>'),
}
_UNKNOWN_ACTOR = ActorStyle("dot", "#9e9e9e", '<circle cx="8" cy="8" r="6"/>')
_SYMMETRIC = {relation.value for relation in RelationType if relation.symmetric}
_NEGATED_DASHES = [2, 5]

_VIS = "templates/lib/vis-9.1.2/"

_OPTIONS = {
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


def render_html(nx_graph: nx.Graph, title: str = "Alliance graph") -> str:
    """Return a standalone HTML page drawing an actor graph (as made by ``kg.analysis.to_networkx``).

    Nodes take ``label``, ``type``, ``aliases`` and ``degree``; edges take ``relation``, ``count``,
    ``modalities`` and ``evidence``. The page makes no network request.
    """
    edges = _edges(nx_graph)
    data = {"nodes": _nodes(nx_graph), "edges": edges, "options": _OPTIONS}
    vis_js = _resource("pyvis", _VIS + "vis-network.min.js").replace("</script", "<\\/script")
    app_js = _resource("kg", "templates/alliances.js")
    page = Template(_resource("kg", "templates/alliances.html"))
    return page.substitute(
        title=html.escape(title),
        csp_scripts=" ".join(_csp_hash(script) for script in (vis_js, app_js)),
        vis_css=_resource("pyvis", _VIS + "vis-network.css"),
        vis_js=vis_js,
        app_js=app_js,
        data=_script_json(data),
        legend=_legend(negated=any(edge["tip"]["negated"] for edge in edges)),
        n_actors=_plural(nx_graph.number_of_nodes(), "actor"),
        n_relations=_plural(nx_graph.number_of_edges(), "relation"),
        n_sentences=_plural(sum(len(edge["tip"]["evidence"]) for edge in edges), "sentence"),
    )


def write_html(nx_graph: nx.Graph, path: str | os.PathLike, title: str = "Alliance graph") -> Path:
    """Write ``render_html(nx_graph, title)`` to ``path`` atomically and return the path."""
    path = Path(path)
    text = render_html(nx_graph, title=title)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return path


def _nodes(G: nx.Graph) -> list[dict]:
    nodes = []
    for node, data in G.nodes(data=True):
        style = ACTOR_STYLES.get(data.get("type", ""), _UNKNOWN_ACTOR)
        degree = data.get("degree", G.degree(node))
        tip = {
            "label": data.get("label", str(node)),
            "type": data.get("type", "Actor"),
            "aliases": list(data.get("aliases", [])),
            "degree": degree,
        }
        nodes.append(
            {
                "id": str(node),
                "label": tip["label"],
                "shape": style.shape,
                "color": style.color,
                "size": round(12 + 6 * math.sqrt(degree), 1),
                "tip": tip,
            }
        )
    return nodes


def _edges(G: nx.Graph) -> list[dict]:
    labels = {node: data.get("label", str(node)) for node, data in G.nodes(data=True)}
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    edges = []
    for u, v, data in G.edges(data=True):
        relation = data.get("relation", "")
        style = RELATION_STYLES.get(relation, RelationStyle("#444444", False, relation))
        directed = relation not in _SYMMETRIC
        negated = data.get("modalities") == ["negated"]
        evidence = list(data.get("evidence", []))
        pairs[tuple(sorted((str(u), str(v))))].append(len(edges))
        edges.append(
            {
                "id": f"e{len(edges)}",
                "from": str(u),
                "to": str(v),
                "relation": relation,
                "color": {"color": style.color, "highlight": style.color, "hover": style.color},
                "dashes": _NEGATED_DASHES if negated else style.dashes,
                "width": round(1.5 + 0.75 * min(len(evidence) - 1, 6), 2) if evidence else 1.5,
                "arrows": {"to": {"enabled": directed, "scaleFactor": 0.7}},
                "tip": {
                    "from": labels[u],
                    "to": labels[v],
                    "relation": style.text,
                    "color": style.color,
                    "negated": negated,
                    "evidence": evidence,
                },
            }
        )
    for (first, _), indices in pairs.items():
        for k, index in enumerate(indices):
            edges[index]["smooth"] = _curve(k - (len(indices) - 1) / 2, edges[index]["from"] != first)
    return edges


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
        _legend_line(style.color, "6 4" if style.dashes else None, relation not in _SYMMETRIC, style.text)
        for relation, style in RELATION_STYLES.items()
    ]
    if negated:
        rows.append(_legend_line("#555555", "2 5", False, "only denied in the text"))
    actors = [
        f'<li><svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="{style.color}">'
        f"{style.svg}</svg>{html.escape(kind)}</li>"
        for kind, style in ACTOR_STYLES.items()
    ]
    return (
        '<h2>Relations</h2><ul class="relations">' + "".join(rows) + "</ul>"
        '<h2>Actors</h2><ul class="actors">' + "".join(actors) + "</ul>"
    )


def _legend_line(color: str, dashes: str | None, arrow: bool, text: str) -> str:
    dash = f' stroke-dasharray="{dashes}"' if dashes else ""
    head = f'<path d="M28 1 L37 6 L28 11 Z" fill="{color}"/>' if arrow else ""
    return (
        f'<li><svg width="38" height="12" aria-hidden="true"><line x1="1" y1="6" x2="{29 if arrow else 37}" '
        f'y2="6" stroke="{color}" stroke-width="3"{dash}/>{head}</svg>{html.escape(text)}</li>'
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


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
