"""The reason the system gave for a level change was stored as English text with the level's
name in the language of the job ("passed the assessments for 初级"); it is now a message id
read in each reader's language (``training.levels.REASONS``). Old rows get the id too."""

from django.db import migrations

PROMOTION, RENEWAL = "Passed the level's assessments", "Re-certified"


def reasons_as_words(apps, schema_editor):
    history = apps.get_model("staff", "HistoricalPerson").objects.using(schema_editor.connection.alias)
    history.filter(history_change_reason__startswith="passed the assessments for ").update(history_change_reason=PROMOTION)
    history.filter(history_change_reason__startswith="re-certified: ").update(history_change_reason=RENEWAL)
    awards = apps.get_model("training", "LevelAward").objects.using(schema_editor.connection.alias)
    awards.filter(reason__startswith="passed the assessments for ").update(reason=PROMOTION)
    awards.filter(reason__startswith="re-certified: ").update(reason=RENEWAL)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_beat_training_reminders"),
        ("staff", "0003_notice_texts"),
    ]
    operations = [migrations.RunPython(reasons_as_words, migrations.RunPython.noop)]
