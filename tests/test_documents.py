from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.documents import read_documents
from kg.errors import KGError

DATA = Path(__file__).resolve().parent / "data"
SEEDS = DATA.parent.parent / "seeds"


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
    with pytest.raises(KGError, match=r"dup\.jsonl:2: duplicate id '1'"):
        list(read_documents([path]))
    path.write_text('{"id": "x", "text": 3}\n', encoding="utf-8")
    with pytest.raises(KGError, match=r"dup\.jsonl:1: 'text' must be a string"):
        list(read_documents([path]))


def test_a_folder_with_nothing_to_read_is_an_error(tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n", encoding="utf-8")
    with pytest.raises(KGError, match=r"folder holds no \.txt or \.jsonl file"):
        list(read_documents([tmp_path]))
