"""Stage 2, nlp: Documents parsed by spaCy into paragraphs and sentences, dates read from them."""

from kg.nlp.parse import DATELINE, Paragraph, governing_verb, load_pipeline, parse_documents, parse_sections

__all__ = ["DATELINE", "Paragraph", "governing_verb", "load_pipeline", "parse_documents", "parse_sections"]
