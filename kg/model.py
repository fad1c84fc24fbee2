"""The typed records that flow between kg's stages.

Document -> (spaCy Doc) -> Actor -> Relation (with its Evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class RelationType(str, Enum):
    """The seven relations of the alliance ontology, named as in the output; ``RELATIONS`` says
    what each is."""

    SUPPORTS = "supports"
    SIGNS_AGREEMENT_WITH = "signsAgreementWith"
    DEPLOYS_TO = "deploysTo"
    OPPOSES = "opposes"
    LEADS = "leads"
    MEMBER_OF = "memberOf"
    MEETS_WITH = "meetsWith"

    @property
    def spec(self) -> RelationSpec:
        """This relation's entry in ``RELATIONS``."""
        return RELATIONS[self]

    @property
    def symmetric(self) -> bool:
        """Whether the relation has no direction (``RelationSpec.symmetric``).

        >>> RelationType.MEETS_WITH.symmetric, RelationType.SUPPORTS.symmetric
        (True, False)
        """
        return RELATIONS[self].symmetric


class Modality(str, Enum):
    """How the text puts a relation forward."""

    ASSERTED = "asserted"
    REPORTED = "reported"
    INTENDED = "intended"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class ActorType(str, Enum):
    """The kinds of node in the graph."""

    STATE = "State"
    GOVERNMENT = "Government"
    ARMED_GROUP = "ArmedGroup"
    ORGANISATION = "Organisation"
    PERSON = "Person"
    LOCATION = "Location"


@dataclass(frozen=True)
class RelationSpec:
    """What kg says about one relation, in the one place every stage derives it from.

    ``label`` is its ``rdfs:label`` and its name on the page; ``color`` and ``dashed`` draw its
    edges; a ``symmetric`` relation (an ``owl:SymmetricProperty``) has no direction; ``sign`` is +1
    for a tie between allies, -1 for one between adversaries and 0 for neither (the blocs of
    ``kg.analysis``); ``subject`` and ``object`` name the kg class each end must be (``rdfs:domain``
    and ``rdfs:range``). Its IRI is ``kg:`` and its name (``kg.namespace.relation_iri``).
    """

    label: str
    color: str
    dashed: bool
    symmetric: bool
    sign: int
    subject: str = "Actor"
    object: str = "Actor"


RELATIONS: dict[RelationType, RelationSpec] = {
    RelationType.SUPPORTS: RelationSpec("supports", "#2e8540", dashed=False, symmetric=False, sign=1),
    RelationType.SIGNS_AGREEMENT_WITH: RelationSpec(
        "signs agreement with", "#1f5fa8", dashed=False, symmetric=True, sign=1
    ),
    RelationType.DEPLOYS_TO: RelationSpec(
        "deploys to", "#e07b00", dashed=False, symmetric=False, sign=0, object="Location"
    ),
    RelationType.OPPOSES: RelationSpec("opposes", "#c62828", dashed=True, symmetric=False, sign=-1),
    RelationType.LEADS: RelationSpec(
        "leads", "#7b3fa0", dashed=False, symmetric=False, sign=0, subject="Person"
    ),
    RelationType.MEMBER_OF: RelationSpec("member of", "#00838f", dashed=True, symmetric=False, sign=0),
    RelationType.MEETS_WITH: RelationSpec("meets with", "#6d6d6d", dashed=True, symmetric=True, sign=1),
}
"""Every relation's ``RelationSpec``: adding a relation is one entry here, its words in
``kg/data/relations.toml`` and its terms in ``ontologies/kg.ttl`` and ``ontologies/shapes.ttl``
(``tests/test_relations.py`` checks that they agree)."""


@dataclass(frozen=True)
class Document:
    """One input text: an article or a passage of one. ``source`` is where it was read (a path or
    the URL it was fetched from), ``retrieved`` when it was fetched (ISO 8601, UTC)."""

    id: str
    text: str
    date: str | None = None
    source: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)
    retrieved: str | None = None


@dataclass(frozen=True)
class Actor:
    """A resolved actor: one node of the graph.

    ``key`` is the normalised name the IRI is minted from; ``aliases`` are the surface forms seen.
    """

    key: str
    label: str
    type: ActorType
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Where a relation was read: the sentence and its character offsets in the document."""

    doc_id: str
    sentence: str
    start: int
    end: int


@dataclass(frozen=True)
class Relation:
    """One extracted subject–relation–object triple with its provenance."""

    subject: Actor
    relation: RelationType
    object: Actor
    evidence: Evidence
    confidence: float
    modality: Modality = Modality.ASSERTED
    date: str | None = None
    attributed_to: str | None = None
    # How this document names the two actors, where that differs from their corpus-wide labels.
    subject_name: str | None = None
    object_name: str | None = None
