"""SHACL validation (pyshacl) of built graphs, and ``kg validate``."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from kg.app.cli import main
from kg.namespace import KG, actor_iri
from kg.rdf.backends import add_dataset, open_store
from kg.rdf.graph import load_graph, save_graph
from kg.rdf.validate import Violation, validate


def test_the_seed_graph_conforms(seed_graph):
    outcome = validate(seed_graph)
    assert outcome.violations == []
    assert outcome.conforms


def test_kg_validate_passes_the_built_graph(built_dir, capsys):
    assert main(["validate", str(built_dir / "graph.ttl")]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "conforms" in captured.err


@pytest.fixture
def broken(built_dir):
    graph = load_graph(built_dir / "graph.ttl")
    egypt = actor_iri("egypt")
    graph.remove((egypt, RDFS.label, None))
    (statement,) = [
        s for s in graph.subjects(KG.subject, egypt) if graph.value(s, KG.relation) == KG.supports
    ][:1]
    graph.remove((statement, KG.confidence, None))
    graph.add((statement, KG.confidence, Literal(Decimal("1.5"))))
    graph.add((actor_iri("russia"), KG.opposes, actor_iri("egypt")))  # a relation with no evidence
    turkey = actor_iri("turkey")
    graph.remove((turkey, RDF.type, None))
    return graph


def test_violations_are_caught_and_readable(broken):
    outcome = validate(broken)
    assert not outcome.conforms
    lines = [str(violation) for violation in outcome.violations]
    assert "kga:egypt: rdfs:label: an actor needs one label, a non-empty string" in lines
    assert any(
        line.startswith("assertion kgs:")
        and "kga:egypt kg:supports" in line
        and ": kg:confidence: an assertion needs a confidence, a decimal from 0 to 1 (found" in line
        and '"1.5"' in line
        for line in lines
    )
    assert (
        "Russia: kg:opposes: the relation is stated without an assertion that is not negated"
        " (found kga:egypt)" in lines
    )
    assert any(line.startswith("Turkey: rdf:type: an actor needs one type") for line in lines)
    assert all("\n" not in line for line in lines)
    assert lines == sorted(lines)
    assert all(isinstance(v, Violation) for v in outcome.violations)


def test_kg_validate_fails_with_one_line_per_violation(broken, tmp_path, capsys):
    path = save_graph(broken, tmp_path / "broken.trig")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines == [str(v) for v in validate(load_graph(path)).violations]
    assert len(lines) >= 4
    assert captured.err == f"kg: error: {path}: {len(lines)} violations of kg's SHACL shapes\n"


def test_kg_validate_a_store(seed_graph, broken, tmp_path, capsys):
    good, bad = open_store(tmp_path / "good.db", create=True), open_store(tmp_path / "bad.db", create=True)
    add_dataset(good, seed_graph)
    add_dataset(bad, broken)
    del good, bad  # close them, as another process would find them
    assert main(["validate", "--store", str(tmp_path / "good.db")]) == 0
    assert main(["validate", "--store", str(tmp_path / "bad.db")]) == 1
    assert "violations of kg's SHACL shapes" in capsys.readouterr().err
