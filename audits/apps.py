from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "audits"
    verbose_name = "Audit trail and reviews"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment check)
