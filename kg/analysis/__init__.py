"""Stage 6, analysis: the graph as networkx, with the actors' roles and their blocs."""
