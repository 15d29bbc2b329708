"""The folder tree is the path of a number: imports point one way, modules stay small.

Stages, in the order a number travels: errors/files (0), source (1), extract (2),
tables (3), derive (4), charts (5), present (6), publish (7), and the command line
and package front (8). A module imports only from its own stage and the stages
before it, at module level or inside a function, and no set of modules imports
itself round in a circle.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE = ROOT / "src" / "analysis"
STAGES = {
    "errors": 0,
    "files": 0,
    "interrupts": 0,  # below files: a commit asks it whether a Ctrl-C came
    "source": 1,
    "extract": 2,
    "tables": 3,
    "derive": 4,
    "charts": 5,
    "present": 6,
    "publish": 7,
    "cli": 8,
    "adding": 8,
    "__init__": 8,
    "__main__": 8,
}
MAX_MODULE_LINES = 420  # "about 400"
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _stage(module: str) -> int:
    parts = module.split(".")
    return STAGES["__init__"] if len(parts) == 1 else STAGES[parts[1]]


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The modules of the package an import statement loads (a name that is a submodule counts as one)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "analysis"]
    if node.level == 0:
        base = node.module or ""
    else:
        package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    if base.split(".")[0] != "analysis":
        return []
    found = []
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        found.append(sub if sub in MODULES else base)
    return found


@cache
def _tree(module: str) -> ast.Module:
    """A module's syntax tree, parsed once for the layer, cycle and size tests."""
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


@cache
def _imports() -> dict[str, set[str]]:
    graph = {}
    for module in MODULES:
        targets = set()
        for node in ast.walk(_tree(module)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                targets.update(t for t in _resolve(module, node) if t in MODULES and t != module)
        graph[module] = targets
    return graph


def test_every_module_belongs_to_a_stage():
    for module in MODULES:
        assert _stage(module) in range(9), module


def test_imports_never_point_back_to_a_later_stage():
    backwards = [
        f"{module} (stage {_stage(module)}) imports {target} (stage {_stage(target)})"
        for module, targets in _imports().items()
        for target in sorted(targets)
        if _stage(target) > _stage(module)
    ]
    assert not backwards, "\n".join(backwards)


def test_no_import_cycles():
    graph = _imports()
    # A package imports its own modules; that edge is not a cycle of the code, so cycles
    # are looked for between modules, with each package standing for its __init__ only.
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if target.startswith(node + "."):
                continue  # a package importing its own submodule
            if state.get(target) == "open" and not node.startswith(target + "."):
                cycles.append(
                    " -> ".join([*path[path.index(target) :], target]) if target in path else target
                )
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_the_layer_test_would_catch_a_backward_import():
    node = ast.parse("from ..publish import build").body[0]
    (target,) = _resolve("analysis.tables.facts", node)
    assert target == "analysis.publish.build" and _stage(target) > _stage("analysis.tables.facts")


@pytest.mark.parametrize("module", sorted(MODULES), ids=str)
def test_modules_and_functions_stay_small(module):
    source = MODULES[module].read_text(encoding="utf-8")
    assert source.count("\n") <= MAX_MODULE_LINES, f"{module}: {source.count(chr(10))} lines"
    for node in ast.walk(_tree(module)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{module}.{node.name}: {length} lines"
