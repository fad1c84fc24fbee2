from __future__ import annotations

import os
import re

import pytest

from kg.errors import KGError
from kg.ingest.documents import read_documents
from tests.paths import DATA, SEEDS


def test_a_text_file_is_one_document_named_after_the_file():
    path = next(SEEDS.glob("*.txt"))
    [document] = read_documents([path])
    assert document.id == path.stem
    assert document.text == path.read_text(encoding="utf-8")
    assert document.source == str(path)
    assert document.date is None


def test_a_folder_gives_its_text_files_in_name_order_and_skips_others():
    documents = list(read_documents([DATA / "folder"]))
    assert [d.id for d in documents] == ["a", "b"]
    assert documents[0].text == "Egypt supports the Libyan National Army.\n"


def test_several_inputs_are_read_in_order():
    documents = list(read_documents([DATA / "folder" / "b.txt", str(DATA / "folder" / "a.txt")]))
    assert [d.id for d in documents] == ["b", "a"]


def test_jsonl_records_keep_id_text_date_source_and_other_fields():
    first, second = read_documents([DATA / "records.jsonl"])
    assert first.id == "r1"
    assert first.text == "Turkey backs the Government of National Accord."
    assert first.date == "2019-12-20"
    assert first.source == "https://example.org/r1"
    assert first.meta == {"lang": "en"}
    assert second.id == "r2"
    assert second.date is None and second.source is None and second.meta == {}


def test_a_utf8_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffEgypt backs the LNA.".encode())
    [document] = read_documents([path])
    assert document.text == "Egypt backs the LNA."


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.txt", r"missing\.txt: no such file or directory$"),
        ("empty.txt", r"empty\.txt: file is empty$"),
        ("latin1.txt", r"latin1\.txt: not UTF-8 text \(bad byte at offset 3\)"),
        ("binary.txt", r"binary\.txt: looks like a binary file"),
        ("malformed.jsonl", r"malformed\.jsonl:2: malformed JSON"),
        ("no-text.jsonl", r"no-text\.jsonl:1: a record needs an 'id' and a 'text' field$"),
    ],
)
def test_bad_input_raises_one_line_naming_the_file_and_the_problem(name, message):
    with pytest.raises(KGError) as caught:
        list(read_documents([DATA / name]))
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(DATA / name))
    assert re.search(message, text), text


def test_duplicate_ids_and_non_string_text_are_refused(tmp_path):
    path = tmp_path / "dup.jsonl"
    path.write_text('{"id": 1, "text": "a"}\n{"id": "1", "text": "b"}\n', encoding="utf-8")
    duplicate = r"dup\.jsonl:2: duplicate document id '1' \(also in .*dup\.jsonl:1\); --replace keeps"
    with pytest.raises(KGError, match=duplicate):
        list(read_documents([path]))
    path.write_text('{"id": "x", "text": 3}\n', encoding="utf-8")
    with pytest.raises(KGError, match=r"dup\.jsonl:1: 'text' must be a string"):
        list(read_documents([path]))


def test_a_folder_with_nothing_to_read_is_an_error(tmp_path):
    (tmp_path / "notes.log").write_text("a,b\n", encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<urlset/>\n", encoding="utf-8")  # a feed only when named
    nothing = r"folder holds no input file \(\.atom, \.csv, .*\.rss, \.text, \.txt\)"
    with pytest.raises(KGError, match=nothing):
        list(read_documents([tmp_path]))


def test_an_id_across_files_is_one_document_only(tmp_path):
    (tmp_path / "x.txt").write_text("Egypt backs the LNA.", encoding="utf-8")
    (tmp_path / "records.jsonl").write_text('{"id": "x", "text": "Chad backs the LNA."}\n', encoding="utf-8")
    duplicate = r"x\.txt: duplicate document id 'x' \(also in .*records\.jsonl:1\); --replace keeps the"
    with pytest.raises(KGError, match=duplicate):
        list(read_documents([tmp_path]))


def test_a_file_given_twice_is_an_error_not_twice_the_documents(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Egypt backs the LNA.", encoding="utf-8")
    for again in (path, tmp_path / "." / "a.txt", tmp_path):
        with pytest.raises(KGError, match=r"a\.txt: given twice \(also as .*a\.txt\)$"):
            list(read_documents([path, again]))


def test_kg_outputs_in_a_folder_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text("Egypt backs the LNA.", encoding="utf-8")
    (tmp_path / "triples.jsonl").write_text('{"doc": "a"}\n', encoding="utf-8")
    documents = read_documents([tmp_path], skip=[tmp_path / "triples.jsonl"])
    assert [d.id for d in documents] == ["a"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": null, "text": "a"}', r"'id' must be a non-empty string or a number, not null$"),
        ('{"id": "", "text": "a"}', r"'id' must be a non-empty string"),
        ('{"id": true, "text": "a"}', r".*not true$"),
        ('{"id": ["a"], "text": "a"}', r'.*not \["a"\]$'),
        (
            '{"id": "a", "text": "a", "date": "2020-13-45"}',
            r"'date' must be an ISO date \(YYYY-MM-DD\), not \"2020-13-45\"",
        ),
        ('{"id": "a", "text": "a", "date": "yesterday"}', r".*not \"yesterday\"$"),
        ('{"id": "a", "text": "a", "date": {"y": 2020}}', r"'date' must be an ISO date"),
        ('{"id": "a", "text": "a", "date": 2020}', r"'date' must be an ISO date"),
        ('{"id": "a", "text": "x \\ud800 y"}', r"'text' holds a lone surrogate \(U\+D800\), not text$"),
        ('{"id": "\\udfff", "text": "a"}', r"'id' holds a lone surrogate \(U\+DFFF\)"),
    ],
)
def test_bad_fields_are_refused_in_one_line(tmp_path, line, message):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "ok", "text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"r\.jsonl:2: " + message) as caught:
        list(read_documents([path]))
    assert "\n" not in str(caught.value)


def test_a_full_timestamp_is_a_date(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text('{"id": "a", "text": "t", "date": "2020-02-29T10:00:00Z"}\n', encoding="utf-8")
    assert [d.date for d in read_documents([path])] == ["2020-02-29T10:00:00Z"]


def test_a_nul_byte_anywhere_makes_a_file_binary(tmp_path):
    path = tmp_path / "late.txt"
    path.write_bytes(b"Egypt backs the LNA. " * 1000 + b"\x00")
    with pytest.raises(KGError, match=r"late\.txt: looks like a binary file"):
        list(read_documents([path]))


def test_devices_and_pipes_are_not_read(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.txt")
    for name in ("zero.txt", "pipe.txt"):
        with pytest.raises(KGError, match=rf"{name}: not a regular file"):
            list(read_documents([tmp_path / name]))
    with pytest.raises(KGError, match=r"pipe\.txt: not a regular file"):
        list(read_documents([tmp_path]))
