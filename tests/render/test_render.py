from __future__ import annotations

import hashlib
import itertools
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from kg.analysis.network import analyse, find_actor, neighbourhood, select, to_networkx
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
from kg.render.page import (
    BLOC_COLORS,
    LARGE_GRAPH,
    MAX_DRAWN,
    NO_BLOC,
    SHOWN_EVIDENCE,
    draw,
    drawn,
    render_html,
    write_html,
    write_png,
)

pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

XSS_SCRIPT = "<script>window.pwned=1</script>"
XSS_IMG = '<img src=x onerror="window.pwned=1">'
BREAKOUT = "</script><script>alert(1)</script>"

ACTORS = {
    "Egypt": ("Egypt", ActorType.STATE, ("Cairo", "Egyptian")),
    "Russia": ("Russia", ActorType.STATE, ()),
    "Turkey": ("Turkey", ActorType.STATE, ("Ankara",)),
    "LNA": ("Libyan National Army", ActorType.ARMED_GROUP, ("LNA",)),
    "GNA": ("Government of National Accord", ActorType.GOVERNMENT, ("GNA",)),
    "Haftar": ("Khalifa Haftar", ActorType.PERSON, ("Field Marshal Khalifa Haftar",)),
    "Sarraj": ("Fayez al-Sarraj", ActorType.PERSON, ("Fayez Al-Sarraj",)),
    "Libya": ("Libya", ActorType.LOCATION, ()),
    "UN": ("United Nations", ActorType.ORGANISATION, ("UN",)),
}
BACKERS = "Egypt, alongside Russia, supports the Libyan National Army."
ALLIANCE = [
    ("d1", "Egypt", "supports", "LNA", "asserted", BACKERS),
    ("d1", "Russia", "supports", "LNA", "asserted", BACKERS),
    ("d1", "Turkey", "signsAgreementWith", "GNA", "asserted", "Turkey signed an agreement with the GNA."),
    ("d1", "Turkey", "supports", "GNA", "asserted", "Ankara backs the GNA with drones."),
    ("d1", "Haftar", "leads", "LNA", "asserted", "The LNA, led by Field Marshal Khalifa Haftar, advanced."),
    ("d1", "Sarraj", "leads", "GNA", "asserted", "The GNA, led by Prime Minister Fayez al-Sarraj, objected."),
    ("d1", "Egypt", "deploysTo", "Libya", "reported", "Sources said Egypt approved sending tanks to Libya."),
    ("d2", "Egypt", "supports", "LNA", "reported", "Cairo backs Haftar's forces, the sources said."),
    ("d2", "Egypt", "opposes", "Turkey", "asserted", "Cairo sensed serious intentions from Ankara."),
    ("d2", "Sarraj", "meetsWith", "Turkey", "asserted", "Al-Sarraj met Turkish officials in Istanbul."),
    ("d2", "GNA", "memberOf", "UN", "hypothetical", "The GNA could be recognised by the UN."),
    ("d2", "Russia", "supports", "GNA", "negated", "Russia does not support the GNA."),
]
LEGEND_RELATIONS = (
    "supports",
    "signs agreement with",
    "deploys to",
    "opposes",
    "leads",
    "member of",
    "meets with",
)
DATES = {"d1": "2019-12-20", "d2": "2019-12-21"}


