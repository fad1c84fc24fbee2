"""kg's packages are its stages and data flows one way: no module imports a later stage, and no
import cycle exists, counting imports inside functions (those under ``TYPE_CHECKING`` are for the
type checker only)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"

# The stages, each of which may import only those before it. Data flows through them in this
# order but for nlp, whose language rules (datelines, date expressions) ingest reads dates with
# before any parse. The shared base (the package root with its version, errors, settings, records,
# vocabulary and helpers) may be imported by every stage.
STAGES = ("base", "nlp", "ingest", "extract", "rdf", "query", "analysis", "render", "app")
BASE = {"kg", "kg.__main__", "kg.config", "kg.errors", "kg.files", "kg.model", "kg.namespace", "kg.text"}


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str:
    if module in BASE:
        return "base" if module != "kg.__main__" else "app"
    stage = module.split(".")[1]
    assert stage in STAGES, f"{module} is in no stage; add its package to STAGES"
    return stage


def _runtime_imports(node: ast.AST) -> set[str]:
    """The kg modules that the code of ``node`` imports when it runs."""
    if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
        return set().union(*map(_runtime_imports, node.orelse))
    found = set()
    if isinstance(node, ast.Import):
        found = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        found = {node.module}
    found = {name for name in found if name == "kg" or name.startswith("kg.")}
    return found.union(*map(_runtime_imports, ast.iter_child_nodes(node)))


def _import_graph() -> nx.DiGraph:
    modules = {_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            # "from kg.extract import RULES" imports the package; "import kg.nlp.dates" the module
            graph.add_edge(module, imported if imported in modules else imported.rpartition(".")[0])
    return graph


def test_every_module_belongs_to_a_stage():
    assert {_stage(module) for module in _import_graph()} == set(STAGES)


def test_no_module_imports_a_later_stage():
    rank = {stage: i for i, stage in enumerate(STAGES)}
    upward = [
        f"{module} ({_stage(module)}) imports {imported} ({_stage(imported)})"
        for module, imported in _import_graph().edges
        if rank[_stage(imported)] > rank[_stage(module)]
    ]
    assert upward == []


def test_no_import_cycle():
    cycles = [" -> ".join(cycle) for cycle in nx.simple_cycles(_import_graph())]
    assert cycles == []


@pytest.mark.parametrize(
    ("source", "imported"),
    [
        ("from kg.rdf.graph import build_graph", {"kg.rdf.graph"}),
        ("def f():\n    import kg.render.page", {"kg.render.page"}),
        ("if TYPE_CHECKING:\n    from kg.app.pipeline import BuildSummary", set()),
        ("from . import sibling\nimport json", set()),
    ],
)
def test_imports_are_read_inside_functions_but_not_for_the_type_checker(source, imported):
    assert _runtime_imports(ast.parse(source)) == imported
