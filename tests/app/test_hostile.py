"""Nothing lost, nothing hangs: identities that do not collide, a store that survives crashes and
company, inputs that cannot exhaust the machine, outputs that are whole or not there."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import DCTERMS, RDF, RDFS

import kg.extract.corpus
from kg.app.cli import main
from kg.app.pipeline import build
from kg.errors import KGError, KGWarning
from kg.extract import RULES, rule
from kg.extract.corpus import extract
from kg.model import Actor, ActorType, Document, Evidence, Relation, RelationType
from kg.namespace import KG, actor_iri, document_iri
from kg.rdf.backends import add_dataset, open_store, reading, writer, writing
from kg.rdf.graph import build_graph, document_hashes

COLLIDING_IDS = [
    "A B",
    "a-b",
    "a_b",
    "Reuters-001",
    "reuters-001",
    "a/b/../c",
    "a-b-c",
    "https://example.org/news/" + "x" * 80 + "/1",
    "https://example.org/news/" + "x" * 80 + "/2",
    "東京",
    "大阪",
]


def test_distinct_document_ids_get_distinct_iris():
    iris = [document_iri(doc_id) for doc_id in COLLIDING_IDS]
    assert len(set(iris)) == len(iris)
    assert all(len(str(iri).rsplit("/", 1)[-1]) <= 80 for iri in iris)
    assert document_iri("reuters-001").endswith("/reuters-001")  # a clean id is its own slug


def test_distinct_long_actor_names_get_distinct_iris():
    long = "national front for the salvation of the people of the north and the south and the east"
    assert actor_iri(long + " a") != actor_iri(long + " b")
    assert actor_iri("libyan national army").endswith("/libyan-national-army")
    # the key read back from an IRI mints the same IRI (relations_from_graph)
    key = str(actor_iri(long + " a")).rsplit("/", 1)[-1]
    assert actor_iri(key) == actor_iri(long + " a")


def test_documents_whose_ids_slug_alike_all_stay_in_a_store(tmp_path):
    inputs = tmp_path / "in.jsonl"
    records = [
        {"id": doc_id, "text": f"Egypt supports the Libyan National Army ({n})."}
        for n, doc_id in enumerate(COLLIDING_IDS)
    ]
    for record in records:  # one build per document: none may replace another
        inputs.write_text(json.dumps(record) + "\n", encoding="utf-8")
        build([inputs], None, store=tmp_path / "kg.db")
    with reading(tmp_path / "kg.db") as store:
        assert set(document_hashes(store)) == set(COLLIDING_IDS)


@pytest.mark.parametrize("order", [1, -1], ids=["short-first", "full-first"])
def test_an_actor_has_one_label_whatever_the_order_and_the_build_validates(tmp_path, capsys, order):
    records = [
        {"id": "d1", "text": "Erdogan supports the Government of National Accord."},
        {"id": "d2", "text": "Turkish President Recep Tayyip Erdogan met Vladimir Putin in Moscow."},
    ][::order]
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert main(["build", str(inputs), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    graph = Graph().parse(tmp_path / "out" / "graph.ttl")
    erdogan = [node for node in graph.subjects(RDFS.label, None) if "erdogan" in str(node)]
    assert erdogan
    for node in erdogan:
        assert [str(label) for label in graph.objects(node, RDFS.label)] == ["Recep Tayyip Erdogan"]
    assert main(["validate", str(tmp_path / "out" / "graph.ttl")]) == 0
    capsys.readouterr()


def test_an_incremental_build_keeps_the_stores_type_and_label_of_an_actor(tmp_path, capsys):
    """An actor the store already has keeps its one kg type and label, whatever a later run reads."""
    store = tmp_path / "kg.db"
    egypt = Actor("egypt", "Arab Republic of Egypt", ActorType.PERSON)
    chad = Actor("chad", "Chad", ActorType.STATE)
    text = "Egypt meets Chad."
    relation = Relation(egypt, RelationType.MEETS_WITH, chad, Evidence("old", text, 0, len(text)), 0.9)
    with writer(store), writing(store) as database:
        add_dataset(database, build_graph([Document("old", text)], [relation]))
        del database
    (tmp_path / "new.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    assert (
        main(["build", str(tmp_path / "new.txt"), "--store", str(store), "--out", str(tmp_path / "o")]) == 0
    )
    graph = Graph().parse(tmp_path / "o" / "graph.ttl")
    node = actor_iri("egypt")
    assert set(graph.objects(node, RDF.type)) == {KG.Person}
    assert [str(label) for label in graph.objects(node, RDFS.label)] == ["Arab Republic of Egypt"]
    assert main(["validate", "--store", str(store)]) == 0
    capsys.readouterr()


def test_a_second_writer_is_told_who_holds_the_store(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    store = tmp_path / "kg.db"
    assert main(["build", str(tmp_path / "a.txt"), "--store", str(store), "--quiet"]) == 0
    with writer(store):
        status = main(["build", str(tmp_path / "a.txt"), "--store", str(store)])
    err = capsys.readouterr().err
    assert status == 1
    assert err == f"kg: error: {store}: store is in use by PID {os.getpid()}; try again when it is done\n"


def test_a_reader_waits_while_a_build_writes_and_never_sees_it_half_done(tmp_path):
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    store = tmp_path / "kg.db"
    build([tmp_path / "a.txt"], None, store=store)
    query = [sys.executable, "-m", "kg", "query", "relations", "--store", str(store), "--format", "csv"]
    with writer(store), writing(store) as database:
        waiting = subprocess.run([*query, "--timeout", "2"], capture_output=True, text=True, timeout=60)
        del database
    assert waiting.returncode == 1
    assert waiting.stderr == "kg: error: the query ran over its time limit of 2 s (--timeout)\n"
    after = subprocess.run(query, capture_output=True, text=True, timeout=60)
    assert after.returncode == 0, after.stderr
    assert "supports" in after.stdout


def store_state(path: Path) -> tuple[dict[str, str], bool]:
    """The documents of the store at ``path``, and whether its default graph is exactly the union
    of its named graphs."""
    with reading(path) as store:
        hashes = document_hashes(store)
        extra = store.query("ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }")
        missing = store.query("ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }")
        union = not bool(extra) and not bool(missing)
        del store
    return hashes, union


def corpus(folder: Path, version: int, count: int = 30, prefix: str = "d") -> Path:
    """``folder`` holding just ``count`` documents of round ``version``, named ``prefix`` and a number."""
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for n in range(count):
        verb = "supports" if version % 2 else "opposes"
        text = f"Egypt {verb} the Libyan National Army. Turkey meets Qatar in round {version}, item {n}."
        (folder / f"{prefix}{n:02}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.slow
def test_kill_9_during_a_store_build_leaves_every_document_old_or_new(tmp_path):
    store = tmp_path / "kg.db"
    build([corpus(tmp_path / "in", 0)], None, store=store)
    expected = set(document_hashes_of(store))
    for version in range(1, 7):
        kill_at_random(version, "build", corpus(tmp_path / "in", version), "--store", store)
        hashes, union = store_state(store)
        assert set(hashes) == expected, f"documents lost after a kill in round {version}"
        assert union, f"the default graph is not the union of the documents after round {version}"


def kill_at_random(
    seed: int, *argv: object, cwd: Path | None = None, window: tuple[float, float] = (2.0, 9.0)
) -> None:
    """Run ``kg argv`` (in ``cwd``) and kill -9 it at a random moment of ``window`` (seconds from
    its start; by default from its start to past its writing)."""
    child = subprocess.Popen(
        [sys.executable, "-m", "kg", *map(str, argv)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
    )
    time.sleep(random.Random(seed).uniform(*window))
    child.send_signal(signal.SIGKILL)
    child.wait()


def writing_window(*argv: object, cwd: Path | None = None) -> tuple[float, float]:
    """Run ``kg argv`` to its end; the last 40% of the time it took, where a build writes its files."""
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "kg", *map(str, argv)], check=True, capture_output=True, cwd=cwd)
    took = time.monotonic() - started
    return 0.6 * took, took


def document_hashes_of(path: Path) -> dict[str, str]:
    return store_state(path)[0]


def test_store_files_are_not_other_files(tmp_path):
    """A folder holding only kg's lock files is still an empty place for a store."""
    store = tmp_path / "kg.db"
    with writer(store):
        pass
    assert [p.name for p in store.iterdir()] == [".kg-writer"]
    assert open_store(store, create=True) is not None
    assert (store / "CURRENT").is_file()


