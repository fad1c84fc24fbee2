"""Web pages and feeds -> Documents: trafilatura takes the article (text, title, date, author and
site) out of a page, leaving menus, comments and related stories behind; feedparser reads RSS and
Atom, and an item that holds only a summary is read from the page it links to."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kg.errors import KGError, KGWarning
from kg.ingest.fetch import Fetcher, FetchError, Page
from kg.ingest.files import Columns, csv_documents, pdf_document
from kg.model import Document

FEED_TYPES = ("rss", "atom", "rdf+xml", "/xml")
# A date from the page's markup only: a guess from its text takes a footer's "© 2023" for the day.
DATE_SEARCH = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class WebOptions:
    """How pages and feeds are had: the ``fetcher``, feed items dated before ``since`` left out,
    and ``strict``: a page that cannot be fetched is an error instead of a warning."""

    fetcher: Fetcher = field(default_factory=Fetcher)
    since: str | None = None
    strict: bool = False


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)


def page_document(doc_id: str, html: bytes | str, source: str, url: str | None = None) -> Document:
    """The article of a web page as a Document with its title, date, author and site in ``meta``."""
    import trafilatura

    found = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, date_extraction_params=DATE_SEARCH
    )
    text = getattr(found, "text", None) or ""
    if not text.strip():
        raise KGError(f"{source}: no article text found in the page")
    meta = {
        name: value
        for name in ("title", "author", "sitename", "url")
        if (value := getattr(found, name, None))
    }
    return Document(id=doc_id, text=text, date=getattr(found, "date", None), source=source, meta=meta)


def url_documents(
    url: str, options: WebOptions, columns: Columns | None = None
) -> Iterator[tuple[str, Document]]:
    """The Documents at ``url``: one page, a PDF, a feed's items or a CSV file's rows (``columns``);
    none, with a warning, if it cannot be fetched (an error with ``strict``)."""
    try:
        page = options.fetcher.get(url, stale=lambda cached: is_feed(cached.content_type, cached.body))
    except FetchError as error:
        _left_out(error, options)
        return
    if is_feed(page.content_type, page.body):
        yield from feed_documents(url, page.body, options, retrieved=page.retrieved)
    elif page.content_type.startswith("text/csv"):
        text = page.body.decode("utf-8-sig", "replace")
        for where, row in csv_documents(page.final_url, text, columns or Columns()):
            yield where, replace(row, retrieved=page.retrieved)
    else:
        yield url, fetched_document(url, page)


def fetched_document(doc_id: str, page: Page) -> Document:
    """The Document of a fetched page: a PDF's text or a web page's article, with where and when
    it was had."""
    if page.body.startswith(b"%PDF") or "pdf" in page.content_type:
        document = pdf_document(doc_id, page.body, page.final_url)
    elif page.content_type.startswith("text/plain"):
        document = Document(doc_id, page.body.decode("utf-8", "replace"), source=page.final_url)
    else:
        document = page_document(doc_id, page.body, page.final_url, url=page.final_url)
    return replace(document, source=page.final_url, retrieved=page.retrieved)


def is_feed(content_type: str, body: bytes) -> bool:
    """Whether a body is an RSS or Atom feed rather than a page, by its type or its first tag."""
    if any(kind in content_type for kind in FEED_TYPES):
        return True
    head = body[:1000].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def feed_documents(
    where: str, data: bytes, options: WebOptions, retrieved: str | None = None
) -> Iterator[tuple[str, Document]]:
    """One Document per item of an RSS or Atom feed, in the feed's order, skipping those dated
    before ``options.since``: its content, else its linked page (fetched), else its summary."""
    import feedparser

    parsed = feedparser.parse(data)  # bytes: feedparser fetches nothing
    if not parsed.get("version"):
        raise KGError(f"{where}: not an RSS or Atom feed")
    for number, entry in enumerate(parsed.entries, start=1):
        link, item = entry.get("link"), f"{where} item {number}"
        doc_id = link or entry.get("id") or item
        when = _entry_date(entry)
        if options.since and when and when < options.since:
            continue
        meta = {"title": entry["title"]} if entry.get("title") else {}
        if parsed.feed.get("title"):
            meta["feed"] = parsed.feed["title"]
        content = "\n\n".join(part.get("value", "") for part in entry.get("content", []))
        if not content.strip() and link:
            try:
                page = options.fetcher.get(link)
            except FetchError as error:
                _left_out(error, options)
                continue
            document = fetched_document(doc_id, page)
            yield item, _dated(document, when, meta)
            continue
        text = _text(content or entry.get("summary", ""))
        if not text.strip():
            raise KGError(f"{item}: holds no text and links to no page")
        source = link or where
        yield item, Document(doc_id, text, when, source, meta, retrieved=retrieved)


def _dated(document: Document, when: str | None, meta: dict) -> Document:
    """``document`` with the feed item's date where the page has none, and its title."""
    return replace(document, date=document.date or when, meta={**meta, **document.meta})


def _text(html: str) -> str:
    """The text of a feed item's HTML (or plain text), paragraphs apart."""
    import trafilatura

    if "<" not in html:
        return html
    page = f"<html><body>{html}</body></html>"
    return trafilatura.extract(page, favor_recall=True) or trafilatura.html2txt(page)


def _entry_date(entry: dict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _left_out(error: FetchError, options: WebOptions) -> None:
    if options.strict:
        raise KGError(f"{error} (--strict)")
    warnings.warn(f"{error}; left out", KGWarning, stacklevel=3)
