"""The moved table takes this app's name; a failed email keeps its error and attempt count (issue 11: "a failed
email is retried and visible, not swallowed")."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AddField(
            model_name="notification", name="email_attempts", field=models.PositiveSmallIntegerField(default=0)
        ),
        migrations.AddField(
            model_name="notification",
            name="email_error",
            field=models.TextField(blank=True, help_text="Why the last attempt to email it failed."),
        ),
        migrations.AlterField(
            model_name="notification",
            name="email_state",
            field=models.CharField(
                choices=[
                    ("pending", "To send"),
                    ("sending", "Being sent"),
                    ("sent", "Sent"),
                    ("no_address", "Not sent: no email address"),
                    ("failed", "Not sent: the mail server refused it"),
                ],
                default="pending",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="key",
            field=models.CharField(help_text="The event: the same key is never notified twice.", max_length=200),
        ),
    ]
