"""Reading input -> Documents: text files, JSON Lines, web pages, feeds, PDF and CSV files, folders
of them, URLs and lists of URLs."""

from __future__ import annotations

import json
import pickle
import re
import stat
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from kg.errors import KGError, KGWarning
from kg.ingest.files import (
    Columns,
    csv_documents,
    dateline_date,
    pdf_document,
    relative_expression,
    url_lines,
)
from kg.ingest.web import WebOptions, feed_documents, is_url, page_document, url_documents
from kg.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
# What a folder contributes: not .xml files, which are feeds only when given by name.
INPUT_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | {".rss", ".atom", ".pdf", ".csv"}


@dataclass(frozen=True)
class ReadOptions:
    """How inputs are read: ``date`` for every document that has none (nor a dateline), the CSV
    ``columns``, how pages and feeds are had (``web``: the fetcher, ``since``, ``strict``), and
    whether a document replaces an earlier one with its id (``replace``) instead of being an error."""

    date: str | None = None
    columns: Columns = field(default_factory=Columns)
    web: WebOptions = field(default_factory=WebOptions)
    replace: bool = False


def read_documents(
    paths: Iterable[str | Path], skip: Iterable[str | Path] = (), options: ReadOptions | None = None
) -> Iterator[Document]:
    """Yield a Document for each input under ``paths``: files, folders and ``http(s)`` URLs.

    A folder contributes its files of the kinds below in name order, but for those in ``skip``
    (kg's own outputs). A text file is one Document named after the file, or, if it holds only
    URLs, one line each, the Documents at those URLs; a JSONL record needs ``id`` and ``text`` and
    keeps ``date``, ``source`` and any other field in ``meta``; a web page (``.html``) gives its
    article, a feed (``.rss``, ``.atom``, ``.xml``) one Document per item, a PDF its text, a CSV
    file one Document per row (``options.columns``). A URL is fetched (``options.web``) and read as
    what it turns out to be; one that cannot be had is left out with a warning. A document with
    no date takes its dateline's, else ``options.date`` (``warn_undated`` tells of those left with
    none). Raises KGError for a missing path, a file given twice, one that is not a
    regular file, an empty or binary file, a file that is not UTF-8, a malformed record, or a
    document id that an earlier document has (with ``options.replace`` the later one replaces it:
    the documents then come once all are read).
    """
    options = options or ReadOptions()
    sources: dict[str, str] = {}  # document id -> where it was read
    replaced: dict[str, Document] = {}
    for where, document in _documents(paths, {Path(path).resolve() for path in skip}, options):
        if document.id in sources and not options.replace:
            also = sources[document.id]
            raise KGError(
                f"{where}: duplicate document id {document.id!r} (also in {also}); --replace keeps the later"
            )
        sources[document.id] = where
        document = _dated(document, options.date)
        if options.replace:
            replaced[document.id] = document
        else:
            yield document
    yield from replaced.values()


