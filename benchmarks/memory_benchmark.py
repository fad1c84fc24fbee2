"""The driver's peak memory, and the store's write time against extraction, as the corpus grows.

    python benchmarks/memory_benchmark.py [--docs 1000,3000] [--workers 2] [--before CHECKOUT]
                                          [--turtle-up-to N]

The documents are the real articles of ../shared/eval, copied to N (each copy with its own id and
text) into one JSONL file. Each row is one ``kg build`` in a process of its own, its peak resident
memory read from the kernel when it ends (``wait4``'s ``ru_maxrss``; with ``--workers`` that is the
driver's, the workers are processes of their own). The baseline, measured in the same run, is a
process that only loads the spaCy pipeline: "over the model" is what the command holds beyond it.

In each build the time spent in the extraction (the documents' iterator) and in the store (making
the documents' graphs, and every block that holds the store open for writing: the chunks, the
labels set right, the totals) is summed by wrappers put around ``kg.app.pipeline``'s functions in
the child process; "store / extract" is their ratio. A build with ``--out`` makes its graphs for
the files, and its store column is empty. ``--before CHECKOUT`` runs the same builds on another
checkout of kg (an older commit, say ``git worktree add /tmp/kg-before COMMIT``) in the same run,
as the baseline of the change. ``--turtle-up-to N`` leaves out the builds that write canonical
Turtle (``--out``, the slowest) past N documents.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from kg.ingest.documents import read_documents
from kg.text import format_table

EVAL = [
    Path(__file__).resolve().parents[2] / "shared" / "eval" / name for name in ("train.jsonl", "dev.jsonl")
]
HERE = Path(__file__).resolve().parents[1]
MODEL_ONLY = (
    "from kg.config import Settings; from kg.nlp import load_pipeline; load_pipeline(Settings().model)"
)
# kg's command line, with the seconds spent extracting and in the store summed into $KG_TIMES
TIMED = """
import json, os, sys, time
from contextlib import contextmanager
import kg.app.pipeline as pipeline

spent = {"extraction": 0.0, "store": 0.0}
opened = pipeline.writing

@contextmanager
def writing(path, *args, **options):
    start = time.perf_counter()
    with opened(path, *args, **options) as store:
        yield store
    spent["store"] += time.perf_counter() - start

def timed(iterator):
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            spent["extraction"] += time.perf_counter() - start
        yield item

name = "extract_each" if hasattr(pipeline, "extract_each") else "extract_all"
extract = getattr(pipeline, name)

def extracted(*args, **options):
    start = time.perf_counter()
    result = extract(*args, **options)
    spent["extraction"] += time.perf_counter() - start
    return timed(iter(result)) if name == "extract_each" else result

def made(make):
    def graph(*args):
        start = time.perf_counter()
        try:
            return make(*args)
        finally:
            spent["store"] += time.perf_counter() - start
    return graph

pipeline.writing, pipeline.extract_each, pipeline.extract_all = writing, extracted, extracted
if hasattr(pipeline, "document_graph") and "--store" in sys.argv:  # made outside the store's blocks
    pipeline.document_graph = made(pipeline.document_graph)
from kg.app.cli import main
code = main(sys.argv[1:])
with open(os.environ["KG_TIMES"], "w") as file:
    json.dump(spent, file)
sys.exit(code)
"""


@dataclass(frozen=True)
class Run:
    """One child process: its seconds, its peak resident memory (MB), and with ``TIMED`` the
    seconds it spent extracting and in the store."""

    seconds: float
    peak: float
    extraction: float | None = None
    store: float | None = None


def write_corpus(path: Path, count: int) -> None:
    """``count`` copies of the evaluation articles, each with its own id and text, as JSON Lines."""
    articles = list(read_documents([p for p in EVAL if p.exists()]))
    with open(path, "w", encoding="utf-8") as file:
        for n in range(count):
            article = articles[n % len(articles)]
            copy = replace(article, id=f"{article.id}-{n}", text=f"{article.text}\n({n})")
            file.write(json.dumps({"id": copy.id, "text": copy.text, "date": copy.date}) + "\n")


def measure(command: list[str], cwd: Path = HERE) -> Run:
    """Run ``command`` in ``cwd`` (so that ``python -c`` imports that checkout's kg); it must succeed."""
    with tempfile.TemporaryFile() as errors, tempfile.NamedTemporaryFile(suffix=".json") as times:
        started = time.perf_counter()
        env = {**os.environ, "KG_TIMES": times.name}
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} failed: {errors.read().decode(errors='replace')[-500:]}")
        spent = json.loads(Path(times.name).read_text() or "{}")
    return Run(took, usage.ru_maxrss / 1024, spent.get("extraction"), spent.get("store"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default="1000,3000", metavar="N,N,...", help="corpus sizes")
    parser.add_argument("--workers", type=int, help="also build with --workers N")
    parser.add_argument("--before", type=Path, metavar="CHECKOUT", help="also build with this checkout of kg")
    parser.add_argument("--turtle-up-to", type=int, metavar="N", help="no --out in Turtle past N documents")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kg-memory-benchmark-"))
    floor = measure([sys.executable, "-c", MODEL_ONLY]).peak
    rows = [("-", "spaCy pipeline loaded (baseline)", "", f"{floor:.0f}", "", "", "", "")]
    checkouts = {"": HERE, **({"before: ": args.before.resolve()} if args.before else {})}
    for count in (int(n) for n in args.docs.split(",")):
        corpus = folder / f"docs-{count}.jsonl"
        write_corpus(corpus, count)
        for tag, checkout in checkouts.items():
            runs = {"kg build --store": ["--store", folder / f"{tag}st-{count}"]}
            if args.turtle_up_to is None or count <= args.turtle_up_to:
                runs["kg build --out"] = ["--out", folder / f"{tag}out-{count}"]
            if not tag:
                runs["kg build --out --format nq"] = ["--out", folder / f"nq-{count}", "--format", "nq"]
            if args.workers:
                workers = ["--workers", str(args.workers)]
                runs["kg build --store --workers"] = ["--store", folder / f"{tag}st-w-{count}", *workers]
            for name, options in runs.items():
                command = [sys.executable, "-c", TIMED, "build", str(corpus), *map(str, options), "--quiet"]
                run = measure(command, checkout)
                rows.append((f"{count:,}", tag + name, *_columns(run, floor)))
                print(*rows[-1], sep="  ", file=sys.stderr, flush=True)
    columns = ("documents", "run", "seconds", "peak MB", "over the model", "extract s", "store s")
    print(format_table((*columns, "store / extract"), rows))
    print(f"(corpora and stores in {folder})")


def _columns(run: Run, floor: float) -> tuple[str, ...]:
    """A run's columns: seconds, peak MB, over the model, extraction and store seconds, their ratio."""
    ratio = run.store / run.extraction if run.store and run.extraction else None
    return (
        f"{run.seconds:.0f}",
        f"{run.peak:.0f}",
        f"{run.peak - floor:+.0f}",
        "" if run.extraction is None else f"{run.extraction:.0f}",
        f"{run.store:.1f}" if run.store else "",
        "" if ratio is None else f"{ratio:.3f}",
    )


if __name__ == "__main__":
    main()
