"""Scoring extracted relations against a gold file, by the rules of the annotation guidelines.

A gold file is JSON Lines: each record has ``id`` and ``text`` like any input, plus ``entities``
(a canonical name -> the surface forms the text uses for it), ``triples`` (the relations the text
states) and optionally ``optional`` (triples neither rewarded nor penalised). Triples are compared
per document as sets, after both arguments are mapped to entity keys; symmetric relations are
compared without direction; a predicted argument that matches no entity is a false positive.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.config import Settings
from kg.errors import KGError
from kg.model import Document, RelationType

Triple = tuple[str, str, str]
# (doc id, subject label, relation name, object label): what an extractor predicted.
Prediction = tuple[str, str, str, str]

SYMMETRIC = frozenset(r.value for r in RelationType if r.symmetric)
TOTAL = "ALL"
_EDGE_PUNCTUATION = " \t\"'.,;:()[]"


@dataclass(frozen=True)
class GoldRecord:
    """One gold document: its id, surface form -> entity key, gold and optional triples (as keys)."""

    doc_id: str
    aliases: dict[str, str]
    triples: frozenset[Triple]
    optional: frozenset[Triple]


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the figures they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ScoreError:
    """A false positive ("FP") or false negative ("FN") triple of one document."""

    doc_id: str
    kind: str
    triple: Triple

    def __str__(self) -> str:
        subject, relation, obj = self.triple
        return f"{self.kind} {self.doc_id}: {subject} --{relation}--> {obj}"


@dataclass(frozen=True)
class Evaluation:
    """Counts per relation (the seven, in ontology order, then ``"ALL"``, micro-averaged) and errors."""

    counts: dict[str, Counts]
    errors: list[ScoreError]
    documents: int

    def to_json(self, errors: bool = False) -> dict:
        """The figures as one JSON-ready object: ``{relation: {p, r, f1, tp, fp, fn}}``.

        With ``errors``, also ``"errors": [{doc, kind, subject, relation, object}]``.
        """
        result: dict = {
            name: {"p": c.precision, "r": c.recall, "f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn}
            for name, c in self.counts.items()
        }
        if errors:
            result["errors"] = [
                {"doc": e.doc_id, "kind": e.kind, "subject": s, "relation": r, "object": o}
                for e in self.errors
                for s, r, o in [e.triple]
            ]
        return result


def normalise(label: str) -> str:
    """A label as the guidelines compare it: lower case, no leading "the", no trailing "'s",
    no surrounding punctuation.

    >>> normalise("  the Libyan National Army’s ")
    'libyan national army'
    """
    text = unicodedata.normalize("NFKC", label).replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\s+", " ", text.lower().strip()).strip(_EDGE_PUNCTUATION)
    text = re.sub(r"'s?$", "", re.sub(r"^the ", "", text))
    return text.strip(_EDGE_PUNCTUATION)


def triple_key(subject: str, relation: str, obj: str) -> Triple:
    """The triple as it is compared: a symmetric relation with its arguments in sorted order."""
    if relation in SYMMETRIC and obj < subject:
        subject, obj = obj, subject
    return subject, relation, obj


def gold_record(document: Document) -> GoldRecord:
    """The GoldRecord of a Document read from a gold file (its ``meta`` holds the annotations).

    Raises KGError when ``entities``, ``triples`` or ``optional`` is missing or malformed.
    """
    where = f"gold record {document.id!r}"
    entities = document.meta.get("entities")
    if not isinstance(entities, dict) or not all(
        isinstance(forms, list) and all(isinstance(f, str) for f in forms) for forms in entities.values()
    ):
        raise KGError(f"{where}: needs 'entities', mapping each entity to a list of its names")
    aliases: dict[str, str] = {}
    for entity, forms in entities.items():
        for form in (entity, *forms):
            aliases.setdefault(normalise(form), entity)
    return GoldRecord(
        document.id,
        aliases,
        _triples(document.meta.get("triples"), f"{where}: 'triples'"),
        _triples(document.meta.get("optional", []), f"{where}: 'optional'"),
    )


def _triples(value: object, where: str) -> frozenset[Triple]:
    if not isinstance(value, list) or not all(
        isinstance(t, list) and len(t) == 3 and all(isinstance(part, str) for part in t) for t in value
    ):
        raise KGError(f"{where} must be a list of [subject, relation, object] triples")
    return frozenset(triple_key(*t) for t in value)


def score(gold: Iterable[GoldRecord], predictions: Iterable[Prediction]) -> Evaluation:
    """Score ``predictions`` against the ``gold`` records, document by document.

    Predictions for documents that are not in ``gold`` are ignored. A predicted argument is mapped
    to the entity whose surface form it matches after ``normalise``, else kept as ``"?label"``.
    """
    by_doc: dict[str, list[Prediction]] = {}
    for prediction in predictions:
        by_doc.setdefault(prediction[0], []).append(prediction)
    counts: dict[str, Counter] = {}
    errors: list[ScoreError] = []
    records = list(gold)
    for record in records:
        predicted = {
            triple_key(_entity(record, subject), relation, _entity(record, obj))
            for _, subject, relation, obj in by_doc.get(record.doc_id, ())
        }
        for triple in predicted:
            if triple in record.triples:
                counts.setdefault(triple[1], Counter())["tp"] += 1
            elif triple not in record.optional:
                counts.setdefault(triple[1], Counter())["fp"] += 1
                errors.append(ScoreError(record.doc_id, "FP", triple))
        for triple in record.triples - predicted:
            counts.setdefault(triple[1], Counter())["fn"] += 1
            errors.append(ScoreError(record.doc_id, "FN", triple))
    total = sum(counts.values(), Counter())
    table = {r.value: Counts(**counts.get(r.value, {})) for r in RelationType}
    table[TOTAL] = Counts(**total)
    errors.sort(key=lambda e: (e.doc_id, e.kind, e.triple))
    return Evaluation(table, errors, len(records))


def _entity(record: GoldRecord, label: str) -> str:
    return record.aliases.get(normalise(label)) or f"?{label}"


def evaluate(
    documents: list[Document], settings: Settings | None = None, progress: bool = False
) -> Evaluation:
    """Extract from gold ``documents`` (read from a gold file) and score the facts found.

    The predictions are the records ``kg extract`` prints (so the names are the ones each document
    uses); negated relations are not facts, so they are not predictions. Raises KGError for a
    record without valid annotations, before the model loads.
    """
    from kg.pipeline import extract, is_fact, relation_record, with_progress

    gold = [gold_record(document) for document in documents]
    pairs = with_progress(extract(documents, settings), len(documents), progress)
    records = (relation_record(r) for _, relations in pairs for r in relations if is_fact(r))
    return score(gold, [(r["doc"], r["subject"], r["relation"], r["object"]) for r in records])


def format_table(evaluation: Evaluation) -> str:
    """The figures as an aligned text table: one row per relation and ``ALL``."""
    lines = [f"{'relation':20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, c in evaluation.counts.items():
        lines.append(
            f"{name:20} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}"
        )
    return "\n".join(lines)
