from django.apps import AppConfig

from socialgov.errors import on_denial


class SecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = "Sign-in and API access"

    def ready(self):
        # Imported once the app registry is ready (services imports models). The web layer (socialgov) is
        # below this app, so it calls the listener for each 403 it answers instead of importing it.
        from .services import record_denial

        on_denial(record_denial)
