"""Who may do what with connected accounts and what capture reads (issue 12), on top of posts.permissions:
an account not visible to the member is not there (404); a visible one the member may not act on is a 403."""

from people.roles import Role
from posts import permissions as posts_permissions
from posts.models import SocialAccount

# Who asks for a capture now: the PIO, supervisors (who monitor the pages, 3xx.6), the records custodian (3xx.7)
# and the chief.
CAPTURE_ROLES = (Role.PIO, Role.SUPERVISOR, Role.CUSTODIAN, Role.CHIEF)


def visible_accounts(member, queryset):
    return posts_permissions.visible_accounts(member, queryset)


def sees_captures(member) -> bool:
    """Captured posts are for the content roles and members authorized for an account, like captured comments."""
    return posts_permissions.sees_comments(member)


def visible_captured_posts(member, queryset):
    """A department's captured posts, less those on covert accounts hidden from the member (general IV.E)."""
    if not member.is_authenticated or member.department_id is None or not sees_captures(member):
        return queryset.none()
    hidden = SocialAccount.objects.filter(department_id=member.department_id).filter(
        posts_permissions.hidden_covert_accounts(member)
    )
    return queryset.filter(department_id=member.department_id).exclude(account__in=hidden)


def can(member, action: str, account=None) -> bool:
    if account is not None and account.department_id != member.department_id:
        return False
    match action:
        case "connect":
            return member.has_role(Role.CHIEF)
        case "capture":
            return member.has_role(*CAPTURE_ROLES)
        case "see_connection":
            return sees_captures(member)
    raise ValueError(f"unknown action {action!r}")