def rounds(out: Path) -> list[set[str]]:
    """The build rounds (document id prefixes ``rN-``) that each of the three output files shows."""
    graph = Graph().parse(out / "graph.ttl")
    in_graph = {str(doc_id).split("-")[0] for doc_id in graph.objects(None, DCTERMS.identifier)}
    records = [json.loads(line) for line in (out / "triples.jsonl").read_text().splitlines()]
    page = (out / "alliances.html").read_text(encoding="utf-8")
    return [
        in_graph,
        {record["doc"].split("-")[0] for record in records},
        set(re.findall(r"\b(r\d+)-d\d", page)),
    ]


def round_corpus(folder: Path, version: int) -> Path:
    return corpus(folder, version, 20, prefix=f"r{version}-d")


@pytest.mark.slow
def test_kill_9_during_a_build_leaves_the_old_outputs_or_the_new_whole(tmp_path):
    out = tmp_path / "out"
    window = writing_window("build", round_corpus(tmp_path / "in", 0), "--out", out)
    for version in range(1, 7):
        kill_at_random(version, "build", round_corpus(tmp_path / "in", version), "--out", out, window=window)
        shown = rounds(out)
        assert shown[0] == shown[1] == shown[2] and len(shown[0]) == 1, shown
    build([tmp_path / "in"], out)
    assert rounds(out) == [{"r6"}] * 3
    assert [p.name for p in tmp_path.iterdir() if "kg-build" in p.name] == []


