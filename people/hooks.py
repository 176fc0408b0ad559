"""Where the apps above people plug into it (STYLE.md §10; docs/architecture.md).

people sits under every other app and never imports them; they register here in their AppConfig.ready():
retention the function that creates a department's record series from its pack's [[retention]] defaults
(3xx.7), posts the accounts a member may see and the object permissions an authorization gives (3xx.3).
"""

from django.core.exceptions import ImproperlyConfigured

_pack_installed = []


def on_pack_installed(function):
    """Register `function(department)`, called in the transaction that loads or reloads a department's pack."""
    if function not in _pack_installed:
        _pack_installed.append(function)
    return function


def pack_installed(department) -> None:
    for function in _pack_installed:
        function(department)


# -- authorizations' accounts (3xx.3) ------------------------------------------------------------------------------
# An authorization names accounts, which are posts' (Authorization.accounts -> posts.SocialAccount, by string).
# posts registers which accounts a member may see (a covert one stays hidden, general policy IV.E) and keeps its
# "post to account" object permissions in step with the authorizations (posts.authorizations).

_accounts_for = []
_authorizations_changed = []


def accounts_source(function):
    """Register `function(member, approved_only=False) -> SocialAccount queryset` the member may see."""
    if function not in _accounts_for:
        _accounts_for.append(function)
    return function


def on_authorizations_changed(function):
    """Register `function(member, on) -> bool (whether anything changed)`, called in the transaction that grants
    or revokes an authorization."""
    if function not in _authorizations_changed:
        _authorizations_changed.append(function)
    return function


def visible_accounts(member, *, approved_only: bool = False):
    """The accounts `member` may see, ordered by platform and handle. With nothing registered there is no answer
    to give, so this fails rather than show every account."""
    if not _accounts_for:
        raise ImproperlyConfigured("posts registers the accounts a member may see (people.hooks.accounts_source)")
    return _accounts_for[-1](member, approved_only=approved_only)


def authorizations_changed(member, on=None) -> bool:
    return any([function(member, on) for function in _authorizations_changed])
