"""The analysis stage: the graph as networkx, with the actors' roles and their blocs."""
