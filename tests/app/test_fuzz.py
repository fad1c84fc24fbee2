"""A fuzz of the whole command line: random bytes, random JSON Lines and random SPARQL may be refused,
in one line, but never crash kg with a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.app.cli import main

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    derandomize=True,
)


def kg(*argv: str) -> tuple[int, str]:
    """Run kg in-process; its status and what it printed on stderr, checked to be well-formed."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main([str(arg) for arg in argv])
    err = stderr.getvalue()
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if not line.startswith("kg: warning: ")]
    if status == 1:
        assert len(errors) == 1 and errors[0].startswith("kg: error: "), err
    else:
        assert status in (0, 2), (status, err)
    return status, err


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "a.txt").write_text(
        "Egypt supports the Libyan National Army. Turkey opposes Haftar. Putin met Erdogan in Moscow.",
        encoding="utf-8",
    )
    kg("build", folder / "a.txt", "--out", folder / "out", "--quiet")
    return folder / "out" / "graph.ttl"


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".md"]))
def test_random_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        kg("extract", path, "--quiet")


TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
RECORDS = (
    st.fixed_dictionaries(
        {},
        optional={
            "id": VALUES | TEXT,
            "text": TEXT | st.sampled_from(["Egypt supports the LNA.", "Chad opposes Sudan in 2020-13-45."]),
            "date": VALUES | st.sampled_from(["2020-01-02", "2020-13-45", "yesterday"]),
            "source": VALUES,
        },
    )
    | VALUES
)


@FUZZ
@given(records=st.lists(RECORDS, min_size=1, max_size=4))
def test_random_json_lines(records):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.jsonl"
        lines = [json.dumps(record, ensure_ascii=bool(n % 2)) for n, record in enumerate(records)]
        path.write_text("\n".join(lines), encoding="utf-8", errors="surrogatepass")
        kg("build", path, "--out", Path(folder) / "out", "--quiet")


TOKENS = [
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", ".", ";", ",", "*", "?s", "?p",
    "?o", "?actor", "kg:supports", "rdfs:label", "a", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH",
    "SERVICE", "<http://example.org/>", "FROM", "NAMED", "INSERT", "DELETE", "DATA", "LOAD", "DROP",
    "CLEAR", "CREATE", "ALL", "BIND", "AS", "VALUES", "ORDER", "BY", "LIMIT", "10", '"x"', "'''y'''",
    "COUNT", "REGEX", "nope:x", "#", "\n", "PREFIX", "ex:", "$o", "\\", '"', "ü",
]  # fmt: skip
TEMPLATES = [
    "SELECT ?s ?o WHERE {{ ?s {p} ?o FILTER (CONTAINS(STR(?o), {t})) }}",
    "SELECT (COUNT(*) AS ?n) WHERE {{ ?s {p} ?o . ?o ?q {t} }}",
    "ASK {{ ?s rdfs:label {t} }}",
    "CONSTRUCT {{ ?s {p} {t} }} WHERE {{ ?s {p} ?o }} LIMIT 5",
    "SELECT * WHERE {{ ?s ?p ?o }} ORDER BY {t} LIMIT 3",
]
QUERIES = st.lists(st.sampled_from(TOKENS) | TEXT, max_size=25).map(" ".join) | st.builds(
    lambda template, p, t: template.format(p=p, t=t),
    st.sampled_from(TEMPLATES),
    st.sampled_from(["kg:supports", "?r", "rdfs:label", "<urn:x>", "kg:nope"]),
    TEXT.map(json.dumps) | TEXT,
)


@FUZZ
@given(sparql=QUERIES, param=st.none() | st.tuples(st.sampled_from(["s", "actor", "o", "x"]), TEXT))
def test_random_sparql(graph, sparql, param):
    extra = [] if param is None else ["--param", f"{param[0]}={param[1]}"]
    kg("query", sparql, "--graph", graph, "--timeout", "10", *extra)