def build_dataset(actors: dict, assertions: list[tuple], dates: dict[str, str]) -> Dataset:
    """A Dataset in the agreed shape: one named graph per document holding its actors and assertions."""
    dataset = Dataset(default_union=True)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    for start, (doc_id, subject, relation, obj, modality, sentence) in enumerate(assertions):
        doc = document_iri(doc_id)
        graph = dataset.graph(doc)
        graph.add((doc, RDF.type, KG.Document))
        graph.add((doc, DCTERMS.identifier, Literal(doc_id)))
        graph.add((doc, DCTERMS.date, Literal(date.fromisoformat(dates[doc_id]))))
        for key in (subject, obj):
            label, actor_type, aliases = actors[key]
            graph.add((actor_iri(key), RDF.type, actor_type_iri(actor_type)))
            graph.add((actor_iri(key), RDFS.label, Literal(label)))
            for alias in aliases:
                graph.add((actor_iri(key), SKOS.altLabel, Literal(alias)))
        node = ASSERTION[hashlib.sha1(f"{doc_id}|{subject}|{relation}|{obj}".encode()).hexdigest()[:16]]
        for p, o in [
            (RDF.type, KG.Assertion),
            (KG.subject, actor_iri(subject)),
            (KG.relation, relation_iri(RelationType(relation))),
            (KG.object, actor_iri(obj)),
            (KG.evidence, Literal(sentence)),
            (KG.charStart, Literal(start * 100)),
            (KG.charEnd, Literal(start * 100 + len(sentence))),
            (KG.confidence, Literal(0.85)),
            (KG.modality, modality_iri(Modality(modality))),
            (PROV.wasDerivedFrom, doc),
        ]:
            graph.add((node, p, o))
        if modality != "negated":
            graph.add((actor_iri(subject), relation_iri(RelationType(relation)), actor_iri(obj)))
    return dataset


@pytest.fixture
def alliance_graph() -> Dataset:
    return build_dataset(ACTORS, ALLIANCE, DATES)


@pytest.fixture
def xss_graph() -> Dataset:
    actors = {
        "a": (XSS_SCRIPT, ActorType.STATE, (XSS_IMG,)),
        "b": ("Libya", ActorType.LOCATION, ()),
    }
    sentence = f"{BREAKOUT} {XSS_IMG} & more"
    return build_dataset(actors, [("d1", "a", "deploysTo", "b", "asserted", sentence)], DATES)


def page_data(page: str) -> dict:
    [block] = re.findall(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    return json.loads(block)


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if name in ("src", "href")]


def test_page_loads_nothing_from_the_web(alliance_graph):
    page = render_html(to_networkx(alliance_graph))
    collector = LinkCollector()
    collector.feed(page)
    assert collector.links, "the page should at least carry its data: favicon"
    assert all(not link.lower().startswith(("http://", "https://", "//")) for link in collector.links)
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?\s*(?:https?:)?//", page, re.I)
    assert "@version 9.1.2" in page


def test_legend_names_every_relation_and_actor_type(alliance_graph):
    page = render_html(to_networkx(alliance_graph))
    [legend] = re.findall(r'<aside id="legend">(.*?)</aside>', page, re.S)
    for relation, text in zip(RelationType, LEGEND_RELATIONS, strict=True):
        assert f'<input type="checkbox" checked data-relation="{relation.value}">' in legend
        assert f"</svg>{text}</label></li>" in legend
    for actor_type in ActorType:
        assert f"</svg>{actor_type.value}</li>" in legend


def test_header_counts(alliance_graph):
    G = to_networkx(alliance_graph)
    page = render_html(G, title="Libya, December 2019")
    assert "<h1>Libya, December 2019</h1>" in page
    assert f"<p>{G.number_of_nodes()} actors · {G.number_of_edges()} relations · 11 sentences</p>" in page


def test_parallel_edges_are_all_drawn_and_symmetric_ones_have_no_arrow(alliance_graph):
    G = to_networkx(alliance_graph)
    edges = page_data(render_html(G))["edges"]
    assert len(edges) == G.number_of_edges()
    pair = {str(actor_iri("Turkey")), str(actor_iri("GNA"))}
    between = {e["relation"]: e for e in edges if {e["from"], e["to"]} == pair}
    assert sorted(between) == ["signsAgreementWith", "supports"]
    assert between["supports"]["arrows"]["to"]["enabled"] is True
    assert between["signsAgreementWith"]["arrows"]["to"]["enabled"] is False
    assert {e["smooth"]["type"] for e in between.values()} == {"curvedCW", "curvedCCW"}


def test_article_text_cannot_break_out_of_the_data_block(xss_graph):
    G = to_networkx(xss_graph)
    page = render_html(G, title=XSS_SCRIPT)
    assert BREAKOUT not in page
    assert XSS_IMG not in page
    assert XSS_SCRIPT not in page
    [edge] = page_data(page)["edges"]
    assert edge["tip"]["evidence"][0]["sentence"] == f"{BREAKOUT} {XSS_IMG} & more"
    assert page_data(page)["nodes"][0]["label"] == XSS_SCRIPT


