"""The captured-posts series (platforms.CapturedPost, issue 12.2): a record type of its own, and the series for
every department loaded before it, from the entry the shipped packs give when the stored pack has none: 24 months
after capture, then destroy (never shorter than the department's legal minimum)."""

import math

from django.db import migrations, models

DEFAULT = {
    "series": "captured_posts",
    "label": "Posts captured from the department's connected accounts, with every version and deletion",
    "trigger": "captured",
    "months": 24,
    "disposition": "destroy",
}
CAPTURED_POST = 8
RECORD_TYPES = [
    (1, "Post"),
    (2, "Approval decision"),
    (3, "Removal investigation"),
    (4, "Content report"),
    (5, "Audit event"),
    (6, "Flag override"),
    (7, "Captured comment"),
    (8, "Captured post"),
]


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
        months = max(entry["months"], department.legal_minimum_retention_months or 0)
        series = RecordSeries.objects.create(
            department=department, key=DEFAULT["series"], name=entry["label"], record_type=CAPTURED_POST
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
        ("retention", "0004_install_captured_comments_series"),
    ]

    operations = [
        *[
            migrations.AlterField(
                model_name=model, name="record_type", field=models.PositiveSmallIntegerField(choices=RECORD_TYPES)
            )
            for model in ("dispositionbatchseries", "dispositionexclusion", "recordseries", "tombstone")
        ],
        migrations.RunPython(install, migrations.RunPython.noop),
    ]
