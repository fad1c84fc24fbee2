"""Named SPARQL queries shipped with kg, and running any query safely over a graph or a store.

Each ``kg/query/named/<name>.rq`` opens with a ``# description`` line; a ``#+ actors: ?actor …`` line
names the parameters that stand for actors, and a ``#+ required: ?actor …`` line those without
which the query would take too long to answer. Queries cannot reach the network: ``SERVICE`` is
refused and ``FROM <address>`` loads nothing. Parameters are bound by ``VALUES`` rows of RDF terms
at the head of the query's pattern, never by pasting text into the query, so that a query means
the same in rdflib (a graph file) and in Oxigraph (a persistent store).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.plugins.sparql.algebra import traverse

from kg.errors import KGError, ambiguous
from kg.namespace import BASE
from kg.query.limits import Limits, bounded
from kg.rdf.backends import Rows, Source, Value, backend, prepare
from kg.text import table_lines

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: column names, and rows of plain strings, numbers or None (unbound)."""

    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]


def _folder() -> Traversable:
    return files("kg.query").joinpath("named")


def list_queries() -> dict[str, str]:
    """The named queries shipped with kg: name -> description, sorted by name.

    >>> list_queries()["leaders"].split(";")[0]
    'Leaders: who leads what, from statements that are not negated'
    """
    found = {}
    for entry in _folder().iterdir():
        if entry.name.endswith(".rq"):
            first = entry.read_text(encoding="utf-8").splitlines()[0]
            found[entry.name.removesuffix(".rq")] = first.lstrip("#").strip()
    return dict(sorted(found.items()))


def query_text(query: str) -> str:
    """The SPARQL text for a query name, a ``.rq`` file path or the SPARQL text itself.

    >>> query_text("SELECT * WHERE { ?s ?p ?o }")
    'SELECT * WHERE { ?s ?p ?o }'
    """
    if query in list_queries():
        return _folder().joinpath(f"{query}.rq").read_text(encoding="utf-8")
    if re.search(r"[\s{]", query) is None:
        path = Path(query)
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise KGError(f"{path}: cannot read the query: {exc}") from None
        if path.suffix in (".rq", ".sparql"):
            raise KGError(f"{path}: no such query file")
        raise KGError(f"unknown query {query!r}; named queries are: {', '.join(list_queries())}")
    return query


def run_query(graph: Source, sparql: str, bindings: dict[str, str] | None = None) -> QueryResult:
    """Run a SPARQL query over ``graph``, an rdflib graph or a persistent store (``kg.rdf.backends``).

    ``bindings`` give values to the query's ``?variables`` (``bind``). kg's prefixes may be used
    without declaring them. Over a store the default graph is the merge of the named graphs.

    >>> from rdflib import Graph
    >>> run_query(Graph(), "SELECT ?x WHERE { }", {"x": "NATO"})
    QueryResult(columns=('x',), rows=[('NATO',)])
    """
    columns, rows = query_rows(graph, sparql, bindings)
    return QueryResult(columns, list(rows))


def query_rows(graph: Source, sparql: str, bindings: dict[str, str] | None = None) -> Rows:
    """``run_query``'s columns, and its rows as they come (sorted, so whole, for CONSTRUCT)."""
    check_read_only(sparql)
    return backend(graph).select(bind(graph, sparql, bindings))


def stream_query(
    source: Callable[[], Source],
    sparql: str,
    bindings: dict[str, str] | None = None,
    limits: Limits | None = None,
    fmt: str = "csv",
) -> Iterator[str]:
    """The answer to ``sparql`` over ``source()`` as text in ``fmt`` (``format_rows``), worked
    out in a child process within ``limits`` (``kg.query.limits``) and yielded as it comes.

    The child also formats, so that the rows a table holds to align its columns count toward the
    memory limit. The query is checked here first, so that a refused or malformed one fails
    before any work.
    """
    check_read_only(sparql)

    def answer() -> Iterator[str]:
        yield from format_rows(*query_rows(source(), sparql, bindings), fmt)

    return bounded(answer, limits or Limits())


