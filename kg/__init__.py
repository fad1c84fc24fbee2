"""kg: a knowledge-graph builder for geopolitical news.

The main functions are importable from here; they load on first use, so that ``import kg`` (and
``kg --help``) stays fast::

    from kg import read_documents, build_graph, run_query
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "read_documents": "kg.ingest.documents",
    "Settings": "kg.config",
    "KGError": "kg.errors",
    "build": "kg.app.pipeline",
    "build_graph": "kg.rdf.graph",
    "save_graph": "kg.rdf.graph",
    "load_graph": "kg.rdf.graph",
    "run_query": "kg.query.sparql",
    "list_queries": "kg.query.sparql",
    "format_result": "kg.query.sparql",
    "to_networkx": "kg.analysis.network",
    "write_html": "kg.render.page",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
