"""The driver's peak memory as the corpus grows: is it flat in the number of documents?

    python benchmarks/memory_benchmark.py [--docs 100,300,900] [--workers 2]

The documents are the real articles of ../shared/eval, copied to N (each copy with its own id and
text) into one JSONL file. Each row is one ``kg`` command in a process of its own, its peak resident
memory read from the kernel when it ends (``wait4``'s ``ru_maxrss``; with ``--workers`` that is the
driver's, the workers are processes of their own). The baseline, measured in the same run, is a
process that only loads the spaCy pipeline: "over the model" is what the command holds beyond it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from kg.ingest.documents import read_documents
from kg.text import format_table

EVAL = [
    Path(__file__).resolve().parents[2] / "shared" / "eval" / name for name in ("train.jsonl", "dev.jsonl")
]
MODEL_ONLY = (
    "from kg.config import Settings; from kg.nlp import load_pipeline; load_pipeline(Settings().model)"
)


def write_corpus(path: Path, count: int) -> None:
    """``count`` copies of the evaluation articles, each with its own id and text, as JSON Lines."""
    import json

    articles = list(read_documents([p for p in EVAL if p.exists()]))
    with open(path, "w", encoding="utf-8") as file:
        for n in range(count):
            article = articles[n % len(articles)]
            copy = replace(article, id=f"{article.id}-{n}", text=f"{article.text}\n({n})")
            file.write(json.dumps({"id": copy.id, "text": copy.text, "date": copy.date}) + "\n")


def peak(command: list[str]) -> tuple[float, float]:
    """The seconds ``command`` took and its peak resident memory in MB; it must succeed."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-500:]}")
    return took, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="100,300,900", metavar="N,N,...", help="corpus sizes")
    parser.add_argument("--workers", type=int, help="also build with --workers N")
    args = parser.parse_args()
    kg = [sys.executable, "-m", "kg"]
    folder = Path(tempfile.mkdtemp(prefix="kg-memory-benchmark-"))
    _, floor = peak([sys.executable, "-c", MODEL_ONLY])
    rows = [("-", "spaCy pipeline loaded (baseline)", "", f"{floor:.0f}", "")]
    for count in (int(n) for n in args.docs.split(",")):
        corpus = folder / f"docs-{count}.jsonl"
        write_corpus(corpus, count)
        runs = {
            "kg extract -o FILE": ["extract", "-o", folder / "out.jsonl"],
            "kg build --store": ["build", "--store", folder / f"st-{count}"],
            "kg build --out": ["build", "--out", folder / f"out-{count}"],
        }
        if args.workers:
            workers = ["--workers", str(args.workers)]
            runs["kg build --store --workers"] = ["build", "--store", folder / f"st-w-{count}", *workers]
        for name, (command, *options) in runs.items():
            took, mb = peak([*kg, command, str(corpus), *map(str, options), "--quiet"])
            rows.append((f"{count:,}", name, f"{took:.0f}", f"{mb:.0f}", f"{mb - floor:+.0f}"))
            print(*rows[-1], sep="  ", file=sys.stderr, flush=True)
    print(format_table(("documents", "run", "seconds", "peak MB", "over the model"), rows))
    print(f"(corpora and stores in {folder})")


if __name__ == "__main__":
    main()
