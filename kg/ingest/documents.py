"""Reading input: ``.txt`` files, folders of them, and JSON Lines records -> Documents."""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

from kg.errors import KGError
from kg.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def read_documents(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> Iterator[Document]:
    """Yield a Document for each text file or JSONL record under ``paths``.

    A folder contributes its ``.txt`` and ``.jsonl`` files in name order, but for those in
    ``skip`` (kg's own outputs). A ``.txt`` file becomes one Document named after the file; a
    JSONL record needs ``id`` and ``text`` and keeps ``date``, ``source`` and any other field in
    ``meta``; records are read one line at a time. Raises KGError for a missing path, a file given
    twice, one that is not a regular file, an empty or binary file, a file that is not UTF-8, a
    malformed record, or a document id that an earlier document has.
    """
    skipped = {Path(path).resolve() for path in skip}
    files: dict[Path, Path] = {}  # resolved -> as given
    sources: dict[str, str] = {}  # document id -> where it was read
    for path in map(Path, paths):
        if not path.exists():
            raise KGError(f"{path}: no such file or directory")
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES and p.resolve() not in skipped
            )
            if not found:
                raise KGError(f"{path}: folder holds no .txt or .jsonl file")
        else:
            found = [path]
        for file in found:
            if file.resolve() in files:
                raise KGError(f"{file}: given twice (also as {files[file.resolve()]})")
            files[file.resolve()] = file
            for where, document in _read_file(file):
                if document.id in sources:
                    also = sources[document.id]
                    raise KGError(f"{where}: duplicate document id {document.id!r} (also in {also})")
                sources[document.id] = where
                yield document


def _read_file(path: Path) -> Iterator[tuple[str, Document]]:
    """Each Document of the file ``path``, with where it was read (``path`` or ``path:line``)."""
    if not stat.S_ISREG(path.stat().st_mode):
        raise KGError(f"{path}: not a regular file (a device, a pipe or a socket); give a text file")
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _parse_jsonl(path)
    else:
        text = _decode(path, path.read_bytes())
        if not text.strip():
            raise KGError(f"{path}: file is empty")
        yield str(path), Document(id=path.stem, text=text, source=str(path))


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
