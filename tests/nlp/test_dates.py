"""Time expressions resolved against the document's date, on sentences parsed by the real model."""

from __future__ import annotations

from datetime import date

import pytest

from kg.nlp.dates import anchor_date, expression_date, sentence_date

FRIDAY = "2019-12-20"  # the document date of most cases: a Friday


@pytest.fixture(scope="module")
def nlp():
    from kg.config import Settings
    from kg.nlp import load_pipeline

    return load_pipeline(Settings().model)


def sentence(nlp, text: str):
    """The first sentence of ``text`` as the extractor sees it: a Span of the parsed paragraph."""
    return next(iter(nlp(text).sents))


@pytest.mark.parametrize(
    ("text", "document_date", "expected"),
    [
        ("On December 19th, Egyptian sources said Egypt approved the deployment.", FRIDAY, "2019-12-19"),
        ("Erdogan and Putin would address the offer during talks in Turkey next month.", FRIDAY, "2020-01"),
        ("Chile sent troops to Peru last week.", FRIDAY, "2019-12-09"),
        ("Norway met Kenya on Monday.", FRIDAY, "2019-12-16"),
        ("The ministers of Norway and Kenya will meet on Monday in Oslo.", FRIDAY, "2019-12-23"),
        ("Chile met Peru on Friday.", FRIDAY, "2019-12-20"),  # the document's own day
        ("Kenya will host the summit next Friday.", FRIDAY, "2019-12-27"),
        ("In January, Kenya signed an accord with Norway.", FRIDAY, "2019-01"),
        ("Kenya will sign an accord with Norway in January.", FRIDAY, "2020-01"),
        ("Kenya plans to sign an accord with Norway in January.", FRIDAY, "2020-01"),
        ("Yesterday, the Zorvan Front attacked the Kestrel Brigade.", FRIDAY, "2019-12-19"),
        ("Today, Chile condemned Peru.", FRIDAY, "2019-12-20"),  # the tagger leaves "Today" out
        ("Three days ago, Peru deployed tanks to Bolivia.", FRIDAY, "2019-12-17"),
        ("The deal was signed two years ago.", FRIDAY, "2017"),
        ("Earlier this month, Chile condemned Peru.", FRIDAY, "2019-12"),
        ("Late last year, Kenya deployed ships to Somalia.", FRIDAY, "2018"),
        ("The talks took place on Tuesday, March 3.", FRIDAY, "2019-03-03"),
        ("In 2023, Chile backed the Zorvan Front.", FRIDAY, "2023"),
        ("Chile signed the pact on 28 February 2023.", FRIDAY, "2023-02-28"),
        ("Chile signed the pact on February 28, 2023.", FRIDAY, "2023-02-28"),
        ("Chile signed the pact in March 2021.", FRIDAY, "2021-03"),
        # The date says when it was said; the "would" belongs to another verb.
        ("On December 19th, Erdogan said that Turkey would offer military support.", FRIDAY, "2019-12-19"),
        # Across the turn of the year.
        ("On December 30th, Chile signed an accord with Peru.", "2020-01-02", "2019-12-30"),
        ("Chile sent troops to Peru last week.", "2020-01-02", "2019-12-23"),
        ("The accord was signed on February 29.", "2021-03-01", "2020-02-29"),
        # A timestamp is cut to its date.
        ("Yesterday, the Zorvan Front attacked the Kestrel Brigade.", "2019-12-20T08:30:00Z", "2019-12-19"),
    ],
)
def test_a_sentence_s_date_resolves_against_the_document_date(nlp, text, document_date, expected):
    assert sentence_date(sentence(nlp, text), document_date) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Erdogan and Putin would address the offer during talks in Turkey next month.",
        "On December 19th, Egyptian sources said Egypt approved the deployment.",
        "Norway met Kenya on Monday.",
        "Yesterday, the Zorvan Front attacked the Kestrel Brigade.",
    ],
)
def test_a_relative_expression_without_a_document_date_resolves_to_nothing(nlp, text):
    assert sentence_date(sentence(nlp, text), None) is None
    assert sentence_date(sentence(nlp, text), "sometime in 2019") is None


@pytest.mark.parametrize(
    "text",
    [
        "On the same day, Turkish President Recep Tayyip Erdogan said that Turkey would offer support.",
        "The alliance between Chile and Peru has lasted for two years.",
        "The 1990s saw many wars in the region.",
        "Chile may sign the pact with Peru.",
        "Chile signed the pact on February 30.",
        "Chile supports the Zorvan Front.",
    ],
)
def test_a_sentence_without_a_resolvable_date_gives_none(nlp, text):
    assert sentence_date(sentence(nlp, text), FRIDAY) is None
    assert sentence_date(text, FRIDAY) is None


def test_plain_text_is_scanned_whole_and_its_tense_read_from_any_word():
    assert sentence_date("Chile signed the pact on 28 February 2023.", None) == "2023-02-28"
    assert sentence_date("They met in January.", FRIDAY) == "2019-01"
    assert sentence_date("They will meet in January.", FRIDAY) == "2020-01"
    assert sentence_date("", FRIDAY) is None


