"""The persistent store (Oxigraph): opening, incremental builds, removal, export, and the CLI over it."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from rdflib import Dataset, Literal
from rdflib.namespace import RDFS

from kg.analysis.network import to_networkx
from kg.app.cli import main
from kg.app.pipeline import build
from kg.errors import KGError
from kg.model import Actor, ActorType, Document, Evidence, Modality, Relation, RelationType
from kg.namespace import KG, actor_iri
from kg.query.sparql import query_text, run_query
from kg.rdf.backends import add_dataset, open_store, prepare, to_dataset, writing
from kg.rdf.graph import Extraction, build_graph, document_hashes, load_graph, remove_document
from kg.render.page import write_png

RUSSIA = Actor("russia", "Russia", ActorType.STATE, ("Russia", "Moscow"))
SYRIA = Actor("syria", "Syrian government", ActorType.GOVERNMENT)
FRANCE = Actor("france", "France", ActorType.STATE)
ESTONIA = Actor("estonia", "Estonia", ActorType.LOCATION)
READ = [
    ("d1", "Russia backs Damascus.", RUSSIA, RelationType.SUPPORTS, SYRIA, Modality.ASSERTED),
    ("d2", "France will deploy to Estonia.", FRANCE, RelationType.DEPLOYS_TO, ESTONIA, Modality.INTENDED),
]
DOCS = [Document(doc, text, "2024-03-02") for doc, text, *_ in READ]
RELATIONS = [
    Relation(subject, kind, obj, Evidence(doc, text, 0, len(text)), 0.8, modality)
    for doc, text, subject, kind, obj, modality in READ
]
RUN = Extraction(datetime(2024, 3, 3, tzinfo=UTC), datetime(2024, 3, 3, 1, tzinfo=UTC))
UNSAFE = '<script>alert("x")</script> \'quoted\' back\\slash /a/b """ Ḥaftar 東京 \U0001f600\nline two\t'


def quads(ds: Dataset) -> set:
    return {(s, p, o, getattr(c, "identifier", c)) for s, p, o, c in ds.quads((None, None, None, None))}


def triples(graph) -> set:
    return {(s, p, o) for s, p, o, _ in graph.quads((None, None, None, None))}


def write(folder, **texts):
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def evidence(store) -> set[str]:
    return {row[4] for row in run_query(store, query_text("evidence")).rows}


def test_a_dataset_goes_in_and_comes_out_the_same(tmp_path):
    ds = build_graph(DOCS, RELATIONS, RUN)
    store = open_store(tmp_path / "kg.db", create=True)
    add_dataset(store, ds)
    assert quads(to_dataset(store)) == quads(ds)
    assert document_hashes(store) == document_hashes(ds)


def test_remove_document_from_a_store(tmp_path):
    store = open_store(tmp_path / "kg.db", create=True)
    add_dataset(store, build_graph(DOCS, RELATIONS, RUN))
    assert remove_document(store, "d1") is True
    assert remove_document(store, "d1") is False
    assert set(document_hashes(store)) == {"d2"}
    assert run_query(store, query_text("supports")).rows == []
    assert (actor_iri("russia"), KG.supports, actor_iri("syria")) not in to_dataset(store)


def test_unsafe_names_survive_the_store(tmp_path):
    odd = Actor(UNSAFE, UNSAFE, ActorType.ARMED_GROUP)
    place = Actor("東京/<x>", "東京", ActorType.LOCATION)
    doc = Document('a/b<script>?x=1&y="2"', UNSAFE)
    relation = Relation(odd, RelationType.DEPLOYS_TO, place, Evidence(doc.id, UNSAFE, 0, 5), 0.5)
    ds = build_graph([doc], [relation], RUN)
    store = open_store(tmp_path / "kg.db", create=True)
    add_dataset(store, ds)
    assert triples(to_dataset(store)) == triples(ds)
    assert run_query(store, query_text("deployments")).rows[0][:2] == (UNSAFE, "東京")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no kg store there"),
        (lambda p: p.write_text("x", encoding="utf-8"), "is a file, not a kg store"),
        (lambda p: p.mkdir(), "no kg store there"),
    ],
)
def test_opening_what_is_not_a_store(tmp_path, setup, message):
    path = tmp_path / "kg.db"
    setup(path)
    with pytest.raises(KGError, match=message):
        open_store(path, read_only=True)


def test_a_folder_of_other_files_is_not_made_a_store(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KGError, match="folder of other files"):
        open_store(tmp_path, create=True)


