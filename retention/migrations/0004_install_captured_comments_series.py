"""The captured-comments series (posts.CapturedComment; DESIGN.md "Records"): a record type and trigger of its
own, and the series for every department loaded before it. A department"s stored pack (Department.policy)
predates the series, so the entry the shipped packs give is used when the stored pack has none: 24 months
after capture, then destroy. Loading the pack again (load_policy_pack) installs nothing more."""

import math

from django.db import migrations, models

# The [[retention]] entry the packs ship for the series when this migration was written.
DEFAULT = {
    "series": "captured_comments",
    "label": "Public comments captured from the department's pages",
    "trigger": "captured",
    "months": 24,
    "disposition": "destroy",
}
COMMENT = 7


def install(apps, schema_editor):
    Department = apps.get_model("people", "Department")
    RecordSeries = apps.get_model("retention", "RecordSeries")
    RetentionSchedule = apps.get_model("retention", "RetentionSchedule")
    for department in Department.objects.all():
        if RecordSeries.objects.filter(department=department, key=DEFAULT["series"]).exists():
            continue
        entry = next(
            (e for e in department.policy.get("retention", []) if e.get("series") == DEFAULT["series"]), DEFAULT
        )
        # Never shorter than the department"s legal minimum (Government Code §34090 for California).
        months = max(entry["months"], department.legal_minimum_retention_months or 0)
        series = RecordSeries.objects.create(
            department=department, key=DEFAULT["series"], name=entry["label"], record_type=COMMENT
        )
        RetentionSchedule.objects.create(
            series=series,
            retention_days=math.ceil(months * 365.25 / 12),
            trigger="captured",
            disposition=entry["disposition"],
            note="",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0003_legalhold_confirmed"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dispositionbatchseries",
            name="record_type",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "Post"),
                    (2, "Approval decision"),
                    (3, "Removal investigation"),
                    (4, "Content report"),
                    (5, "Audit event"),
                    (6, "Flag override"),
                    (7, "Captured comment"),
                ]
            ),
        ),
        migrations.AlterField(
            model_name="dispositionbatchseries",
            name="trigger",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("published", "Published"),
                    ("removed", "Removed from public view"),
                    ("closed", "Closed"),
                    ("captured", "Captured"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="dispositionexclusion",
            name="record_type",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "Post"),
                    (2, "Approval decision"),
                    (3, "Removal investigation"),
                    (4, "Content report"),
                    (5, "Audit event"),
                    (6, "Flag override"),
                    (7, "Captured comment"),
                ]
            ),
        ),
        migrations.AlterField(
            model_name="recordseries",
            name="record_type",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "Post"),
                    (2, "Approval decision"),
                    (3, "Removal investigation"),
                    (4, "Content report"),
                    (5, "Audit event"),
                    (6, "Flag override"),
                    (7, "Captured comment"),
                ]
            ),
        ),
        migrations.AlterField(
            model_name="retentionschedule",
            name="trigger",
            field=models.CharField(
                choices=[
                    ("created", "Created"),
                    ("published", "Published"),
                    ("removed", "Removed from public view"),
                    ("closed", "Closed"),
                    ("captured", "Captured"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="tombstone",
            name="record_type",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "Post"),
                    (2, "Approval decision"),
                    (3, "Removal investigation"),
                    (4, "Content report"),
                    (5, "Audit event"),
                    (6, "Flag override"),
                    (7, "Captured comment"),
                ]
            ),
        ),
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
