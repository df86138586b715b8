"""Files kept by what they contain: a file that takes seconds to write is written once per content.

``kept(folder, prefix, content, make)`` returns the bytes of the file whose content is described by
``content`` (any value whose ``repr`` is stable: tuples, strings, numbers, dates). When a file for
that content was kept before, it is read back; otherwise ``make()`` writes it and it is kept under
``VAR_DIR/files/<folder>/<prefix>-<digest>``. A change of content is a new digest, so a kept file
is never served for data it does not show; older files of the same prefix are removed, keeping
``keep`` of them. The write is atomic: a reader never gets half a file.

A read marks the file as used (its time is set to now). Each write also removes the files of the whole
folder not used for ``UNUSED_DAYS`` days -- the PDFs of last year's meetings, a month's workbook nobody
opened again -- so a folder holds what people still ask for, not every file ever made.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

UNUSED_DAYS = 30


def digest(content):
    return hashlib.sha256(repr(content).encode()).hexdigest()[:24]


def folder_of(folder):
    return Path(settings.VAR_DIR) / "files" / folder


def is_kept(folder, prefix, content):
    """Whether the file for ``content`` under ``prefix`` is kept already (``kept`` would read it back)."""
    return (folder_of(folder) / f"{prefix}-{digest(content)}").exists()


def any_kept(folder, prefix):
    """Whether a file of ``prefix`` is kept, for any content."""
    return any(folder_of(folder).glob(f"{prefix}-*"))


def read_kept(folder, prefix, content):
    """The bytes kept for ``content`` under ``prefix`` (the file is marked as used), or None."""
    path = folder_of(folder) / f"{prefix}-{digest(content)}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    os.utime(path)
    return data


def kept(folder, prefix, content, make, *, keep=2):
    """The bytes for ``content`` under ``prefix``: read back when kept, else ``make()``d and kept."""
    data = read_kept(folder, prefix, content)
    if data is not None:
        return data
    where = folder_of(folder)
    path = where / f"{prefix}-{digest(content)}"
    data = make()
    where.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=where, prefix=".part-", delete=False) as part:
        part.write(data)
    os.replace(part.name, path)
    older = sorted((f for f in where.glob(f"{prefix}-*") if f != path), key=lambda f: f.stat().st_mtime)
    for stale in older[:max(len(older) - keep + 1, 0)]:
        stale.unlink(missing_ok=True)
    remove_unused(where, now=path.stat().st_mtime)
    return data


def remove_unused(where, days=UNUSED_DAYS, *, now):
    """Remove the files of ``where`` not read or written for ``days`` days before ``now`` (and parts a crash left
    behind). ``now`` is the time the file system gave the file just written: file times and it come from one
    clock, whatever the process's own clock says."""
    before = now - days * 86400
    with os.scandir(where) as entries:
        for entry in entries:
            try:
                if entry.is_file() and entry.stat().st_mtime < before:
                    os.unlink(entry.path)
            except FileNotFoundError:  # another process removed it first
                pass