@pytest.mark.slow
@pytest.mark.parametrize("case", ["subfolder", "working-folder"])
def test_kill_9_during_a_build_that_cannot_swap_its_folder_leaves_every_file_whole(tmp_path, case):
    """A folder holding a folder, or the working folder, is not swapped: each file is replaced by an
    atomic rename of its own, so a kill leaves every file old or new and whole, and the next build
    removes what the killed one staged."""
    out = tmp_path / "out"
    (out / "notes").mkdir(parents=True)
    (out / "notes" / "mine.md").write_text("mine", encoding="utf-8")
    cwd = out if case == "working-folder" else tmp_path
    window = writing_window("build", round_corpus(tmp_path / "in", 0), "--out", out, cwd=cwd)
    inode = out.stat().st_ino
    for version in range(1, 7):
        argv = ("build", round_corpus(tmp_path / "in", version), "--out", out)
        kill_at_random(version, *argv, cwd=cwd, window=window)
        assert all(len(shown) == 1 for shown in rounds(out)), rounds(out)  # each file parses, whole
    assert main(["build", str(tmp_path / "in"), "--out", str(out), "--quiet"]) == 0
    assert rounds(out) == [{"r6"}] * 3
    assert sorted(p.name for p in out.iterdir()) == ["alliances.html", "graph.ttl", "notes", "triples.jsonl"]
    assert [p.name for p in tmp_path.iterdir() if "kg-build" in p.name] == []
    assert (out / "notes" / "mine.md").read_text(encoding="utf-8") == "mine"
    assert out.stat().st_ino == inode  # never swapped: the files were replaced in it