# The first word of a SPARQL update; kg only reads.
_UPDATES = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
)


def check_read_only(sparql: str) -> None:
    """Raise KGError unless ``sparql`` is a query that reads kg's own data: no update, no
    ``SERVICE``, no ``FROM`` of a graph kg did not mint.

    >>> check_read_only("DROP ALL")
    Traceback (most recent call last):
    kg.errors.KGError: SPARQL updates (DROP) are refused: kg queries only read
    """
    words = (m.group() for m in _TOKEN.finditer(sparql) if not m.group().startswith(("#", "<")))
    for word in words:
        if word.upper() in ("PREFIX", "BASE") or word.endswith(":"):
            continue
        if word.upper() in _UPDATES:
            raise KGError(f"SPARQL updates ({word.upper()}) are refused: kg queries only read")
        break
    algebra = prepare(sparql).algebra
    if _has_service(algebra):
        raise KGError("SPARQL SERVICE clauses are refused: kg queries do not reach the network")
    for clause in algebra.get("datasetClause") or ():
        iri = clause["default"] if "default" in clause else clause["named"]
        if not str(iri).startswith(BASE):
            raise KGError(f"FROM <{iri}> is refused: kg queries read only kg's own graphs")


def bind(graph: Source, sparql: str, bindings: dict[str, str] | None = None) -> str:
    """``sparql`` with ``bindings`` given to its ``?variables`` in ``VALUES`` rows.

    A value that looks like an IRI (``https://…``, ``urn:…`` or ``<…>``) binds that IRI, any other
    a plain literal; but a name given to a parameter of the query's ``#+ actors:`` line binds the
    actor of ``graph`` labelled so, in any case, else the one that has it as another name
    (``skos:altLabel``; the name itself if none has), so that the query can look the actor up
    rather than compare every label with it. A name that several actors answer to is a KGError
    that lists them.

    >>> from rdflib import Graph
    >>> bind(Graph(), "SELECT ?x WHERE { }", {"x": "NATO"})
    'SELECT ?x WHERE { VALUES (?x) { ("NATO") }  }'
    """
    actors = set(re.findall(r"[?$](\w+)", " ".join(_ACTORS.findall(sparql))))
    given = {name.lstrip("?$") for name in bindings or {}}
    for needed in re.findall(r"[?$](\w+)", " ".join(_REQUIRED.findall(sparql))):
        if needed not in given:
            raise KGError(f"the query needs ?{needed}: give --param {needed}=VALUE")
    terms = {}
    for name, value in (bindings or {}).items():
        variable = name.lstrip("?$")
        if not re.search(rf"[?$]{re.escape(variable)}\b", sparql):
            raise KGError(f"the query has no ?{variable} to bind")
        term = _term(value)
        named = variable in actors and isinstance(term, Literal)
        terms[variable] = [_named(graph, term)] if named else [term]
    return _with_values(sparql, terms) if terms else sparql


_ACTORS = re.compile(r"^#\+ actors:(.*)$", re.MULTILINE)
_REQUIRED = re.compile(r"^#\+ required:(.*)$", re.MULTILINE)
_NAMED = """SELECT ?node ?label (MIN(?kind) AS ?rank) WHERE {
  { ?node rdfs:label ?known BIND (0 AS ?kind) } UNION { ?node skos:altLabel ?known BIND (1 AS ?kind) }
  FILTER (STRSTARTS(STR(?node), STR(kga:)) && LCASE(STR(?known)) = LCASE(STR(?name)))
  ?node rdfs:label ?label
} GROUP BY ?node ?label ORDER BY ?rank ?node"""


