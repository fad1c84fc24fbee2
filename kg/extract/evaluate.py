"""Scoring extracted relations against a gold file, by the rules of the annotation guidelines.

A gold file is JSON Lines: each record has ``id`` and ``text`` like any input, plus ``entities``
(a canonical name -> the surface forms the text uses for it), ``triples`` (the relations the text
states) and optionally ``optional`` (triples neither rewarded nor penalised). Triples are compared
per document as sets, after both arguments are mapped to entity keys; symmetric relations are
compared without direction; a predicted argument that matches no entity is a false positive.

``explain`` tells why each error happened (``FN_CAUSES``, ``FP_CAUSES``), and ``ablate`` scores
the extractor without some of its rules (``kg.extract.RULES``) to show what each one adds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from kg.config import Settings
from kg.errors import KGError
from kg.model import Document, Relation, RelationType

Triple = tuple[str, str, str]
# (doc id, subject label, relation name, object label): what an extractor predicted.
Prediction = tuple[str, str, str, str]

SYMMETRIC = frozenset(r.value for r in RelationType if r.symmetric)
TOTAL = "ALL"
_EDGE_PUNCTUATION = " \t\"'.,;:()[]"

# Why a gold triple was missed, tested in this order (the first that holds is the cause):
NEITHER_FOUND = "neither actor found"  # no actor of the document matches either entity
ACTOR_NOT_FOUND = "actor not found"  # one of the two entities matches no actor
NEGATED = "read as negated"  # this very triple was read, but negated (so not a fact)
WRONG_RELATION = "wrong relation or direction"  # the pair is linked, by another relation or reversed
WRONG_ACTOR = "wrong actor"  # the relation was read with one entity in place, the other argument wrong
NOT_LINKED = "not linked"  # both entities found, nothing read comes near the triple
FN_CAUSES = (NEITHER_FOUND, ACTOR_NOT_FOUND, NEGATED, WRONG_RELATION, WRONG_ACTOR, NOT_LINKED)
# Why a predicted triple is wrong, in the same spirit:
UNKNOWN_ACTOR = "unknown actor"  # an argument matches no entity of the record ("?label")
NOT_IN_GOLD = "not in gold"  # two entities the gold never links
FP_CAUSES = (UNKNOWN_ACTOR, WRONG_RELATION, NOT_IN_GOLD)


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
    """A false positive ("FP") or false negative ("FN") triple of one document.

    ``cause`` (one of ``FN_CAUSES`` or ``FP_CAUSES``) and ``detail`` are set by ``explain``.
    """

    doc_id: str
    kind: str
    triple: Triple
    cause: str | None = None
    detail: str = ""

    def __str__(self) -> str:
        line = f"{self.kind} {self.doc_id}: {_arrow(self.triple)}"
        if self.cause is None:
            return line
        return f"{line}  [{self.cause}{': ' + self.detail if self.detail else ''}]"

    def to_json(self) -> dict:
        """``{doc, kind, subject, relation, object}``, and ``cause`` and ``detail`` once explained."""
        subject, relation, obj = self.triple
        item = {
            "doc": self.doc_id,
            "kind": self.kind,
            "subject": subject,
            "relation": relation,
            "object": obj,
        }
        if self.cause is not None:
            item.update(cause=self.cause, detail=self.detail)
        return item


def _arrow(triple: Triple) -> str:
    subject, relation, obj = triple
    return f"{subject} --{relation}--> {obj}"


@dataclass(frozen=True)
class Evaluation:
    """Counts per relation (the seven, in ontology order, then ``"ALL"``, micro-averaged) and errors.

    ``explained``: whether ``explain`` gave every error its cause.
    """

    counts: dict[str, Counts]
    errors: list[ScoreError]
    documents: int
    explained: bool = False

    def to_json(self, errors: bool = False) -> dict:
        """The figures as one JSON-ready object: ``{relation: {p, r, f1, tp, fp, fn}}``.

        With ``errors``, also ``"errors": [{doc, kind, subject, relation, object}]``; once the
        errors are explained, each also has ``cause`` and ``detail``, and ``"causes"`` counts them
        (``{"FN": {cause: n}, "FP": {cause: n}}``, every cause present).
        """
        result: dict = {
            name: {"p": c.precision, "r": c.recall, "f1": c.f1, "tp": c.tp, "fp": c.fp, "fn": c.fn}
            for name, c in self.counts.items()
        }
        if errors:
            result["errors"] = [e.to_json() for e in self.errors]
            if self.explained:
                result["causes"] = self.causes()
        return result

    def causes(self) -> dict[str, dict[str, int]]:
        """The errors counted per cause: ``{"FN": {cause: n}, "FP": {cause: n}}``, in precedence order."""
        counted = Counter((e.kind, e.cause) for e in self.errors)
        return {
            kind: {cause: counted[kind, cause] for cause in causes}
            for kind, causes in (("FN", FN_CAUSES), ("FP", FP_CAUSES))
        }


def gold_form(label: str) -> str:
    """A label in the form the guidelines compare it in: lower case, no leading "the", no trailing "'s",
    no surrounding punctuation.

    >>> gold_form("  the Libyan National Army’s ")
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
            aliases.setdefault(gold_form(form), entity)
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
    to the entity whose surface form it matches after ``gold_form``, else kept as ``"?label"``.
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
    table = {r.value: Counts(**counts.get(r.value, Counter())) for r in RelationType}
    table[TOTAL] = Counts(**total)
    errors.sort(key=lambda e: (e.doc_id, e.kind, e.triple))
    return Evaluation(table, errors, len(records))


