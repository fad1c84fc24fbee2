"""The extract stage: actors found in parsed documents and the relations between them."""

from kg.extract.actors import CorpusActors, DocumentActors
from kg.extract.relations import RULES, extract_relations, rule

__all__ = ["RULES", "CorpusActors", "DocumentActors", "extract_relations", "rule"]
