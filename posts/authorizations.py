"""The "post to account" object permissions an authorization gives (3xx.3), kept by posts for people.

An authorization (people.Authorization) names posts' accounts; people grants and revokes it and, in the same
transaction, asks its hooks to bring the derived permissions in step (people.hooks.authorizations_changed). The
permission is posts', so posts writes it here and its door reads it (posts.permissions.authorized_for_all).
"""

from datetime import date

from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from people.models import Authorization
from people.querysets import today

from . import permissions
from .models import SocialAccount

POST_PERMISSION = "posts.post_to_account"


def sync_post_permissions(member, on: date | None = None) -> bool:
    """Make the member's guardian "post to account" permissions exactly those their live authorizations give
    (not revoked, not yet expired, including one that starts later). Returns whether anything changed.

    The authorization is the granting record (DESIGN.md "Who uses it"); the object permission is derived from
    it in the granting and revoking services, and the permission door (posts.permissions) reads it together
    with the authorization's dates: so an authorization that starts or expires needs no job to take effect,
    and a permission removed by hand refuses at once.
    """
    on = on or today()
    live = Authorization.objects.filter(member=member, revoked_at__isnull=True, expires_on__gt=on)
    should = set(SocialAccount.objects.filter(authorizations__in=live).values_list("pk", flat=True))
    has = set(
        get_objects_for_user(
            member, POST_PERMISSION, klass=SocialAccount, with_superuser=False, accept_global_perms=False
        ).values_list("pk", flat=True)
    )
    for account in SocialAccount.objects.filter(pk__in=should - has):
        assign_perm(POST_PERMISSION, member, account)
    for account in SocialAccount.objects.filter(pk__in=has - should):
        remove_perm(POST_PERMISSION, member, account)
    return should != has


def accounts_for(member, approved_only: bool = False):
    """The accounts `member` may see (a covert one is left out of every list it appears in, general policy
    IV.E); only those the chief approved when `approved_only` (general policy IV.A.2)."""
    accounts = SocialAccount.objects.order_by("platform", "handle")
    if approved_only:
        accounts = accounts.filter(approved_at__isnull=False)
    return permissions.visible(member, accounts) if member is not None else accounts.none()
