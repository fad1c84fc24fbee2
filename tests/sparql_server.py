"""Oxigraph's own SPARQL server (the ``oxigraph`` command of the ``oxigraph`` package) on a free
port of 127.0.0.1, for the tests of a store on a server; stopped when the block ends."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def oxigraph_server(folder: Path, read_only: bool = False) -> Iterator[str]:
    """The URL of an Oxigraph server over the store in ``folder`` (made if missing)."""
    command = shutil.which("oxigraph")
    if command is None:
        pytest.fail("the oxigraph command is missing: pip install -e '.[test]'")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    mode = "serve-read-only" if read_only else "serve"
    server = subprocess.Popen(
        [command, mode, "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError(f"oxigraph did not start: {server.stderr.read().decode()}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("oxigraph did not start in 20 s") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)
