"""kg: a knowledge-graph builder for geopolitical news.

The main functions are importable from here; they load on first use, so that ``import kg`` (and
``kg --help``) stays fast::

    from kg import read_documents, build_graph, run_query
"""

from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "read_documents": "kg.documents",
    "Settings": "kg.config",
    "KGError": "kg.errors",
    "build": "kg.pipeline",
    "build_graph": "kg.store",
    "save_graph": "kg.store",
    "load_graph": "kg.store",
    "run_query": "kg.queries",
    "list_queries": "kg.queries",
    "format_result": "kg.queries",
    "to_networkx": "kg.analysis",
    "write_html": "kg.render",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
