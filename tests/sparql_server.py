"""Oxigraph's own SPARQL server (the ``oxigraph`` command of the ``oxigraph`` package) on a free
port of 127.0.0.1, for the tests of a store on a server; stopped when the block ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.app import serve
from kg.query.limits import Limits


@contextmanager
def oxigraph_server(folder: Path, read_only: bool = False) -> Iterator[str]:
    """The URL of an Oxigraph server over the store in ``folder`` (made if missing)."""
    with serve.oxigraph_server(folder, writable=not read_only, limits=Limits(timeout=600)) as (_, url):
        yield url
