"""The query stage: SPARQL over the graph, the named queries in ``named/`` and limits on a query's run."""
