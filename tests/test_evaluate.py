"""Scoring by the annotation guidelines: the rules on hand-made predictions, then ``kg eval`` end to end.

Every expected count here was worked out by hand from the guidelines' rules (the same rules the
shared score.py implements), not taken from a run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.documents import read_documents
from kg.errors import KGError
from kg.evaluate import Counts, gold_record, normalise, score

DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "eval_gold.jsonl"


def record(doc_id="d1", entities=None, triples=(), optional=()):
    from kg.model import Document

    meta = {
        "entities": entities
        if entities is not None
        else {
            "Chile": ["Chile", "Chilean", "Santiago", "the Chilean government"],
            "Zorvan Front": ["Zorvan Front", "ZF"],
            "Kestrel Brigade": ["Kestrel Brigade"],
            "Valdora": ["Valdora"],
        },
        "triples": [list(t) for t in triples],
        "optional": [list(t) for t in optional],
    }
    return gold_record(Document(doc_id, "text", meta=meta))


def counts(evaluation, relation):
    c = evaluation.counts[relation]
    return c.tp, c.fp, c.fn


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("The Zorvan Front", "zorvan front"),
        ("  the  Zorvan   Front's ", "zorvan front"),
        ("Zorvan Front’s", "zorvan front"),
        ('"Zorvan Front".', "zorvan front"),
        ("“Zorvan Front”", "“zorvan front”"),  # curly double quotes are not stripped
        ("(ZF)", "zf"),
        ("Chile'", "chile"),
        ("Theodor", "theodor"),  # "the" only as a word
        ("ＺＦ", "zf"),  # NFKC folds full-width letters
    ],
)
def test_labels_are_normalised_as_the_guidelines_say(label, expected):
    assert normalise(label) == expected


def test_a_surface_form_maps_to_its_entity():
    gold = record(triples=[("Chile", "supports", "Zorvan Front")])
    result = score([gold], [("d1", "Santiago", "supports", "the ZF"), ("d1", "Chilean", "supports", "ZF")])
    assert counts(result, "supports") == (1, 0, 0)  # both map to the one gold triple, counted once


def test_an_unknown_entity_is_a_false_positive_and_a_missed_triple_a_false_negative():
    gold = record(triples=[("Chile", "supports", "Zorvan Front")])
    result = score([gold], [("d1", "Chile", "supports", "Arlen Movement")])
    assert counts(result, "supports") == (0, 1, 1)
    assert [str(e) for e in result.errors] == [
        "FN d1: Chile --supports--> Zorvan Front",
        "FP d1: Chile --supports--> ?Arlen Movement",
    ]


def test_symmetric_relations_are_undirected_and_directed_ones_are_not():
    gold = record(
        triples=[("Zorvan Front", "signsAgreementWith", "Chile"), ("Chile", "supports", "Zorvan Front")]
    )
    result = score(
        [gold],
        [
            ("d1", "Chile", "signsAgreementWith", "Zorvan Front"),
            ("d1", "Zorvan Front", "signsAgreementWith", "Chile"),
            ("d1", "Zorvan Front", "supports", "Chile"),
        ],
    )
    assert counts(result, "signsAgreementWith") == (1, 0, 0)
    assert counts(result, "supports") == (0, 1, 1)


def test_optional_triples_are_neither_rewarded_nor_penalised():
    gold = record(
        triples=[("Zorvan Front", "opposes", "Kestrel Brigade")],
        optional=[("Zorvan Front", "opposes", "Valdora"), ("Kestrel Brigade", "meetsWith", "Chile")],
    )
    result = score(
        [gold],
        [
            ("d1", "Zorvan Front", "opposes", "Valdora"),
            ("d1", "Chile", "meetsWith", "Kestrel Brigade"),  # optional, and symmetric
        ],
    )
    assert counts(result, "opposes") == (0, 0, 1)
    assert counts(result, "meetsWith") == (0, 0, 0)


def test_documents_are_scored_as_separate_sets_and_overall_figures_are_micro_averaged():
    triple = ("Chile", "supports", "Zorvan Front")
    gold = [
        record("d1", triples=[triple]),
        record("d2", triples=[triple, ("Zorvan Front", "opposes", "Kestrel Brigade")]),
    ]
    predictions = [
        ("d1", "Chile", "supports", "Zorvan Front"),
        ("d2", "Chile", "supports", "Zorvan Front"),
        ("d2", "Kestrel Brigade", "opposes", "Zorvan Front"),
        ("d3", "Chile", "supports", "Zorvan Front"),  # no such gold record: ignored
    ]
    result = score(gold, predictions)
    assert counts(result, "supports") == (2, 0, 0)
    assert counts(result, "opposes") == (0, 1, 1)
    total = result.counts["ALL"]
    assert (total.tp, total.fp, total.fn) == (2, 1, 1)
    assert total.precision == pytest.approx(2 / 3) and total.recall == pytest.approx(2 / 3)
    assert result.documents == 2


def test_figures_with_nothing_to_count_are_zero():
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)
    assert Counts(tp=1, fp=1, fn=3).f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"triples": []}, "needs 'entities'"),
        ({"entities": {"Chile": "Chile"}, "triples": []}, "needs 'entities'"),
        ({"entities": {}}, "'triples' must be a list"),
        ({"entities": {}, "triples": [["Chile", "supports"]]}, "'triples' must be a list"),
        ({"entities": {}, "triples": [], "optional": "none"}, "'optional' must be a list"),
    ],
)
def test_a_malformed_gold_record_is_refused(meta, message):
    from kg.model import Document

    with pytest.raises(KGError, match=message):
        gold_record(Document("bad", "text", meta=meta))


# -- end to end: the real extractor on tests/data/eval_gold.jsonl ---------------------------------
# g1: Chile supports / Zorvan Front opposes Kestrel Brigade, both found: supports tp, opposes tp.
# g2: the agreement is gold in the other direction (tp, symmetric), the deployment is found (tp), and
#     a meeting the text never states is gold (fn).
# g3: "the Arlen Movement" is not an entity of the record (fp); the offensive on Mombasa is optional.
# g4: the unsigned accord is negated, so no fact; "Santiago" is Chile's seat (opposes tp).


@pytest.fixture(scope="module")
def gold_run(run_kg):
    return run_kg(["eval", str(GOLD), "--json", "--errors"])


@pytest.fixture(scope="module")
def run_kg():
    import contextlib
    import io

    def run(argv):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        return status, out.getvalue(), err.getvalue()

    return run


def test_kg_eval_scores_the_extractor_on_a_gold_file(gold_run):
    status, out, err = gold_run
    assert status == 0, err
    figures = json.loads(out)
    expected = {
        "supports": (1, 1, 0),
        "signsAgreementWith": (1, 0, 0),
        "deploysTo": (1, 0, 0),
        "opposes": (2, 0, 0),
        "leads": (0, 0, 0),
        "memberOf": (0, 0, 0),
        "meetsWith": (0, 0, 1),
        "ALL": (5, 1, 1),
    }
    assert {name: (v["tp"], v["fp"], v["fn"]) for name, v in figures.items() if name != "errors"} == expected
    assert figures["ALL"]["p"] == pytest.approx(5 / 6) and figures["ALL"]["f1"] == pytest.approx(5 / 6)
    assert figures["errors"] == [
        {"doc": "g2", "kind": "FN", "subject": "Kenya", "relation": "meetsWith", "object": "Norway"},
        {"doc": "g3", "kind": "FP", "subject": "Peru", "relation": "supports", "object": "?Arlen Movement"},
    ]


def test_kg_eval_prints_a_table_and_the_errors(run_kg):
    status, out, _ = run_kg(["eval", str(GOLD), "--errors"])
    assert status == 0
    lines = out.splitlines()
    assert lines[:2] == [
        "FN g2: Kenya --meetsWith--> Norway",
        "FP g3: Peru --supports--> ?Arlen Movement",
    ]
    assert lines[2].split() == ["relation", "P", "R", "F1", "tp", "fp", "fn"]
    assert lines[-1].split() == ["ALL", "0.833", "0.833", "0.833", "5", "1", "1"]
    assert len(lines) == 3 + 8


def test_kg_eval_refuses_a_file_that_is_not_gold(run_kg):
    status, out, err = run_kg(["eval", str(DATA / "records.jsonl")])
    assert (status, out) == (1, "")
    assert err.startswith("kg: error: gold record ") and "needs 'entities'" in err
    assert err.count("\n") == 1


def test_gold_records_read_as_documents_keep_their_annotations():
    documents = list(read_documents([GOLD]))
    gold = [gold_record(d) for d in documents]
    assert [g.doc_id for g in gold] == ["g1", "g2", "g3", "g4"]
    assert gold[1].triples == {
        ("Kenya", "signsAgreementWith", "Norway"),
        ("Kenya", "deploysTo", "Somalia"),
        ("Kenya", "meetsWith", "Norway"),  # symmetric: stored in sorted order
    }
    assert gold[3].aliases["santiago"] == "Chile"
