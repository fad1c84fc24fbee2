"""Shared fixtures: the seed article run once through the real pipeline, store and CLI; headless Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.paths import SEEDS


@pytest.fixture(scope="session")
def record_fields() -> set[str]:
    """The fields every relation record of 'kg extract' and triples.jsonl has (README, "JSON Lines")."""
    return {
        "doc",
        "subject",
        "relation",
        "object",
        "subject_id",
        "object_id",
        "sentence",
        "start",
        "end",
        "confidence",
        "modality",
    }


@pytest.fixture(scope="session")
def seed_documents():
    from kg.ingest.documents import read_documents

    return list(read_documents([SEEDS]))


@pytest.fixture(scope="session")
def seed_relations(seed_documents):
    """Every relation the real spaCy pipeline reads from seeds/, negated ones included."""
    from kg.extract.corpus import extract

    return [relation for _, relations in extract(seed_documents) for relation in relations]


@pytest.fixture(scope="session")
def seed_graph(seed_documents, seed_relations):
    from kg.rdf.graph import build_graph

    return build_graph(seed_documents, seed_relations)


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory):
    """The folder ``kg build seeds/ --out DIR`` wrote, with what it printed."""
    import contextlib
    import io

    from kg.app.cli import main

    out = tmp_path_factory.mktemp("built") / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["build", str(SEEDS), "--out", str(out)])
    assert status == 0, stderr.getvalue()
    (out.parent / "stdout.txt").write_text(stdout.getvalue(), encoding="utf-8")
    return out


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: the browser tests need Debian's chromium package")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watch:
    """What a page did while open: console errors, page errors, dialogs and every request URL."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.on("request", lambda request: self.requests.append(request.url))


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.watch = Watch(page)
    yield page
    context.close()


ROOT_OVERRIDES = "-dac_override,-dac_read_search,-fowner"  # what lets root write where it may not


@pytest.fixture
def bound_by_permissions() -> list[str]:
    """The command prefix that runs kg as a user file permissions bind: nothing for the tests' own
    user, and, when the tests run as root, util-linux's setpriv dropping root's overrides."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, and util-linux's setpriv is not there to drop root's overrides")
    return ["setpriv", f"--bounding-set={ROOT_OVERRIDES}", f"--inh-caps={ROOT_OVERRIDES}", "--"]
