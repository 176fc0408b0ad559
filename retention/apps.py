from django.apps import AppConfig

from people import hooks


class RetentionConfig(AppConfig):
    name = "retention"
    verbose_name = "Records retention"

    def ready(self):
        # Imported here: the services import models, which are not ready when this module loads.
        from .services import install_series

        # A department's record series come from its pack's [[retention]] defaults whenever people loads the pack
        # (people.services.load_policy_pack).
        hooks.on_pack_installed(install_series)
