"""The code stays easy to change: no module over ~400 lines, and no two modules that import each
other (not even inside a function), in pipeline/ and extractors/."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PACKAGES = ("pipeline", "extractors")
MAX_LINES = 400


def _modules() -> dict[str, ast.Module]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = ast.parse(path.read_text(encoding="utf-8"))
    return modules


def _imports(tree: ast.Module) -> set[str]:
    """Modules named by the imports, ``from extractors import dimension`` naming extractors.dimension."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_module_is_over_400_lines():
    long = {p.relative_to(ROOT).as_posix(): n for package in PACKAGES for p in (ROOT / package).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long


def test_no_two_modules_import_each_other():
    modules = _modules()
    # A package's __init__ re-exporting its modules, which import their siblings through it, is fine.
    uses = {name: {m for m in _imports(tree) if m in modules and m != name and not name.startswith(m + ".")}
            for name, tree in modules.items()}
    mutual = sorted((a, b) for a in uses for b in uses[a] if a < b and a in uses[b])
    assert not mutual