def _entity(record: GoldRecord, label: str) -> str:
    return record.aliases.get(gold_form(label)) or f"?{label}"


@dataclass(frozen=True)
class Reading:
    """A relation read from a document, by the names the document uses; ``fact`` is False when negated."""

    subject: str
    relation: str
    object: str
    fact: bool


@dataclass(frozen=True)
class Findings:
    """What one extraction run found in a document: the normalised labels and aliases of every
    actor it assembled (``names``) and every relation it read, negated ones included."""

    doc_id: str
    names: frozenset[str]
    readings: tuple[Reading, ...]

    def predictions(self) -> list[Prediction]:
        """The facts, as ``score`` takes them."""
        return [(self.doc_id, r.subject, r.relation, r.object) for r in self.readings if r.fact]


def extract_findings(
    documents: list[Document],
    settings: Settings | None = None,
    removals: Sequence[Collection[str]] = ((),),
    progress: bool = False,
) -> list[list[Findings]]:
    """Extract from every document once per entry of ``removals``, each the names of rules to leave
    out (besides ``settings.ablate``); return the Findings of each run, in the order of ``removals``.

    Each document is parsed once. Every run resolves its actors afresh (a document's actors grow
    as relations are resolved) and keeps its own corpus of actors, the way ``kg.extract.corpus.extract``
    does, so a run finds exactly what ``kg extract`` would with those rules.
    """
    from kg.extract import RULES, extract_relations
    from kg.extract.actors import CorpusActors, DocumentActors
    from kg.extract.corpus import SECTION, in_corpus, is_fact, relation_record, with_progress
    from kg.nlp import load_pipeline, parse_sections

    settings = settings or Settings()
    nlp = load_pipeline(settings.model)
    runs = [
        ([name for name in RULES if name not in settings.ablate and name not in removed], CorpusActors())
        for removed in removals
    ]
    found: list[list[Findings]] = [[] for _ in runs]
    # a long document is read a section at a time, as ``kg.extract.corpus.extract`` reads it
    pending: list[tuple[set[str], list[Relation]]] = [(set(), []) for _ in runs]
    parsed = parse_sections(nlp, documents, settings.batch_size, SECTION)
    for document, paragraphs, last in with_progress(parsed, len(documents), progress):
        for (rules, corpus), findings, (names, relations) in zip(runs, found, pending, strict=True):
            actors = DocumentActors(paragraphs, document.text, offices=corpus.office)
            relations += extract_relations(document, paragraphs, actors=actors, rules=rules)
            names |= {gold_form(n) for e in actors.entries for n in (e.label, *e.aliases)}
            if not last:
                continue
            records = [(relation_record(r), is_fact(r)) for r in in_corpus(corpus, relations)]
            names |= {gold_form(record[side]) for record, _ in records for side in ("subject", "object")}
            readings = tuple(Reading(r["subject"], r["relation"], r["object"], fact) for r, fact in records)
            findings.append(Findings(document.id, frozenset(names), readings))
            names.clear()
            relations.clear()
    return found


