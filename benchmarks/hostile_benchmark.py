"""Try kg as a hostile or unlucky user would, and print what it did in each case.

Run: python benchmarks/hostile_benchmark.py [--kills N] [--only WORD]   (about ten minutes)

Each case runs ``kg`` as a command in its own process, on inputs and stores made in a temporary
folder. The table gives what kg did (its exit status and the first line it printed on stderr),
how long it took, the peak resident memory of kg and every process it started (``wait4``), and
whether any document or triple was lost: for a store, its documents and triples are counted, and
its default graph compared with the union of the document graphs, before and after the fault;
for ``--out``, the three files must show one build, the old or the new.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.model import Actor, ActorType, Document, Evidence, Relation, RelationType
from kg.namespace import ACTOR, DOC, KG
from kg.rdf.backends import reading
from kg.rdf.graph import build_graph, document_hashes, save_graph

KG_COMMAND = [sys.executable, "-m", "kg"]
PAIRS = "SELECT ?a ?d WHERE { ?a kg:supports ?b . ?d kg:supports ?e }"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@dataclass(frozen=True)
class Outcome:
    """One case: what kg did, its time and peak memory, and what was lost."""

    case: str
    did: str
    seconds: float
    peak_mb: float
    lost: str


@dataclass(frozen=True)
class Run:
    status: int
    err: str
    seconds: float
    peak_mb: float

    @property
    def said(self) -> str:
        first = self.err.strip().splitlines()[-1] if self.err.strip() else ""
        return f"exit {self.status}: {first[:90]}" if first else f"exit {self.status}"


def kg(
    *argv: object,
    after: float | None = None,
    sig: int = signal.SIGKILL,
    stdout=subprocess.DEVNULL,
    command: list[str] = KG_COMMAND,
) -> Run:
    """Run ``kg argv`` (by ``command``); with ``after``, send it ``sig`` that many seconds in."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen([*command, *map(str, argv)], stdout=stdout, stderr=err)
        if after is not None:
            time.sleep(after)
            os.kill(child.pid, sig)  # not send_signal, which may reap the child before wait4
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Run(child.returncode, text, time.monotonic() - started, usage.ru_maxrss / 1024)


@dataclass(frozen=True)
class StoreState:
    documents: int
    triples: int
    union: bool  # the default graph is exactly the union of the named graphs
    hashes: frozenset[str]  # the documents' content hashes: which version each is


