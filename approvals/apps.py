from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals"

    def ready(self):
        # Registers approvals' answers to posts' hooks (posts.hooks: the approved revision, voiding on edit);
        # imported here, once the models are loaded.
        from . import services  # noqa: F401
