from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Registers the checkpoint digest's reminder source (other apps register theirs in their reminders module).
        from . import checkpoints  # noqa: F401