def state(path: Path) -> StoreState:
    with reading(path) as store:
        hashes = document_hashes(store)
        triples = len(store)
        extra = bool(store.query("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"))
        missing = bool(store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"))
        del store
    return StoreState(len(hashes), triples, not extra and not missing, frozenset(hashes.values()))


def compare(before: StoreState, after: StoreState, *also: StoreState) -> str:
    states = [after, *also]
    if not all(s.union for s in states):
        return "yes: default graph is not the union"
    if any(s.documents < before.documents for s in states):
        return f"yes: {before.documents - min(s.documents for s in states)} documents"
    if any(s.triples != before.triples for s in states) and all(
        s.documents == before.documents for s in states
    ):
        changed = sorted({s.triples for s in states})
        return f"no ({before.documents} docs; triples {before.triples} -> {changed})"
    return f"no ({before.documents} docs, {before.triples} triples)"


def corpus(folder: Path, version: int, count: int = 30, prefix: str = "d") -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    verb = "supports" if version % 2 else "opposes"
    for n in range(count):
        text = f"Egypt {verb} the Libyan National Army. Turkey meets Qatar in round {version}, item {n}."
        (folder / f"{prefix}{n:02}.txt").write_text(text, encoding="utf-8")
    return folder


def wide_store(path: Path, count: int = 1500) -> Path:
    """A store of ``count`` support triples in one document graph and in the merge."""
    store = ox.Store(str(path))
    supports = ox.NamedNode(KG.supports)
    for graph in (ox.NamedNode(DOC["wide"]), ox.DefaultGraph()):
        store.extend(
            ox.Quad(ox.NamedNode(ACTOR[f"a{i}"]), supports, ox.NamedNode(ACTOR[f"b{i}"]), graph)
            for i in range(count)
        )
    store.flush()
    del store
    gc.collect()
    return path


# --- the cases -------------------------------------------------------------------------------------


def query_cases(work: Path) -> list[Outcome]:
    store = wide_store(work / "wide.db")
    before = state(store)
    rows = []
    cases = [
        ("query: 3-way cartesian COUNT, --timeout 5", (CARTESIAN, "--timeout", 5)),
        ("query: 2.25M rows ORDER BY, --memory 300", (PAIRS + " ORDER BY ?a ?d", "--memory", 300)),
        ("query: 2.25M rows streamed as CSV, --memory 300", (PAIRS, "--memory", 300, "--format", "csv")),
        ("query: INSERT DATA", ("INSERT DATA { <urn:a> <urn:b> <urn:c> }",)),
        ("query: DROP ALL", ("DROP ALL",)),
        ("query: SERVICE", ("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",)),
        ("query: FROM <http://…>", ("SELECT * FROM <http://example.org/g> { ?s ?p ?o }",)),
        ("query: allies-of-allies without ?actor", ("allies-of-allies",)),
    ]
    for case, argv in cases:
        limit = () if "--timeout" in argv else ("--timeout", 600)
        run = kg("query", argv[0], "--store", store, *argv[1:], *limit)
        rows.append(Outcome(case, run.said, run.seconds, run.peak_mb, compare(before, state(store))))
    run = kg("query", CARTESIAN, "--store", store, "--timeout", 600, after=3, sig=signal.SIGINT)
    rows.append(
        Outcome(
            "query: Ctrl-C 3 s into a cartesian COUNT",
            run.said,
            run.seconds,
            run.peak_mb,
            compare(before, state(store)),
        )
    )
    return rows


def store_kill_cases(work: Path, kills: int) -> list[Outcome]:
    """Kill builds that replace 200 documents at random moments of their second half, where they
    write; the first rebuild, not killed, says how long one takes."""
    store = work / "kill.db"
    kg("build", corpus(work / "in", 0, 200), "--store", store)
    full = kg("build", corpus(work / "in", 1, 200), "--store", store)
    before = state(store)
    rng = random.Random(1)
    states, peak, seconds = [], 0.0, 0.0
    for version in range(2, kills + 2):
        at = rng.uniform(full.seconds * 0.5, full.seconds * 1.0)
        run = kg("build", corpus(work / "in", version, 200), "--store", store, after=at)
        states.append(state(store))
        peak, seconds = max(peak, run.peak_mb), seconds + run.seconds
    pairs = list(zip([before, *states], states, strict=False))
    changed = sum(a.hashes != b.hashes for a, b in pairs)
    mixed = sum(a.hashes != b.hashes and not a.hashes.isdisjoint(b.hashes) for a, b in pairs)
    did = f"{kills} kills: the store changed in {changed}, {mixed} left old and new documents side by side"
    return [
        Outcome(
            f"build --store: kill -9 at random ({kills}x)",
            did,
            seconds / kills,
            peak,
            compare(before, *states),
        )
    ]


def disk_full_case(work: Path) -> list[Outcome]:
    mount = work / "small"
    mount.mkdir()
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)], capture_output=True
    ).returncode:
        return [Outcome("build --store: disk full", "not run (cannot mount a tmpfs here)", 0, 0, "-")]
    rows = []
    try:
        store = mount / "st"
        kg("build", corpus(work / "in", 0, 60), "--store", store)
        for left_kb in (150, 400, 1000, 3000):
            before = state(store)
            filler = mount / "fill"
            free = shutil.disk_usage(mount).free
            subprocess.run(["fallocate", "-l", str(max(free - left_kb * 1024, 0)), str(filler)], check=True)
            run = kg("build", corpus(work / "in", left_kb, 60), "--store", store)
            filler.unlink()
            rows.append(
                Outcome(
                    f"build --store: disk full, {left_kb} KB free",
                    run.said,
                    run.seconds,
                    run.peak_mb,
                    compare(before, state(store)),
                )
            )
    finally:
        subprocess.run(["umount", str(mount)], check=False)
    return rows


def concurrency_cases(work: Path) -> list[Outcome]:
    store = work / "busy.db"
    kg("build", corpus(work / "in", 0), "--store", store)
    before = state(store)
    writer = subprocess.Popen(
        [*KG_COMMAND, "build", str(corpus(work / "more", 1, 200, "m")), "--store", str(store)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1)
    second = kg("build", work / "more", "--store", store)
    counts, failures = [], []
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?d a kg:Document }"
    while writer.poll() is None:
        result = subprocess.run(
            [*KG_COMMAND, "query", query, "--store", str(store), "--format", "csv"],
            capture_output=True,
            text=True,
        )
        if result.returncode:
            failures.append(result.stderr.strip())
        else:
            counts.append(int(result.stdout.split()[1]))
    after = state(store)
    seen = sorted(set(counts))
    return [
        Outcome(
            "build --store: a second writer",
            second.said,
            second.seconds,
            second.peak_mb,
            compare(before, after),
        ),
        Outcome(
            f"query during a build: {len(counts) + len(failures)} readers",
            f"documents seen: {seen}; {len(failures)} failed"
            + (f" ({failures[0][:60]})" if failures else ""),
            0,
            0,
            "no" if set(seen) <= {before.documents, after.documents} else "half states seen",
        ),
    ]


