"""The nlp stage: Documents parsed by spaCy into paragraphs and sentences, and the language rules
that read dates and datelines (which ingest uses too, before any parse)."""

from kg.nlp.parse import DATELINE, Paragraph, governing_verb, load_pipeline, parse_documents, parse_sections

__all__ = ["DATELINE", "Paragraph", "governing_verb", "load_pipeline", "parse_documents", "parse_sections"]
