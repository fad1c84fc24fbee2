"""The rdf stage: relations as an RDF graph under the ontology, in memory or in a persistent store."""
