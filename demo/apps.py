from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo department's members and its year of activity (issue 20): the top layer, since it drives every
    app's services; nothing imports it."""

    name = "demo"
    verbose_name = "Demo data"

    def ready(self):
        from . import checks  # noqa: F401  registers the deploy check (a demo secret must never reach production)