def evaluate(
    documents: list[Document],
    settings: Settings | None = None,
    progress: bool = False,
    explained: bool = False,
) -> Evaluation:
    """Extract from gold ``documents`` (read from a gold file) and score the facts found.

    The predictions are the records ``kg extract`` prints (so the names are the ones each document
    uses); negated relations are not facts, so they are not predictions. With ``explained`` every
    error gets its cause (see ``explain``). Raises KGError for a record without valid
    annotations, before the model loads.
    """
    gold = [gold_record(document) for document in documents]
    (findings,) = extract_findings(documents, settings, progress=progress)
    evaluation = score(gold, [p for f in findings for p in f.predictions()])
    return explain(evaluation, gold, findings) if explained else evaluation


def explain(evaluation: Evaluation, gold: Iterable[GoldRecord], findings: Iterable[Findings]) -> Evaluation:
    """``evaluation`` with a cause and a detail for every error, from what extraction found.

    A false negative's cause is the first of ``FN_CAUSES`` that holds: an entity of the triple
    matches no actor of the document (label or alias, normalised), neither or one of them; the
    triple itself was read negated; something read links the pair by another relation or in the
    other direction; the relation was read with one entity in its place and something else in the
    other; else both were found but not linked. Everything read counts here, negated or not,
    except readings of other gold triples, which are right in themselves. A false positive's is
    the first of ``FP_CAUSES``: an argument matches no entity; the gold links the pair otherwise;
    else the gold does not link them.
    """
    records = {record.doc_id: record for record in gold}
    found = {f.doc_id: f for f in findings}
    errors = []
    for error in evaluation.errors:
        record = records[error.doc_id]
        what = found.get(error.doc_id) or Findings(error.doc_id, frozenset(), ())
        cause, detail = (
            _fn_cause(error.triple, record, what) if error.kind == "FN" else _fp_cause(error.triple, record)
        )
        errors.append(replace(error, cause=cause, detail=detail))
    return replace(evaluation, errors=errors, explained=True)


def _fn_cause(triple: Triple, record: GoldRecord, found: Findings) -> tuple[str, str]:
    subject, relation, obj = triple
    entities = {record.aliases[name] for name in found.names if name in record.aliases}
    missing = [entity for entity in dict.fromkeys((subject, obj)) if entity not in entities]
    if missing:
        return (NEITHER_FOUND if len(missing) == 2 else ACTOR_NOT_FOUND), " and ".join(missing)
    read = [
        (triple_key(_entity(record, r.subject), r.relation, _entity(record, r.object)), r.fact)
        for r in found.readings
    ]
    if any(key == triple and not fact for key, fact in read):
        return NEGATED, ""
    # A reading of another gold triple is right in itself: it says nothing of this one.
    read = [(key, fact) for key, fact in read if key not in record.triples]
    pair = {subject, obj}
    linking = [(key, fact) for key, fact in read if {key[0], key[2]} == pair]
    if linking:
        return WRONG_RELATION, _read(linking)
    if relation in SYMMETRIC:
        aside = [(k, f) for k, f in read if k[1] == relation and len({k[0], k[2]} & pair) == 1]
    else:
        aside = [(k, f) for k, f in read if k[1] == relation and (k[0] == subject) != (k[2] == obj)]
    if aside:
        return WRONG_ACTOR, _read(aside)
    return NOT_LINKED, ""


def _fp_cause(triple: Triple, record: GoldRecord) -> tuple[str, str]:
    subject, _, obj = triple
    if subject.startswith("?") or obj.startswith("?"):
        return UNKNOWN_ACTOR, ""
    linking = sorted(g for g in record.triples if {g[0], g[2]} == {subject, obj})
    if linking:
        return WRONG_RELATION, "gold " + "; ".join(_arrow(g) for g in linking)
    return NOT_IN_GOLD, ""


def _read(readings: list[tuple[Triple, bool]]) -> str:
    """What was read, as the detail of an error: each triple once, negated ones marked."""
    shown = dict.fromkeys(_arrow(key) + ("" if fact else " (negated)") for key, fact in sorted(readings))
    return "read " + "; ".join(shown)


