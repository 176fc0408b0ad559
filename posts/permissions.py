"""The one door for permissions on accounts, posts, incidents, removals and reports (STYLE.md §3).

`visible(member, queryset)` answers what the member may see at all (404 otherwise);
`can(member, action, obj)` whether they may do this to a visible object (403 otherwise).
The granting records are the source of truth: an Authorization (3xx.3), an
incident's commander (3xx.4.1), a covert account's monitoring supervisor (general IV.E).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from guardian.models import UserObjectPermission

from people import designees
from people.models import Authorization
from people.roles import Role
from socialgov.memo import remembered

from . import hooks
from .choices import AccountKind, PostStatus
from .models import Incident, Post, SocialAccount

# Roles whose work needs every non-covert draft of the department in view.
CONTENT_ROLES = (Role.CHIEF, Role.PIO, Role.SUPERVISOR, Role.COMMANDER, Role.CUSTODIAN, Role.REVIEWER)
# Roles who see every removal investigation and content report (3xx.5, 3xx.6, 3xx.7).
OVERSIGHT_ROLES = (Role.CHIEF, Role.SUPERVISOR, Role.CUSTODIAN, Role.REVIEWER)
# Who records public comments as they were captured (3xx.7): besides members authorized for the account,
# supervisors (who monitor the pages, 3xx.6) and the records custodian.
COMMENT_CAPTURE_ROLES = (Role.SUPERVISOR, Role.CUSTODIAN)
# Who hides or deletes a comment under the page's comment-moderation notice (general policy IV.A.9).
COMMENT_MODERATION_ROLES = (Role.SUPERVISOR, Role.CHIEF)


def _authorized_account_ids(member, on=None):
    return Authorization.objects.current(on).filter(member=member).values("accounts")


@remembered
def has_any_authorization(member) -> bool:
    return Authorization.objects.current().filter(member=member).exists()


def object_permission_ids(member, codename: str, model) -> set[int]:
    """The ids of `model` rows on which the member holds the guardian object permission `codename`, as the
    granting services wrote it (posts.authorizations.sync_post_permissions, posts.services incidents). Read from
    guardian's table directly: a superuser holds only what was granted, like everyone else."""
    if not member.is_authenticated:
        return set()
    rows = UserObjectPermission.objects.filter(
        user_id=member.pk,
        permission__codename=codename,
        content_type=ContentType.objects.get_for_model(model),
    ).values_list("object_pk", flat=True)
    return {int(pk) for pk in rows}


def holds(member, codename: str, obj) -> bool:
    return obj is not None and obj.pk in object_permission_ids(member, codename, type(obj))


def authorized_for_all(member, accounts, on=None) -> bool:
    """3xx.3: a current authorization covering every one of the accounts, and the "post to account" object
    permission derived from it on each (guardian is what the door reads; the authorization's dates are read too,
    so one that expired refuses the same day without waiting for anything to remove the permission)."""

    wanted = {account.pk for account in accounts}
    if not wanted or covert_refusal(accounts):
        return False
    held = set(
        Authorization.objects.current(on).filter(member=member, accounts__in=wanted).values_list("accounts", flat=True)
    )
    return wanted <= held and wanted <= object_permission_ids(member, "post_to_account", SocialAccount)


def covert_refusal(accounts) -> str:
    """Why the covert accounts among `accounts` may not be used now (general policy IV.E: only while the
    undercover operation they belong to is open, issue 16.1); empty if they may."""
    for account in accounts:
        if account.kind == AccountKind.COVERT and (reason := hooks.covert_unusable_reason(account)):
            return reason
    return ""


def sees_every_account(member) -> bool:
    """The chief is assigned to every covert account (general policy IV.E)."""
    return member.has_role(Role.CHIEF)


def hidden_covert_accounts(member):
    """Q for covert accounts this member is not assigned to (general policy IV.E). An account an undercover
    operation governs is seen by those the operation names (operations, through posts.hooks); any other covert
    account by its monitoring supervisor and the members authorized for it."""
    if sees_every_account(member):
        return Q(pk__in=[])
    unassigned = ~Q(monitoring_supervisor=member) & ~Q(pk__in=_authorized_account_ids(member))
    access = hooks.covert_access(member)
    if access is None:
        return Q(kind=AccountKind.COVERT) & unassigned
    governed, seen = access
    return Q(kind=AccountKind.COVERT) & ((Q(pk__in=governed) & ~Q(pk__in=seen)) | (~Q(pk__in=governed) & unassigned))


def visible_accounts(member, queryset):
    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    return queryset.filter(department_id=member.department_id).exclude(hidden_covert_accounts(member))


def hidden_accounts(member):
    """The department's covert accounts hidden from the member (general policy IV.E), as a queryset."""
    return SocialAccount.objects.filter(department_id=member.department_id).filter(hidden_covert_accounts(member))


def hidden_account_ids(member) -> list[int]:
    """The ids of the department's covert accounts hidden from the member (general policy IV.E), read now."""
    if sees_every_account(member):
        return []
    return list(hidden_accounts(member).order_by().values_list("pk", flat=True))


