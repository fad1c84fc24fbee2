"""Real news in: saved web pages, RSS and Atom feeds, PDF reports, CSV exports, URLs and lists of
them, datelines, and the polite fetching client, against a web server on 127.0.0.1."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, XSD

from kg.app.cli import main
from kg.errors import KGError, KGWarning
from kg.ingest.documents import ReadOptions, read_documents
from kg.ingest.fetch import USER_AGENT, Fetcher, FetchError
from kg.ingest.files import Columns
from kg.ingest.web import WebOptions
from kg.namespace import document_iri
from kg.rdf.graph import load_graph
from tests.webserver import LARGE, SLOW, STORY_SENTENCES, WEB, web_server


@pytest.fixture(scope="module")
def server():
    with web_server() as running:
        yield running


def fetcher(tmp_path: Path, **limits) -> Fetcher:
    """A fetcher for the local server: its own cache, no pause between requests."""
    return Fetcher(cache=tmp_path / "cache", **{"delay": 0.0, "timeout": 5.0, "backoff": 0.05, **limits})


def read(*inputs, tmp_path: Path, **options) -> list:
    web = WebOptions(fetcher=options.pop("fetcher", None) or fetcher(tmp_path), **options.pop("web", {}))
    return list(
        read_documents(
            [str(i) if isinstance(i, Path) else i for i in inputs], options=ReadOptions(web=web, **options)
        )
    )


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


# Web pages


def test_a_saved_news_page_gives_its_article_and_leaves_menus_comments_and_related_stories_out(tmp_path):
    (document,) = read(WEB / "article.html", tmp_path=tmp_path)
    assert document.id == "article"
    assert document.date == "2019-12-26"
    assert document.meta["title"] == "Turkey to send troops to Libya as Russia backs Haftar"
    assert document.meta["author"] == "Leila Haddad"
    assert document.meta["sitename"] == "Mediterranean Monitor"
    assert "Turkey will send troops to Libya next month" in document.text
    assert "The European Union opposes any foreign military intervention" in document.text
    for boilerplate in (
        "China supports Haftar",
        "Greece opposes Turkey",
        "Related stories",
        "Greece expels",
        "Subscribe",
        "cookies",
        "Advertisement",
        "All rights reserved",
        "Sign up",
    ):
        assert boilerplate not in document.text


def test_a_page_with_no_date_in_its_markup_takes_its_dateline_not_its_copyright_year(tmp_path):
    (document,) = read(WEB / "manila.html", tmp_path=tmp_path, date="2023-06-30")
    assert document.date == "2023-06-03"  # "MANILA, June 3 (Pacific Wire) -", not the footer's "© 2023"
    assert "Most read" not in document.text and "Vietnam protests" not in document.text


# Feeds


def test_an_atom_file_gives_one_document_per_entry_and_since_keeps_the_newer(tmp_path):
    documents = read(WEB / "feed.atom", tmp_path=tmp_path)
    assert [(d.id.rsplit("/", 1)[1], d.date) for d in documents] == [
        ("france-estonia", "2024-03-02"),
        ("kenya-haiti", "2024-03-05"),
        ("mali-france", "2022-01-31"),
    ]
    assert documents[0].text.startswith("France deployed 300 troops to Estonia on Saturday")
    assert documents[1].text.startswith("Kenya will deploy police officers")  # xhtml content
    assert documents[0].source == "https://watch.example.org/2024/03/france-estonia"
    recent = read(WEB / "feed.atom", tmp_path=tmp_path, web={"since": "2024-03-03"})
    assert [d.id.rsplit("/", 1)[1] for d in recent] == ["kenya-haiti"]


def test_an_rss_feed_fetches_the_pages_of_items_that_hold_only_a_summary(tmp_path, server):
    before = server.hits.copy()
    documents = read(server.url("feed.rss"), tmp_path=tmp_path)
    assert [d.id for d in documents] == [
        server.url("article.html"),
        server.url("manila.html"),
        server.url("sudan-chad.html"),
    ]
    article, manila, sudan = documents
    assert "Russia supports the Libyan National Army" in article.text  # the page, not the summary
    assert manila.date == "2025-06-03"  # the item's date (the page has none)
    assert sudan.text.startswith("KHARTOUM, 2018-01-14 - Sudan signed")  # content:encoded: no fetch
    assert server.hits["/sudan-chad.html"] == before["/sudan-chad.html"] == 0
    assert server.hits["/article.html"] - before["/article.html"] == 1
    assert all(d.retrieved for d in documents)


def test_a_feed_of_50_items_built_twice_fetches_each_page_once(capsys, tmp_path, server):
    url = server.url("stories.rss")
    args = ("build", url, "--cache", tmp_path / "cache", "--delay", "0", "--quiet")
    assert run(capsys, *args, "--out", tmp_path / "one")[0] == 0
    assert run(capsys, *args, "--out", tmp_path / "two")[0] == 0
    pages = {path: n for path, n in server.hits.items() if path.startswith("/story/")}
    assert len(pages) == 50 and set(pages.values()) == {1}
    assert server.hits["/stories.rss"] == 2  # a feed changes: asked again
    one, two = ((tmp_path / d / "triples.jsonl").read_text() for d in ("one", "two"))
    assert one == two and STORY_SENTENCES[0] in one
    assert "<title>Alliance graph: Stories</title>" in (tmp_path / "one" / "alliances.html").read_text()


# Fetching


def test_the_client_says_who_it_is_asks_for_gzip_and_follows_a_redirect(tmp_path, server):
    (document,) = read(server.url("redirect"), tmp_path=tmp_path)
    assert document.id == server.url("redirect")
    assert document.source == server.url("article.html")  # where the redirect led
    assert USER_AGENT in server.agents and USER_AGENT.startswith("kg/")
    assert "/article.html" in server.gzipped


def test_pages_that_cannot_be_had_are_one_warning_each_and_the_rest_goes_on(tmp_path, server):
    client = fetcher(tmp_path, timeout=0.5, retries=1, max_bytes=LARGE // 2)
    urls = [
        server.url(p)
        for p in ("missing.html", "slow.html", "large.html", "private/article.html", "article.html")
    ]
    started = time.monotonic()
    with pytest.warns(KGWarning) as caught:
        documents = read(*urls, tmp_path=tmp_path, fetcher=client)
    assert time.monotonic() - started < SLOW * 2  # the slow page did not hold the build for its answer
    assert [d.id for d in documents] == [urls[-1]]
    messages = [str(w.message) for w in caught]
    assert messages == [
        f"{urls[0]}: cannot fetch: HTTP 404 Not Found; left out",
        f"{urls[1]}: cannot fetch: timed out; left out",
        f"{urls[2]}: larger than the limit of 1.5 MB; left out",
        f"{urls[3]}: its site's robots.txt does not allow kg to fetch it; left out",
    ]


def test_a_site_without_robots_txt_may_be_fetched_whole(tmp_path):
    with web_server(robots=False) as bare:
        (document,) = read(bare.url("private/article.html"), tmp_path=tmp_path)
        assert bare.hits["/robots.txt"] == 1  # asked once, answered 404
    assert "Turkey will send troops" in document.text


def test_strict_makes_a_page_that_cannot_be_had_fatal(capsys, tmp_path, server):
    args = ("build", server.url("missing.html"), WEB / "article.html", "--cache", tmp_path, "--delay", "0")
    status, _, err = run(capsys, *args, "--out", tmp_path / "out", "--strict")
    assert status == 1 and not (tmp_path / "out").exists()
    assert err == f"kg: error: {server.url('missing.html')}: cannot fetch: HTTP 404 Not Found (--strict)\n"
    status, _, err = run(capsys, *args, "--out", tmp_path / "out", "--quiet")
    assert (
        status == 0
        and err == f"kg: warning: {server.url('missing.html')}: cannot fetch: HTTP 404 Not Found; left out\n"
    )


def test_a_failure_worth_retrying_is_retried(tmp_path, server):
    page = fetcher(tmp_path).get(server.url("flaky.html"))  # 503 first, then the page
    assert b"Turkey to send troops" in page.body and server.hits["/flaky.html"] == 2
    for bad in ("ftp://127.0.0.1/file", "http://[::1", "http://127.0.0.1:99999/", "https:///path"):
        with pytest.raises(FetchError, match="not an http"):
            fetcher(tmp_path).get(bad)


def test_requests_to_one_site_are_paced(server):
    client = Fetcher(cache=None, delay=0.3)
    started = time.monotonic()
    for name in ("manila.html", "feed.atom", "feed.rss"):
        client.get(server.url(name))
    assert time.monotonic() - started >= 0.9  # robots.txt and three pages, 0.3 s apart
    assert client.requests == 4


def test_the_cache_answers_a_second_fetch_and_survives_a_new_client(tmp_path, server):
    first = fetcher(tmp_path).get(server.url("manila.html"))
    hits = server.hits["/manila.html"]
    again = fetcher(tmp_path).get(server.url("manila.html"))
    assert server.hits["/manila.html"] == hits
    assert again == first  # the same body and the same retrieval time
    assert Fetcher(cache=None, delay=0).get(server.url("manila.html")).body == first.body
    assert server.hits["/manila.html"] == hits + 1


# Lists of URLs, PDF and CSV


def test_a_text_file_of_urls_reads_each(tmp_path, server):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# today's reading\n{server.url('article.html')}\n\n{server.url('report.pdf')}\n")
    documents = read(urls, tmp_path=tmp_path)
    assert [d.id for d in documents] == [server.url("article.html"), server.url("report.pdf")]
    assert documents[1].text.startswith("Regional Security Briefing No. 14")


def test_a_csv_export_at_a_url_gives_its_rows(tmp_path, server):
    columns = Columns(text="body", id="story_id", date="published")
    documents = read(server.url("export.csv"), tmp_path=tmp_path, columns=columns)
    assert [(d.id, d.date, d.source) for d in documents] == [
        ("gdelt-001", "2023-02-28", server.url("export.csv")),
        ("gdelt-002", None, server.url("export.csv")),
        ("gdelt-003", "2023-03-04", server.url("export.csv")),
    ]
    assert all(d.retrieved for d in documents)


def test_a_pdf_report_gives_its_text_with_wrapped_lines_joined(tmp_path):
    (document,) = read(WEB / "report.pdf", tmp_path=tmp_path)
    assert document.meta["title"] == "Regional Security Briefing No. 14"
    assert "the United States on Saturday, the junta in Niamey said." in document.text
    assert "\n\nOutlook\nBurkina Faso and Mali signed a mutual defence pact with Niger" in document.text


def test_a_broken_pdf_is_one_error_line(capsys, tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes((WEB / "report.pdf").read_bytes()[:2000])
    status, _, err = run(capsys, "extract", broken)
    assert status == 1 and err.startswith(f"kg: error: {broken}: not a readable PDF")
    assert len(err.splitlines()) == 1
    broken.write_bytes(b"not a PDF at all")  # pypdf logs two complaints of its own: not on kg's stderr
    done = subprocess.run(
        [sys.executable, "-m", "kg", "extract", str(broken)], capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (
        1,
        f"kg: error: {broken}: not a readable PDF (PdfStreamError: Stream has ended unexpectedly)\n",
    )


def test_a_csv_export_names_its_text_id_and_date_columns(tmp_path):
    columns = Columns(text="body", id="story_id", date="published")
    documents = read(WEB / "export.csv", tmp_path=tmp_path, columns=columns)
    assert [(d.id, d.date) for d in documents] == [
        ("gdelt-001", "2023-02-28"),
        ("gdelt-002", None),
        ("gdelt-003", "2023-03-04"),
    ]
    assert documents[2].meta == {"headline": 'Quotes, commas and "NATO"', "outlet": "Nordic Times"}
    with pytest.raises(
        KGError, match=r"export.csv: no column 'text' \(the columns are story_id, .*--text-column"
    ):
        read(WEB / "export.csv", tmp_path=tmp_path)


# Dates


def test_a_dateline_dates_plain_text_and_date_dates_the_rest(tmp_path):
    (tmp_path / "a.txt").write_text("MANILA, June 3 (Reuters) - The Philippines signed a deal with Japan.\n")
    (tmp_path / "b.txt").write_text("Headline\n\nTRIPOLI, 2019-12-20 - Turkey supports the GNA.\n")
    (tmp_path / "c.txt").write_text("Turkey supports the GNA.\n")
    documents = read(
        tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt", tmp_path=tmp_path, date="2023-07-01"
    )
    assert [d.date for d in documents] == ["2023-06-03", "2019-12-20", "2023-07-01"]


def test_a_relative_date_without_a_document_date_is_one_warning(capsys, tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text("Turkey will send troops to Libya next month.\n")
    status, _, err = run(capsys, "extract", tmp_path, "--quiet")
    assert status == 0
    assert err == (
        "kg: warning: 2 documents have no date, so their relative dates ('next month' in a) resolve to"
        " nothing; give --date YYYY-MM-DD\n"
    )
    status, out, err = run(capsys, "extract", tmp_path, "--quiet", "--date", "2019-12-20")
    assert status == 0 and err == "" and '"date": "2020-01"' in out


# Into the graph and the page


def test_a_fetched_page_keeps_its_url_and_retrieval_time_in_the_graph_and_the_tooltip(
    capsys, tmp_path, server
):
    url = server.url("article.html")
    status, _, err = run(
        capsys, "build", url, "--out", tmp_path / "out", "--cache", tmp_path / "c", "--delay", "0"
    )
    assert status == 0, err
    graph = load_graph(tmp_path / "out" / "graph.ttl")
    doc = document_iri(url)
    assert graph.value(doc, DCTERMS.source) == URIRef(url)
    retrieved = graph.value(doc, PROV.generatedAtTime)
    assert retrieved.datatype == XSD.dateTime
    page = (tmp_path / "out" / "alliances.html").read_text()
    assert url in page and str(retrieved) in page
    assert "<title>Alliance graph: Turkey to send troops to Libya as Russia backs Haftar</title>" in page
    status, _, err = run(capsys, "validate", tmp_path / "out" / "graph.ttl")
    assert status == 0, err


def test_kg_build_reads_a_folder_mixing_every_kind(capsys, tmp_path, server):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("article.html", "feed.atom", "report.pdf", "export.csv"):
        shutil.copy(WEB / name, folder / name)
    (folder / "wire.txt").write_text(
        "TRIPOLI, 2019-12-20 (Reuters) - Turkey supports the Government of National Accord.\n"
    )
    (folder / "urls.txt").write_text(server.url("manila.html") + "\n")
    (folder / "records.jsonl").write_text(
        '{"id": "r1", "text": "Egypt supports the Libyan National Army.", "date": "2019-12-01"}\n'
    )
    status, out, err = run(
        capsys,
        "build",
        folder,
        "--out",
        tmp_path / "out",
        "--cache",
        tmp_path / "c",
        "--delay",
        "0",
        "--text-column",
        "body",
        "--id-column",
        "story_id",
        "--date-column",
        "published",
    )
    assert status == 0, err
    assert out.startswith("11 documents, ")
    jsonl = (tmp_path / "out" / "triples.jsonl").read_text()
    for doc in ("article", "report", "gdelt-001", "wire", "r1", server.url("manila.html")):
        assert f'"doc": "{doc}"' in jsonl
