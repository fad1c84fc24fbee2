"""Properties of extraction on arbitrary text (hypothesis): it never raises, and every relation's
evidence points at its own sentence inside the document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.extract.corpus import extract
from kg.model import Document, Modality, RelationType

ACTORS = (
    "Chile",
    "Peru",
    "Norway",
    "the Zorvan Front",
    "the Kestrel Brigade",
    "Mirela Vantos",
    "Ghana's army",
)
VERBS = (
    "supports",
    "is backed by",
    "attacked",
    "signed an agreement with",
    "deployed troops to",
    "met",
    "did not sign a deal with",
    "denied sending troops to",
    "will support",
    "could attack",
    "leads",
)
noise = st.text(alphabet=st.characters(codec="utf-8"), max_size=6)
# Sentences the rules read, with arbitrary characters spliced in, so that relations come out.
sentence = st.builds(
    lambda a, verb, b, junk, end: f"{a} {verb} {b}{junk}{end}",
    st.sampled_from(ACTORS),
    st.sampled_from(VERBS),
    st.sampled_from(ACTORS),
    noise,
    st.sampled_from((".", "", "!", ".\n\n", "\n", ", ")),
)
arbitrary_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
news_like_text = st.lists(st.one_of(sentence, noise), max_size=12).map(" ".join)
long_token = st.text(alphabet="ab-.’", min_size=1000, max_size=4000)
empty_ish = st.sampled_from(["", " ", "\n", "\n\n\n", "\t \r\n", "\x00", "\ufeff", ".", "\u200b\u200b"])
texts = st.one_of(
    arbitrary_text,
    news_like_text,
    empty_ish,
    st.tuples(news_like_text, long_token, news_like_text).map(" ".join),
)


# No example database: a run leaves nothing behind in the work tree.
@settings(max_examples=50, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extraction_never_raises_and_evidence_lies_inside_the_document(text):
    ((document, relations),) = extract([Document("doc", text)])
    assert document.text == text
    for relation in relations:
        evidence = relation.evidence
        assert evidence.doc_id == "doc"
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start : evidence.end] == evidence.sentence
        assert isinstance(relation.relation, RelationType) and isinstance(relation.modality, Modality)
        assert relation.subject.label.strip() and relation.object.label.strip()
        assert 0.0 < relation.confidence <= 1.0
