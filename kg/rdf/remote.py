"""The graph on a SPARQL 1.1 server: ``--store http://HOST:PORT`` instead of a folder.

The URL is the base of the server's endpoints: kg sends queries to ``URL/query`` (the SPARQL 1.1
Protocol, answers in SPARQL JSON or N-Triples), writes statements through the SPARQL 1.1 Graph
Store Protocol at ``URL/store`` (a PUT of each document's named graph, in N-Triples, and a POST
of the triples they add to the default graph, the merge) and removes them through SPARQL 1.1
Update at ``URL/update``. That is Oxigraph's layout (``oxigraph serve --location DIR --bind
HOST:PORT``); Apache Jena Fuseki has the same three for a dataset, its Graph Store at
``http://HOST:3030/DATASET/data`` rather than ``/store``. A server with nothing at ``URL/store``
(404, 405 or 501 to the first write, as ``kg serve``'s front answers) is written through SPARQL
Update instead, each chunk of new documents one ``INSERT DATA``.

Each request is one transaction on the server: a document's graph is written whole or not at
all, and the merge is written before the graphs, so that a build stopped between two requests
leaves no document without its statements in the merge (those of a document it did not write are
written again when the next build writes the document).

``RemoteStore`` answers the few calls of ``pyoxigraph.Store`` that kg makes, so that the
``Backend`` of a store serves both.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from kg.errors import KGError

_GRAPH_STORE = "store"  # URL/store: the Graph Store Protocol's endpoint
_NO_GRAPH_STORE = (404, 405, 501)  # what a server with none there answers
TIMEOUT = 600.0  # seconds a request may take; `kg query` stops a query after its own --timeout
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


class _NoGraphStore(Exception):
    """The server has nothing at ``URL/store``."""


def is_remote(location: object) -> bool:
    """Whether a ``--store`` value names a SPARQL server (an http(s) URL) rather than a folder.

    >>> is_remote("http://127.0.0.1:7878"), is_remote("kg.db")
    (True, False)
    """
    return isinstance(location, str) and urlsplit(location).scheme in ("http", "https")


@dataclass(frozen=True)
class RemoteStore:
    """The SPARQL server at ``url`` (``is_remote``), as kg uses a ``pyoxigraph.Store``."""

    url: str

    def query(
        self, sparql: str, prefixes: dict[str, str] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
        """The answer to ``sparql``: solutions, a boolean, or the triples of a CONSTRUCT."""
        prologue = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in (prefixes or {}).items())
        kind, body = self._post(
            "query", "application/sparql-query", prologue + sparql, f"{_JSON}, {_NTRIPLES}"
        )
        if kind.startswith(_NTRIPLES):
            return [quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)

    def update(self, sparql: str) -> None:
        self._post("update", "application/sparql-update", sparql, "*/*")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads``, whose named graphs are new to the server: those of the default graph by one
        Graph Store POST, then each named graph by a PUT; by one ``INSERT DATA`` where the server
        has no Graph Store endpoint."""
        graphs: dict[ox.NamedNode | ox.DefaultGraph, list[ox.Triple]] = {ox.DefaultGraph(): []}
        for quad in quads:
            graph = quad.graph_name
            if isinstance(graph, (ox.NamedNode, ox.DefaultGraph)):
                graphs.setdefault(graph, []).append(quad.triple)
        sent = False
        for graph, triples in graphs.items():
            if not triples:
                continue
            put = isinstance(graph, ox.NamedNode)  # a document's graph, else the merge's triples
            target = f"graph={quote(graph.value, safe='')}" if isinstance(graph, ox.NamedNode) else "default"
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            try:
                self._send("PUT" if put else "POST", f"{_GRAPH_STORE}?{target}", body, _NTRIPLES, "*/*")
            except _NoGraphStore:
                if sent:
                    raise KGError(
                        f"{self.url}: the SPARQL server refused the update: nothing at /store"
                    ) from None
                self._insert(graphs)
                return
            sent = True

    def _insert(self, graphs: dict[ox.NamedNode | ox.DefaultGraph, list[ox.Triple]]) -> None:
        """Add the triples of ``graphs`` by one SPARQL ``INSERT DATA``."""
        blocks = []
        for graph, triples in graphs.items():
            text = " . ".join(map(str, triples))
            if triples:
                blocks.append(text if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ {text} }}")
        if blocks:
            self.update(f"INSERT DATA {{ {' '.join(blocks)} }}")

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"))

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        found = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(found, ox.QuerySolutions)  # a SELECT's answer
        return (row["g"] for row in found if isinstance(row["g"], ox.NamedNode))

    def dump(self, format: ox.RdfFormat, from_graph: ox.NamedNode | ox.BlankNode) -> bytes:
        """The triples of the graph ``from_graph``, in ``format``."""
        triples = self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {from_graph} {{ ?s ?p ?o }} }}")
        assert isinstance(triples, list)  # a CONSTRUCT's answer
        return ox.serialize(triples, format=format) or b""

    def flush(self) -> None:
        """Nothing to do: the server has committed each update when it answers."""

    def _post(self, endpoint: str, kind: str, text: str, accept: str) -> tuple[str, bytes]:
        """POST ``text`` to ``URL/endpoint``: the answer's content type and body."""
        return self._send("POST", endpoint, text.encode("utf-8"), kind, accept)

    def _send(self, method: str, target: str, body: bytes, kind: str, accept: str) -> tuple[str, bytes]:
        """Send ``body`` to ``URL/target`` by ``method``: the answer's content type and body.
        Raises ``_NoGraphStore`` if the server has nothing at the Graph Store endpoint."""
        request = urllib.request.Request(
            f"{self.url.rstrip('/')}/{target}",
            data=body,
            headers={"Content-Type": f"{kind}; charset=utf-8", "Accept": accept},
            method=method,
        )
        endpoint = target.split("?")[0]
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            if endpoint == _GRAPH_STORE and exc.code in _NO_GRAPH_STORE:
                raise _NoGraphStore from None
            why = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
            what = "update" if endpoint == _GRAPH_STORE else endpoint
            raise KGError(f"{self.url}: the SPARQL server refused the {what}: {exc.code} {why}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KGError(f"{self.url}: cannot reach the SPARQL server: {reason}") from None
