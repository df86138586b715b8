"""The test database each process gets is a copy of a template migrated once (tests/databases.py): the copy
must be at the latest migration, with what the data migrations write, and a changed migration must make a
new template."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import databases

pytestmark = pytest.mark.timeless  # the schema does not depend on the day


@pytest.mark.django_db
def test_the_test_database_has_every_migration_applied_and_the_rows_data_migrations_write():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    from django_celery_beat.models import PeriodicTask

    assert PeriodicTask.objects.filter(task="attendance.tasks.run_due_jobs").exists()


def test_a_changed_migration_or_settings_file_names_a_new_template(tmp_path):
    (tmp_path / "app" / "migrations").mkdir(parents=True)
    migration = tmp_path / "app" / "migrations" / "0001_initial.py"
    migration.write_text("operations = []\n")
    (tmp_path / "notes.txt").write_text("not part of the schema")
    first = databases.migration_key(tmp_path, engine="sqlite")
    assert databases.migration_key(tmp_path, engine="sqlite") == first
    (tmp_path / "notes.txt").write_text("changed, still not part of the schema")
    assert databases.migration_key(tmp_path, engine="sqlite") == first
    migration.write_text("operations = ['changed']\n")
    second = databases.migration_key(tmp_path, engine="sqlite")
    assert second != first
    assert databases.migration_key(tmp_path, engine="postgresql") != second
    (tmp_path / "clubops").mkdir()
    (tmp_path / "clubops" / "settings.py").write_text("LANGUAGE_CODE = 'zh-hans'\n")
    assert databases.migration_key(tmp_path, engine="sqlite") != second