def test_a_build_into_the_working_folder_stages_inside_it(tmp_path, monkeypatch, capsys):
    """The working folder is not swapped (the shell in it would be left in a removed folder): the
    files are staged inside it and a killed build's leftovers there are removed."""
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".kg-build-999999999-abc"
    stale.mkdir()
    (stale / "graph.ttl").write_text("half", encoding="utf-8")
    monkeypatch.chdir(out)
    inode = out.stat().st_ino
    assert main(["build", str(tmp_path / "a.txt"), "--out", ".", "--quiet"]) == 0
    assert out.stat().st_ino == inode  # the same folder, not a swapped-in one
    assert sorted(p.name for p in out.iterdir()) == ["alliances.html", "graph.ttl", "triples.jsonl"]
    assert rounds(out)[1] == {"a"}
    assert capsys.readouterr().err == ""


def test_a_build_into_a_folder_whose_parent_is_read_only_succeeds(tmp_path, bound_by_permissions):
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    parent = tmp_path / "locked"
    (parent / "out").mkdir(parents=True)
    parent.chmod(0o555)
    try:
        command = ["build", str(tmp_path / "a.txt"), "--out", str(parent / "out"), "--quiet"]
        done = subprocess.run(
            [*bound_by_permissions, sys.executable, "-m", "kg", *command],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        parent.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (parent / "out").iterdir()) == [
        "alliances.html",
        "graph.ttl",
        "triples.jsonl",
    ]
    assert done.stderr == ""


def test_staging_folders_of_killed_builds_are_removed_and_others_kept(tmp_path):
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    stale = [tmp_path / ".out.kg-build-999999999-abc", out / ".kg-build-x1y2"]
    for folder in stale:
        folder.mkdir()
        (folder / "graph.ttl").write_text("half", encoding="utf-8")
    running = tmp_path / f".out.kg-build-{os.getpid()}-live"
    running.mkdir()
    build([tmp_path / "a.txt"], out)
    assert not any(folder.exists() for folder in stale)
    assert running.exists()
    assert sorted(p.name for p in out.iterdir()) == [
        "alliances.html",
        "graph.ttl",
        "notes.md",
        "triples.jsonl",
    ]
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"


def test_a_build_into_its_own_input_folder_does_not_read_its_outputs(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Egypt supports the Libyan National Army.", encoding="utf-8")
    for _ in range(2):
        assert main(["build", str(tmp_path), "--out", str(tmp_path)]) == 0
        assert capsys.readouterr().out.startswith("1 document, ")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.txt",
        "alliances.html",
        "graph.ttl",
        "triples.jsonl",
    ]


def test_dollar_signs_in_names_are_drawn_as_text(tmp_path, capsys):
    from kg.rdf.graph import save_graph

    odd = Actor("odd", "$x^$ Brigade of $\\frac{1}{$", ActorType.ARMED_GROUP)
    chad = Actor("chad", "Chad", ActorType.STATE)
    text = "The odd brigade supports Chad."
    relation = Relation(odd, RelationType.SUPPORTS, chad, Evidence("d1", text, 0, len(text)), 0.9)
    graph = save_graph(build_graph([Document("d1", text)], [relation]), tmp_path / "graph.ttl")
    assert main(["viz", "--graph", str(graph), "--png", str(tmp_path / "g.png")]) == 0
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    assert "Traceback" not in capsys.readouterr().err


def extracted(capsys, path: Path) -> tuple[list[dict], str]:
    assert main(["extract", str(path), "--quiet"]) == 0
    out, err = capsys.readouterr()
    return [json.loads(line) for line in out.splitlines()], err


