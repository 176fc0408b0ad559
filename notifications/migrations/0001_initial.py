"""The Notification model moves here from audits (issue 11). State only: the table audits_notification, with
its rows, becomes this app's (0002 renames it); audits 0006 drops the model from audits' state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("audits", "0005_reviews_and_notifications"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "key",
                            models.CharField(
                                help_text="The due event: the same key is never notified twice.", max_length=200
                            ),
                        ),
                        ("kind", models.CharField(max_length=60)),
                        ("subject", models.CharField(max_length=200)),
                        (
                            "reason",
                            models.TextField(help_text="Why the member is told, with the policy section it serves."),
                        ),
                        ("link", models.CharField(help_text="Where to act on it (a path in the app).", max_length=500)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "email_state",
                            models.CharField(
                                choices=[
                                    ("pending", "To send"),
                                    ("sending", "Being sent"),
                                    ("sent", "Sent"),
                                    ("no_address", "Not sent: no email address"),
                                ],
                                default="pending",
                                max_length=20,
                            ),
                        ),
                        ("email_claimed_at", models.DateTimeField(blank=True, null=True)),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "department",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to="people.department",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["-created_at", "-id"],
                        "db_table": "audits_notification",
                        "indexes": [
                            models.Index(fields=["recipient", "read_at"], name="audits_noti_recipie_e6aade_idx"),
                            models.Index(
                                fields=["email_state", "email_claimed_at"], name="audits_noti_email_s_7ac84e_idx"
                            ),
                        ],
                        "constraints": [
                            models.UniqueConstraint(fields=("key", "recipient"), name="one_notification_per_due_event"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