def _named(graph: Source, name: URIRef | Literal) -> URIRef | Literal:
    """The actor labelled ``name`` in any case, else the one with that other name, else ``name``
    itself; KGError if several are."""
    rows = run_query(graph, _NAMED, {"name": str(name)}).rows
    best = [(str(label), str(node)) for node, label, rank in rows if str(rank) == str(rows[0][2])]
    if len({node for _, node in best}) > 1:
        raise ambiguous(str(name), best)
    return URIRef(best[0][1]) if best else name


# Comments, strings and IRIs can hide a brace, so they are whole tokens; then words, and the rest.
_TOKEN = re.compile(
    r"""\#[^\n]*
      | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\" | '''(?:[^'\\]|\\.|'(?!''))*'''
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [?$]?\w[\w.-]*(?::[\w.-]*)?
      | \S""",
    re.VERBOSE | re.DOTALL,
)


def _with_values(sparql: str, terms: dict[str, list[URIRef | Literal]]) -> str:
    """``sparql`` with a ``VALUES`` row for each combination of ``terms`` first in its WHERE
    pattern, which binds them as rdflib's ``initBindings`` would, in rdflib and in Oxigraph alike."""
    names = " ".join(f"?{name}" for name in terms)
    rows = " ".join(f"({' '.join(term.n3() for term in row)})" for row in itertools.product(*terms.values()))
    at = _pattern_start(sparql)
    return f"{sparql[:at]} VALUES ({names}) {{ {rows} }} {sparql[at:]}"


def _pattern_start(sparql: str) -> int:
    """The offset just past the ``{`` that opens the WHERE pattern (a CONSTRUCT template is passed over)."""
    parens, template = 0, False
    tokens = _TOKEN.finditer(sparql)
    for match in tokens:
        token = match.group()
        if token in ("(", ")"):
            parens += 1 if token == "(" else -1
        elif token.upper() == "CONSTRUCT":
            template = True
        elif token.upper() == "WHERE" and template:
            raise KGError(
                "parameters cannot be bound in CONSTRUCT WHERE { }; write CONSTRUCT { … } WHERE { … }"
            )
        elif token == "{" and parens == 0 and not template:
            return match.end()
        elif token == "{" and parens == 0:
            depth = 1
            while depth:
                depth += {"{": 1, "}": -1}.get(next(tokens).group(), 0)
            template = False
    raise KGError("the query has no WHERE pattern to bind values in")


def _has_service(algebra: object) -> bool:
    found = []

    def visit(node: object) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            found.append(node)

    traverse(algebra, visitPre=visit)
    return bool(found)


def _term(value: str) -> URIRef | Literal:
    bracketed = value.startswith("<") and value.endswith(">")
    if bracketed or re.match(r"(https?|urn):\S+$", value):
        iri = value[1:-1] if bracketed else value
        if re.search(r'[<>"{}|^`\\\x00-\x20]', iri):
            raise KGError(f"{value!r} is not a valid IRI to bind")
        return URIRef(iri)
    return Literal(value)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as text: ``table`` (aligned columns), ``csv`` or ``json`` (a list of objects).

    >>> print(format_result(QueryResult(("actor", "ally"), [("Russia", "Iran")])))
    actor   ally
    ------  ----
    Russia  Iran
    """
    return "".join(format_rows(result.columns, result.rows, fmt)).removesuffix("\n")


def format_rows(columns: tuple[str, ...], rows: Iterable[tuple[Value, ...]], fmt: str) -> Iterator[str]:
    """``format_result``'s text in pieces, each ending a line, as ``rows`` come: ``csv`` and
    ``json`` stream, a ``table`` needs every row first to know its column widths."""
    if fmt == "json":
        opened = False
        for row in rows:
            record = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, indent=2)
            yield ("[\n" if not opened else ",\n") + textwrap.indent(record, "  ")
            opened = True
        yield "\n]\n" if opened else "[]\n"
    elif fmt == "csv":
        for line in itertools.chain([columns], rows):
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerow(["" if cell is None else cell for cell in line])
            yield out.getvalue()
    elif fmt == "table":
        yield from table_lines(columns, rows)
    else:
        raise KGError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")
