"""One name works everywhere: an actor answers to any of its names in every command, a name that
several actors answer to is one error naming them, and the commands around a build say what they
did (issue 11)."""

from __future__ import annotations

import pytest

from kg.app.cli import main
from kg.model import Actor, ActorType, Document, Evidence, Relation, RelationType
from kg.namespace import actor_iri
from kg.query.sparql import query_text, run_query
from kg.rdf.backends import add_dataset, open_store
from kg.rdf.graph import build_graph, save_graph

LNA = Actor("lna", "Libyan National Army", ActorType.ARMED_GROUP, ("Libyan National Army", "LNA"))
EGYPT = Actor("egypt", "Egypt", ActorType.STATE, ("Egypt", "Cairo"))
ROC = Actor("roc", "Republic of the Congo", ActorType.STATE, ("Republic of the Congo", "Congo"))
DRC = Actor(
    "drc", "Democratic Republic of the Congo", ActorType.STATE, ("Democratic Republic of the Congo", "Congo")
)
RWANDA = Actor("rwanda", "Rwanda", ActorType.STATE)


def relation(subject: Actor, obj: Actor, start: int) -> Relation:
    sentence = f"{subject.label} supports {obj.label}."
    evidence = Evidence("d1", sentence, start, start + len(sentence))
    return Relation(subject, RelationType.SUPPORTS, obj, evidence, 0.9)


@pytest.fixture
def graph_file(tmp_path):
    relations = [relation(EGYPT, LNA, 0), relation(ROC, RWANDA, 40), relation(DRC, RWANDA, 80)]
    path = tmp_path / "graph.ttl"
    save_graph(build_graph([Document("d1", "…")], relations), path)
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_query_takes_any_name_of_an_actor_in_rdflib_and_in_oxigraph(graph_file, tmp_path):
    graph = build_graph([Document("d1", "…")], [relation(EGYPT, LNA, 0)])
    store = open_store(tmp_path / "kg.db", create=True)
    add_dataset(store, graph)
    for source in (graph, store):
        for name in ("LNA", "lna", "Libyan National Army"):
            rows = run_query(source, query_text("supports"), {"actor": name}).rows
            assert rows == [("Egypt", "Libyan National Army")], (source, name)
        assert run_query(source, query_text("allies"), {"actor": "Cairo"}).rows == [
            ("Egypt", "Libyan National Army", "supports")
        ]


def test_kg_query_takes_an_actors_other_name(capsys, graph_file):
    status, out, _ = run(capsys, "query", "supports", "--graph", graph_file, "--param", "actor=LNA")
    assert status == 0
    assert out.splitlines()[2:] == ["Egypt    Libyan National Army"]


def test_a_name_that_several_actors_answer_to_is_one_error_naming_them_in_query_and_viz(
    capsys, graph_file, tmp_path
):
    expected = (
        "kg: error: 'Congo' names 2 actors (Democratic Republic of the Congo <{drc}>, Republic of the Congo"
        " <{roc}>); give one of their IRIs\n".format(drc=actor_iri("drc"), roc=actor_iri("roc"))
    )
    status, out, err = run(capsys, "query", "allies", "--graph", graph_file, "--param", "actor=Congo")
    assert (status, out, err) == (1, "", expected)
    status, _, err = run(capsys, "viz", "--graph", graph_file, "-o", tmp_path / "p.html", "--focus", "Congo")
    assert (status, err) == (1, expected)
    status, out, _ = run(
        capsys, "query", "allies", "--graph", graph_file, "--param", f"actor={actor_iri('drc')}"
    )
    assert status == 0 and out.splitlines()[2:] == ["Democratic Republic of the Congo  Rwanda  supports"]


# A build and a store


@pytest.fixture
def two_folders(tmp_path):
    for folder, text in (
        ("a", "Egypt supports the Libyan National Army."),
        ("b", "Turkey supports the GNA."),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text + "\n")
    return tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"


def test_two_inputs_with_one_id_are_an_error_naming_both_unless_replace(capsys, tmp_path, two_folders):
    first, second = two_folders
    status, _, err = run(capsys, "build", first, second, "--out", tmp_path / "out")
    assert status == 1 and err == (
        f"kg: error: {second}: duplicate document id 'x' (also in {first}); --replace keeps the later\n"
    )
    assert run(capsys, "build", first, second, "--out", tmp_path / "out", "--replace")[0] == 0
    assert "Turkey" in (tmp_path / "out" / "triples.jsonl").read_text()
    assert "Egypt" not in (tmp_path / "out" / "triples.jsonl").read_text()
    store = tmp_path / "kg.db"
    assert run(capsys, "build", first, "--store", store)[0] == 0
    status, _, err = run(capsys, "build", second, "--store", store)
    assert status == 1 and err == (
        f"kg: error: {second}: document id 'x' is already in the store {store}, read from {first};"
        " --replace replaces it\n"
    )
    status, out, _ = run(capsys, "build", second, "--store", store, "--replace")
    assert status == 0 and out.startswith(f"store {store}: 0 added, 1 replaced, 0 unchanged\n")


def test_a_store_rebuild_with_nothing_new_says_so_and_prints_the_stores_totals(capsys, tmp_path, two_folders):
    first, _ = two_folders
    store = tmp_path / "kg.db"
    status, built, _ = run(capsys, "build", first, "--store", store)
    assert status == 0
    status, again, _ = run(capsys, "build", first, "--store", store)
    assert status == 0
    assert again.splitlines()[0] == f"store {store}: 0 added, 0 replaced, 1 unchanged; nothing new"
    assert again.splitlines()[1] == "in the store: 1 document, 2 actors, 1 relation"
    assert again.splitlines()[1:] == built.splitlines()[1:]
    assert "  supports            1" in again.splitlines()


def test_since_and_until_on_a_graph_with_no_dates_warn_that_nothing_is_dated(capsys, graph_file, tmp_path):
    status, _, err = run(
        capsys, "viz", "--graph", graph_file, "-o", tmp_path / "p.html", "--since", "2020-01-01"
    )
    assert status == 0
    assert err.splitlines()[0] == (
        f"kg: warning: {graph_file}: nothing in it is dated, so --since and --until leave every relation"
        " in; date the documents when building (a date field, a dateline or --date)"
    )


def test_the_page_is_titled_after_the_corpus_not_a_document_id(built_dir):
    page = (built_dir / "alliances.html").read_text(encoding="utf-8")
    assert "<title>Alliance graph: seeds</title>" in page
    assert "000_405d89bf9eb430b9</title>" not in page


def test_kg_analyse_takes_any_name_of_an_actor(capsys, graph_file):
    status, by_label, _ = run(capsys, "analyse", graph_file, "--actor", "Libyan National Army")
    assert status == 0
    assert by_label.splitlines()[:3] == [
        "Libyan National Army (ArmedGroup), bloc 2: Egypt, Libyan National Army",
        "  allies: Egypt",
        "  opponents: none",
    ]
    assert run(capsys, "analyse", graph_file, "--actor", "lna")[1] == by_label
    status, out, _ = run(capsys, "analyse", graph_file, "--actor", "Cairo", "--format", "json")
    assert status == 0 and '"label": "Egypt"' in out
    status, _, err = run(capsys, "analyse", graph_file, "--actor", "Congo")
    assert status == 1 and err.startswith("kg: error: 'Congo' names 2 actors (")
