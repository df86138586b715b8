"""Holidays (with their history) and notices move here from ``attendance``: they are the kernel's
calendar and notices, which every app reads.

The rows stay where they are: the models take over the old tables in the migration state only,
then the tables are renamed to this app's names, and the content types (and so the admin
permissions and history links) follow. Nothing is copied, so nothing can be lost.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ("holiday", "historicalholiday", "notice")


def _move_content_types(apps, schema_editor, source, target):
    types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)


def content_types_to_staff(apps, schema_editor):
    _move_content_types(apps, schema_editor, "attendance", "staff")


def content_types_to_attendance(apps, schema_editor):
    _move_content_types(apps, schema_editor, "staff", "attendance")


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0001_initial'),
        ('attendance', '0008_default_check_lists_for_existing_clubs'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.CreateModel(
                name='HistoricalHoliday',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('kind', models.CharField(choices=[('holiday', 'Public holiday'), ('workday', 'Make-up workday (调休)')], max_length=10, verbose_name='kind')),
                    ('name', models.CharField(max_length=60, verbose_name='name')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('club', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.club', verbose_name='club')),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'historical holiday',
                    'verbose_name_plural': 'historical holidays',
                    'db_table': 'attendance_historicalholiday',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='Holiday',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('kind', models.CharField(choices=[('holiday', 'Public holiday'), ('workday', 'Make-up workday (调休)')], max_length=10, verbose_name='kind')),
                    ('name', models.CharField(max_length=60, verbose_name='name')),
                    ('club', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='holidays', to='staff.club', verbose_name='club')),
                ],
                options={
                    'verbose_name': 'holiday',
                    'verbose_name_plural': 'holidays',
                    'db_table': 'attendance_holiday',
                    'ordering': ['date'],
                    'constraints': [models.UniqueConstraint(fields=('club', 'date'), name='one_holiday_entry_per_club_day', violation_error_message="This day is already in the club's calendar.")],
                },
            ),
            migrations.CreateModel(
                name='Notice',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('kind', models.CharField(max_length=40)),
                    ('date', models.DateField()),
                    ('text', models.CharField(max_length=300)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('read_at', models.DateTimeField(blank=True, null=True)),
                    ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='staff.person')),
                ],
                options={
                    'ordering': ['-created_at'],
                    'db_table': 'attendance_notice',
                    'constraints': [models.UniqueConstraint(fields=('person', 'kind', 'date'), name='one_notice_per_kind_per_day')],
                },
            ),
        ]),
        migrations.AlterModelTable(name='historicalholiday', table=None),
        migrations.AlterModelTable(name='holiday', table=None),
        migrations.AlterModelTable(name='notice', table=None),
        migrations.RunPython(content_types_to_staff, content_types_to_attendance),
    ]
