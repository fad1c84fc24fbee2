"""Extraction throughput against spaCy's own ``nlp.pipe`` over the same documents, in the same run.

    python benchmarks/extract_benchmark.py [--docs 300] [--rounds 3]

The documents are seeds/ and, when it is there, ../shared/eval/dev.jsonl, repeated to ``--docs``.
Each round times, on the one loaded pipeline: ``nlp.pipe`` over the whole texts (the baseline),
kg's own parse (``kg.nlp.parse_documents``: paragraph by paragraph) and ``kg.extract.corpus.extract``
(that parse, then resolution and the rules). The best round of each is kept; the overhead is what
extraction adds to the baseline. The target is at most 25%.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from kg.config import Settings
from kg.extract.corpus import extract
from kg.ingest.documents import read_documents
from kg.model import Document
from kg.nlp import load_pipeline, parse_documents

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "seeds", ROOT.parent / "shared" / "eval" / "dev.jsonl")


def corpus(count: int) -> list[Document]:
    """``count`` documents: the texts of SOURCES that exist, repeated, each with its own id."""
    texts = [d.text for d in read_documents([p for p in SOURCES if p.exists()])]
    return [Document(f"doc{i}", texts[i % len(texts)]) for i in range(count)]


def best_time(run: Callable[[], object], rounds: int) -> float:
    """The fastest of ``rounds`` runs of ``run``, in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300, help="documents per round (default: 300)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is kept (default: 3)")
    args = parser.parse_args(argv)

    settings = Settings()
    nlp = load_pipeline(settings.model)
    documents = corpus(args.docs)
    texts = [d.text for d in documents]
    characters = sum(map(len, texts))
    extract(documents[:5], settings)  # warm up: first-use caches of the model and the lexicons

    def spacy_pipe() -> None:
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass

    def kg_parse() -> None:
        for _ in parse_documents(nlp, documents, settings.batch_size):
            pass

    relations = []

    def kg_extract() -> None:
        relations[:] = [r for _, found in extract(documents, settings) for r in found]

    baseline = best_time(spacy_pipe, args.rounds)
    parse = best_time(kg_parse, args.rounds)
    full = best_time(kg_extract, args.rounds)

    print(f"{len(documents)} documents, {characters:,} characters, {len(relations)} relations")
    print(f"model {settings.model}, batch size {settings.batch_size}, best of {args.rounds} rounds\n")
    rows = [
        ("spaCy nlp.pipe (baseline)", baseline),
        ("kg parse (paragraphs)", parse),
        ("kg extract (parse + rules)", full),
    ]
    print(f"{'stage':28} {'seconds':>8} {'docs/s':>8} {'vs baseline':>12}")
    for name, seconds in rows:
        print(f"{name:28} {seconds:8.2f} {len(documents) / seconds:8.1f} {seconds / baseline:11.2f}x")
    print(f"\noverhead of extraction over nlp.pipe: {(full / baseline - 1) * 100:+.1f}% (target: <= +25%)")
    print(f"of which the rules (extract - kg parse): {(full - parse) / baseline * 100:+.1f}%")


if __name__ == "__main__":
    main()
