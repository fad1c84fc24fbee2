"""Reading input: ``.txt`` files, folders of them, and JSON Lines records -> Documents."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KGError
from kg.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def read_documents(paths: Iterable[str | Path]) -> Iterator[Document]:
    """Yield a Document for each text file or JSONL record under ``paths``.

    A folder contributes its ``.txt`` and ``.jsonl`` files in name order. A ``.txt`` file becomes
    one Document named after the file; a JSONL record needs ``id`` and ``text`` and keeps ``date``,
    ``source`` and any other field in ``meta``. Raises KGError for a missing path, an empty or
    binary file, a file that is not UTF-8, or a malformed record.
    """
    for path in map(Path, paths):
        if not path.exists():
            raise KGError(f"{path}: no such file or directory")
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in TEXT_SUFFIXES | JSONL_SUFFIXES)
            if not files:
                raise KGError(f"{path}: folder holds no .txt or .jsonl file")
            for file in files:
                yield from _read_file(file)
        else:
            yield from _read_file(path)


def _read_file(path: Path) -> Iterator[Document]:
    text = _read_text(path)
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _parse_jsonl(path, text)
    else:
        yield Document(id=path.stem, text=text, source=str(path))


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise KGError(f"{path}: file is empty")
    if b"\x00" in data[:8192]:
        raise KGError(f"{path}: looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise KGError(
            f"{path}: not UTF-8 text (bad byte at offset {err.start}); convert it to UTF-8"
        ) from None


def _parse_jsonl(path: Path, text: str) -> Iterator[Document]:
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise KGError(f"{path}:{number}: malformed JSON ({err.msg} at column {err.colno})") from None
        if not isinstance(record, dict) or "text" not in record or "id" not in record:
            raise KGError(f"{path}:{number}: a record needs an 'id' and a 'text' field")
        if not isinstance(record["text"], str):
            raise KGError(f"{path}:{number}: 'text' must be a string")
        doc_id = str(record["id"])
        if doc_id in seen:
            raise KGError(f"{path}:{number}: duplicate id {doc_id!r}")
        seen.add(doc_id)
        meta = {k: v for k, v in record.items() if k not in ("id", "text", "date", "source")}
        date, source = record.get("date"), record.get("source")
        yield Document(
            id=doc_id,
            text=record["text"],
            date=str(date) if date else None,
            source=str(source) if source else None,
            meta=meta,
        )
