"""Domain code writes rows that feed the report in bulk only through ``kernel.bulk`` (which announces them).

``QuerySet.update()``, ``bulk_create`` and ``bulk_update`` send no save signals, so a raw one on a
model registered in ``reports/feeds.py`` would leave a month's snapshot stale without anyone
knowing. This scan reads the source (ast) for ``<Model>.objects…update/bulk_create/bulk_update(``
on a registered model. Demo data (loaded into an empty database, before any snapshot), tests and
migrations are not scanned. (Separate from ``tests/test_audit.py``'s scan for history.)
"""

import ast
import pathlib

import pytest

from reports import feeds

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["attendance", "duties", "meetings", "training", "staff", "kernel", "reports", "outbox", "customers", "business",
        "plans", "documents"]
WRITES = {"update", "bulk_create", "bulk_update"}
# (file, model): why a raw bulk write there leaves every month's figures as they were.
ALLOWED = {
    ("duties/counts.py", "Checklist"):
        "a checklist's counts of its items, recounted in the transaction of the write of its items, which marks "
        "the month itself (through kernel.bulk or a save of an item)",
    ("attendance/services/consumables.py", "ConsumableItem"):
        "the stock moves with the issue or receipt saved beside it (which marks its month); a past month's low "
        "stock is today's stock + issued since − received since, so the move itself changes no past month",
}


def _is_demo(path):
    rel = path.relative_to(ROOT).as_posix()
    return "/tests/" in rel or "/migrations/" in rel or path.name == "demo.py" or path.name.startswith("demo_") \
        or "/management/" in rel


def _model_of(node):
    """The class name ``X`` of a call chain ``X.objects.….write(…)``, or None."""
    node = node.func.value
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in ("objects", "_base_manager", "_default_manager") and isinstance(node.value, ast.Name):
                return node.value.id
            node = node.value
        else:
            return None


def raw_writes(source, registered):
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            model = _model_of(node)
            if model in registered:
                found.append((node.lineno, model, node.func.attr))
    return found


@pytest.mark.django_db
def test_it_finds_no_raw_bulk_write_of_a_registered_model():
    registered = {model.__name__ for model in feeds.feeds()}
    problems = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if _is_demo(path) or path == ROOT / "kernel" / "bulk.py":
                continue
            rel = path.relative_to(ROOT).as_posix()
            for line, model, write in raw_writes(path.read_text(encoding="utf-8"), registered):
                if (rel, model) not in ALLOWED:
                    problems.append(f"{rel}:{line} {model}.objects….{write}() — use kernel.bulk.{write}")
    assert problems == []


def test_it_would_catch_one():
    source = "def f(q):\n    Attendance.objects.filter(pk=1).update(status='x')\n    Notice.objects.bulk_create([])\n"
    assert raw_writes(source, {"Attendance"}) == [(2, "Attendance", "update")]