def test_a_sentence_too_long_to_parse_is_cut_with_a_warning(tmp_path, capsys):
    path = tmp_path / "run-on.txt"
    path.write_text(
        "Egypt supports the Libyan National Army and " * 300 + "Chad opposes Sudan.", encoding="utf-8"
    )
    records, err = extracted(capsys, path)
    assert err == (
        "kg: warning: run-on: a paragraph of 13,219 characters has a sentence longer than 2,000;"
        " it is parsed in pieces of that size\n"
    )
    text = path.read_text(encoding="utf-8")
    assert records and all(text[r["start"] : r["end"]] == r["sentence"] for r in records)
    assert ("Chad", "opposes", "Sudan") in {(r["subject"], r["relation"], r["object"]) for r in records}


@pytest.mark.slow
def test_a_long_document_is_read_as_its_lines_are(tmp_path, capsys):
    """A paragraph of 180,000 characters is cut at sentence ends into pieces, and read in sections,
    with no warning: it gives the relations the same sentences give one a line."""
    sentence = "Egypt supports the Libyan National Army on Monday, and Turkey opposes it in January 2020. "
    (tmp_path / "one.txt").write_text(sentence * 2000, encoding="utf-8")
    (tmp_path / "lines.txt").write_text((sentence + "\n") * 2000, encoding="utf-8")
    one, err = extracted(capsys, tmp_path / "one.txt")
    lines, _ = extracted(capsys, tmp_path / "lines.txt")
    assert err == (  # no warning but that the text's "on Monday" has no document date to resolve against
        "kg: warning: 1 document has no date, so its relative dates ('Monday' in one) resolve to nothing;"
        " give --date YYYY-MM-DD\n"
    )
    assert len(one) == len(lines) >= 2000

    def facts(records):
        return sorted(
            (r["subject"], r["relation"], r["object"], r["sentence"].strip(), r.get("date")) for r in records
        )

    assert facts(one) == facts(lines)
    text = (tmp_path / "one.txt").read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["sentence"] for r in one)


def test_a_document_under_an_older_iri_is_replaced_not_doubled(tmp_path):
    """Stores made before ids had hash suffixes hold 'Libya_2019' as kgd:libya-2019."""
    from rdflib import Dataset

    from kg.namespace import DOC

    store = tmp_path / "kg.db"
    old_text = "Egypt supports the Libyan National Army."
    relation = Relation(
        Actor("egypt", "Egypt", ActorType.STATE),
        RelationType.SUPPORTS,
        Actor("lna", "LNA", ActorType.ARMED_GROUP),
        Evidence("Libya_2019", old_text, 0, len(old_text)),
        0.9,
    )
    legacy = Dataset()
    for s, p, o, _ in build_graph([Document("Libya_2019", old_text)], [relation]).quads():
        legacy.graph(DOC["libya-2019"]).add((s, p, o))
    with writer(store), writing(store) as database:
        add_dataset(database, legacy)
        del database
    (tmp_path / "Libya_2019.txt").write_text("Chad opposes Sudan.", encoding="utf-8")
    build([tmp_path / "Libya_2019.txt"], None, store=store)
    with reading(store) as database:
        graphs = [graph.value for graph in database.named_graphs()]
        sentences = {
            row[0].value
            for row in database.query("SELECT ?s WHERE { ?a kg:evidence ?s }", prefixes={"kg": str(KG._NS)})
        }
        del database
    assert graphs == [str(document_iri("Libya_2019"))]
    assert sentences == {"Chad opposes Sudan."}
    hashes, union = store_state(store)
    assert list(hashes) == ["Libya_2019"] and union


def test_two_readings_of_one_assertion_give_it_one_confidence():
    from kg.rdf.graph import one_per_assertion
    from kg.rdf.validate import validate

    sentence = "Moscow posted advisers in Luanda, and Soviet personnel served in Angola."
    soviet, angola = (
        Actor("soviet union", "Soviet Union", ActorType.STATE),
        Actor("angola", "Angola", ActorType.STATE),
    )
    readings = [
        Relation(
            soviet, RelationType.DEPLOYS_TO, angola, Evidence("d1", sentence, 0, len(sentence)), confidence
        )
        for confidence in (0.68, 0.7, 0.5)
    ]
    assert one_per_assertion(readings) == [readings[1]]
    document = Document("d1", sentence)
    assert not validate(build_graph([document], readings)).conforms
    assert validate(build_graph([document], one_per_assertion(readings))).conforms


