"""Blocs of a signed graph: the partition that frustrates the fewest ties (structural balance).

A signed graph here is an undirected ``networkx.Graph`` whose edges carry ``sign`` (+1 or -1) and
``weight`` (> 0). A tie is *frustrated* when it is positive between two blocs or negative inside
one. The number of blocs is free (weak balance, i.e. correlation clustering), so three mutual
enemies are balanced as three blocs, while "A likes B, B likes C, A opposes C" always frustrates
one tie. Ties between blocs are compared first by how many are frustrated, then by their weight.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import networkx as nx

EXACT_LIMIT = 12
"""Components with at most this many nodes are solved exactly (branch and bound)."""

Cost = tuple[int, float]


@dataclass(frozen=True)
class Partition:
    """Blocs (each a sorted list of nodes, largest bloc first), the frustrated ties, and whether
    every component was solved exactly."""

    blocs: list[list[Hashable]]
    frustration: int
    frustrated_weight: float
    exact: bool


def frustration(S: nx.Graph, bloc_of: dict[Hashable, int]) -> Cost:
    """The number and the total weight of the ties of ``S`` that ``bloc_of`` frustrates.

    >>> S = nx.Graph([("a", "b", {"sign": 1}), ("b", "c", {"sign": 1}), ("a", "c", {"sign": -1})])
    >>> frustration(S, {"a": 0, "b": 0, "c": 0})
    (1, 1.0)
    """
    count, weight = 0, 0.0
    for u, v, data in S.edges(data=True):
        if _frustrated(data.get("sign", 1), bloc_of[u] == bloc_of[v]):
            count += 1
            weight += data.get("weight", 1.0)
    return count, weight


def positive_components(S: nx.Graph) -> list[set[Hashable]]:
    """The connected components of the positive ties alone (alliance components), largest first."""
    positive = nx.Graph()
    positive.add_nodes_from(S)
    positive.add_edges_from((u, v) for u, v, sign in S.edges(data="sign", default=1) if sign > 0)
    return sorted(nx.connected_components(positive), key=lambda c: (-len(c), sorted(map(str, c))))


def local_search_blocs(S: nx.Graph, seed: int = 0) -> dict[Hashable, int]:
    """A good partition of ``S`` by local search: node -> bloc number. Deterministic for a seed.

    Two starts, the alliance components and a pivot clustering in a seeded order, are each
    improved by moving one node at a time to the bloc (or a new bloc) where it frustrates the
    fewest ties, until no move helps; the better result is returned.
    """
    nodes = sorted(S, key=str)
    rng = random.Random(seed)
    starts = [
        {node: i for i, component in enumerate(positive_components(S)) for node in component},
        _pivot_blocs(S, rng.sample(nodes, len(nodes))),
    ]
    results = [_improve(S, start, nodes, rng) for start in starts]
    return min(results, key=lambda bloc_of: frustration(S, bloc_of))


def exact_blocs(S: nx.Graph, bound: dict[Hashable, int] | None = None) -> dict[Hashable, int]:
    """The partition of ``S`` that frustrates the fewest ties (then the least weight): node -> bloc.

    Branch and bound over the ways to place each node in an earlier bloc or a new one, so only
    for small graphs (the cost grows like the Bell numbers). ``bound`` is a known partition to
    beat; without it the search starts from ``local_search_blocs``.
    """
    order = sorted(S, key=lambda node: (-S.degree(node), str(node)))
    if not order:
        return {}
    best_assignment = bound if bound is not None else local_search_blocs(S)
    position = {node: i for i, node in enumerate(order)}
    earlier = [
        [
            (position[other], data.get("sign", 1), data.get("weight", 1.0))
            for other, data in S[node].items()
            if position[other] < i
        ]
        for i, node in enumerate(order)
    ]
    best: list = [frustration(S, best_assignment), [best_assignment[node] for node in order]]
    bloc = [0] * len(order)

    def place(i: int, n_blocs: int, count: int, weight: float) -> None:
        if (count, weight) >= best[0]:
            return
        if i == len(order):
            best[:] = [(count, weight), bloc.copy()]
            return
        for b in range(n_blocs + 1):
            extra_count, extra_weight = 0, 0.0
            for j, sign, w in earlier[i]:
                if _frustrated(sign, bloc[j] == b):
                    extra_count += 1
                    extra_weight += w
            bloc[i] = b
            place(i + 1, max(n_blocs, b + 1), count + extra_count, weight + extra_weight)

    place(0, 0, 0, 0.0)
    return dict(zip(order, best[1], strict=True))


def find_blocs(S: nx.Graph, exact_limit: int = EXACT_LIMIT, seed: int = 0) -> Partition:
    """The blocs of a signed graph, solved component by component.

    A component of at most ``exact_limit`` nodes is solved exactly, a larger one by
    ``local_search_blocs`` (seeded, so the answer is the same on every run).
    """
    bloc_of: dict[Hashable, int] = {}
    exact = True
    for component in sorted(nx.connected_components(S), key=lambda c: sorted(map(str, c))):
        sub = S.subgraph(component)
        if len(component) <= exact_limit:
            found = exact_blocs(sub)
        else:
            found = local_search_blocs(sub, seed)
            exact = False
        offset = len(set(bloc_of.values()))
        bloc_of.update((node, offset + b) for node, b in _renumber(found).items())
    members: dict[int, list[Hashable]] = defaultdict(list)
    for node, b in bloc_of.items():
        members[b].append(node)
    blocs = sorted((sorted(m, key=str) for m in members.values()), key=lambda m: (-len(m), str(m[0])))
    count, weight = frustration(S, bloc_of)
    return Partition(blocs, count, weight, exact)


def _frustrated(sign: int, same_bloc: bool) -> bool:
    return (sign > 0) != same_bloc


def _renumber(bloc_of: dict[Hashable, int]) -> dict[Hashable, int]:
    """Bloc numbers 0, 1, 2... in the order blocs first appear among the sorted nodes."""
    numbers: dict[int, int] = {}
    return {node: numbers.setdefault(bloc_of[node], len(numbers)) for node in sorted(bloc_of, key=str)}


def _pivot_blocs(S: nx.Graph, order: Iterable[Hashable]) -> dict[Hashable, int]:
    """Pivot clustering: each unplaced node in turn takes its unplaced positive neighbours along."""
    bloc_of: dict[Hashable, int] = {}
    for pivot in order:
        if pivot in bloc_of:
            continue
        b = len(set(bloc_of.values()))
        bloc_of[pivot] = b
        for other, data in S[pivot].items():
            if other not in bloc_of and data.get("sign", 1) > 0:
                bloc_of[other] = b
    return bloc_of


def _improve(
    S: nx.Graph, bloc_of: dict[Hashable, int], nodes: list[Hashable], rng: random.Random
) -> dict[Hashable, int]:
    """Move single nodes to the bloc that lowers the frustration most, until none does."""
    bloc_of = dict(bloc_of)
    fresh = max(bloc_of.values(), default=-1) + 1
    order = list(nodes)
    moved = True
    while moved:
        moved = False
        rng.shuffle(order)
        for node in order:
            # the gain of a bloc: positive ties into it minus negative ties into it
            gain: dict[int, list[float]] = defaultdict(lambda: [0, 0.0])
            for other, data in S[node].items():
                if other == node:
                    continue
                sign = 1 if data.get("sign", 1) > 0 else -1
                score = gain[bloc_of[other]]
                score[0] += sign
                score[1] += sign * data.get("weight", 1.0)
            target = bloc_of[node]
            best = tuple(gain[target])
            for b, score in sorted(gain.items()):
                if tuple(score) > best:
                    target, best = b, tuple(score)
            if best < (0, 0.0):  # alone in a new bloc frustrates only its positive ties
                target, fresh = fresh, fresh + 1
            if target != bloc_of[node]:
                bloc_of[node] = target
                moved = True
    return bloc_of
