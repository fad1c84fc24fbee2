"""``kg.files.write_atomically``, with which every stage writes its files."""

from __future__ import annotations

import os
import stat

import pytest

from kg.files import umask, write_atomically


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(tmp_path):
    path = write_atomically(tmp_path / "graph.ttl", "old")
    with pytest.raises(TypeError):
        write_atomically(path, 42)  # fails once the temporary file is open
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_the_file_gets_the_permissions_of_a_new_file_under_the_umask(tmp_path):
    before = os.umask(0o027)
    try:
        assert umask() == 0o027
        path = write_atomically(tmp_path / "page.html", "<html>")
    finally:
        os.umask(before)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_text_is_written_as_utf8_and_bytes_as_they_are(tmp_path):
    assert write_atomically(tmp_path / "a", "Ḥaftar’s").read_bytes() == "Ḥaftar’s".encode()
    assert write_atomically(tmp_path / "b", b"\x00\xff").read_bytes() == b"\x00\xff"
