"""The graph on a SPARQL 1.1 server: ``--store http://HOST:PORT`` instead of a folder.

The URL is the base of the server's endpoints: kg sends queries to ``URL/query`` (the SPARQL 1.1
Protocol, answers in SPARQL JSON or N-Triples) and every write to ``URL/update`` (SPARQL 1.1
Update), both by POST. That is Oxigraph's layout (``oxigraph serve --location DIR --bind
HOST:PORT``) and Apache Jena Fuseki's for a dataset (``http://HOST:3030/DATASET``). The server
runs each update request as one transaction, so that a document is replaced, and a chunk of new
ones added, whole or not at all, as in the store in a folder (``kg.rdf.backends.add_graphs``).

``RemoteStore`` answers the few calls of ``pyoxigraph.Store`` that kg makes, so that the
``Backend`` of a store serves both.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.errors import KGError

TIMEOUT = 600.0  # seconds a request may take; `kg query` stops a query after its own --timeout
_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"


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
        """Add ``quads`` in one update (one transaction on the server)."""
        blocks = []
        for graph, group in groupby(quads, key=lambda quad: quad.graph_name):
            triples = " . ".join(str(ox.Triple(q.subject, q.predicate, q.object)) for q in group)
            blocks.append(triples if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{ {triples} }}")
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
        request = urllib.request.Request(
            f"{self.url.rstrip('/')}/{endpoint}",
            data=text.encode("utf-8"),
            headers={"Content-Type": f"{kind}; charset=utf-8", "Accept": accept},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            why = " ".join(exc.read().decode("utf-8", "replace").split())[:200]
            raise KGError(f"{self.url}: the SPARQL server refused the {endpoint}: {exc.code} {why}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise KGError(f"{self.url}: cannot reach the SPARQL server: {reason}") from None
