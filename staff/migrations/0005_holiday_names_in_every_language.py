"""The holidays ClubOps filled in carried their names in simplified Chinese, whatever the reader's
language; from now on they are stored as message ids and read in each reader's language.

The names filled in before are copied here as attendance/data/cn_holidays.json had them, so
that this migration does not depend on the translations; a name a manager typed is left alone.
"""

import kernel.wording
from django.db import migrations

FILLED_IN = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "春节（除夕）": "Spring Festival (New Year's Eve)",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day holiday",
    "元旦调休上班": "New Year's Day make-up workday",
    "春节调休上班": "Spring Festival make-up workday",
    "劳动节调休上班": "Labour Day make-up workday",
    "国庆节调休上班": "National Day make-up workday",
}


def store_filled_in_names_as_ids(apps, schema_editor):
    # In SQL: a system-words field would read "春节" as its id once the translations know it.
    Holiday = apps.get_model("staff", "Holiday")
    with schema_editor.connection.cursor() as cursor:
        for name, msgid in FILLED_IN.items():
            cursor.execute(f"UPDATE {Holiday._meta.db_table} SET name = %s WHERE name = %s", [msgid, name])


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0004_team_closed_on'),
    ]

    operations = [
        migrations.RunPython(store_filled_in_names_as_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='historicalholiday',
            name='name',
            field=kernel.wording.SystemWordsCharField(max_length=60, verbose_name='name', words='staff.holidays.WORDS'),
        ),
        migrations.AlterField(
            model_name='holiday',
            name='name',
            field=kernel.wording.SystemWordsCharField(max_length=60, verbose_name='name', words='staff.holidays.WORDS'),
        ),
    ]
