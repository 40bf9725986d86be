"""Stored results are reused only for the code that made them: the extraction key hashes every
module that can change a document's rows."""

import ast
import shutil
from pathlib import Path

from pipeline import store
from pipeline.stages import all_stages

ROOT = Path(store.__file__).resolve().parent.parent
PACKAGES = ("extractors", "pipeline")


def modules(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for package in PACKAGES for p in (root / package).rglob("*.py"))


def test_a_change_to_any_module_but_the_named_exceptions_changes_the_extraction_key(tmp_path, monkeypatch):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    # Modules that do not exist yet (a new structure, a new pipeline step) are covered too.
    (tmp_path / "extractors" / "new_structure" / "patterns.py").parent.mkdir()
    (tmp_path / "extractors" / "new_structure" / "patterns.py").write_text("WORD = 'x'\n")
    (tmp_path / "pipeline" / "new_step.py").write_text("STEP = 1\n")
    monkeypatch.setattr(store, "_PACKAGE_ROOT", tmp_path)
    stages = all_stages()
    before = store.extraction_key(stages)
    unkeyed = []
    for name in modules(tmp_path):
        path = tmp_path / name
        original = path.read_bytes()
        path.write_bytes(original + b"\n# changed\n")
        if store.extraction_key(stages) == before:
            unkeyed.append(name)
        path.write_bytes(original)
    assert sorted(unkeyed) == sorted(store.NOT_IN_EXTRACTION_KEY)


def test_modules_left_out_of_the_key_exist_and_no_keyed_module_imports_them():
    excluded = {name.removesuffix(".py").replace("/", ".") for name in store.NOT_IN_EXTRACTION_KEY}
    assert store.NOT_IN_EXTRACTION_KEY <= set(modules(ROOT))
    for path in store.code_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported = {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported = {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
            else:
                continue
            assert not imported & excluded, f"{path.name} imports {imported & excluded}, which the key leaves out"
