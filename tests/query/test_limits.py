"""Queries are bounded: a time limit, a memory limit and Ctrl-C stop them at once, on either engine,
and their answers stream."""

from __future__ import annotations

import gc
import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.app.cli import main
from kg.errors import KGError
from kg.namespace import ACTOR, KG
from kg.query.limits import Limits, bounded

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PAIRS = "SELECT ?a ?d WHERE { ?a kg:supports ?b . ?d kg:supports ?e }"


def supports_store(path: Path, n: int) -> Path:
    """A store at ``path`` of ``n`` support triples between ``n`` pairs of distinct actors."""
    store = ox.Store(str(path))
    store.extend(
        ox.Quad(ox.NamedNode(ACTOR[f"a{i}"]), ox.NamedNode(KG.supports), ox.NamedNode(ACTOR[f"b{i}"]))
        for i in range(n)
    )
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory) -> Path:
    """A store of 1,500 support triples: 2.25 million pairs of them, 3.4 billion triples of three."""
    return supports_store(tmp_path_factory.mktemp("limits") / "kg.db", 1500)


@pytest.fixture(scope="module")
def wide_graph(wide_store, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "graph.nt"
    lines = [f"<{ACTOR[f'a{i}']}> <{KG.supports}> <{ACTOR[f'b{i}']}> .\n" for i in range(1500)]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def kg(*argv: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, argv)], capture_output=True, text=True, timeout=timeout
    )


def one_error_line(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"kg: error: {message}"), result.stderr


@pytest.mark.parametrize("where", ["--store", "--graph"])
def test_a_query_past_its_time_limit_stops_with_one_line(wide_store, wide_graph, where):
    data = wide_store if where == "--store" else wide_graph
    started = time.monotonic()
    result = kg("query", CARTESIAN, where, data, "--timeout", "1.5")
    assert time.monotonic() - started < 15
    one_error_line(result, "the query ran over its time limit of 1.5 s (--timeout)")


def test_a_query_past_its_memory_limit_stops_with_one_line(wide_store):
    # ORDER BY makes Oxigraph hold every one of the 2.25 million rows at once
    result = kg("query", PAIRS + " ORDER BY ?a ?d", "--store", wide_store, "--memory", "100")
    one_error_line(result, "the query ran out of its memory limit of 100 MB (--memory)")


PEAK = (
    "import resource, subprocess, sys; code = subprocess.call(sys.argv[2:]); peak = resource.getrusage("
    "resource.RUSAGE_CHILDREN).ru_maxrss; open(sys.argv[1], 'w').write(str(peak)); sys.exit(code)"
)


def peak_of(folder: Path, *argv: object) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``kg argv``, and the peak resident memory (bytes) of the largest of its processes."""
    report = folder / "peak"
    done = subprocess.run(
        [sys.executable, "-c", PEAK, report, sys.executable, "-m", "kg", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return done, int(report.read_text()) * 1024


def test_a_runaway_query_on_a_store_stops_at_its_memory_limit_with_one_line(wide_store, tmp_path):
    """Every pair of 1,500 triples, 2.25 million rows, as a table: held whole, they would take
    gigabytes; the query's process is stopped once it holds 200 MB more than it started with."""
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
    result, peak = peak_of(tmp_path, "query", runaway, "--store", wide_store, "--memory", "200")
    one_error_line(result, "the query ran out of its memory limit of 200 MB (--memory)")
    small, base = peak_of(tmp_path, "query", "SELECT * WHERE { ?a ?b ?c } LIMIT 1", "--store", wide_store)
    assert small.returncode == 0, small.stderr
    assert 150 * 2**20 < peak - base < 350 * 2**20  # it grew to about the limit, and not much further


@pytest.mark.slow
def test_rows_stream_within_a_memory_limit_that_the_whole_answer_exceeds(wide_store):
    # a million rows: some 250 MB as Python tuples, had they been collected
    query = PAIRS + " LIMIT 1000000"
    limits = ("--memory", "100", "--timeout", "600")
    result = kg("query", query, "--store", wide_store, *limits, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 + 1_000_000


def test_ctrl_c_stops_a_running_query_at_once(wide_store):
    child = subprocess.Popen(
        [sys.executable, "-m", "kg", "query", CARTESIAN, "--store", str(wide_store), "--timeout", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    children = Path(f"/proc/{child.pid}/task/{child.pid}/children")
    deadline = time.monotonic() + 60
    while children.exists() and not children.read_text().split() and time.monotonic() < deadline:
        time.sleep(0.1)  # until the query's own process runs (where the kernel lists children)
    time.sleep(1 if children.exists() else 3)
    child.send_signal(signal.SIGINT)
    started = time.monotonic()
    _, err = child.communicate(timeout=20)
    assert time.monotonic() - started < 3
    assert child.returncode == 130
    assert err == "kg: interrupted\n"


def test_stopping_early_kills_the_worker_and_the_first_rows_come_before_the_last(wide_store):
    from kg.query.sparql import stream_query
    from kg.rdf.backends import reading

    def source():
        return reading(wide_store).__enter__()

    started = time.monotonic()
    lines = stream_query(source, PAIRS, limits=Limits(timeout=60))
    first = [next(lines) for _ in range(10)]
    assert time.monotonic() - started < 10
    assert first[0] == "a,d\n" and all(line.startswith(str(ACTOR)) for line in first[1:])
    lines.close()  # the child is killed here
    assert multiprocessing.active_children() == []


def test_a_table_counts_toward_the_memory_limit(wide_store):
    """A table needs every row before its first line; the query's process holds them, within its limit."""
    result = kg("query", PAIRS, "--store", wide_store, "--memory", "100", "--format", "table")
    one_error_line(result, "the query ran out of its memory limit of 100 MB (--memory)")


def test_bounded_passes_errors_on_in_one_line():
    def work():
        yield 1
        raise KGError("no good")

    with pytest.raises(KGError, match=r"^no good$"):
        list(bounded(work, Limits()))

    def crash():
        yield from ()
        raise ValueError("a\nb")

    with pytest.raises(KGError, match=r"^the query failed: a b$"):
        list(bounded(crash, Limits()))


def test_a_required_parameter_missing_is_one_line(wide_store, capsys):
    status = main(["query", "allies-of-allies", "--store", str(wide_store)])
    _, err = capsys.readouterr()
    assert status == 1
    assert err == "kg: error: the query needs ?actor: give --param actor=VALUE\n"


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_the_time_limit_must_be_a_positive_number(wide_store, capsys, value):
    assert main(["query", "relations", "--store", str(wide_store), "--timeout", value]) == 2
    assert "expected a number of seconds above 0" in capsys.readouterr().err
