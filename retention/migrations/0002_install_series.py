"""Record series for departments loaded before the retention app: from each department's policy pack
as stored on it (Department.policy["retention"]), exactly as retention.services.install_series does."""

import math

from django.db import migrations

# The series keys, record types and triggers of retention.records.KINDS when this migration was written.
KINDS = {
    "published_posts": (1, "published", True),
    "removed_posts": (1, "removed", True),
    "unpublished_drafts": (1, "created", True),
    "approval_records": (2, "created", True),
    "removal_investigations": (3, "closed", True),
    "content_reports": (4, "closed", True),
    "audit_events": (5, "created", False),
}
AUDIT_EVENTS_KEPT = (
    "Audit events are never destroyed or transferred: the audit trail is append-only and hash-chained, so this "
    "series is kept permanently."
)


def install(apps, schema_editor):
    Department = apps.get_model("people", "Department")
    RecordSeries = apps.get_model("retention", "RecordSeries")
    RetentionSchedule = apps.get_model("retention", "RetentionSchedule")
    for department in Department.objects.all():
        existing = set(RecordSeries.objects.filter(department=department).values_list("key", flat=True))
        for entry in department.policy.get("retention", []):
            key = entry.get("series")
            if key not in KINDS or key in existing:
                continue
            record_type, trigger, disposable = KINDS[key]
            disposition, note = entry["disposition"], ""
            if not disposable and disposition != "keep":
                disposition, note = "keep", f"The policy pack says {entry['disposition']}. {AUDIT_EVENTS_KEPT}"
            series = RecordSeries.objects.create(
                department=department, key=key, name=entry["label"], record_type=record_type
            )
            RetentionSchedule.objects.create(
                series=series,
                retention_days=math.ceil(entry["months"] * 365.25 / 12),
                trigger=trigger,
                disposition=disposition,
                note=note,
            )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial"), ("people", "0003_role_groups")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
