"""The package's architecture, read from its imports: layers point one way, nothing is circular.

cli -> {serve, scan} -> {lint, publish, pubmed} -> evidence -> library -> errors (DESIGN.md).
Imports under ``if TYPE_CHECKING:`` are annotations, not dependencies, and are not counted.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claimcheck"

# the rank of each top-level module or subpackage; an import may only point to a lower rank,
# or stay within its own subpackage
RANKS = {
    "errors": 0, "_lazy": 0,
    "library": 1,
    "evidence": 2,
    "lint": 3, "publish": 3, "pubmed": 3,
    "serve": 4, "scan": 4,
    "cli": 5, "__main__": 6,
}
# the front door re-exports names of every layer, lazily, for users
FRONT_DOOR = "claimcheck"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path) -> set[str]:
    """Every claimcheck module ``path`` imports at run time (absolute dotted names)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub)
                continue
            if isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                if target.startswith(FRONT_DOOR):
                    # "from . import appraisal" names a module, not an attribute
                    for alias in child.names:
                        sub = f"{target}.{alias.name}"
                        found.add(sub if (PACKAGE.parent / (sub.replace(".", "/") + ".py"))
                                  .exists() else target)
            elif isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith(FRONT_DOOR))
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_every_top_level_module_has_a_layer():
    tops = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
            if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    assert tops <= set(RANKS), f"give {sorted(tops - set(RANKS))} a rank in RANKS"


def upward_imports(modules: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in modules.items():
        here = layer_of(module)
        if here is None:  # the front door
            continue
        for target in targets:
            there = layer_of(target)
            if there is None or there == here:
                continue
            if RANKS[there] >= RANKS[here]:
                bad.append(f"{module} imports {target}")
    return sorted(bad)


def test_imports_point_down_the_layers():
    assert upward_imports(graph()) == []


def cycles(modules: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in modules.get(v, ()):
            if w not in modules:
                continue
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(modules):
        if v not in index:
            strong(v)
    return found


def test_no_import_circles():
    # a package's front door importing its own modules lazily is not a cycle: skip them
    modules = {m: {t for t in ts if t != m} for m, ts in graph().items()}
    assert cycles(modules) == []


@pytest.mark.parametrize("modules, expected", [
    ({"claimcheck.library.model": {"claimcheck.evidence.grading"}},
     ["claimcheck.library.model imports claimcheck.evidence.grading"]),
    ({"claimcheck.lint.linter": {"claimcheck.publish.cite"}},
     ["claimcheck.lint.linter imports claimcheck.publish.cite"]),
    ({"claimcheck.lint.linter": {"claimcheck.evidence.grading", "claimcheck.errors"}}, []),
])
def test_the_layer_check_catches_upward_imports(modules, expected):
    assert upward_imports(modules) == expected


def test_the_cycle_check_catches_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_type_checking_imports_are_not_dependencies(tmp_path, monkeypatch):
    pkg = tmp_path / "claimcheck"
    (pkg / "library").mkdir(parents=True)
    (pkg / "library" / "m.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..lint import x\n"
        "from ..errors import E\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", pkg)
    assert imports_of(pkg / "library" / "m.py") == {"claimcheck.errors"}
