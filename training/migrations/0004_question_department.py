"""The question bank belongs to a department. Existing questions go to the department whose plans
use their topic: sales and reception to the marketing department (the customer managers), every
other topic to the massage technicians; a club without that department keeps them club-wide."""

import django.db.models.deletion
from django.db import migrations, models


def questions_to_departments(apps, schema_editor):
    Question = apps.get_model("training", "Question")
    Department = apps.get_model("staff", "Department")
    for question in Question.objects.using(schema_editor.connection.alias).filter(department__isnull=True):
        kind = "marketing" if question.topic == "sales" else "massage"
        department = Department.objects.using(schema_editor.connection.alias).filter(club_id=question.club_id, kind=kind).order_by("pk").first()
        if department is not None:
            Question.objects.using(schema_editor.connection.alias).filter(pk=question.pk).update(department=department)


class Migration(migrations.Migration):

    dependencies = [
        ('staff', '0003_notice_texts'),
        ('training', '0003_level_reasons_as_words'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalquestion',
            name='department',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='staff.department', verbose_name='department'),
        ),
        migrations.AddField(
            model_name='question',
            name='department',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='training_questions', to='staff.department', verbose_name='department'),
        ),
        migrations.RunPython(questions_to_departments, migrations.RunPython.noop),
    ]
