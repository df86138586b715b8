"""Tests do not meet each other through the cache (conftest.py ``_own_cache``, ``forget_cache``)."""

import re
from pathlib import Path

from django.core.cache import cache

from conftest import forget_cache

ROOT = Path(__file__).resolve().parent.parent


def test_each_test_has_its_own_part_of_the_cache(settings):
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    assert prefix.startswith("test-")
    cache.set("queued", 1)
    assert cache.get("queued") == 1
    forget_cache(settings)
    assert settings.CACHES["default"]["KEY_PREFIX"] != prefix
    assert cache.get("queued") is None  # a new part: what this test put before is gone, for every thread


def test_no_test_empties_the_whole_cache():
    """``cache.clear()`` empties all of Redis, the other test process's part too; ``forget_cache`` is the way."""
    found = []
    for path in ROOT.rglob("*.py"):
        if {".venv", "var", "node_modules"} & set(path.relative_to(ROOT).parts):
            continue
        text = path.read_text(encoding="utf-8")
        if "test" in path.name and re.search(r"(?<!`)\bcache\.clear\(", text):
            found.append(str(path.relative_to(ROOT)))
    assert found == []