def test_incremental_builds(tmp_path):
    inputs = write(
        tmp_path / "in",
        a="Egypt supports the Libyan National Army.",
        b="Turkey opposes the Libyan National Army.",
    )
    store_path = tmp_path / "kg.db"
    first = build([inputs], None, store=store_path)
    assert (first.added, first.replaced, first.skipped, first.files) == (2, 0, 0, ())
    store = open_store(store_path, read_only=True)
    before = quads(to_dataset(store))
    del store

    again = build([inputs], None, store=store_path)
    assert (again.added, again.replaced, again.skipped) == (0, 0, 2)
    assert quads(to_dataset(open_store(store_path, read_only=True))) == before

    write(inputs, a="Egypt opposes the Libyan National Army.", c="Russia supports Egypt.")
    changed = build([inputs], tmp_path / "out", store=store_path)
    assert (changed.added, changed.replaced, changed.skipped) == (1, 1, 1)
    store = open_store(store_path, read_only=True)
    sentences = evidence(store)
    assert "Egypt supports the Libyan National Army." not in sentences
    assert {"Egypt opposes the Libyan National Army.", "Russia supports Egypt."} <= sentences
    assert "Turkey opposes the Libyan National Army." in sentences
    assert ("Egypt", "Libyan National Army") not in run_query(store, query_text("supports")).rows

    # the files written with --out show the whole store
    exported = load_graph(tmp_path / "out" / "graph.ttl")
    assert triples(exported) == triples(to_dataset(store))
    records = [json.loads(line) for line in (tmp_path / "out" / "triples.jsonl").read_text().splitlines()]
    assert {r["doc"] for r in records} == {"a", "b", "c"}
    assert changed.documents == 3


def test_cli_build_and_query_a_store(tmp_path, capsys):
    inputs = write(tmp_path / "in", a="Egypt supports the Libyan National Army.")
    store = tmp_path / "kg.db"
    assert main(["build", str(inputs), "--store", str(store)]) == 0
    assert "1 added, 0 replaced, 0 unchanged" in capsys.readouterr().out
    assert main(["build", str(inputs), "--store", str(store)]) == 0
    assert "0 added, 0 replaced, 1 unchanged" in capsys.readouterr().out
    status = main(["query", "supports", "--store", str(store), "--format", "json"])
    assert status == 0
    assert json.loads(capsys.readouterr().out) == [{"subject": "Egypt", "object": "Libyan National Army"}]


def test_querying_a_missing_store_is_an_error_and_makes_nothing(tmp_path, capsys):
    store = tmp_path / "missing.db"
    assert main(["query", "supports", "--store", str(store)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "no kg store there" in err and err.count("\n") == 1
    assert not store.exists()


def test_query_needs_a_graph_or_a_store(tmp_path, capsys):
    assert main(["query", "supports"]) == 2
    assert main(["query", "supports", "--graph", "g.ttl", "--store", "s"]) == 2
    assert "one of them" in capsys.readouterr().err


def test_build_needs_an_output(tmp_path, capsys):
    assert main(["build", str(tmp_path)]) == 2
    assert "--out DIR, --store STORE or both" in capsys.readouterr().err


def test_infer_states_inverse_and_symmetric_relations(built_dir, capsys):
    graph = str(built_dir / "graph.ttl")
    sparql = "SELECT ?a ?b WHERE { ?a kg:ledBy ?b }"
    assert main(["query", sparql, "--graph", graph, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["query", sparql, "--graph", graph, "--format", "json", "--infer"]) == 0
    led = {(r["a"], r["b"]) for r in json.loads(capsys.readouterr().out)}
    seed = load_graph(built_dir / "graph.ttl")
    assert led == {(str(o), str(s)) for s, o in seed.subject_objects(KG.leads)}
    assert led


def test_labels_of_the_seed_store_match_the_graph(built_dir, tmp_path):
    seed = load_graph(built_dir / "graph.ttl")
    store = open_store(tmp_path / "kg.db", create=True)
    add_dataset(store, seed)
    for name in ("supports", "leaders", "allies", "evidence", "relations"):
        assert run_query(store, query_text(name)) == run_query(seed, query_text(name))
    assert Literal("Egypt") in set(to_dataset(store).objects(actor_iri("egypt"), RDFS.label))


def test_a_store_an_unreachable_cycle_still_holds_can_be_opened_again(tmp_path):
    """A Store dropped while in a reference cycle keeps its lock until collected: opening the
    folder again collects it rather than failing with "lock hold by current process"."""
    store = open_store(tmp_path / "st", create=True)
    holder = {"store": store}
    holder["self"] = holder
    del store, holder
    assert len(open_store(tmp_path / "st")) == 0


def test_a_queried_store_closes_when_dropped_after_a_png_was_drawn(tmp_path):
    """Drawing a PNG loads pyplot, which turns on pyparsing's packrat cache: the cache must not keep
    the parse's exceptions, whose tracebacks hold the frames of the query's callers and the store in
    them, or the store stays open after its block ("lock hold by current process")."""
    graph = build_graph(DOCS, RELATIONS, RUN)
    write_png(to_networkx(graph), tmp_path / "graph.png")
    prepare.cache_clear()  # so that the query is parsed here, the store in its callers' frames
    with writing(tmp_path / "kg.db") as store:
        add_dataset(store, graph)
        assert len(run_query(store, "SELECT ?d WHERE { ?d a kg:Document }").rows) == 2
        del store
    with writing(tmp_path / "kg.db") as store:
        assert set(document_hashes(store)) == {"d1", "d2"}
        del store
