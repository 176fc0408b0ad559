from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = "Undercover operations"

    def ready(self):
        # posts (below) asks whether a covert account may be used and who sees it (posts.hooks, STYLE.md §10).
        from . import access  # noqa: F401 (registers the hooks)
