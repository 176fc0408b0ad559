from django.apps import AppConfig

from people import hooks


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts and accounts"

    def ready(self):
        # Imported here: this module imports models, which are not ready when this module loads.
        from .authorizations import accounts_for, sync_post_permissions

        # people grants authorizations to post to posts' accounts (3xx.3); posts answers which accounts a member
        # sees and writes the object permissions its door reads.
        hooks.accounts_source(accounts_for)
        hooks.on_authorizations_changed(sync_post_permissions)
