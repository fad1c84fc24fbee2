"""Extraction throughput on Dask workers against spaCy's own multiprocessing, in the same run.

    python benchmarks/workers_benchmark.py [--docs 300]

The documents are the real articles of ../shared/eval (train, then dev), copied to ``--docs``,
each copy with its own id and text. Rows, each over all the documents:
- spaCy ``nlp.pipe`` with ``n_process`` 1 and 2 over the whole texts (the baseline: a parse only);
- kg's extraction in this process (``kg.extract.corpus.extract`` and the corpus step of a build);
- kg's extraction on a local Dask cluster of 1 and 2 single-threaded worker processes
  (``kg build --workers``), through the scheduler's address as with ``--scheduler``; the cluster
  is started and each worker's pipeline loaded before the clock starts (that start is shown).
kg should be within 25% of spaCy at each number of processes.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from dask.distributed import LocalCluster

from kg.app.distributed import Workers
from kg.app.pipeline import ExtractOptions, extract_each
from kg.config import Settings
from kg.extract.actors import CorpusActors
from kg.ingest.documents import read_documents
from kg.model import Document
from kg.nlp import load_pipeline
from kg.text import format_table

EVAL = [
    Path(__file__).resolve().parents[2] / "shared" / "eval" / name for name in ("train.jsonl", "dev.jsonl")
]


def corpus(count: int) -> list[Document]:
    """``count`` copies of the evaluation articles, each with its own id and text."""
    articles = list(read_documents([path for path in EVAL if path.exists()]))
    return [
        replace(article, id=f"{article.id}-{n}", text=f"{article.text}\n({n})")
        for n, article in ((n, articles[n % len(articles)]) for n in range(count))
    ]


def extract_all(documents: list[Document], settings: Settings, workers: Workers | None) -> None:
    """Extract ``documents`` as ``kg build`` does, in this process or on ``workers``."""
    for _ in extract_each(documents, ExtractOptions(settings, False, False, workers), CorpusActors()):
        pass


def seconds(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="documents (default: 300)")
    args = parser.parse_args(argv)
    settings = Settings()
    documents = corpus(args.docs)
    texts = [document.text for document in documents]
    nlp = load_pipeline(settings.model)
    extract_all(documents[:3], settings, None)  # warm up: model and lexicons

    rows: list[tuple[str, float, float | None]] = []
    for n_process in (1, 2):
        took = seconds(lambda n=n_process: list(nlp.pipe(texts, batch_size=settings.batch_size, n_process=n)))
        rows.append((f"spaCy nlp.pipe, n_process {n_process}", took, None))
    baseline = {1: rows[0][1], 2: rows[1][1]}
    took = seconds(lambda: extract_all(documents, settings, None))
    rows.append(("kg, in this process", took, baseline[1]))
    for count in (1, 2):
        start = time.perf_counter()
        with LocalCluster(
            n_workers=count, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster:
            workers = Workers(address=cluster.scheduler_address)
            # each worker loads its pipeline
            extract_all(documents[: 8 * count], settings, workers)
            ready = time.perf_counter() - start
            took = seconds(lambda w=workers: extract_all(documents, settings, w))
        rows.append((f"kg on Dask, {count} worker(s) (start {ready:.0f} s)", took, baseline[count]))

    print(f"{len(documents)} documents, {sum(map(len, texts)):,} characters, model {settings.model}\n")
    table = [
        (
            name,
            f"{took:.1f}",
            f"{len(documents) / took:.1f}",
            "" if base is None else f"{took / base - 1:+.0%}",
        )
        for name, took, base in rows
    ]
    print(format_table(("run", "seconds", "docs/s", "vs spaCy, same processes"), table))


if __name__ == "__main__":
    main()
