"""Apps depend one way: building blocks below, the press review above, no cycle.

``accounts``, ``tags`` and ``search`` know nothing of the entries' code; ``articles``
builds on them; ``jobs`` runs its long work in the background; ``pressreview`` (settings,
URLs) wires everything. Every import counts,
including those inside functions (they hide cycles, they do not remove them).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"accounts": 0, "tags": 0, "search": 1, "articles": 2, "jobs": 3, "pressreview": 4}
# What a building block may import from its own layer.
ALLOWED_SIDEWAYS = {("search", "tags")}


def imports_of(path: Path, root: Path = ROOT):
    """``(line, imported module)`` of every import in ``path``, relative ones resolved."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                yield node.lineno, ".".join([*base, *([node.module] if node.module else [])])
            else:
                yield node.lineno, node.module or ""


def app_modules():
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def test_apps_import_only_what_lies_below_them():
    wrong = []
    for app, path in app_modules():
        for line, target in imports_of(path):
            other = target.split(".")[0]
            if other not in LAYERS or other == app:
                continue
            below = LAYERS[other] < LAYERS[app]
            if not below and (app, other) not in ALLOWED_SIDEWAYS:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []


def test_imports_inside_functions_and_relative_ones_are_seen(tmp_path):
    (tmp_path / "tags").mkdir()
    source = tmp_path / "tags" / "module.py"
    source.write_text("import os\n\ndef f():\n    from ..articles.models import Entry\n")
    assert list(imports_of(source, tmp_path)) == [(1, "os"), (4, "articles.models")]
