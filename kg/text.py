"""Text for people: counted words and aligned tables, written one way everywhere."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any


def plural(n: int, word: str) -> str:
    """``n`` and ``word``, which takes an s unless ``n`` is 1.

    >>> plural(1, "actor"), plural(3, "relation"), plural(0, "document")
    ('1 actor', '3 relations', '0 documents')
    """
    return f"{n} {word}" + ("" if n == 1 else "s")


def table_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The lines of a table, each ending in a newline: the column names, a rule, then each row,
    in columns as wide as their widest cell. A cell of None is empty; runs of white space in a cell
    are one space."""
    lines = [list(columns)] + [[_cell(cell) for cell in row] for row in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(columns))]
    lines.insert(1, ["-" * width for width in widths])
    for line in lines:
        cells = (cell.ljust(width) for cell, width in zip(line, widths, strict=True))
        yield "  ".join(cells).rstrip() + "\n"


def format_table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """``table_lines`` as one text, without the last newline.

    >>> print(format_table(("actor", "allies"), [("Russia", 2), ("Iran", None)]))
    actor   allies
    ------  ------
    Russia  2
    Iran
    """
    return "".join(table_lines(columns, rows)).removesuffix("\n")


def _cell(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())
