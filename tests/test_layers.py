"""The layers of ClubOps hold: every import, lazy ones included, goes down the list in pyproject.toml.

The list (``[tool.clubops.layers]``) is the one place that says which package may import which;
this test walks every module's syntax tree, so an import inside a function counts as much as one
at the top. No exceptions are listed: an import against the layers is fixed, not excused.
"""

import ast
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = {"tests", "migrations"}


def layers():
    order = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["clubops"]["layers"]["order"]
    return {package: rank for rank, group in enumerate(order) for package in group}


def first_party_packages():
    return {p.parent.name for p in ROOT.glob("*/__init__.py") if not p.parent.name.startswith(".")} - {"tests"}


def modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
            yield path


def imported_names(path, root=ROOT):
    """Absolute dotted names this module imports (relative imports resolved), with their line numbers."""
    module_parts = list(path.relative_to(root).with_suffix("").parts)
    package_parts = module_parts[:-1]
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            yield prefix, node.lineno
            for alias in node.names:  # ``from staff import views`` imports staff.views
                yield f"{prefix}.{alias.name}", node.lineno


def module_violations(path, package, rank, root=ROOT):
    where, seen = path.relative_to(root), set()
    for name, line in imported_names(path, root):
        parts = name.split(".")
        target = parts[0]
        if target not in rank or target == package or (line, target, "views" in parts) in seen:
            continue
        seen.add((line, target, "views" in parts))
        if rank[target] < rank[package]:
            yield f"{where}:{line} imports {name}: {target} is in a higher layer than {package}"
        elif rank[target] == rank[package]:
            yield f"{where}:{line} imports {name}: {target} and {package} share a layer"
        elif "views" in parts[1:] and package != "clubops":
            yield f"{where}:{line} imports {name}: another package's views"


def violations():
    rank = layers()
    return [v for package in sorted(rank) for path in modules(package) for v in module_violations(path, package, rank)]


def test_every_package_has_its_place_in_the_layers():
    assert first_party_packages() - set(layers()) == set(), "add the new package to [tool.clubops.layers]"


def test_no_import_goes_against_the_layers():
    found = violations()
    assert found == [], "\n".join(found)


def test_the_walk_sees_lazy_relative_and_sideways_imports(tmp_path):
    """The checker itself, on a module written for it: each kind of wrong import is seen."""
    (tmp_path / "training").mkdir()
    path = tmp_path / "training" / "probe.py"
    path.write_text("from .models import Level\n\n\ndef later():\n    from reports import figures\n"
                    "    from attendance.selectors import daily\n    from duties.views import review\n")
    assert "training.models.Level" in dict(imported_names(path, tmp_path))
    found = list(module_violations(path, "training", layers(), tmp_path))
    assert [v.split(": ", 1)[1] for v in found] == [
        "reports is in a higher layer than training",
        "attendance and training share a layer",
        "another package's views",
    ]