class Documents(Protocol):
    """Documents that can be counted and read, again: a list, or a ``Spool``."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Document]: ...


class Spool:
    """Documents kept in a file rather than in memory (``spooled``): each iteration reads them
    again, one at a time."""

    def __init__(self, path: Path, count: int, ids: frozenset[str] | None = None) -> None:
        self.path, self.count, self.ids = path, count, ids

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Document]:
        with open(self.path, "rb") as file:
            while True:
                try:
                    document = pickle.load(file)  # written by ``spooled``, in this process
                except EOFError:
                    return
                if self.ids is None or document.id in self.ids:
                    yield document

    def only(self, ids: Iterable[str]) -> Spool:
        """The documents of these ids (each id once, as ``read_documents`` gives them)."""
        ids = frozenset(ids)
        return Spool(self.path, len(ids), ids if self.ids is None else ids & self.ids)


@contextmanager
def spooled(documents: Iterable[Document]) -> Iterator[Spool]:
    """``documents`` read to the end, so that a bad input fails before any work, and kept in a
    temporary file (under ``$TMPDIR``) for the block, so that memory does not grow with them.

    >>> with spooled([Document("a", "Peru backs Chile."), Document("b", "Chile backs Peru.")]) as docs:
    ...     len(docs), [d.id for d in docs], [d.text for d in docs][1]
    (2, ['a', 'b'], 'Chile backs Peru.')
    """
    with tempfile.TemporaryDirectory(prefix="kg-documents-") as folder:
        path, count = Path(folder) / "documents.pickle", 0
        with open(path, "wb") as file:
            for document in documents:
                pickle.dump(document, file, protocol=pickle.HIGHEST_PROTOCOL)
                count += 1
        yield Spool(path, count)


def warn_undated(documents: Iterable[Document]) -> None:
    """One KGWarning for the documents that have no date but whose text has a relative one ("next
    month", "on Monday"), which then resolves to nothing; none if there is none."""
    undated = [(d.id, found) for d in documents if d.date is None and (found := relative_expression(d.text))]
    if undated:
        doc_id, expression = undated[0]
        count = (
            "1 document has no date, so its"
            if len(undated) == 1
            else f"{len(undated)} documents have no date, so their"
        )
        warnings.warn(
            f"{count} relative dates ({expression!r} in {doc_id}) resolve to nothing; give --date YYYY-MM-DD",
            KGWarning,
            stacklevel=2,
        )


def _documents(
    paths: Iterable[str | Path], skipped: set[Path], options: ReadOptions
) -> Iterator[tuple[str, Document]]:
    """Each Document of ``paths`` with where it was read; KGError for a file given twice."""
    files: dict[Path | str, Path | str] = {}  # resolved -> as given
    for given in paths:
        found: list[Path | str] = (
            [given] if isinstance(given, str) and is_url(given) else list(_files(Path(given), skipped))
        )
        for file in found:
            key = file.resolve() if isinstance(file, Path) else file
            if key in files:
                raise KGError(f"{file}: given twice (also as {files[key]})")
            files[key] = file
            yield from _read(file, options)


def _files(path: Path, skipped: set[Path]) -> Iterator[Path]:
    """``path``, or the input files of the folder ``path`` in name order."""
    if not path.exists():
        raise KGError(f"{path}: no such file or directory")
    if not path.is_dir():
        yield path
        return
    found = sorted(
        p for p in path.iterdir() if p.suffix.lower() in INPUT_SUFFIXES and p.resolve() not in skipped
    )
    if not found:
        kinds = ", ".join(sorted(INPUT_SUFFIXES))
        raise KGError(f"{path}: folder holds no input file ({kinds})")
    yield from found


def _dated(document: Document, default: str | None) -> Document:
    """``document`` with its dateline's date, else ``default``, if it has none. A dateline's day
    without a year is the last such day before ``default``, the retrieval or today."""
    if document.date is not None:
        return document
    reference = default or (document.retrieved or datetime.now(UTC).isoformat())[:10]
    return replace(document, date=dateline_date(document.text, date.fromisoformat(reference)) or default)


def _read(file: Path | str, options: ReadOptions) -> Iterator[tuple[str, Document]]:
    """Each Document of the file or URL ``file``, with where it was read (``path`` or ``path:line``)."""
    if isinstance(file, str):
        yield from url_documents(file, options.web, options.columns)
        return
    if not stat.S_ISREG(file.stat().st_mode):
        raise KGError(f"{file}: not a regular file (a device, a pipe or a socket); give a text file")
    suffix = file.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _parse_jsonl(file)
        return
    data = file.read_bytes()
    if not data.strip():
        raise KGError(f"{file}: file is empty")
    if suffix == ".pdf":
        yield str(file), pdf_document(file.stem, data, str(file))
    elif suffix in FEED_SUFFIXES:
        yield from feed_documents(str(file), data, options.web)
    elif suffix in HTML_SUFFIXES:  # trafilatura finds the page's encoding
        yield str(file), page_document(file.stem, data, str(file))
    elif suffix == ".csv":
        yield from csv_documents(str(file), _decode(file, data), options.columns)
    else:
        text = _decode(file, data)
        if not text.strip():
            raise KGError(f"{file}: file is empty")
        urls = url_lines(text)
        if urls is None:
            yield str(file), Document(id=file.stem, text=text, source=str(file))
        for url in urls or ():
            yield from url_documents(url, options.web, options.columns)


def _decode(where: str | Path, data: bytes) -> str:
    if b"\x00" in data:
        raise KGError(f"{where}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise KGError(
            f"{where}: not UTF-8 text (bad byte at offset {err.start}); convert it to UTF-8"
        ) from None


def _parse_jsonl(path: Path) -> Iterator[tuple[str, Document]]:
    empty = True
    with path.open("rb") as file:
        for number, data in enumerate(file, start=1):
            where = f"{path}:{number}"
            line = _decode(where, data)
            if line.strip():
                empty = False
                yield where, _record(where, line)
    if empty:
        raise KGError(f"{path}: file is empty")


def _record(where: str, line: str) -> Document:
    """The Document of one JSONL line, or KGError saying what is wrong with it."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise KGError(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(record, dict) or "text" not in record or "id" not in record:
        raise KGError(f"{where}: a record needs an 'id' and a 'text' field")
    doc_id, date, source = record["id"], record.get("date"), record.get("source")
    if isinstance(doc_id, bool) or not isinstance(doc_id, str | int) or not str(doc_id).strip():
        raise KGError(f"{where}: 'id' must be a non-empty string or a number, not {json.dumps(doc_id)}")
    if not isinstance(record["text"], str):
        raise KGError(f"{where}: 'text' must be a string")
    if date is not None and not is_iso_date(date):
        raise KGError(f"{where}: 'date' must be an ISO date (YYYY-MM-DD), not {json.dumps(date)[:40]}")
    for name, value in (("id", doc_id), ("text", record["text"]), ("source", source)):
        lone = _SURROGATE.search(value) if isinstance(value, str) else None
        if lone:
            raise KGError(f"{where}: {name!r} holds a lone surrogate (U+{ord(lone.group()):04X}), not text")
    meta = {k: v for k, v in record.items() if k not in ("id", "text", "date", "source")}
    return Document(
        id=str(doc_id),
        text=record["text"],
        date=date or None,
        source=str(source) if source else None,
        meta=meta,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def is_iso_date(value: object) -> bool:
    """Whether ``value`` is a real day ``YYYY-MM-DD``, or a timestamp that starts with one.

    >>> [is_iso_date(text) for text in ("2020-02-29", "2020-02-29T10:00:00Z", "2020-13-45", "yesterday")]
    [True, True, False, False]
    """
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    except ValueError:
        return False
    return re.match(r"\d{4}-\d{2}-\d{2}", value) is not None
