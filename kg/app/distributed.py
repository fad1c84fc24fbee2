"""Extraction on Dask: the documents in partitions (Dask futures) on worker processes, local
(``kg build --workers N``) or those of a running cluster (``--scheduler ADDRESS``, default
``$DASK_SCHEDULER_ADDRESS``), one code path for both. Each worker loads the spaCy pipeline once
and reads its partitions as ``kg.extract.corpus.extract`` does; the partitions' relations come
back one partition at a time, in document order.

Actors are matched across documents in two steps. A partition matches its own documents' actors
(a ``CorpusActors`` of its own), and the driver then reduces the partitions' actors, in document
order, through one more ``CorpusActors`` (``kg.app.pipeline``): names against names, a cost that
grows with the actors and relations, not with the documents squared. What a partition does not
see is a person's office stated in a document of another partition ("Chilean President X"), which
a sequential build passes on to every later document.
"""

from __future__ import annotations

import itertools
import logging
import math
import os
import warnings
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.config import Settings
from kg.errors import KGError, KGWarning
from kg.extract.actors import CorpusActors
from kg.extract.corpus import extract
from kg.ingest.documents import Documents
from kg.model import Document, Relation

if TYPE_CHECKING:
    from dask.distributed import Client, Future

CONNECT_TIMEOUT = "10s"  # to reach a scheduler
MOST_PER_PARTITION = 50  # documents; fewer where that gives each worker four partitions
IN_FLIGHT = 2  # partitions per worker thread sent ahead of those that came back

Pairs = list[tuple[Document, list[Relation]]]
"""Documents read and the relations read from each."""


@dataclass(frozen=True)
class Workers:
    """Where extraction runs: ``count`` local worker processes, else the Dask scheduler at
    ``address`` (``tcp://HOST:8786``), else the one ``$DASK_SCHEDULER_ADDRESS`` names."""

    count: int | None = None
    address: str | None = None


def workers_from(count: int | None, address: str | None) -> Workers | None:
    """The ``Workers`` that ``--workers`` and ``--scheduler`` (or the environment) ask for; None
    to extract in this process."""
    address = address or (None if count else os.environ.get("DASK_SCHEDULER_ADDRESS") or None)
    if count and address:
        raise KGError("give --workers N or --scheduler ADDRESS, not both")
    return Workers(count, address) if count or address else None


def extract_on_dask(
    documents: Documents, settings: Settings | None, strict: bool, workers: Workers
) -> Iterator[tuple[Document, list[Relation]]]:
    """Each document read, in order, with the relations its partition read from it (their actors
    matched within the partition). A document whose extraction fails is left out with a KGWarning,
    or with ``strict`` stops the build with a KGError, as in ``extract``.

    ``documents`` are read as they are needed: at most ``IN_FLIGHT`` partitions per worker thread
    are out at once (the next goes as the oldest comes back), so that the driver holds a few
    partitions, not the corpus."""
    settings = settings or Settings()
    with _client(workers) as client:
        threads = sum(client.nthreads().values()) or 1
        size = max(1, min(MOST_PER_PARTITION, math.ceil(len(documents) / (4 * threads))))
        pending: deque[Future] = deque()
        stream = iter(documents)
        for partition in iter(lambda: list(itertools.islice(stream, size)), []):
            pending.append(client.submit(_extract_partition, partition, settings, strict, pure=False))
            if len(pending) >= IN_FLIGHT * threads:
                yield from _results(pending.popleft())
        while pending:
            yield from _results(pending.popleft())


def _results(future: Future) -> Iterator[tuple[Document, list[Relation]]]:
    """A partition's documents and relations, its warnings given here."""
    pairs, messages = future.result()
    future.release()
    for message in messages:
        warnings.warn(message, KGWarning, stacklevel=3)
    yield from pairs


def _extract_partition(
    documents: list[Document], settings: Settings, strict: bool
) -> tuple[Pairs, list[str]]:
    """On a worker: one partition's documents read, their relations, and the warnings raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", KGWarning)
        pairs = list(extract(documents, settings, CorpusActors(), strict))
    return pairs, [str(w.message) for w in caught if issubclass(w.category, KGWarning)]


@contextmanager
def _client(workers: Workers) -> Iterator[Client]:
    """A Dask client of the scheduler at ``workers.address``, or of a new local cluster of
    ``workers.count`` single-threaded worker processes (closed with the block)."""
    from dask.distributed import Client, LocalCluster

    if workers.address:
        try:
            client = Client(workers.address, timeout=CONNECT_TIMEOUT)
        except (OSError, ValueError, TypeError) as exc:
            message = " ".join(str(exc).split())[:200]
            raise KGError(f"{workers.address}: cannot reach the Dask scheduler: {message}") from None
        with client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=workers.count,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    with cluster, Client(cluster) as client:
        yield client