def visible_posts(member, queryset, *, resolved: bool = False):
    """A department's posts, less those to covert accounts the member is not assigned to; members
    outside the content roles and without an authorization see only what went public.

    `resolved`: the hidden accounts are looked up now, in a query of their own, and the posts' query names their
    ids (or has no such condition when there are none). For one request's page or detail (the post API) that is
    cheaper than the subquery: Django builds the nested querysets per request and PostgreSQL plans them per
    query, several milliseconds each (issue 18.2). The answer is the same; it is read a statement earlier, as a
    request that came in a moment sooner would have read it."""

    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    queryset = queryset.filter(department_id=member.department_id)
    # A correlated NOT EXISTS over the accounts through table, with the hidden accounts a subquery of it:
    # PostgreSQL answers it as an anti join probed per row while it walks the (department, -updated_at, -id)
    # index in list order, and stops at the page's end. Written as a join of the posts to their accounts it
    # read every post of the department first (issue 18.2). Chiefs see every account: no condition at all.
    hidden = None
    if resolved:
        hidden = hidden_account_ids(member) or None
    elif not sees_every_account(member):
        hidden = hidden_accounts(member).values("pk")
    if hidden is not None:
        queryset = queryset.filter(
            ~Exists(Post.accounts.through.objects.filter(post_id=OuterRef("pk"), socialaccount_id__in=hidden))
        )
    if not (member.has_role(*CONTENT_ROLES) or has_any_authorization(member)):
        queryset = queryset.filter(Q(status__in=PostStatus.public()) | Q(author=member))
    return queryset


def sees_comments(member) -> bool:
    """Captured comments are for the content roles and members authorized for an account."""
    return member.is_authenticated and (member.has_role(*CONTENT_ROLES) or has_any_authorization(member))


def sees_queue(member) -> bool:
    """Those who may approve anything: the content roles, authorized members (3xx.3), and any member
    named commander of an active incident (3xx.4.1)."""

    return member.is_authenticated and (
        member.has_role(*CONTENT_ROLES)
        or has_any_authorization(member)
        or Incident.objects.active().filter(department_id=member.department_id, commander=member).exists()
    )


def drafts(member) -> bool:
    """Who drafts: the PIO (3xx.3) and every member holding a current authorization."""
    return member.is_authenticated and (member.has_role(Role.PIO) or has_any_authorization(member))


def sees_investigations(member) -> bool:
    """Removal investigations and every content report: supervisors, the chief, the records custodian and
    the annual reviewer (3xx.5, 3xx.6, 3xx.7)."""
    return member.is_authenticated and member.has_role(*OVERSIGHT_ROLES)


def visible_comments(member, queryset):
    """A department's captured comments, less those on covert accounts hidden from the member (general IV.E)."""

    if not member.is_authenticated or member.department_id is None or not sees_comments(member):
        return queryset.none()
    hidden = hidden_accounts(member)
    return queryset.filter(department_id=member.department_id).exclude(account__in=hidden)


def visible(member, queryset):
    label = queryset.model._meta.label
    if label == "posts.SocialAccount":
        return visible_accounts(member, queryset)
    if label == "posts.Post":
        return visible_posts(member, queryset)
    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    if label == "posts.MediaAttachment":
        # Media may show what is not yet public: the content roles and authorized members only.
        queryset = queryset.filter(department_id=member.department_id)
        return queryset if member.has_role(*CONTENT_ROLES) or has_any_authorization(member) else queryset.none()
    if label == "posts.CapturedComment":
        return visible_comments(member, queryset)
    if label == "posts.PostRevision":
        return queryset.filter(post__in=visible_posts(member, Post.objects.all()))
    queryset = queryset.filter(department_id=member.department_id)
    oversees = member.has_role(*OVERSIGHT_ROLES)
    if label == "posts.RemovalInvestigation" and not oversees:
        return queryset.none()
    if label == "posts.ContentReport" and not oversees:
        return queryset.filter(reporter=member)
    return queryset


EDIT_REFUSED = (
    "Only the post's author edits it, or a supervisor with a reason; either needs a current "
    "authorization for every target account."
)


def may_edit(member, post) -> bool:
    """The author, or a supervisor of the department (who gives a reason), with a current authorization for every
    target account (issue 17.5: another member does not rewrite someone's post)."""
    if post.author_id != member.pk and not member.has_role(Role.SUPERVISOR):
        return False
    return authorized_for_all(member, list(post.accounts.all()))


def can(member, action: str, obj=None) -> bool:
    """Whether the member may do `action`; `obj` is already known to be visible to them."""
    if obj is not None and getattr(obj, "department_id", member.department_id) != member.department_id:
        return False
    match action:
        case "approve_account":
            # The chief, or a designee whose scope covers accounts (§3xx.3; issue 16.2).
            return member.has_role(Role.CHIEF) or designees.current(member, designees.Scope.ACCOUNTS) is not None
        case "edit_account":
            return member.has_role(Role.CHIEF)
        case "create_post":
            return authorized_for_all(member, obj) if obj is not None else has_any_authorization(member)
        case "edit_post":
            return may_edit(member, obj)
        case "submit_post" | "publish_post":
            return authorized_for_all(member, list(obj.accounts.all()))
        case "remove_post" | "resolve_investigation" | "close_report" | "confirm_removal" | "record_outside_removal":
            return member.has_role(Role.SUPERVISOR)
        case "open_incident":
            return member.has_role(Role.SUPERVISOR, Role.CHIEF)
        case "close_incident":
            return member.has_role(Role.SUPERVISOR, Role.CHIEF) or obj.commander_id == member.pk
        case "report_content":
            return True
        case "capture_comment":
            # obj: the account the comment was left on (None: may the member capture to any account).
            if member.has_role(*COMMENT_CAPTURE_ROLES):
                return True
            return authorized_for_all(member, [obj]) if obj is not None else has_any_authorization(member)
        case "moderate_comment":
            return member.has_role(*COMMENT_MODERATION_ROLES)
    raise ValueError(f"unknown action {action!r}")


def require(member, action: str, obj=None, message: str = "") -> None:
    if not can(member, action, obj):
        raise PermissionDenied(message or f"You may not {action.replace('_', ' ')}.")
