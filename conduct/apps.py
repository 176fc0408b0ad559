from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "conduct"
    verbose_name = "Members' conduct"

    def ready(self):
        # The sign-in prompt: a member signing in with a version to acknowledge is led to it (issue 15.1).
        from . import signals  # noqa: F401 (connects the receiver)