def test_render_leaves_the_graph_alone(alliance_graph):
    G = to_networkx(alliance_graph)
    before = nx.node_link_data(G, edges="links")
    render_html(G)
    assert nx.node_link_data(G, edges="links") == before


def test_write_html_replaces_the_file_atomically(alliance_graph, tmp_path):
    G = to_networkx(alliance_graph)
    target = tmp_path / "alliances.html"
    target.write_text("old")
    assert write_html(G, target, title="T") == target
    assert target.read_text(encoding="utf-8") == render_html(G, title="T")
    assert [p.name for p in tmp_path.iterdir()] == ["alliances.html"]


def test_empty_graph_renders():
    page = render_html(nx.MultiDiGraph())
    assert page_data(page)["nodes"] == []
    assert "0 actors · 0 relations" in page


def open_graph(page, G: nx.MultiDiGraph, path: Path, title: str = "Alliances") -> None:
    write_html(G, path, title=title)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)


HOVERABLE_EDGE = """() => {
  const net = window.network, box = net.body.container.getBoundingClientRect();
  for (const edge of net.body.data.edges.get()) {
    const pos = net.getPositions([edge.from, edge.to]);
    const mid = {x: (pos[edge.from].x + pos[edge.to].x) / 2, y: (pos[edge.from].y + pos[edge.to].y) / 2};
    const dom = net.canvasToDOM(mid);
    if (net.getEdgeAt(dom) === edge.id && net.getNodeAt(dom) === undefined) {
      return {from: edge.from, to: edge.to, relation: edge.relation, x: box.left + dom.x, y: box.top + dom.y};
    }
  }
  return null;
}"""

NODE_POINT = """(id) => {
  const net = window.network, box = net.body.container.getBoundingClientRect();
  const dom = net.canvasToDOM(net.getPositions([id])[id]);
  return {x: box.left + dom.x, y: box.top + dom.y};
}"""


def hover_tooltip(page, point: dict) -> str:
    page.mouse.move(point["x"] - 30, point["y"] - 30)
    page.mouse.move(point["x"], point["y"], steps=5)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5_000)
    return tooltip.inner_text()


@pytest.mark.browser
@pytest.mark.parametrize("graph_fixture", ["alliance_graph", "seed_graph"])
def test_page_in_chromium(page, graph_fixture, request, tmp_path):
    G = to_networkx(request.getfixturevalue(graph_fixture))
    open_graph(page, G, tmp_path / "alliances.html")

    assert page.evaluate("network.body.data.nodes.length") == G.number_of_nodes()
    assert page.evaluate("network.body.data.edges.length") == G.number_of_edges()
    assert page.evaluate("network.physics.options.enabled") is False

    edge = page.evaluate(HOVERABLE_EDGE)
    assert edge is not None, "no edge midpoint is clear of nodes and other edges"
    text = hover_tooltip(page, edge)
    data = G.edges[edge["from"], edge["to"], edge["relation"]]
    for evidence in data["evidence"]:
        assert evidence["sentence"] in text
        assert evidence["doc"] in text
        assert evidence["modality"] in text

    node = str(actor_iri("Egypt")) if str(actor_iri("Egypt")) in G else next(iter(G))
    page.mouse.move(5, 5)
    text = hover_tooltip(page, page.evaluate(NODE_POINT, node))
    assert G.nodes[node]["type"] in text
    assert all(alias in text for alias in G.nodes[node]["aliases"])

    assert page.watch.errors == []
    assert all(url.startswith(("file:", "data:")) for url in page.watch.requests), page.watch.requests