@dataclass(frozen=True)
class Delta:
    """What some rules add: the full run's counts minus those of the run without them."""

    tp: int
    fp: int
    fn: int
    f1: float


@dataclass(frozen=True)
class Ablation:
    """The evaluation with every rule (``full``) and without ``rules`` (``ablated``)."""

    rules: tuple[str, ...]
    full: Evaluation
    ablated: Evaluation

    def added(self) -> dict[str, Delta]:
        """Per relation and ``"ALL"``: what the rules add (full minus ablated)."""
        return {
            name: Delta(c.tp - a.tp, c.fp - a.fp, c.fn - a.fn, c.f1 - a.f1)
            for name, c in self.full.counts.items()
            for a in [self.ablated.counts[name]]
        }

    def changes(self) -> list[ScoreError]:
        """The triples the rules decide, as ScoreErrors whose ``kind`` says how: ``+tp`` (found only
        with them), ``-tp`` (found only without them), ``+fp`` and ``-fp`` likewise."""

        def keys(evaluation: Evaluation, kind: str) -> set[tuple[str, Triple]]:
            return {(e.doc_id, e.triple) for e in evaluation.errors if e.kind == kind}

        full_fn, ablated_fn = keys(self.full, "FN"), keys(self.ablated, "FN")
        full_fp, ablated_fp = keys(self.full, "FP"), keys(self.ablated, "FP")
        changes = [
            ScoreError(doc, kind, triple)
            for kind, triples in (
                ("+tp", ablated_fn - full_fn),
                ("-tp", full_fn - ablated_fn),
                ("+fp", full_fp - ablated_fp),
                ("-fp", ablated_fp - full_fp),
            )
            for doc, triple in triples
        ]
        return sorted(changes, key=lambda e: (e.doc_id, e.kind, e.triple))


def ablate(
    documents: list[Document],
    removals: Sequence[Collection[str]],
    settings: Settings | None = None,
    progress: bool = False,
) -> list[Ablation]:
    """Score the extractor with every rule and without each entry of ``removals`` (names of rules in
    ``kg.extract.RULES``), parsing each document once: one Ablation per entry, in order."""
    gold = [gold_record(document) for document in documents]
    full, *ablated = extract_findings(documents, settings, [(), *removals], progress)
    scored = [score(gold, [p for f in run for p in f.predictions()]) for run in (full, *ablated)]
    return [Ablation(tuple(removed), scored[0], s) for removed, s in zip(removals, scored[1:], strict=True)]


def format_table(evaluation: Evaluation) -> str:
    """The figures as an aligned text table: one row per relation and ``ALL``."""
    lines = [f"{'relation':20} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, c in evaluation.counts.items():
        lines.append(
            f"{name:20} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}"
        )
    return "\n".join(lines)


def format_causes(evaluation: Evaluation) -> str:
    """The explained errors counted per cause, false negatives then false positives."""
    lines = []
    for kind, causes in evaluation.causes().items():
        lines.append(f"{kind} by cause {sum(causes.values()):>13d}")
        lines.extend(f"  {cause:27} {n:5d}" for cause, n in causes.items())
    return "\n".join(lines)


def format_added(ablation: Ablation) -> str:
    """What the ablated rules add per relation and overall: tp, fp, fn and F1, full minus ablated."""
    lines = [f"{'relation':20} {'tp':>5} {'fp':>5} {'fn':>5} {'F1':>7}"]
    for name, d in ablation.added().items():
        lines.append(f"{name:20} {d.tp:+5d} {d.fp:+5d} {d.fn:+5d} {d.f1:+7.3f}")
    return "\n".join(lines)


def format_rules(ablations: list[Ablation]) -> str:
    """One line per ablation (of one rule each): what that rule adds overall, full minus ablated."""
    width = max([len("rule"), *(len(", ".join(a.rules)) for a in ablations)])
    lines = [f"{'rule':{width}} {'Δtp':>5} {'Δfp':>5} {'ΔF1':>7}"]
    for ablation in ablations:
        d = ablation.added()[TOTAL]
        lines.append(f"{', '.join(ablation.rules):{width}} {d.tp:+5d} {d.fp:+5d} {d.f1:+7.3f}")
    return "\n".join(lines)
