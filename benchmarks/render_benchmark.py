"""Time analysing, rendering and opening the alliance page of synthetic actor graphs in Chromium.

Run: python benchmarks/render_benchmark.py [SIZES...]   (default 100 1000 5000 actors)

The graphs have factions that support each other and oppose the others, about two relations per
actor and one to three dated sentences per relation. "settled" is the time from opening the file
to the end of vis-network's layout (``body[data-ready=true]``); ratios are against the first size.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright

from kg.analysis.network import analyse, select
from kg.model import ActorType, RelationType
from kg.render.page import write_html

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]
RELATIONS = [relation.value for relation in RelationType]
TYPES = [actor_type.value for actor_type in ActorType]


def synthetic_graph(n_actors: int, seed: int = 1) -> nx.MultiDiGraph:
    """An actor graph in ``to_networkx``'s shape: ``n_actors // 25`` factions, ~2 relations per actor."""
    rng = random.Random(seed)
    factions = max(2, n_actors // 25)
    G = nx.MultiDiGraph()
    for i in range(n_actors):
        G.add_node(
            f"a{i}", label=f"Actor {i}", type=rng.choice(TYPES), aliases=[f"A{i}"], faction=i % factions
        )
    for _ in range(2 * n_actors):
        u, v = rng.sample(range(n_actors), 2)
        same = u % factions == v % factions
        relation = (
            rng.choice(RELATIONS) if same else rng.choice(["opposes", "opposes", "meetsWith", "deploysTo"])
        )
        evidence = [
            {
                "sentence": f"Actor {u} {relation} Actor {v}, sources said ({k}).",
                "doc": f"doc{rng.randrange(1000)}",
                "date": f"2020-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "modality": "asserted",
                "confidence": 0.8,
            }
            for k in range(rng.randint(1, 3))
        ]
        G.add_edge(f"a{u}", f"a{v}", key=relation, relation=relation, count=len(evidence),
                   modalities=["asserted"], evidence=evidence)  # fmt: skip
    G.remove_nodes_from([node for node in list(G) if G.degree(node) == 0])
    for node, degree in G.degree():
        G.nodes[node]["degree"] = degree
    return G


def opened(browser, path: Path):
    """A new page of ``browser`` (1280×800) on the file ``path``, once its layout has settled."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=1_800_000)
    return page


def measure(n_actors: int, browser, folder: Path) -> dict:
    G = synthetic_graph(n_actors)
    start = time.perf_counter()
    analysis = analyse(G)
    analysed = time.perf_counter()
    path = write_html(G, folder / f"g{n_actors}.html", analysis=analysis)
    rendered = time.perf_counter()
    page = opened(browser, path)
    settled = time.perf_counter()
    drawn = page.evaluate("network.body.data.nodes.length")
    page.uncheck("input[data-relation=supports]")
    filtered = time.perf_counter()
    page.close()
    subset = select(G, min_evidence=2)
    return {
        "actors": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "drawn": drawn,
        "blocs": len(analysis.blocs),
        "analyse": analysed - start,
        "render": rendered - analysed,
        "settled": settled - rendered,
        "filter": filtered - settled,
        "MB": path.stat().st_size / 1e6,
        "select": subset.number_of_edges(),
    }


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        rows = [measure(n, browser, Path(tmp)) for n in sizes]
        browser.close()
    base = rows[0]
    print(f"{'actors':>7} {'edges':>7} {'blocs':>6} {'analyse s':>10} {'render s':>9} {'settle s':>9} "
          f"{'x base':>7} {'untick s':>9} {'page MB':>8}")  # fmt: skip
    for row in rows:
        print(
            f"{row['actors']:>7} {row['edges']:>7} {row['blocs']:>6} {row['analyse']:>10.2f} "
            f"{row['render']:>9.2f} {row['settled']:>9.2f} {row['settled'] / base['settled']:>7.1f} "
            f"{row['filter']:>9.2f} {row['MB']:>8.1f}"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [100, 1000, 5000])
