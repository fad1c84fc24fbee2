"""The alliance page of a large actor graph, capped against drawn whole, in headless Chromium.

Run: python benchmarks/page_benchmark.py [SIZES...]   (default 2000 5000 10000 actors)

Each size's graph is ``render_benchmark.synthetic_graph`` (factions, about two relations an actor,
one to three dated sentences a relation) with every sentence made as long as a news sentence
(about 200 characters). The page is written twice: capped (``kg.render.page.MAX_DRAWN`` actors
drawn, the rest in the side table: what kg writes) and whole (``max_actors=None``: what kg wrote
before, the baseline). For each it prints the file's size, the time from opening it to the end of
the layout, the median time from moving the mouse onto a node to a tooltip showing (vis-network
waits ``tooltipDelay``, 100 ms, before it shows one), and the time from unticking a relation to
the next frame drawn; ``x whole`` is capped over whole, in the same run.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from playwright.sync_api import sync_playwright
from render_benchmark import CHROMIUM_ARGS, opened, synthetic_graph

from kg.analysis.network import analyse
from kg.render.page import MAX_DRAWN, render_html

NEWS = (
    " according to officials in the capital, who spoke on condition of anonymity because they were not"
    " authorised to discuss the talks, which diplomats from several states attended"
)
HOVERS = 5
NODE_POINTS = """(n) => {
  const net = window.network, box = net.body.container.getBoundingClientRect(), points = [];
  for (const id of net.body.data.nodes.getIds({filter: (node) => !node.hidden})) {
    const dom = net.canvasToDOM(net.getPositions([id])[id]);
    if (dom.x > 40 && dom.y > 40 && dom.x < box.width - 40 && dom.y < box.height - 40
        && net.getNodeAt(dom) === id) points.push({x: box.left + dom.x, y: box.top + dom.y});
    if (points.length === n) break;
  }
  return points;
}"""
MARK = """() => {
  const tip = document.querySelector("div.vis-tooltip");
  window.kgLastTip = tip ? tip.firstChild : null;
}"""
SHOWS = """() => {
  const tip = document.querySelector("div.vis-tooltip");
  const shown = tip && tip.style.visibility !== "hidden" && tip.firstChild;
  return Boolean(shown && tip.firstChild !== window.kgLastTip);
}"""
NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def news_graph(n_actors: int) -> nx.MultiDiGraph:
    """``synthetic_graph(n_actors)`` with sentences as long as a news sentence's."""
    G = synthetic_graph(n_actors)
    for _, _, data in G.edges(data=True):
        for evidence in data["evidence"]:
            evidence["sentence"] += NEWS
    return G


def hover_ms(page) -> float:
    """The median time from the mouse reaching a node to a new tooltip showing (on a crowded page,
    maybe a neighbour's)."""
    times = []
    for point in page.evaluate(NODE_POINTS, HOVERS):
        page.evaluate(MARK)
        page.evaluate(NEXT_FRAME)
        start = time.perf_counter()
        page.mouse.move(point["x"], point["y"])
        page.wait_for_function(SHOWS, polling=10, timeout=600_000)
        times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times)


def measure(G: nx.MultiDiGraph, capped: bool, browser, folder: Path) -> dict:
    path = folder / f"{'capped' if capped else 'whole'}-{G.number_of_nodes()}.html"
    start = time.perf_counter()
    path.write_text(render_html(G, analysis=analyse(G), max_actors=MAX_DRAWN if capped else None), "utf-8")
    written = time.perf_counter()
    page = opened(browser, path)
    settled = time.perf_counter()
    drawn = page.evaluate("network.body.data.nodes.length")
    hover = hover_ms(page)
    page.mouse.move(5, 5)
    start_filter = time.perf_counter()
    page.uncheck("input[data-relation=opposes]")
    page.evaluate(NEXT_FRAME)
    filtered = time.perf_counter()
    page.close()
    return {
        "page": "capped" if capped else "whole",
        "drawn": drawn,
        "MB": path.stat().st_size / 1e6,
        "write": written - start,
        "settle": settled - written,
        "hover": hover,
        "filter": 1000 * (filtered - start_filter),
    }


def main(sizes: list[int]) -> None:
    x = f"{'x whole':>7}"
    print(f"{'actors':>7} {'relations':>9} {'sentences':>9} {'page':>7} {'drawn':>6} {'MB':>6} {x} "
          f"{'write s':>7} {'settle s':>8} {x} {'hover ms':>8} {x} {'filter ms':>9} {x}")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for n in sizes:
            G = news_graph(n)
            whole = measure(G, False, browser, Path(tmp))
            sentences = sum(count for _, _, count in G.edges(data="count"))
            for row in (whole, measure(G, True, browser, Path(tmp))):
                print(
                    f"{G.number_of_nodes():>7} {G.number_of_edges():>9} {sentences:>9} {row['page']:>7} "
                    f"{row['drawn']:>6} {row['MB']:>6.1f} {row['MB'] / whole['MB']:>7.2f} "
                    f"{row['write']:>7.1f} "
                    f"{row['settle']:>8.1f} {row['settle'] / whole['settle']:>7.2f} {row['hover']:>8.0f} "
                    f"{row['hover'] / whole['hover']:>7.2f} {row['filter']:>9.0f} "
                    f"{row['filter'] / whole['filter']:>7.2f}",
                    flush=True,
                )
        browser.close()


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [2000, 5000, 10000])
