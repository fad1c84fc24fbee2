"""Stage 7, render: the graph drawn as an HTML page (vis-network) or a PNG."""
