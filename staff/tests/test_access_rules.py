"""Who may do what is decided in each app's ``access.py``, never inline in a view.

A view that compares ``.position`` (``== Role.OWNER``, ``in (...)``) writes a rule a second time
where the access matrix cannot see it drift; it belongs in the app's ``access.py`` under a name.
A comparison inside a comprehension's filter lists people of a position (data for a page, such
as the store managers of an org chart) and is allowed.
"""

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "migrations", "tests", "static", "templates", "locale", "var"}


def view_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if SKIPPED & set(parts) or len(parts) < 2:
            continue
        if parts[-1] == "views.py" or "views" in parts[1:-1]:
            yield path


def _is_position(node):
    return isinstance(node, ast.Attribute) and node.attr == "position"


def role_checks(tree):
    """The line numbers of ``x.position ==/!=/in/not in ...`` outside comprehension filters."""
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.comprehension):
            for condition in node.ifs:
                allowed.update(id(n) for n in ast.walk(condition))
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare) or id(node) in allowed:
            continue
        if not any(isinstance(op, (ast.Eq, ast.NotEq, ast.In, ast.NotIn)) for op in node.ops):
            continue
        if _is_position(node.left) or any(_is_position(c) for c in node.comparators):
            lines.append(node.lineno)
    return lines


def test_the_scan_finds_views():
    names = {str(p.relative_to(ROOT)) for p in view_modules()}
    assert "duties/views.py" in names
    assert any(n.startswith("training/views/") for n in names)


def test_it_catches_an_inline_role_check():
    tree = ast.parse("if viewer.position in (Role.OWNER, Role.STORE_MANAGER):\n    pass\n"
                     "ok = viewer.position == Role.OWNER\n"
                     "heads = [p for p in people if p.position != Role.STORE_MANAGER]\n")
    assert role_checks(tree) == [1, 3]


def test_no_view_decides_by_position():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in view_modules()
        for line in role_checks(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "role checks belong in the app's access.py: " + ", ".join(found)
