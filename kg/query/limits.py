"""Work that a deadline, a memory cap and Ctrl-C can stop at once: run in a forked child process.

A query runs inside an engine (Oxigraph's is native code) that neither checks for Python signals
nor takes a time limit, so the only way to stop it at once is to run it in a process of its own
and kill that. Its memory is watched from outside too (resident memory, every 50 ms): an address
space limit would count the gigabytes RocksDB reserves and never uses. The child sends what it
finds back in batches through a pipe, which it fills no faster than the parent reads: the answer
streams, and neither side holds it whole.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kg.errors import KGError

BATCH = 256  # items per message from the child
TICK = 0.05  # seconds between looks at the child's memory


@dataclass(frozen=True)
class Limits:
    """How long a piece of work may run (seconds) and how much memory it may add (megabytes)."""

    timeout: float = 30.0
    memory_mb: int = 4096

    def out_of_memory(self, what: str) -> str:
        return f"{what} ran out of its memory limit of {self.memory_mb} MB (--memory)"

    def describe(self, what: str, died: int | None) -> str:
        """Why the child doing ``what`` ended without an answer (``died``: its exit code)."""
        if died is not None and -died in (signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV):
            return self.out_of_memory(what)  # a native allocation failure aborts
        return f"{what} stopped without an answer (exit status {died})"


T = TypeVar("T")


def bounded(work: Callable[[], Iterator[T]], limits: Limits, what: str = "the query") -> Iterator[T]:
    """Yield what ``work()`` yields, computed in a forked child within ``limits``.

    Raises KGError, in one line naming the limit, when the child runs past the deadline or its
    memory grows past the limit (beyond what it started with, a copy of this process), and with
    the child's own message when it raises KGError. Stopping the iteration (or Ctrl-C, or any
    error in the caller) kills the child at once.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    cap = resident(os.getpid()) + limits.memory_mb * 2**20
    child = context.Process(target=_serve, args=(work, sender, limits, what), daemon=True)
    child.start()
    sender.close()
    deadline = time.monotonic() + limits.timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise KGError(f"{what} ran over its time limit of {limits.timeout:g} s (--timeout)")
            if resident(child.pid or 0) > cap:  # started, so it has a pid
                raise KGError(limits.out_of_memory(what))
            if not receiver.poll(min(left, TICK)):
                continue
            try:
                kind, payload = receiver.recv()
            except EOFError:
                child.join()
                raise KGError(limits.describe(what, child.exitcode)) from None
            if kind == "error":
                raise KGError(payload)
            if kind == "end":
                return
            yield from payload
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def resident(pid: int) -> int:
    """The bytes of memory process ``pid`` has resident (0 once it is gone)."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * resource.getpagesize()


def _serve(work: Callable[[], Iterator[object]], sender, limits: Limits, what: str) -> None:
    """The child: run ``work`` and send its items, then an end or an error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C, and kills the child
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)  # a native abort's message would be a second line; the parent says why
    try:
        batch = []
        for item in work():
            batch.append(item)
            if len(batch) == BATCH:
                sender.send(("items", batch))
                batch = []
        sender.send(("items", batch))
        sender.send(("end", None))
    except KGError as exc:
        sender.send(("error", str(exc)))
    except MemoryError:
        sender.send(("error", limits.out_of_memory(what)))
    except Exception as exc:  # the process boundary: anything else still ends as one line
        sender.send(("error", f"{what} failed: {' '.join(str(exc).split())[:300] or type(exc).__name__}"))