@pytest.mark.browser
def test_article_text_runs_nothing_in_chromium(page, xss_graph, tmp_path):
    G = to_networkx(xss_graph)
    open_graph(page, G, tmp_path / "xss.html", title=XSS_SCRIPT)

    assert page.evaluate("window.pwned") is None
    assert page.locator("h1").inner_text() == XSS_SCRIPT
    assert page.evaluate("network.body.data.nodes.get()[0].label") == XSS_SCRIPT

    text = hover_tooltip(page, page.evaluate(HOVERABLE_EDGE))
    assert f"{BREAKOUT} {XSS_IMG} & more" in text
    page.mouse.move(5, 5)
    text = hover_tooltip(page, page.evaluate(NODE_POINT, str(actor_iri("a"))))
    assert XSS_SCRIPT in text and XSS_IMG in text

    assert page.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert page.watch.errors == []
    assert all(url.startswith(("file:", "data:")) for url in page.watch.requests)


# --- blocs, filters, focus, large graphs, PNG ------------------------------------------------------


def test_nodes_are_coloured_by_bloc_and_the_legend_lists_the_blocs(alliance_graph):
    G = to_networkx(alliance_graph)
    analysis = analyse(G)
    page = render_html(G, analysis=analysis)
    nodes = {node["id"]: node for node in page_data(page)["nodes"]}
    for i, bloc in enumerate(analysis.blocs):
        assert {nodes[actor]["color"]["background"] for actor in bloc} == {BLOC_COLORS[i]}
        assert {nodes[actor]["bloc"] for actor in bloc} == {f"b{i}"}
    assert nodes[str(actor_iri("Libya"))]["color"]["background"] == NO_BLOC
    assert nodes[str(actor_iri("Haftar"))]["tip"]["attached"] == "Libyan National Army"
    [blocs] = re.findall(r'<ul class="blocs">(.*?)</ul>', page, re.S)
    assert blocs.count('type="checkbox"') == len(analysis.blocs) + 1  # and "no alliance tie"
    assert "bloc 1: " in blocs


def test_large_graphs_lay_out_in_fewer_steps_with_straight_edges():
    G = nx.MultiDiGraph()
    for i in range(LARGE_GRAPH + 1):
        G.add_edge(f"a{i}", f"a{(i + 1) % (LARGE_GRAPH + 1)}", key="supports", relation="supports", count=1)
    for node in G:
        G.nodes[node].update(label=node, type="State")
    data = page_data(render_html(G, max_actors=None))
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 100
    assert data["options"]["layout"]["improvedLayout"] is False
    assert all(edge["smooth"] == {"enabled": False} for edge in data["edges"])


def test_png_is_deterministic(seed_graph, tmp_path):
    G = to_networkx(seed_graph)
    first = write_png(G, tmp_path / "a.png", title="Seed")
    second = write_png(G, tmp_path / "b.png", title="Seed")
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "b.png"]


def test_kg_viz_writes_the_focus_of_one_actor_as_page_and_png(alliance_graph, tmp_path, capsys):
    graph_file = tmp_path / "graph.trig"
    alliance_graph.serialize(graph_file, format="trig")
    html_file, png_file = tmp_path / "out" / "turkey.html", tmp_path / "out" / "turkey.png"
    argv = ["viz", "--graph", graph_file, "-o", html_file, "--png", png_file, "--focus", "Ankara"]
    assert main([str(arg) for arg in argv]) == 0
    assert "wrote" in capsys.readouterr().err
    G = to_networkx(alliance_graph)
    expected = neighbourhood(G, str(actor_iri("Turkey")), 1)
    assert {node["id"] for node in page_data(html_file.read_text())["nodes"]} == set(expected)
    assert png_file.read_bytes()[:4] == b"\x89PNG"


