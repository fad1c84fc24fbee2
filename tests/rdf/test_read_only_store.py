"""A store kg may not write: a build says so in one line and leaves the store as it was, which can
still be read.

The commands run as a user the folder's permissions bind (``bound_by_permissions`` in conftest.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def kg(prefix: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600
    )


def quads(prefix: list[str], store: Path) -> int:
    done = kg(prefix, "query", COUNT, "--store", str(store), "--format", "csv")
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def writable(path: Path, yes: bool) -> None:
    for item in (path, *path.rglob("*")):
        mode = item.stat().st_mode
        item.chmod(mode | 0o200 if yes else mode & ~0o222)


def test_a_build_into_a_read_only_store_is_one_line_and_loses_nothing(tmp_path, bound_by_permissions):
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Chile backs the Zorvan Front. Peru opposes Chile.", encoding="utf-8")
    store = tmp_path / "store"
    assert kg([], "build", str(tmp_path / "a.txt"), "--store", str(store), "--quiet").returncode == 0
    before = quads([], store)
    assert before > 0
    writable(store, False)
    try:
        refused = kg(bound_by_permissions, "build", str(tmp_path / "b.txt"), "--store", str(store), "--quiet")
        after = quads(bound_by_permissions, store)  # still readable by that user
    finally:
        writable(store, True)
    assert refused.returncode != 0
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: error:") and "store" in lines[0], refused.stderr
    assert after == before
    assert quads([], store) == before
