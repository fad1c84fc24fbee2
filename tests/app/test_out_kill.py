"""kill -9 at the worst moment of ``kg build --out DIR`` where DIR cannot be swapped whole (it holds a
folder of its own, or is the working folder), so each file is moved in by a rename of its own:
strace kills the build (SIGKILL on entering the system call) as it is about to move in its second
file, after the first is in. Every file is whole; the next build, even one that fails, removes what
the killed one staged, and one that succeeds writes all three."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.app.pipeline import OUTPUT_FILES
from tests.app.test_hostile import round_corpus, rounds

STRACE = shutil.which("strace")


def traced(cwd: Path, log: Path, *argv: object, kill_at: int | None = None) -> subprocess.CompletedProcess:
    """``kg argv`` in ``cwd`` under strace, which logs every rename to ``log`` and, with ``kill_at``,
    sends SIGKILL as the process makes its ``kill_at``-th rename."""
    hooks = ["-e", f"inject=rename:signal=KILL:when={kill_at}"] if kill_at else []
    command = [STRACE, "-qq", "-e", "trace=rename", *hooks, "-o", str(log), sys.executable, "-m", "kg"]
    return subprocess.run(
        [*command, *map(str, argv)], cwd=cwd, capture_output=True, text=True, timeout=900, check=False
    )


def kg(cwd: Path, *argv: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, argv)], cwd=cwd, capture_output=True, text=True, timeout=900
    )


def renames_into(out: Path, log: Path) -> list[int]:
    """The numbers (from 1) of the renames in strace's ``log`` that move an output file into ``out``."""
    moves = [line for line in log.read_text().splitlines() if line.startswith("rename(")]
    return [
        n for n, line in enumerate(moves, start=1) if any(f'"{out / name}")' in line for name in OUTPUT_FILES)
    ]


@pytest.mark.slow
@pytest.mark.skipif(STRACE is None, reason="strace (Debian's strace package) kills the build at a set moment")
@pytest.mark.parametrize("case", ["subfolder", "working-folder"])
def test_a_kill_between_two_files_moving_in_leaves_each_whole_and_the_next_build_tidies(tmp_path, case):
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "mine.md").write_text("mine", encoding="utf-8")
    cwd = out if case == "working-folder" else tmp_path
    log = tmp_path / "renames"
    first = traced(cwd, log, "build", round_corpus(tmp_path / "in", 1), "--out", out, "--quiet")
    assert first.returncode == 0, first.stderr
    moves = renames_into(out, log)
    assert len(moves) == len(OUTPUT_FILES), "each file is moved in by a rename of its own"

    argv = ("build", round_corpus(tmp_path / "in", 2), "--out", out, "--quiet")
    killed = traced(cwd, log, *argv, kill_at=moves[1])
    assert killed.returncode < 0 or killed.returncode == 128 + 9, killed.stderr
    shown = rounds(out)
    assert all(len(rounds_shown) == 1 for rounds_shown in shown), shown  # every file parses, whole
    assert set.union(*shown) == {"r1", "r2"}, shown  # killed between: the first file new, the rest old
    assert [p.name for p in out.iterdir() if p.name.startswith(".kg-build-")], "the killed build's staging"

    failed = kg(cwd, "build", tmp_path / "missing.txt", "--out", out, "--quiet")
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1, failed.stderr
    assert [p.name for p in out.iterdir() if p.name.startswith(".kg-build-")] == []  # gone, though it failed
    assert rounds(out) == shown  # and the outputs as they were

    done = kg(cwd, "build", round_corpus(tmp_path / "in", 3), "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    assert rounds(out) == [{"r3"}] * 3
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "notes"])
    assert [p.name for p in tmp_path.iterdir() if "kg-build" in p.name] == []  # nor beside it
    assert (out / "notes" / "mine.md").read_text(encoding="utf-8") == "mine"