def test_kg_viz_filters(alliance_graph, tmp_path, capsys):
    graph_file = tmp_path / "graph.trig"
    alliance_graph.serialize(graph_file, format="trig")
    out = tmp_path / "f.html"
    argv = ["viz", "--graph", graph_file, "-o", out, "--relation", "opposes", "--relation", "meetsWith"]
    assert main([str(arg) for arg in argv]) == 0
    assert {edge["relation"] for edge in page_data(out.read_text())["edges"]} == {"opposes", "meetsWith"}
    assert main([str(a) for a in ["viz", "--graph", graph_file, "-o", out, "--since", "2019-12-21"]]) == 0
    assert (
        len(page_data(out.read_text())["edges"])
        == select(to_networkx(alliance_graph), since="2019-12-21").size()
    )


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--focus", "Atlantis"], ["no actor named 'Atlantis'"]),
        (["--focus", "Libya", "--relation", "supports"], ["'Libya' has no relation left"]),
    ],
)
def test_kg_viz_bad_focus_is_one_error_line(alliance_graph, tmp_path, capsys, argv, words):
    graph_file = tmp_path / "graph.trig"
    alliance_graph.serialize(graph_file, format="trig")
    assert main(["viz", "--graph", str(graph_file), "-o", str(tmp_path / "x.html"), *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and len(err.splitlines()) == 1
    assert all(word in err for word in words)
    assert not (tmp_path / "x.html").exists()


def test_kg_viz_needs_an_output(alliance_graph, tmp_path, capsys):
    graph_file = tmp_path / "graph.trig"
    alliance_graph.serialize(graph_file, format="trig")
    assert main(["viz", "--graph", str(graph_file)]) == 2
    assert "-o FILE.html, --png FILE.png" in capsys.readouterr().err


SHOWN = """() => ({
  nodes: network.body.data.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id).sort(),
  edges: network.body.data.edges.get({filter: (e) => !e.hidden}).map((e) => e.relation),
})"""


@pytest.mark.browser
def test_filters_change_what_is_visible_in_chromium(page, alliance_graph, tmp_path):
    G = to_networkx(alliance_graph)
    open_graph(page, G, tmp_path / "alliances.html")
    assert len(page.evaluate(SHOWN)["edges"]) == G.number_of_edges()

    page.uncheck("input[data-relation=supports]")
    shown = page.evaluate(SHOWN)
    assert "supports" not in shown["edges"]
    assert (
        len(shown["edges"])
        == select(G, relations=[r.value for r in RelationType if r.value != "supports"]).size()
    )
    assert str(actor_iri("Russia")) not in shown["nodes"]  # Russia only supports
    assert "showing" in page.locator("#status").inner_text()
    page.check("input[data-relation=supports]")
    assert len(page.evaluate(SHOWN)["edges"]) == G.number_of_edges()

    page.fill("#min-evidence", "2")
    assert page.evaluate(SHOWN)["edges"] == ["supports"]  # Egypt supports the LNA, in two sentences
    page.fill("#min-evidence", "1")

    page.fill("#date-from", "2019-12-21")
    page.dispatch_event("#date-from", "change")
    assert len(page.evaluate(SHOWN)["edges"]) == select(G, since="2019-12-21").size()
    page.fill("#date-from", "2019-12-20")
    page.dispatch_event("#date-from", "change")

    bloc = analyse(G).blocs[1]
    page.uncheck("input[data-bloc=b1]")
    assert not set(page.evaluate(SHOWN)["nodes"]) & set(bloc)
    assert page.watch.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("depth", [1, 2])
def test_focus_mode_shows_only_the_neighbourhood_in_chromium(page, alliance_graph, tmp_path, depth):
    G = to_networkx(alliance_graph)
    open_graph(page, G, tmp_path / "alliances.html")
    page.select_option("#focus-depth", str(depth))
    page.fill("#focus-actor", "Turkey")
    page.dispatch_event("#focus-actor", "change")
    shown = page.evaluate(SHOWN)
    expected = neighbourhood(G, str(actor_iri("Turkey")), depth)
    assert shown["nodes"] == sorted(expected)
    assert len(shown["edges"]) == expected.number_of_edges() < G.number_of_edges()
    page.click("#focus-clear")
    assert len(page.evaluate(SHOWN)["nodes"]) == G.number_of_nodes()
    assert page.watch.errors == []


@pytest.mark.browser
def test_double_click_focuses_on_a_node(page, alliance_graph, tmp_path):
    G = to_networkx(alliance_graph)
    open_graph(page, G, tmp_path / "alliances.html")
    point = page.evaluate(NODE_POINT, str(actor_iri("Russia")))
    page.mouse.dblclick(point["x"], point["y"])
    assert page.evaluate(SHOWN)["nodes"] == sorted(neighbourhood(G, str(actor_iri("Russia")), 1))
    assert page.locator("#focus-actor").input_value() == "Russia"


@pytest.mark.browser
def test_a_month_counts_in_every_date_range_it_overlaps_in_chromium(page, tmp_path):
    from kg.extract.corpus import extract
    from kg.model import Document
    from kg.rdf.graph import build_graph

    text = "Chile met Peru in May. Chile condemned Bolivia on 20 December 2019."
    document = Document("d", text, "2019-12-20")
    G = to_networkx(build_graph([document], [r for _, found in extract([document]) for r in found]))
    open_graph(page, G, tmp_path / "dated.html")
    assert (page.input_value("#date-from"), page.input_value("#date-to")) == ("2019-05-01", "2019-12-20")
    for since, until, shown in [
        ("2019-05-10", "2019-05-20", ["meetsWith"]),  # "in May" is 2019-05
        ("2019-04-01", "2019-05-01", ["meetsWith"]),
        ("2019-06-01", "2019-12-31", ["opposes"]),
    ]:
        page.fill("#date-from", since)
        page.dispatch_event("#date-from", "change")
        page.fill("#date-to", until)
        page.dispatch_event("#date-to", "change")
        assert sorted(page.evaluate(SHOWN)["edges"]) == shown
        assert sorted(k for *_, k in select(G, since=since, until=until).edges(keys=True)) == shown


OUT_OF_VIEW = """() => {
  const net = window.network, box = net.body.container.getBoundingClientRect();
  const shown = net.body.data.nodes.get({filter: (n) => !n.hidden}).map((n) => n.id);
  const positions = net.getPositions(shown);
  return shown.filter((id) => {
    const dom = net.canvasToDOM(positions[id]);
    return dom.x < 0 || dom.y < 0 || dom.x > box.width || dom.y > box.height;
  }).sort();
}"""


def focus(page, name: str) -> None:
    page.fill("#focus-actor", name)
    page.dispatch_event("#focus-actor", "change")


@pytest.mark.browser
def test_the_focus_box_takes_any_name_and_show_all_fits_the_whole_graph(page, alliance_graph, tmp_path):
    G = to_networkx(alliance_graph)
    open_graph(page, G, tmp_path / "alliances.html")
    focus(page, "lna")  # the Libyan National Army's other name
    assert page.evaluate(SHOWN)["nodes"] == sorted(neighbourhood(G, str(actor_iri("LNA")), 1))
    focus(page, "UN")
    assert page.evaluate(SHOWN)["nodes"] == sorted(neighbourhood(G, str(actor_iri("UN")), 1))
    assert page.evaluate(OUT_OF_VIEW) == []
    page.click("#focus-clear")
    assert len(page.evaluate(SHOWN)["nodes"]) == G.number_of_nodes()
    assert page.evaluate(OUT_OF_VIEW) == []  # the whole graph is in view again
    assert page.watch.errors == []


@pytest.mark.browser
def test_the_focus_box_names_the_actors_a_shared_name_could_mean(page, tmp_path):
    actors = {
        "ROC": ("Republic of the Congo", ActorType.STATE, ("Congo",)),
        "DRC": ("Democratic Republic of the Congo", ActorType.STATE, ("Congo",)),
        "Rwanda": ("Rwanda", ActorType.STATE, ()),
    }
    assertions = [
        ("d1", "ROC", "supports", "Rwanda", "asserted", "Congo backs Rwanda."),
        ("d1", "DRC", "opposes", "Rwanda", "asserted", "Congo opposes Rwanda."),
    ]
    G = to_networkx(build_dataset(actors, assertions, {"d1": "2024-01-01"}))
    open_graph(page, G, tmp_path / "alliances.html")
    focus(page, "congo")
    assert page.locator("#status").inner_text() == (
        "congo names 2 actors (Democratic Republic of the Congo, Republic of the Congo); pick one"
    )
    assert len(page.evaluate(SHOWN)["nodes"]) == 3
    with pytest.raises(KGError, match=r"'congo' names 2 actors \(Democratic Republic of the Congo <.*drc>, "):
        find_actor(G, "congo")


def test_the_node_tooltip_shows_the_whole_bloc_line(alliance_graph):
    G = to_networkx(alliance_graph)
    analysis = analyse(G)
    labels = {actor.id: actor.label for actor in analysis.actors}
    biggest = analysis.blocs[0]
    assert len(biggest) > 2
    tips = {node["id"]: node["tip"]["bloc"] for node in page_data(render_html(G, analysis=analysis))["nodes"]}
    assert {tips[actor] for actor in biggest} == {"bloc 1: " + ", ".join(labels[actor] for actor in biggest)}


def test_png_labels_cover_no_other_and_the_legend_lists_only_what_is_drawn():
    G = nx.MultiDiGraph()  # a crowd: thirty officials with long names who all lead one state
    G.add_node("s", label="Republic of Somewhere", type="State")
    for n in range(30):
        G.add_node(f"p{n}", label=f"Deputy Minister Number {n} of Somewhere", type="Person")
        G.add_edge(f"p{n}", "s", key="leads", relation="leads", count=1, modalities=["asserted"], evidence=[])
    figure = draw(G)
    axes = figure.axes[0]
    renderer = figure.canvas.get_renderer()
    boxes = [text.get_window_extent(renderer) for text in axes.texts]
    assert len(boxes) >= 10
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    legend = {text.get_text() for text in axes.get_legend().get_texts()}
    assert {"leads", "State", "Person"} <= legend
    assert not legend & {"supports", "opposes", "Organisation", "ArmedGroup"}


@pytest.mark.browser
def test_unconnected_stories_are_laid_out_apart_in_chromium(page, tmp_path):
    stories = {
        "s1": ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot"],
        "s2": ["Golf", "Hotel", "India", "Juliet"],
    }
    actors = {name: (name, ActorType.STATE, ()) for names in stories.values() for name in names}
    assertions = [
        (story, a, "supports", b, "asserted", f"{a} backs {b}.")
        for story, names in stories.items()
        for a, b in itertools.pairwise(names)
    ]
    G = to_networkx(build_dataset(actors, assertions, {"s1": "2024-01-01", "s2": "2024-01-02"}))
    open_graph(page, G, tmp_path / "alliances.html")
    positions = page.evaluate("() => network.getPositions()")
    boxes = []
    for names in stories.values():
        points = [positions[str(actor_iri(name))] for name in names]
        xs, ys = [p["x"] for p in points], [p["y"] for p in points]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    (left1, right1, top1, bottom1), (left2, right2, top2, bottom2) = boxes
    assert right1 < left2 or right2 < left1 or bottom1 < top2 or bottom2 < top1  # the two do not overlap


@pytest.mark.browser
def test_an_edge_tooltip_shows_where_and_when_its_page_was_fetched_in_chromium(page, tmp_path):
    actors = {"Turkey": ("Turkey", ActorType.STATE, ()), "GNA": ("GNA", ActorType.GOVERNMENT, ())}
    dataset = build_dataset(
        actors, [("d1", "Turkey", "supports", "GNA", "asserted", "Turkey backs the GNA.")], DATES
    )
    url, retrieved = "https://news.example.org/turkey-gna", "2024-03-05T10:00:00+00:00"
    doc = document_iri("d1")
    dataset.graph(doc).add((doc, DCTERMS.source, URIRef(url)))
    dataset.graph(doc).add((doc, PROV.generatedAtTime, Literal(retrieved, datatype=XSD.dateTime)))
    open_graph(page, to_networkx(dataset), tmp_path / "alliances.html")
    edge = page.evaluate(HOVERABLE_EDGE)
    assert edge is not None
    text = hover_tooltip(page, edge)
    assert f"{url} · retrieved {retrieved}" in text


# --- a capped page --------------------------------------------------------------------------------


def crowd(n_actors: int) -> nx.MultiDiGraph:
    """A chain of ``n_actors`` states, each supporting the next in one sentence, and every fifth
    meeting the first, in seven sentences (so the first and the fifths have the most evidence)."""
    G = nx.MultiDiGraph()

    def relate(u: int, v: int, relation: str, n: int) -> None:
        said = {"doc": f"d{u}", "date": "2020-01-02", "modality": "asserted", "confidence": 0.9}
        evidence = [
            {"sentence": f"S{u} {relation} S{v} ({k}).", **said, "source": None, "retrieved": None}
            for k in range(n)
        ]
        G.add_edge(f"s{u}", f"s{v}", key=relation, relation=relation, count=n, modalities=["asserted"],
                   evidence=evidence)  # fmt: skip

    for i in range(n_actors - 1):
        relate(i, i + 1, "supports", 1)
    for i in range(5, n_actors, 5):
        relate(i, 0, "meetsWith", 7)
    for node, degree in G.degree():
        G.nodes[node].update(
            label=f"State {node[1:]}", type="State", aliases=[f"Land {node[1:]}"], degree=degree
        )
    return G


def test_a_large_graph_draws_the_actors_with_most_evidence_and_keeps_the_rest_aside():
    G = crowd(2000)
    page = render_html(G)
    data = page_data(page)
    shown = {node["id"] for node in data["nodes"]}
    assert shown == drawn(G, MAX_DRAWN) and len(shown) == MAX_DRAWN
    assert {"s0", "s5", "s1995"} <= shown and "s1" not in shown
    assert all(edge["from"] in shown and edge["to"] in shown for edge in data["edges"])
    meeting = next(edge for edge in data["edges"] if edge["relation"] == "meetsWith")
    assert meeting["tip"]["count"] == 7 and len(meeting["tip"]["evidence"]) == SHOWN_EVIDENCE
    assert len(meeting["tip"]["dates"]) == 7
    side = data["more"]
    assert [row[0] for row in side["actors"]] == list(G)
    assert len(side["links"]) == G.number_of_edges()
    first = side["links"][0]  # s0 supports s1: an actor not drawn
    assert [side["actors"][first[0]][0], side["actors"][first[1]][0], first[2], first[3]] == [
        "s0",
        "s1",
        "supports",
        1,
    ]
    assert first[7] == [["S0 supports S1 (0).", "d0", "2020-01-02", "asserted", 0.9, None, None]]
    assert f"<p>{MAX_DRAWN} of 2000 actors drawn (those with the most evidence) · " in page
    assert len(page.encode("utf-8")) < 2_500_000
    assert render_html(crowd(MAX_DRAWN)).count('"more": null') == 1  # small enough: drawn whole


@pytest.mark.browser
def test_a_capped_page_shows_evidence_and_focuses_on_an_actor_it_does_not_draw_in_chromium(page, tmp_path):
    G = crowd(2000)
    open_graph(page, G, tmp_path / "crowd.html")
    assert page.evaluate("network.body.data.nodes.length") == MAX_DRAWN
    tip = page.evaluate("network.body.data.edges.get({filter: (e) => e.from === 's5'})[0].title.textContent")
    assert "S5 meetsWith S0 (4)." in tip and "S5 meetsWith S0 (5)." not in tip  # and its count:
    assert "7 sentences, 5 of them here" in tip

    page.fill("#focus-actor", "Land 1")  # s1: drawn by no one, found by its other name
    page.dispatch_event("#focus-actor", "change")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
    shown = page.evaluate(SHOWN)
    assert shown["nodes"] == sorted(neighbourhood(G, "s1", 1)) == ["s0", "s1", "s2"]
    assert sorted(shown["edges"]) == ["supports", "supports"]
    text = hover_tooltip(page, page.evaluate(HOVERABLE_EDGE))
    assert "S0 supports S1 (0)." in text or "S1 supports S2 (0)." in text
    assert "showing 3 actors, 2 relations" in page.locator("#status").inner_text()

    page.fill("#focus-actor", "State 0")  # met by 399 actors, and supports one more: past the limit
    page.dispatch_event("#focus-actor", "change")
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=30_000)
    assert len(page.evaluate(SHOWN)["nodes"]) == MAX_DRAWN
    assert f"(the nearest {MAX_DRAWN} actors)" in page.locator("#status").inner_text()

    page.click("#focus-clear")
    assert len(page.evaluate(SHOWN)["nodes"]) == MAX_DRAWN
    assert page.watch.errors == []
