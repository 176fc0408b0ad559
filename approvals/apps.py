from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals"

    def ready(self):
        # Imported here, once the models are loaded: services registers approvals' answers to posts' hooks (the
        # approved revision, voiding on edit); pages its parts of posts' pages, lists and API.
        from . import pages, services  # noqa: F401

        pages.register()
