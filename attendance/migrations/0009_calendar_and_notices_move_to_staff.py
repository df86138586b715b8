"""Holidays and notices now belong to ``staff`` (see staff 0002): removed from this app's state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('attendance', '0008_default_check_lists_for_existing_clubs'),
        ('staff', '0002_calendar_and_notices'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.RemoveField(
                model_name='holiday',
                name='club',
            ),
            migrations.RemoveField(
                model_name='notice',
                name='person',
            ),
            migrations.DeleteModel(
                name='HistoricalHoliday',
            ),
            migrations.DeleteModel(
                name='Holiday',
            ),
            migrations.DeleteModel(
                name='Notice',
            ),
        ]),
    ]