def hashes_of(folder: Path) -> dict[str, str]:
    from kg.ingest.documents import read_documents
    from kg.rdf.graph import content_hash

    return {document.id: content_hash(document) for document in read_documents([folder])}


@pytest.mark.slow
@pytest.mark.parametrize("limit", [100_000, 400_000])
def test_a_full_disk_leaves_every_document_old_or_new(tmp_path, limit):
    """A file size limit (RLIMIT_FSIZE) stands in for a full disk: RocksDB's writes fail mid-build."""
    import resource

    store = tmp_path / "kg.db"
    build([corpus(tmp_path / "in", 0, 60)], None, store=store)
    old = hashes_of(tmp_path / "in")
    new = hashes_of(corpus(tmp_path / "in", 1, 60))

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "kg", "build", str(tmp_path / "in"), "--store", str(store)]
    result = subprocess.run(command, preexec_fn=full_disk, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"kg: error: {store}: cannot write to the store: IO error:")
    hashes, union = store_state(store)
    assert union and set(hashes) == set(old)
    assert all(hashes[doc] in (old[doc], new[doc]) for doc in hashes)
    build([tmp_path / "in"], None, store=store)  # with room again, the build completes
    assert store_state(store) == (new, True)


MARKER = "Zorblat"
WARNING = f"kg: warning: bad: left out, its extraction failed: ValueError: {MARKER} met\n"


@pytest.fixture
def failing_rule() -> Iterator[None]:
    """A rule that raises on any sentence naming ``MARKER``; removed from the registry afterwards."""

    @rule
    def fails_on_marker(sentence) -> Iterator:
        if MARKER in sentence.span.text:
            raise ValueError(f"{MARKER} met")
        yield from ()

    try:
        yield
    finally:
        del RULES["fails_on_marker"]


def jsonl(path: Path, records: dict[str, str]) -> Path:
    path.write_text(
        "".join(json.dumps({"id": key, "text": text}) + "\n" for key, text in records.items()),
        encoding="utf-8",
    )
    return path


def triples(out: Path) -> set[tuple[str, str, str, str]]:
    records = [json.loads(line) for line in (out / "triples.jsonl").read_text(encoding="utf-8").splitlines()]
    return {(r["doc"], r["subject"], r["relation"], r["object"]) for r in records}


