"""Files kept by content (kernel.files): made once, read back, and removed when nobody asked for them for a month."""

import os

import pytest

from kernel import files

pytestmark = pytest.mark.timeless  # file ages are set by the file system's clock, whatever the test clock says


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def age(path, days):
    """Make ``path`` look last used ``days`` ago, by the file system's clock (a test may pin the process's)."""
    when = path.stat().st_mtime - days * 86400
    os.utime(path, (when, when))


def test_a_file_is_made_once_per_content_and_read_back(var):
    made = []

    def make():
        made.append(1)
        return b"minutes"

    assert files.kept("pdfs", "minutes-1-zh-hant", ("state", 1), make) == b"minutes"
    assert files.kept("pdfs", "minutes-1-zh-hant", ("state", 1), make) == b"minutes"
    assert made == [1]
    assert files.is_kept("pdfs", "minutes-1-zh-hant", ("state", 1))
    assert not files.is_kept("pdfs", "minutes-1-zh-hant", ("state", 2))


def test_files_nobody_asked_for_in_a_month_go_when_another_is_written(var):
    files.kept("pdfs", "minutes-1-en", "old meeting", lambda: b"a")
    files.kept("pdfs", "minutes-2-en", "still read", lambda: b"b")
    folder = files.folder_of("pdfs")
    old, read = (folder / f"minutes-1-en-{files.digest('old meeting')}", folder / f"minutes-2-en-{files.digest('still read')}")
    age(old, files.UNUSED_DAYS + 1)
    age(read, files.UNUSED_DAYS + 1)
    assert files.kept("pdfs", "minutes-2-en", "still read", lambda: b"never drawn again") == b"b"  # a read marks it used

    files.kept("pdfs", "minutes-3-en", "new meeting", lambda: b"c")

    assert not old.exists()
    assert read.exists()
    assert sorted(p.name.split("-")[1] for p in folder.iterdir()) == ["2", "3"]
