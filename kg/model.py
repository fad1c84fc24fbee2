"""The typed records that flow between kg's stages.

Document -> (spaCy Doc) -> Mention -> Actor -> Relation (with its Evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class RelationType(str, Enum):
    """The seven relations of the alliance ontology, named as in the output."""

    SUPPORTS = "supports"
    SIGNS_AGREEMENT_WITH = "signsAgreementWith"
    DEPLOYS_TO = "deploysTo"
    OPPOSES = "opposes"
    LEADS = "leads"
    MEMBER_OF = "memberOf"
    MEETS_WITH = "meetsWith"

    @property
    def symmetric(self) -> bool:
        return self in (RelationType.SIGNS_AGREEMENT_WITH, RelationType.MEETS_WITH)


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
class Document:
    """One input text: an article or a passage of one."""

    id: str
    text: str
    date: str | None = None
    source: str | None = None
    meta: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Mention:
    """A span of a document that names an actor, before resolution."""

    text: str
    start: int
    end: int
    type: ActorType


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
