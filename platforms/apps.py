from django.apps import AppConfig


class PlatformsConfig(AppConfig):
    name = "platforms"
    verbose_name = "Connected platforms and capture"

    def ready(self):
        # The Bluesky channel registers with posts.channels, and the deploy check with Django's checks; both
        # are imported here, once the models are loaded.
        from posts.channels import register
        from posts.choices import Channel

        from . import checks  # noqa: F401 (registers the deploy check)
        from .bluesky.channel import BlueskyChannel  # needs the models loaded

        register(Channel.BLUESKY, BlueskyChannel)
