"""Notification moves to the notifications app (issue 11). State only: the table and its rows stay, and are
that app's from its migration 0001 on."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0005_reviews_and_notifications"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
