"""The render stage: the graph drawn as an HTML page (vis-network) or a PNG."""
