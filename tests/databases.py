"""The test database, migrated once and copied for each test process.

Migrating an empty database takes ~50 s of CPU (Django renders the model state of every migration), and
each pytest-xdist worker of each CI stage used to do it again. Here the first worker of a run migrates a
*template* once -- with ``manage.py migrate``, exactly as ``make run`` does -- and every worker copies it:
PostgreSQL with ``CREATE DATABASE ... TEMPLATE``, SQLite by copying the migrated file into the worker's
in-memory database. Django's own test set-up then runs on the copy with ``keepdb``: its ``migrate`` finds
nothing left to apply, and the database is dropped at the end as before.

The template is named after everything that decides what ``migrate`` writes (``migration_key``): every
migration file, the code they import, the settings and the installed packages. A change to any of them is
a new name, so a copy is never older than the code. ``CLUBOPS_TEST_DB_CACHE=0`` turns this off. Templates
are kept in the cache directory (SQLite) and on the PostgreSQL server; the newest ``KEEP`` of each stay.
``tests/test_databases.py`` checks that a copied database has every migration applied.
"""

import contextlib
import fcntl
import hashlib
import importlib.metadata
import os
import pathlib
import sqlite3
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
KEEP = 3
PREFIX = "clubops_tpl_"


def cache_dir():
    base = os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache"
    path = pathlib.Path(base) / "clubops" / "test-databases"
    path.mkdir(parents=True, exist_ok=True)
    return path


def key_files(root=ROOT):
    """The files whose content decides the migrated schema and rows: the migrations, the project code they
    import (kernel, the apps' models), the settings and the requirements."""
    patterns = ["*/migrations/*.py", "*/models.py", "*/models/*.py", "kernel/*.py", "clubops/settings*.py",
                "requirements*.txt"]
    files = set()
    for pattern in patterns:
        files.update(p for p in root.glob(pattern) if ".venv" not in p.parts)
    return sorted(files)


def migration_key(root=ROOT, engine=""):
    digest = hashlib.sha256(engine.encode())
    for path in key_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    for dist in sorted(importlib.metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower()):
        digest.update(f"{dist.metadata['Name']}=={dist.version}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


@contextlib.contextmanager
def locked(name):
    with open(cache_dir() / f"{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _migrate(database_url):
    env = dict(os.environ, DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="clubops.settings_test")
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "--run-syncdb", "-v", "0"],
                   cwd=ROOT, env=env, check=True)


# --- SQLite --------------------------------------------------------------------------

def sqlite_template(key):
    path = cache_dir() / f"{PREFIX}{key}.sqlite3"
    with locked(path.name):
        if not path.exists():
            partial = path.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            _migrate(f"sqlite:///{partial}")
            partial.rename(path)
            for old in sorted(cache_dir().glob(f"{PREFIX}*.sqlite3"), key=lambda p: p.stat().st_mtime)[:-KEEP]:
                old.unlink(missing_ok=True)
        path.touch()
    return path


def load_sqlite(template, connection):
    """Copy the template into the worker's in-memory test database; the returned connection keeps that
    shared in-memory database alive until the end of the session."""
    name = connection.creation._get_test_db_name()
    if not name.startswith("file:memorydb_"):
        return None
    keeper = sqlite3.connect(name, uri=True)
    with sqlite3.connect(template) as source:
        source.backup(keeper)
    return keeper


# --- PostgreSQL ----------------------------------------------------------------------

def _pg_admin(settings_dict):
    import psycopg2

    admin = psycopg2.connect(dbname="postgres", user=settings_dict.get("USER") or None,
                             password=settings_dict.get("PASSWORD") or None,
                             host=settings_dict.get("HOST") or None, port=settings_dict.get("PORT") or None)
    admin.autocommit = True
    return admin


def _pg_url(settings_dict, name):
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}{settings_dict.get('HOST') or '127.0.0.1'}{port}/{name}"


def load_postgresql(key, connection):
    """Create the worker's test database as a copy of the migrated template (made first if missing)."""
    settings_dict = connection.settings_dict
    template = f"{PREFIX}{key}"
    test_name = connection.creation._get_test_db_name()
    with locked(f"pg-{key}"):
        admin = _pg_admin(settings_dict)
        try:
            with admin.cursor() as cursor:
                cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [PREFIX + "%"])
                existing = {row[0] for row in cursor.fetchall()}
                if template not in existing:
                    partial = template + "_partial"
                    cursor.execute(f'DROP DATABASE IF EXISTS "{partial}"')
                    cursor.execute(f'CREATE DATABASE "{partial}"')
                    _migrate(_pg_url(settings_dict, partial))
                    cursor.execute(f'ALTER DATABASE "{partial}" RENAME TO "{template}"')
                    cursor.execute(f"COMMENT ON DATABASE \"{template}\" IS '{time.time():.0f}'")
                    cursor.execute(
                        "SELECT d.datname FROM pg_database d JOIN pg_shdescription s ON s.objoid = d.oid "
                        "WHERE d.datname LIKE %s ORDER BY s.description::bigint DESC OFFSET %s",
                        [PREFIX + "%", KEEP])
                    for (old,) in cursor.fetchall():
                        if not old.endswith("_partial"):
                            cursor.execute(f'DROP DATABASE IF EXISTS "{old}"')
                cursor.execute(f'DROP DATABASE IF EXISTS "{test_name}"')
                cursor.execute(f'CREATE DATABASE "{test_name}" TEMPLATE "{template}"')
        finally:
            admin.close()


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_use_migrations,
                    django_db_keepdb, django_db_createdb, django_db_modify_db_settings):
    """pytest-django's set-up, on a copy of the migrated template when it can be used."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from pytest_django.fixtures import _disable_migrations

    if not django_db_use_migrations:
        _disable_migrations()
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    keepers = []
    copied = False
    if (os.environ.get("CLUBOPS_TEST_DB_CACHE", "1") != "0" and django_db_use_migrations and not keepdb
            and list(connections) == ["default"] and "default" in aliases):
        connection = connections["default"]
        engine = connection.settings_dict["ENGINE"]
        key = migration_key(engine=engine)
        if engine == "django.db.backends.sqlite3":
            keeper = load_sqlite(sqlite_template(key), connection)
            if keeper is not None:
                keepers.append(keeper)
                copied = True
        elif engine == "django.db.backends.postgresql":
            load_postgresql(key, connection)
            copied = True

    with django_db_blocker.unblock():
        db_cfg = setup_databases(verbosity=request.config.option.verbose, interactive=False, aliases=aliases,
                                 serialized_aliases=serialized_aliases, keepdb=keepdb or copied)
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            try:
                teardown_databases(db_cfg, verbosity=request.config.option.verbose)
            except Exception as exc:  # noqa: BLE001 -- as pytest-django: warn, do not fail the run
                request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))
    for keeper in keepers:
        keeper.close()