def test_the_first_expression_that_resolves_wins(nlp):
    span = sentence(nlp, "On the same day, Chile said it would meet Peru next month.")
    assert sentence_date(span, FRIDAY) == "2020-01"


@pytest.mark.parametrize(
    ("expression", "future", "expected"),
    [
        ("last Monday", False, "2019-12-16"),
        ("last Friday", False, "2019-12-13"),  # not the document's own day
        ("this Wednesday", False, "2019-12-18"),
        ("next Friday", False, "2019-12-27"),
        ("Friday", True, "2019-12-27"),
        ("December 21", False, "2018-12-21"),
        ("December 21", True, "2019-12-21"),
        ("19 December", False, "2019-12-19"),
        ("the 19th of December", False, "2019-12-19"),
        ("December", False, "2019-12"),
        ("December", True, "2019-12"),
        ("Sept. 3", False, "2019-09-03"),
        ("tomorrow", False, "2019-12-21"),
        ("an hour", False, None),
        ("a month ago", False, "2019-11"),
        ("2 weeks ago", False, "2019-12-02"),
        ("next year", False, "2020"),
        ("this week", False, "2019-12-16"),
        ("2020-13-01", False, None),
    ],
)
def test_expressions(expression, future, expected):
    assert expression_date(expression, date(2019, 12, 20), future) == expected


def test_the_anchor_is_the_date_a_document_date_starts_with():
    assert anchor_date("2019-12-20") == date(2019, 12, 20)
    assert anchor_date("2019-12") is None
    assert anchor_date("") is None


@pytest.fixture(scope="module")
def dated():
    """Relations of a dated two-sentence article, as {(subject, relation, object): date}."""
    from kg.extract.corpus import extract
    from kg.model import Document

    text = (
        "Chile, which met Peru in May, said on Monday that it would sign an accord with Bolivia. "
        "Chilean President Mirela Vantos condemned the Kestrel Brigade yesterday."
    )
    ((document, relations),) = extract([Document("d", text, FRIDAY)])
    return document, {(r.subject.label, r.relation.value, r.object.label): r.date for r in relations}


def test_each_relation_takes_the_date_of_its_own_clause(dated):
    _, dates = dated
    assert dates[("Chile", "meetsWith", "Peru")] == "2019-05"
    assert dates[("Chile", "signsAgreementWith", "Bolivia")] == "2019-12-16"  # when it was said
    assert dates[("Mirela Vantos", "opposes", "Kestrel Brigade")] == "2019-12-19"


def test_a_date_in_a_clause_that_describes_a_noun_does_not_date_the_relation():
    from kg.extract.corpus import extract
    from kg.model import Document

    text = "Chile, whose president was elected in 2015, attacked Peru."
    ((_, relations),) = extract([Document("d", text, FRIDAY)])
    assert [(r.subject.label, r.object.label, r.date) for r in relations] == [("Chile", "Peru", None)]


def test_a_title_is_a_standing_fact_without_a_date(dated):
    _, dates = dated
    assert dates[("Mirela Vantos", "leads", "Chile")] is None


def test_relation_dates_reach_the_store_and_the_timeline_query(dated):
    from kg.extract.corpus import extract
    from kg.query.sparql import query_text, run_query
    from kg.rdf.graph import Extraction, build_graph

    document, _ = dated
    ds = build_graph([document], [r for _, rs in extract([document]) for r in rs], Extraction())

    def timeline(since: str, until: str) -> list[tuple]:
        result = run_query(ds, query_text("timeline"), {"from": since, "to": until})
        rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
        return [(row["subject"], row["relation"], row["object"], row["date"]) for row in rows]

    may = [("Chile", "meetsWith", "Peru", "2019-05")]
    assert timeline("2019-05-01", "2019-05-31") == may
    assert timeline("2019-05-20", "2019-06-10") == may  # the month overlaps the range
    assert timeline("2019-04", "2019-05") == may  # bounds may be months too
    # undated statements (the title) take the document's date
    assert {row[3] for row in timeline("2019-12", "2019")} == {"2019-12-16", "2019-12-19", "2019-12-20"}
    assert timeline("2019-06-01", "2019-12-15") == []


def test_without_a_document_date_only_absolute_dates_resolve():
    from kg.extract.corpus import extract
    from kg.model import Document

    text = "Chile met Peru yesterday. Chile signed an accord with Bolivia on 28 February 2023."
    ((_, relations),) = extract([Document("d", text)])
    dates = {(r.subject.label, r.object.label): r.date for r in relations}
    assert dates == {("Chile", "Peru"): None, ("Chile", "Bolivia"): "2023-02-28"}


def test_a_document_date_that_is_not_iso_is_kept_but_dates_nothing():
    from kg.analysis.network import select, to_networkx
    from kg.extract.corpus import extract
    from kg.model import Document
    from kg.rdf.graph import build_graph
    from kg.render.page import render_html

    document = Document("d", "Chile met Peru yesterday.", "2020-Q1")
    ((_, relations),) = extract([document])
    assert [r.date for r in relations] == [None]
    G = to_networkx(build_graph([document], relations))
    assert select(G, since="2021-01-01").number_of_edges() == 1  # undated: not filtered out
    assert '"dates": null' in render_html(G)
