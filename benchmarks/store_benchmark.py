"""Load and query a synthetic kg graph in the persistent store (Oxigraph) and in rdflib's memory.

Needs the bench extra (oxrdflib): pip install -e '.[bench]'

Run: python benchmarks/store_benchmark.py [--triples N] [--timeout S]   (default 1,000,000 triples)
     python benchmarks/store_benchmark.py --write 1000,3000,10000 [--before-up-to 3000]

The graph is built by kg's own ``build_graph`` from synthetic documents of ten relations each
between actors drawn from a skewed pool (a few are in many documents), so it has kg's shape:
assertion nodes with evidence and provenance, direct triples, one named graph per document. It is
written once as N-Quads; "load" is the time to read that file into each store. Each named query
then runs through ``kg.query.sparql.run_query`` on both, narrowed to a busy actor where it takes one;
each query runs up to three times on each side (no more once it has taken 5 s) and the fastest
run counts. An rdflib query that takes longer than --timeout seconds is stopped and reported as
"> S". The oxrdflib column runs the same bound query text through rdflib's API over the same
Oxigraph store: the cost of converting every answer to rdflib terms.

With --write it measures the store's write instead: the real articles of ../shared/eval are
extracted once (timed per article), copied to N documents each with its own id and text, and
written into a new store the way kg writes now (quads made straight, chunks of documents) and the
way it wrote before (a Dataset, then one SPARQL update per document), against the extraction time
of N articles.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from pyoxigraph import Store
from rdflib import Dataset, URIRef

from kg.extract.corpus import extract
from kg.ingest.documents import read_documents
from kg.model import Actor, ActorType, Document, Evidence, Modality, Relation, RelationType
from kg.namespace import NAMESPACES
from kg.query.sparql import bind, query_text, run_query
from kg.rdf.backends import add_graphs, load_nquads, open_store
from kg.rdf.graph import Extraction, build_graph, document_graphs
from kg.text import format_table

PER_DOCUMENT = 10
TRIPLES_PER_DOCUMENT = 134  # measured on the synthetic documents below
MODALITIES = [Modality.ASSERTED] * 12 + [Modality.REPORTED] * 4 + [Modality.INTENDED, Modality.NEGATED]
PARTIES = [ActorType.STATE, ActorType.GOVERNMENT, ActorType.ARMED_GROUP, ActorType.ORGANISATION]
RUNS = 3  # the fastest of up to this many runs of a query counts ...
RUN_FOR = 5.0  # ... but no more runs once they have taken this many seconds
EVAL = [
    Path(__file__).resolve().parents[2] / "shared" / "eval" / name for name in ("train.jsonl", "dev.jsonl")
]


def synthetic(n_triples: int, seed: int = 7) -> tuple[list[Document], list[Relation]]:
    """Documents and relations whose graph has about ``n_triples`` triples."""
    rng = random.Random(seed)
    n_documents = max(1, n_triples // TRIPLES_PER_DOCUMENT)
    n_actors = max(50, n_documents // 3)
    parties = [Actor(f"actor {i}", f"Actor {i}", PARTIES[i % 4], (f"A{i}",)) for i in range(n_actors)]
    people = [Actor(f"person {i}", f"Person {i}", ActorType.PERSON) for i in range(n_actors // 4)]
    places = [Actor(f"place {i}", f"Place {i}", ActorType.LOCATION) for i in range(n_actors // 10)]
    # a skewed pool: actor i is drawn with weight 1 / (i + 1)
    weights = [1 / (i + 1) for i in range(n_actors)]
    documents, relations = [], []
    for d in range(n_documents):
        day = date(2020, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        doc = Document(f"doc{d:07d}", f"Synthetic article {d}.", day.isoformat(), f"https://example.org/{d}")
        documents.append(doc)
        for k in range(PER_DOCUMENT):
            kind = rng.choice(list(RelationType))
            subject, obj = rng.choices(parties, weights, k=2)
            if kind is RelationType.LEADS:
                subject = rng.choice(people)
            elif kind is RelationType.DEPLOYS_TO:
                obj = rng.choice(places)
            sentence = f"{subject.label} {kind.value} {obj.label} in article {d}, sentence {k}."
            evidence = Evidence(doc.id, sentence, 100 * k, 100 * k + len(sentence))
            relations.append(
                Relation(subject, kind, obj, evidence, round(rng.uniform(0.5, 1), 2), rng.choice(MODALITIES))
            )
    return documents, relations


def queries(busy: str) -> list[tuple[str, dict[str, str]]]:
    """Each named query, narrowed to the busiest actor (or place, or a month) where it takes that."""
    return [
        ("supports", {"actor": busy}),
        ("allies", {"actor": busy}),
        ("allies-of-allies", {"actor": busy}),
        ("opponents", {"actor": busy}),
        ("agreements", {"actor": busy}),
        ("leaders", {"actor": busy}),
        ("members", {"actor": busy}),
        ("deployments", {"place": "Place 0"}),
        ("evidence", {"actor": busy, "other": "Actor 1"}),
        ("timeline", {"from": "2022-01-01", "to": "2022-01-31"}),
        ("relations", {}),
    ]


class _Timeout(Exception):
    pass


def timed(call: Callable[[], object], limit: float | None = None) -> tuple[float | None, object]:
    """Seconds ``call`` took and what it returned; (None, None) if it ran past ``limit`` seconds."""

    def stop(*_: object) -> None:
        raise _Timeout

    if limit:
        signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, limit)
    start = time.perf_counter()
    try:
        result = call()
    except _Timeout:
        return None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return time.perf_counter() - start, result


def fastest(call: Callable[[], object], limit: float | None = None) -> tuple[float | None, object]:
    """The fastest of up to RUNS runs of ``call`` (fewer once they took RUN_FOR seconds) and what it
    returned; (None, None) if a run went past ``limit`` seconds."""
    best, spent = None, 0.0
    for _ in range(RUNS):
        took, result = timed(call, limit)
        if took is None:
            return None, None
        best = took if best is None else min(best, took)
        spent += took
        if spent >= RUN_FOR:
            break
    return best, result


def seconds(value: float | None, limit: float) -> str:
    return f"> {limit:.0f}" if value is None else f"{value:.3f}"


def ratio(slow: float | None, fast: float | None, limit: float) -> str:
    if fast is None or (slow is None and fast >= limit):
        return "?"
    times = (limit if slow is None else slow) / fast
    shown = f"{times:,.1f}x" if times < 10 else f"{times:,.0f}x"
    return f">= {shown}" if slow is None else shown


def show(label: str, slow: float | None, fast: float | None, wrapped: float | None, limit: float) -> None:
    """Print one row of the table as soon as it is measured."""
    through = "" if wrapped is None else f"{wrapped:.3f}"
    times = f"{seconds(slow, limit):>15}  {seconds(fast, limit):>16}  {through:>10}"
    cells = f"{times}  {ratio(slow, fast, limit):>18}"
    print(f"{label:28}  {cells}", flush=True)


def real_corpus(count: int) -> tuple[list[Document], list[Relation], float]:
    """``count`` documents made of the real articles of ../shared/eval (train, then dev), each
    copy with its own id and text, their relations, and the seconds kg's extraction took per
    article (measured once on the real ones: the copies' relations are theirs renamed)."""
    articles = list(read_documents([path for path in EVAL if path.exists()]))
    extract(articles[:3])  # warm up: the model and the lexicons load
    start = time.perf_counter()
    found = {document.id: relations for document, relations in extract(articles)}
    per_article = (time.perf_counter() - start) / len(articles)
    documents, relations = [], []
    for n in range(count):
        article = articles[n % len(articles)]
        copy = replace(article, id=f"{article.id}-{n}", text=f"{article.text}\n({n})")
        documents.append(copy)
        relations += (replace(r, evidence=replace(r.evidence, doc_id=copy.id)) for r in found[article.id])
    return documents, relations, per_article


def write_before(store: Store, documents: list[Document], relations: list[Relation]) -> None:
    """kg's store write before bulk loading (the baseline): the run's whole rdflib Dataset, then
    each document's graph serialised to N-Triples and put in by one SPARQL update of its own."""
    for graph in build_graph(documents, relations, Extraction()).graphs():
        if isinstance(graph.identifier, URIRef) and len(graph):
            name = graph.identifier.n3()
            triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
            store.update(f"INSERT DATA {{ GRAPH {name} {{ {triples} }} }}; ADD {name} TO DEFAULT")
    store.flush()


def write_now(store: Store, documents: list[Document], relations: list[Relation]) -> None:
    """kg's store write now (``kg.app.pipeline``): quads made straight, in chunks of documents."""
    add_graphs(store, document_graphs(documents, relations, Extraction()))


def writes(sizes: list[int], before_up_to: int) -> None:
    """Print, for each number of documents, the seconds writing them into a new store took, before
    and now, against the seconds their extraction takes (measured per article, times the count)."""
    documents, relations, per_article = real_corpus(max(sizes))
    print(f"kg extraction: {per_article:.3f} s per article ({1 / per_article:.1f} articles/s, one core)")
    rows = []
    for size in sizes:
        chosen = documents[:size]
        names = {document.id for document in chosen}
        found = [r for r in relations if r.evidence.doc_id in names]
        folder = Path(tempfile.mkdtemp(prefix="kg-write-benchmark-"))
        before = None
        if size <= before_up_to:
            before, _ = timed(
                partial(write_before, open_store(folder / "before", create=True), chosen, found)
            )
        store = open_store(folder / "now", create=True)
        now, _ = timed(partial(write_now, store, chosen, found))
        assert now is not None
        extraction = per_article * size
        versus = None if before is None else f"{before / now:.1f}x"
        shown = None if before is None else f"{before:.1f}"
        rows.append(
            (
                f"{size:,}",
                f"{len(store):,}",
                f"{extraction:.0f}",
                shown,
                f"{now:.1f}",
                versus,
                f"{now / extraction:.3f}",
            )
        )
        del store
        shutil.rmtree(folder)
    columns = ("documents", "quads", "extract s", "before s", "now s", "now vs before", "now / extract")
    print(format_table(columns, rows))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many (default 1,000,000)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per rdflib query (default 300)")
    parser.add_argument(
        "--write",
        metavar="N,N,...",
        help="instead: time writing N articles into a new store, before and now, against extracting them",
    )
    parser.add_argument(
        "--before-up-to",
        type=int,
        default=3000,
        help="with --write: time the old write up to this many (default 3,000)",
    )
    args = parser.parse_args()
    if args.write:
        writes([int(n) for n in args.write.split(",")], args.before_up_to)
        return
    try:
        from oxrdflib import OxigraphStore
    except ImportError:
        parser.exit(2, "store_benchmark.py: the oxrdflib column needs oxrdflib: pip install -e '.[bench]'\n")

    started = time.perf_counter()
    build_s, ds = timed(lambda: build_graph(*synthetic(args.triples), Extraction()))
    n_triples = len(ds)
    folder = Path(tempfile.mkdtemp(prefix="kg-store-benchmark-"))
    nquads = folder / "graph.nq"
    nquads.write_bytes(ds.serialize(format="nquads", encoding="utf-8"))
    del ds
    print(
        f"{n_triples:,} triples in {nquads.stat().st_size / 1e6:.0f} MB of N-Quads; built in {build_s:.1f} s"
    )

    def load_rdflib() -> Dataset:
        memory = Dataset(default_union=True)
        memory.parse(nquads, format="nquads")
        return memory

    rdflib_load, memory = timed(load_rdflib)
    store = open_store(folder / "store", create=True)
    oxigraph_load, _ = timed(partial(load_nquads, store, nquads))
    wrapped = Dataset(store=OxigraphStore(store=store))

    busy = "Actor 0"
    print(
        f"{'':28}  {'rdflib memory s':>15}  {'oxigraph store s':>16}  {'oxrdflib s':>10}  oxigraph vs rdflib"
    )
    show("load", rdflib_load, oxigraph_load, None, args.timeout)
    prefixes = {prefix: str(namespace) for prefix, namespace in NAMESPACES.items()}
    for name, bindings in queries(busy):
        sparql = query_text(name)
        rdflib_s, expected = fastest(partial(run_query, memory, sparql, bindings), args.timeout)
        oxigraph_s, found = fastest(partial(run_query, store, sparql, bindings))

        def through_rdflib_api(text: str = sparql, values: dict[str, str] = bindings) -> list:
            return list(wrapped.query(bind(store, text, values), initNs=prefixes))

        oxrdflib_s, _ = fastest(through_rdflib_api)
        if expected is not None:
            assert found == expected, f"{name}: the stores disagree"
        show(f"{name} ({len(found.rows)} rows)", rdflib_s, oxigraph_s, oxrdflib_s, args.timeout)

    print(f"(store and N-Quads in {folder}; {(time.perf_counter() - started) / 60:.0f} minutes in all)")


if __name__ == "__main__":
    main()
