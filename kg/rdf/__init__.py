"""Stage 4, rdf: relations as an RDF graph under the ontology, in memory or in a persistent store."""
