from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Screening"

    def ready(self):
        # Imported here: the pages import models, which are not ready when this module loads.
        from . import pages

        # The findings on posts' pages, lists and API (posts.hooks).
        pages.register()
