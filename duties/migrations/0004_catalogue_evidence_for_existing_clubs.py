"""Clubs created before the catalogue named the evidence that ticks a duty (a submitted plan, a published research
report, ...) have those duties with no evidence: give each the evidence a new club gets from the defaults.

The mapping is copied here as it stands in ``duties/data/catalogue.json`` today (position, key → evidence), so
this migration means the same thing whatever the catalogue becomes later. A duty whose current version already
names an evidence kind, or which ever named one (a manager who cleared it chose that), is left alone. The current
version is filled in place, as version 1 of a new club carries it, so today's open items can be ticked too.
"""

from django.db import migrations

EVIDENCE = {
    ("store_manager", "store_manager-2"): "plan_submitted",
    ("store_manager", "store_manager-4"): "research_filed",
    ("store_manager", "store_manager-6"): "stats_viewed",
    ("marketing_director", "marketing_director-1"): "plan_submitted",
    ("marketing_director", "marketing_director-9"): "research_filed",
    ("technician_manager", "technician_manager-1"): "research_filed",
    ("technician_manager", "technician_manager-2"): "plan_submitted",
    ("technical_manager", "technical_manager-8"): "attendance_recorded",
    ("technical_manager", "technical_manager-9"): "grooming_checked",
    ("supervisor", "supervisor-2"): "hygiene_checked",
    ("supervisor", "supervisor-3"): "quality_checked",
    ("supervisor", "supervisor-4"): "grooming_checked",
}


def fill_evidence(apps, schema_editor):
    Duty = apps.get_model("duties", "Duty")
    DutyVersion = apps.get_model("duties", "DutyVersion")
    keys = {key for _position, key in EVIDENCE}
    duties = Duty.objects.using(schema_editor.connection.alias).filter(key__in=keys, current__isnull=False, current__evidence="")
    ever_set = set(DutyVersion.objects.using(schema_editor.connection.alias).filter(duty__key__in=keys).exclude(evidence="")
                   .values_list("duty_id", flat=True))
    for duty_id, position, key, version_id in duties.values_list("pk", "position", "key", "current_id"):
        evidence = EVIDENCE.get((position, key))
        if evidence and duty_id not in ever_set:
            DutyVersion.objects.using(schema_editor.connection.alias).filter(pk=version_id, evidence="").update(evidence=evidence)


class Migration(migrations.Migration):

    dependencies = [
        ("duties", "0003_evidence_from_plans_and_research"),
    ]

    operations = [
        migrations.RunPython(fill_evidence, migrations.RunPython.noop),
    ]
