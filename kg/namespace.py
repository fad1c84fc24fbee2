"""The RDF vocabulary of kg, declared once, and the minting of IRIs.

The terms mirror ``ontologies/kg.ttl``; a test checks that every term here is defined there.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDFS, SDO, SKOS, XSD, DefinedNamespace

from kg.model import ActorType, Modality, RelationType

BASE = "https://w3id.org/kg/"


class KG(DefinedNamespace):
    """The kg ontology: classes, the seven relations and the assertion properties."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Actor: URIRef
    State: URIRef
    Government: URIRef
    ArmedGroup: URIRef
    Organisation: URIRef
    Person: URIRef
    Location: URIRef
    Assertion: URIRef
    Document: URIRef
    Modality: URIRef
    # the seven relations
    supports: URIRef
    signsAgreementWith: URIRef
    deploysTo: URIRef
    opposes: URIRef
    leads: URIRef
    memberOf: URIRef
    meetsWith: URIRef
    # inverses, for reasoning (kg query --infer)
    supportedBy: URIRef
    ledBy: URIRef
    # assertion and document properties
    subject: URIRef
    relation: URIRef
    object: URIRef
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    modality: URIRef
    date: URIRef
    attributedTo: URIRef
    contentHash: URIRef
    # modalities
    asserted: URIRef
    reported: URIRef
    intended: URIRef
    hypothetical: URIRef
    negated: URIRef


ACTOR = Namespace(BASE + "actor/")
DOC = Namespace(BASE + "doc/")
ASSERTION = Namespace(BASE + "assertion/")
RUN = Namespace(BASE + "run/")
AGENT = Namespace(BASE + "agent/")

PREFIXES = {"kg": KG._NS, "kga": ACTOR, "kgd": DOC, "kgs": ASSERTION, "kgr": RUN}
"""kg's own prefixes."""
NAMESPACES = {
    **PREFIXES,
    "rdfs": RDFS,
    "skos": SKOS,
    "xsd": XSD,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SDO,
}
"""Every prefix kg binds in its graphs and lets queries use undeclared."""


def relation_iri(relation: RelationType) -> URIRef:
    """The IRI of a relation: ``kg:`` and its name.

    >>> relation_iri(RelationType.MEETS_WITH)
    rdflib.term.URIRef('https://w3id.org/kg/ontology#meetsWith')
    """
    return KG[relation.value]


def modality_iri(modality: Modality) -> URIRef:
    return KG[modality.value]


def actor_type_iri(actor_type: ActorType) -> URIRef:
    return KG[actor_type.value]


def slug(name: str) -> str:
    """A safe IRI path segment from any name: ASCII letters, digits and hyphens only, at most 80
    characters; a longer one is cut and ends in a hash of the whole name, so that names which
    differ only past the cut keep apart.

    >>> slug("Field Marshal Khalifa Ḥaftar's <script>")
    'field-marshal-khalifa-haftar-s-script'
    >>> len(slug("a" * 200)), slug("a" * 200) != slug("a" * 199)
    (80, True)
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not text:  # a name in a script with no ASCII transliteration
        return "x" + _digest(name, 12)
    return text if len(text) <= SLUG_WIDTH else _hashed(text, name)


SLUG_WIDTH = 80


def exact_slug(name: str) -> str:
    """``slug(name)``, but with a hash of ``name`` whenever the slug is not ``name`` itself: for
    document ids, which differ in case or punctuation alone ("A B", "a-b", "a_b").

    >>> exact_slug("reuters-001"), exact_slug("Reuters-001")
    ('reuters-001', 'reuters-001-53f18f79')
    """
    text = slug(name)
    return text if text == name else _hashed(text, name)


def _hashed(text: str, name: str) -> str:
    return f"{text[: SLUG_WIDTH - 9].rstrip('-')}-{_digest(name, 8)}"


def _digest(name: str, length: int) -> str:
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def actor_iri(key: str) -> URIRef:
    """The IRI of the actor whose key is ``key``.

    >>> actor_iri("Libyan National Army")
    rdflib.term.URIRef('https://w3id.org/kg/actor/libyan-national-army')
    """
    return ACTOR[slug(key)]


def document_iri(doc_id: str) -> URIRef:
    """The IRI of the document ``doc_id`` (and of its named graph).

    >>> document_iri("reuters-001"), document_iri("Reuters-001")
    (rdflib.term.URIRef('https://w3id.org/kg/doc/reuters-001'), rdflib.term.URIRef('https://w3id.org/kg/doc/reuters-001-53f18f79'))
    """
    return DOC[exact_slug(doc_id)]


def software_iri(version: str) -> URIRef:
    """The ``prov:SoftwareAgent`` that is kg at ``version``."""
    return AGENT["kg-" + slug(version)]
