"""The README's Python code runs and prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# A ```python block, and the ```text block right after it if there is one: what it prints.
BLOCK = re.compile(r"```python\n(.*?)```\n(?:\n```text\n(.*?)```\n)?", re.S)
BLOCKS = BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_the_readme_has_python_examples_with_their_output():
    assert BLOCKS and any(printed for _, printed in BLOCKS)


@pytest.mark.parametrize("code, printed", BLOCKS, ids=[f"block{n}" for n in range(1, len(BLOCKS) + 1)])
def test_a_readme_python_block_prints_what_the_readme_says(code, printed, tmp_path, monkeypatch):
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    (tmp_path / "out").mkdir()  # as the quick tour's 'kg build seeds/ --out out/' left it
    monkeypatch.chdir(tmp_path)
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    if printed:
        assert stdout.getvalue() == printed
    assert sorted(os.listdir(tmp_path / "out")) == sorted(re.findall(r'"out/([^"]+)"', code))