def rounds(out: Path) -> set[tuple[str, ...]]:
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    triples = (out / "triples.jsonl").read_text(encoding="utf-8")
    page = (out / "alliances.html").read_text(encoding="utf-8")
    return {tuple(sorted(set(re.findall(r"\b(r\d+)-d\d", text)))) for text in (graph, triples, page)}


def whole(out: Path) -> bool:
    """Whether each of the three files in ``out`` is whole: the graph and the lines parse, the page ends."""
    import json

    from rdflib import Graph

    try:
        Graph().parse(out / "graph.ttl")
        for line in (out / "triples.jsonl").read_text(encoding="utf-8").splitlines():
            json.loads(line)
    except Exception:
        return False
    return (out / "alliances.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def out_kill_cases(work: Path, kills: int) -> list[Outcome]:
    rows: list[Outcome] = []
    cases = (
        (f"build --out: kill -9 at random ({kills}x)", False),
        (f"build --out, DIR holds a folder: kill -9 ({kills}x)", True),
    )
    for case, subfolder in cases:
        out = work / f"out{len(rows)}"
        if subfolder:
            (out / "notes").mkdir(parents=True)
        kg("build", corpus(work / "in", 0, 20, "r0-d"), "--out", out)
        full = kg("build", corpus(work / "in", 1, 20, "r1-d"), "--out", out)
        rng = random.Random(2)
        mixed, broken, peak = 0, 0, 0.0
        for version in range(2, kills + 2):
            at = rng.uniform(full.seconds * 0.75, full.seconds * 1.05)
            run = kg("build", corpus(work / "in", version, 20, f"r{version}-d"), "--out", out, after=at)
            mixed += len(rounds(out)) != 1
            broken += not whole(out)
            peak = max(peak, run.peak_mb)
        stale_before = len([*work.glob(f".{out.name}.kg-build-*"), *out.glob(".kg-build-*")])
        last = kg("build", work / "in", "--out", out)
        stale_after = len([*work.glob(f".{out.name}.kg-build-*"), *out.glob(".kg-build-*")])
        did = (
            f"{kills} kills: {mixed} left mixed outputs, {broken} a broken file;"
            f" staging folders {stale_before} -> {stale_after} after"
        )
        rows.append(Outcome(case, did, last.seconds, peak, "yes" if broken or mixed else "no"))
    again = kg("build", work / "in", "--out", work / "in")
    twice = kg("build", work / "in", "--out", work / "in")
    rows.append(
        Outcome(
            "build DIR --out DIR, twice",
            f"{again.said}; then {twice.said}",
            twice.seconds,
            twice.peak_mb,
            "no",
        )
    )
    return rows


FAILING_RULE = """
import sys
from kg.extract import rule
from kg.app.cli import main

@rule
def fails_on_marker(sentence):
    if "Zorblat" in sentence.span.text:
        raise ValueError("Zorblat met")
    yield from ()

sys.exit(main(sys.argv[1:]))
"""


def failing_document_case(work: Path) -> list[Outcome]:
    """One document of 30 meets a bug in the extractor (a rule that raises on it)."""
    store = work / "kg.db"
    kg("build", corpus(work / "in", 0), "--store", store)
    before = state(store)
    folder = corpus(work / "in", 1)
    (folder / "d07.txt").write_text("Egypt met Zorblat in Cairo.", encoding="utf-8")
    run = kg(
        "build", folder, "--store", store, "--out", work / "out", command=[sys.executable, "-c", FAILING_RULE]
    )
    after = state(store)
    kept = len(before.hashes & after.hashes) == 1  # round 0's texts all differ: d07's old one
    did = f"{run.said} (d07 {'kept its old version' if kept else 'changed'})"
    return [
        Outcome(
            "build --store: one document of 30 fails", did, run.seconds, run.peak_mb, compare(before, after)
        )
    ]


def input_cases(work: Path) -> list[Outcome]:
    sentence = "Egypt supports the Libyan National Army on Monday, and Turkey opposes it in January 2020. "
    texts = {
        "input: one paragraph of 500,000 characters": sentence * 5500,
        "input: the same, one sentence a line": (sentence + "\n") * 5500,
        "input: one 1 MB line without a sentence end": ("Egypt supports the army and " * 37000),
    }
    rows = []
    for case, text in texts.items():
        path = work / "long.txt"
        path.write_text(text, encoding="utf-8")
        out = work / "relations.jsonl"
        run = kg("extract", path, "-o", out, "--quiet")
        found = len(out.read_text().splitlines()) if out.exists() else 0
        rows.append(Outcome(case, f"{run.said}; {found} relations", run.seconds, run.peak_mb, "-"))
        out.unlink(missing_ok=True)
    (work / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(work / "pipe.txt")
    (work / "twice.txt").write_text("Egypt supports the LNA.", encoding="utf-8")
    records = {
        "surrogate.jsonl": '{"id": "a", "text": "x \\ud800 y"}',
        "null-id.jsonl": '{"id": null, "text": "Egypt supports the LNA."}',
        "bad-date.jsonl": '{"id": "a", "text": "Egypt supports the LNA.", "date": "2020-13-45"}',
        "duplicate.jsonl": '{"id": "twice", "text": "Chad opposes Sudan."}',
    }
    for name, line in records.items():
        (work / name).write_text(line + "\n", encoding="utf-8")
    late = work / "late-nul.txt"
    late.write_bytes(b"Egypt supports the LNA. " * 1000 + b"\x00")
    odd = Actor("odd", "$x^$ Brigade of $\\frac{1}{$", ActorType.ARMED_GROUP)
    sentence = "The odd brigade supports Chad."
    evidence = Evidence("d1", sentence, 0, len(sentence))
    relation = Relation(odd, RelationType.SUPPORTS, Actor("chad", "Chad", ActorType.STATE), evidence, 0.9)
    graph = save_graph(build_graph([Document("d1", sentence)], [relation]), work / "dollar.ttl")
    commands = [
        ("input: a symlink to /dev/zero", ("build", work / "zero.txt", "--out", work / "o")),
        ("input: a FIFO named .txt", ("build", work / "pipe.txt", "--out", work / "o")),
        (
            "input: a lone surrogate in a JSONL text",
            ("build", work / "surrogate.jsonl", "--store", work / "s.db"),
        ),
        ('input: "id": null', ("build", work / "null-id.jsonl", "--out", work / "o")),
        ('input: "date": "2020-13-45"', ("build", work / "bad-date.jsonl", "--out", work / "o")),
        ("input: a NUL byte after 24 KB", ("build", late, "--out", work / "o")),
        (
            "input: one id in two files",
            ("build", work / "twice.txt", work / "duplicate.jsonl", "--out", work / "o"),
        ),
        (
            "input: the same file twice",
            ("build", work / "twice.txt", work / "twice.txt", "--out", work / "o"),
        ),
        ("viz --png: a label with $…$", ("viz", "--graph", graph, "--png", work / "g.png")),
    ]
    for case, argv in commands:
        run = kg(*argv)
        made = "no store made" if not (work / "s.db").exists() else "a store was made"
        rows.append(Outcome(case, run.said, run.seconds, run.peak_mb, made if "--store" in argv else "-"))
    return rows


CASES: dict[str, Callable[[Path, int], list[Outcome]]] = {
    "query": lambda work, kills: query_cases(work),
    "store": store_kill_cases,
    "disk": lambda work, kills: disk_full_case(work),
    "concurrency": lambda work, kills: concurrency_cases(work),
    "out": out_kill_cases,
    "input": lambda work, kills: input_cases(work),
    "failure": lambda work, kills: failing_document_case(work),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=8, help="kill -9 rounds per case (default 8)")
    parser.add_argument("--only", choices=sorted(CASES), action="append", help="run only these groups")
    args = parser.parse_args()
    print(f"{'case':50}  {'what kg did':100}  {'s':>6}  {'peak MB':>7}  lost?", flush=True)
    for name, run in CASES.items():
        if args.only and name not in args.only:
            continue
        with tempfile.TemporaryDirectory() as folder:
            for row in run(Path(folder), args.kills):
                print(
                    f"{row.case:50}  {row.did:100}  {row.seconds:6.1f}  {row.peak_mb:7.0f}  {row.lost}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
