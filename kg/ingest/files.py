"""PDF reports and CSV exports -> Documents, and the date a dateline gives a plain text."""

from __future__ import annotations

import csv
import io
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from kg.errors import KGError
from kg.model import Document
from kg.nlp import DATELINE
from kg.nlp.dates import PATTERNS, expression_date


@dataclass(frozen=True)
class Columns:
    """The columns of a CSV file that hold a document's text, id and date. With no ``id`` the
    column ``id`` is taken if there is one, else the row number; likewise ``date``."""

    text: str = "text"
    id: str | None = None
    date: str | None = None


def pdf_document(doc_id: str, data: bytes, where: str) -> Document:
    """The text of a PDF, page after page, with its title; lines that a page wrapped are joined."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    quiet = logging.getLogger("pypdf")  # its complaints about a broken file: the KGError says it once
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise KGError(f"{where}: the PDF is encrypted; kg cannot read it")
        pages = [_unwrap(page.extract_text() or "") for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise KGError(f"{where}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    finally:
        quiet.setLevel(level)
    text = "\n\n".join(page for page in pages if page.strip())
    if not text.strip():
        raise KGError(f"{where}: the PDF holds no text (a scan? kg does not read images)")
    return Document(id=doc_id, text=text, source=where, meta={"title": title} if title else {})


def _unwrap(page: str) -> str:
    """A page's text with each line that runs to the page's width joined to the next: the layout
    broke it, not the author. Short lines (headings, a paragraph's last line) stay lines.

    >>> _unwrap("Title\\nA long line that the layout\\nbroke here. And one more line\\nends.")
    'Title\\nA long line that the layout broke here. And one more line ends.'
    """
    lines = [line.rstrip() for line in page.splitlines()]
    width = max(map(len, lines), default=0)
    out: list[str] = []
    for line in lines:
        if out and len(out[-1].rsplit("\n", 1)[-1]) >= 0.6 * width and out[-1][-1:] not in '.!?:"”':
            out[-1] += " " + line.lstrip()
        else:
            out.append(line)
    return "\n".join(out)


def csv_documents(path: str, text: str, columns: Columns) -> Iterator[tuple[str, Document]]:
    """One Document per row of a CSV file (its first row names the columns): the other columns go
    to ``meta``. A row whose text is empty is skipped."""
    csv.field_size_limit(sys.maxsize // 2)  # whole articles are longer than csv's default cell
    reader = csv.DictReader(io.StringIO(text, newline=""))
    names = reader.fieldnames or []
    id_column = columns.id or ("id" if "id" in names else None)
    date_column = columns.date or ("date" if "date" in names else None)
    for option, name in (
        ("--text-column", columns.text),
        ("--id-column", id_column),
        ("--date-column", date_column),
    ):
        if name is not None and name not in names:
            known = ", ".join(names) or "none"
            raise KGError(f"{path}: no column {name!r} (the columns are {known}); name it with {option}")
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            body = row.get(columns.text) or ""
            if not body.strip():
                continue
            doc_id = (row.get(id_column) or "").strip() if id_column else f"{_stem(path)}-{reader.line_num}"
            if not doc_id:
                raise KGError(f"{where}: the {id_column!r} column is empty")
            when = _iso_day(where, row.get(date_column) or "") if date_column else None
            meta = {k: v for k, v in row.items() if k not in (columns.text, id_column, date_column) and k}
            yield where, Document(id=doc_id, text=body, date=when, source=path, meta=meta)
    except csv.Error as exc:
        raise KGError(f"{path}:{reader.line_num}: malformed CSV ({exc})") from None


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _iso_day(where: str, value: str) -> str | None:
    """A CSV cell's date as ``YYYY-MM-DD`` (it may say ``28 February 2023``); None if empty."""
    if not value.strip():
        return None
    day = expression_date(value.strip(), None)
    if day is None or len(day) != 10:
        raise KGError(f"{where}: the date {value.strip()[:40]!r} is not a day (YYYY-MM-DD)")
    return day


def url_lines(text: str) -> list[str] | None:
    """The URLs of a text that is a list of them, one a line (blank lines and ``#`` comments
    allowed), else None.

    >>> url_lines("# today\\nhttps://a.example/1\\n\\nhttp://b.example/2\\n")
    ['https://a.example/1', 'http://b.example/2']
    >>> url_lines("https://a.example/1 is where I read it") is None
    True
    """
    lines = [line.strip() for line in text.splitlines()]
    urls = [line for line in lines if line and not line.startswith("#")]
    if urls and all(re.fullmatch(r"https?://\S+", line) for line in urls):
        return urls
    return None


def dateline_date(text: str, reference: date) -> str | None:
    """The day a dateline on one of the first lines of ``text`` names, a day without its year
    taken as the last one on or before ``reference``.

    >>> dateline_date("MANILA, June 3 (Reuters) - The Philippines ...", date(2023, 7, 1))
    '2023-06-03'
    >>> dateline_date("Headline\\n\\nTRIPOLI, 2019-12-20 - Turkey ...", date(2023, 7, 1))
    '2019-12-20'
    >>> dateline_date("Turkey, June 3 - no dateline", date(2023, 7, 1)) is None
    True
    """
    for line in text[:600].splitlines()[:5]:
        match = DATELINE.match(line.strip())
        if match is not None:
            day = expression_date(match.group(), reference)
            return day if day is not None and len(day) == 10 else None
    return None


ABSOLUTE = frozenset(("iso", "full", "month_year", "year"))
RELATIVE = frozenset(("month_day", "deictic", "ago", "relative", "weekday"))


def relative_expression(text: str) -> str | None:
    """The first time expression of ``text`` that needs the document's date ("next month", "last
    week", "June 3"), else None.

    >>> relative_expression("On 3 June 2023 and in 2024."), relative_expression("It sends troops next month.")
    (None, 'next month')
    """
    for kind, pattern in PATTERNS:
        if kind in ABSOLUTE:
            text = pattern.sub(lambda m: " " * len(m.group()), text)
    found = [m for kind, pattern in PATTERNS if kind in RELATIVE for m in [pattern.search(text)] if m]
    return min(found, key=lambda m: m.start()).group() if found else None
