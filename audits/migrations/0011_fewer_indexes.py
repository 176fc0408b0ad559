"""Five indexes on the audit-event table instead of eleven (issue 18: audit writes that do not queue).

Every index is written once by each event's insert and once more by the sequencer's update, which fills indexed
columns (`sequence`) and so can never be a heap-only update. Dropped: the unique index on `hash` and its pattern
index (nothing looks an event up by its hash; verify names a copied event by its place and link), the indexes on
`action` and its pattern, `created_at` and `actor` (no query leads with them), and `department`'s own index, which
the new (department, action) index serves as well, with the API's `?action=` filter in a department. No data
changes; reversing the migration rebuilds the indexes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


DEPARTMENT_INDEX = "audits_auditevent_department_id_3f72b4e0"


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0010_sequenced_after_commit"),
        ("people", "0008_more_text_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["department", "action"], name="audits_event_department"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(max_length=100),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="audit_events",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="created_at",
            field=models.DateTimeField(),
        ),
        # The department's own index goes, the foreign key stays: Django's AlterField would drop the constraint
        # and add it back, checking every event while it holds a lock that stops writes, a long outage on a large
        # trail. The index has the name Django gave it (its FK index name is derived from the table and column).
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {DEPARTMENT_INDEX}",
                    f"CREATE INDEX {DEPARTMENT_INDEX} ON audits_auditevent (department_id)",
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="audit_events",
                        to="people.department",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
    ]
