from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audits", "0006_notification_moves_to_notifications"),
        ("audits", "0006_signed_checkpoints"),
    ]

    operations = []
