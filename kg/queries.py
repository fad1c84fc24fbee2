"""Named SPARQL queries shipped with kg, and running any query safely over a graph.

Each ``kg/queries/<name>.rq`` opens with a ``# description`` line. Queries cannot reach the network:
``SERVICE`` is refused and ``FROM <address>`` loads nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

import rdflib.plugins.sparql
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.sparql import SPARQLError
from rdflib.query import Result

from kg.errors import KGError
from kg.store import NAMESPACES

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

FORMATS = ("table", "csv", "json")

Value = str | int | float | bool | None


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query: column names, and rows of plain strings, numbers or None (unbound)."""

    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]


def _folder() -> Traversable:
    return files("kg").joinpath("queries")


def list_queries() -> dict[str, str]:
    """The named queries shipped with kg: name -> description, sorted by name.

    >>> list_queries()["supports"]
    'Who supports whom, from statements that are not negated.'
    """
    found = {}
    for entry in sorted(_folder().iterdir(), key=lambda entry: entry.name):
        if entry.name.endswith(".rq"):
            first = entry.read_text(encoding="utf-8").splitlines()[0]
            found[entry.name.removesuffix(".rq")] = first.lstrip("#").strip()
    return found


def resolve_query(query: str) -> str:
    """The SPARQL text for a query name, a ``.rq`` file path or the SPARQL text itself.

    >>> resolve_query("SELECT * WHERE { ?s ?p ?o }")
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


def run_query(graph: Graph, sparql: str, bindings: dict[str, str] | None = None) -> QueryResult:
    """Run a SPARQL query over ``graph``; ``bindings`` give values to its ``?variables``.

    A binding that looks like an IRI (``https://…``, ``urn:…`` or ``<…>``) binds an IRI, any other a
    plain literal. kg's prefixes may be used without declaring them.

    >>> from rdflib import Graph
    >>> run_query(Graph(), "SELECT ?x WHERE { }", {"x": "NATO"})
    QueryResult(columns=('x',), rows=[('NATO',)])
    """
    try:
        prepared = prepareQuery(sparql, initNs=NAMESPACES)
    except ParseException as exc:
        found = " ".join(re.sub(r"\s+\(at char \d+\).*$", "", str(exc), flags=re.DOTALL).split())
        raise KGError(f"invalid SPARQL at line {exc.lineno}, column {exc.col}: {found}") from None
    except Exception as exc:  # the algebra translation raises bare Exceptions, e.g. for an unknown prefix
        raise KGError(f"invalid SPARQL: {exc}") from None
    if _has_service(prepared.algebra):
        raise KGError("SPARQL SERVICE clauses are refused: kg queries do not reach the network")
    initial = {}
    for name, value in (bindings or {}).items():
        variable = name.lstrip("?$")
        if not re.search(rf"[?$]{re.escape(variable)}\b", sparql):
            raise KGError(f"the query has no ?{variable} to bind")
        initial[variable] = _term(value)
    try:
        result = graph.query(prepared, initBindings=initial)
    except SPARQLError as exc:
        raise KGError(f"the query failed: {exc}") from None
    return _plain(result)


def _has_service(algebra: object) -> bool:
    found = []

    def visit(node: object) -> None:
        if getattr(node, "name", None) == "ServiceGraphPattern":
            found.append(node)

    traverse(algebra, visitPre=visit)
    return bool(found)


def _term(value: str) -> URIRef | Literal:
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    if re.match(r"(https?|urn):\S+$", value):
        return URIRef(value)
    return Literal(value)


def _plain(result: Result) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(("ask",), [(bool(result.askAnswer),)])
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        rows = sorted(tuple(_value(term) for term in triple) for triple in result.graph)
        return QueryResult(("subject", "predicate", "object"), rows)
    columns = tuple(str(variable) for variable in result.vars)
    return QueryResult(columns, [tuple(_value(term) for term in row) for row in result])


def _value(term: object) -> Value:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, (bool, int, float)):
            return value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """The result as text: ``table`` (aligned columns), ``csv`` or ``json`` (a list of objects).

    >>> print(format_result(QueryResult(("actor", "ally"), [("Russia", "Iran")])))
    actor   ally
    ------  ----
    Russia  Iran
    """
    if fmt == "json":
        records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in result.rows)
        return out.getvalue()
    if fmt == "table":
        lines = [list(result.columns)] + [[_cell(cell) for cell in row] for row in result.rows]
        widths = [max(len(line[i]) for line in lines) for i in range(len(result.columns))]
        lines.insert(1, ["-" * width for width in widths])
        return "\n".join(
            "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
            for line in lines
        )
    raise KGError(f"unknown result format {fmt!r}; use one of {', '.join(FORMATS)}")


def _cell(value: Value) -> str:
    return "" if value is None else " ".join(str(value).split())