def test_a_failing_document_is_left_out_of_a_store_build_which_keeps_its_old_version(
    failing_rule, tmp_path, capsys
):
    store, out = tmp_path / "kg.db", tmp_path / "out"
    first = jsonl(tmp_path / "first.jsonl", {"bad": "Egypt supports the Libyan National Army."})
    assert main(["build", str(first), "--store", str(store), "--quiet"]) == 0
    before, _ = store_state(store)
    second = jsonl(
        tmp_path / "second.jsonl",
        {
            "good1": "Chad opposes Sudan.",
            "bad": f"Turkey opposes the Libyan National Army. {MARKER} said so.",
            "good2": "Qatar supports Turkey.",
        },
    )
    assert main(["build", str(second), "--store", str(store), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.err == WARNING + (
        "kg: warning: 1 of 3 documents was left out because its extraction failed (see above);"
        " --strict makes that an error\n"
    )
    assert captured.out.startswith(f"store {store}: 2 added, 0 replaced, 0 unchanged, 1 left out\n")
    hashes, union = store_state(store)
    assert union and hashes == {**before, "good1": hashes["good1"], "good2": hashes["good2"]}
    assert triples(out) == {
        ("bad", "Egypt", "supports", "Libyan National Army"),  # the old version, whole
        ("good1", "Chad", "opposes", "Sudan"),
        ("good2", "Qatar", "supports", "Turkey"),
    }


def test_strict_makes_a_failing_document_an_error_and_writes_nothing(failing_rule, tmp_path, capsys):
    store, out = tmp_path / "kg.db", tmp_path / "out"
    good = jsonl(tmp_path / "good.jsonl", {"good1": "Chad opposes Sudan."})
    assert main(["build", str(good), "--store", str(store), "--out", str(out), "--quiet"]) == 0
    before, page = store_state(store), (out / "alliances.html").read_bytes()
    inputs = jsonl(tmp_path / "in.jsonl", {"good2": "Qatar supports Turkey.", "bad": f"Egypt met {MARKER}."})
    assert main(["build", str(inputs), "--store", str(store), "--out", str(out), "--strict"]) == 1
    assert capsys.readouterr().err == (
        f"kg: error: bad: extraction failed: ValueError: {MARKER} met (--strict)\n"
    )
    assert store_state(store) == before
    assert (out / "alliances.html").read_bytes() == page


def test_kg_extract_prints_the_other_documents_and_counts_the_failed(failing_rule, tmp_path, capsys):
    inputs = jsonl(
        tmp_path / "in.jsonl",
        {
            "good1": "Chad opposes Sudan.",
            "bad": f"{MARKER} supports Chad.",
            "good2": "Qatar supports Turkey.",
        },
    )
    assert main(["extract", str(inputs)]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["doc"] for line in out.splitlines()] == ["good1", "good2"]
    assert err.startswith(WARNING)
    assert err.endswith(
        "kg: warning: 1 of 3 documents was left out because its extraction failed"
        " (see above); --strict makes that an error\n"
    )
    assert main(["extract", str(inputs), "--strict", "-o", str(tmp_path / "r.jsonl")]) == 1
    assert capsys.readouterr().err.startswith("kg: error: bad: extraction failed")
    assert not (tmp_path / "r.jsonl").exists()


def test_a_long_document_failing_in_one_section_is_left_out_whole(failing_rule, monkeypatch):
    """A document read in sections: one failing section drops the document's other sections too,
    and the next document is read as if nothing had happened."""
    monkeypatch.setattr(kg.extract.corpus, "SECTION", 60)  # sections of a paragraph or two
    paragraphs = ["Egypt supports the Libyan National Army.", f"{MARKER} is here.", "Chad opposes Sudan."]
    documents = [Document("bad", "\n\n".join(paragraphs)), Document("good", "Qatar supports Turkey.")]
    with pytest.warns(KGWarning, match=f"^bad: left out, its extraction failed: ValueError: {MARKER} met$"):
        read = [(document.id, [r.relation.value for r in found]) for document, found in extract(documents)]
    assert read == [("good", ["supports"])]
    with pytest.raises(KGError, match=r"^bad: extraction failed"):
        list(extract(documents, strict=True))


def test_extract_to_a_file_streams_and_a_strict_failure_keeps_the_old_file(failing_rule, tmp_path, capsys):
    target = tmp_path / "out" / "relations.jsonl"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    records = {
        "good1": "Chad opposes Sudan.",
        "bad": f"{MARKER} backs Egypt.",
        "good2": "Qatar supports Turkey.",
    }
    inputs = jsonl(tmp_path / "in.jsonl", records)
    assert main(["extract", str(inputs), "-o", str(target), "--strict"]) == 1
    assert (
        capsys.readouterr().err == f"kg: error: bad: extraction failed: ValueError: {MARKER} met (--strict)\n"
    )
    assert target.read_text(encoding="utf-8") == "old\n" and os.listdir(target.parent) == ["relations.jsonl"]
    assert main(["extract", str(inputs), "-o", str(target), "--quiet"]) == 0
    written = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc"], r["subject"], r["object"]) for r in written] == [
        ("good1", "Chad", "Sudan"),
        ("good2", "Qatar", "Turkey"),
    ]
