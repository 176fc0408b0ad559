"""The one door for permissions on screening (STYLE.md §3).

`visible(member, queryset)` keeps a member inside their own department (and a flag
inside the posts they may see); `can(member, action, obj)` answers whether they may
act. Not visible: 404. Visible but not allowed: 403.
"""

from django.core.exceptions import PermissionDenied

from people.roles import Role
from posts.models import Post
from posts.permissions import visible_posts

# Who registers and releases hold terms (3xx.5(c)): supervisors and the chief. A department that
# defines an investigator role adds it here.
HOLD_ROLES = (Role.SUPERVISOR, Role.CHIEF)


def _in_department(member) -> bool:
    return bool(member and member.is_authenticated and member.department_id is not None)


def department_id_of(obj):
    label = obj._meta.label
    if label == "people.Department":
        return obj.pk
    return obj.department_id


def _wrote(member, flag) -> bool:
    post = flag.post
    return member.pk == post.author_id or post.revisions.filter(author_id=member.pk).exists()


def can(member, action: str, obj=None) -> bool:
    if not _in_department(member):
        return False
    if obj is not None and department_id_of(obj) != member.department_id:
        return False
    match action:
        case "screen" | "view_rules" | "report_false_positive":
            return True
        case "manage_holds":
            return member.has_role(*HOLD_ROLES)
        case "edit_rules" | "view_false_positive_reports" | "decide_labelled_drafts":
            return member.has_role(Role.CHIEF)
        case "report_missed":
            # Issue 13.3: a supervisor (or the chief) says what the screener did not find.
            return member.has_role(Role.SUPERVISOR, Role.CHIEF)
        case "override_flag":
            # 3xx.5: a supervisor clears a finding; nobody clears a finding on their own post (3xx.3).
            return member.has_role(Role.SUPERVISOR) and (obj is None or not _wrote(member, obj))
    raise ValueError(f"unknown action {action!r}")


def require(member, action: str, obj=None, message: str = "") -> None:
    if not can(member, action, obj):
        raise PermissionDenied(message or f"You may not {action.replace('_', ' ')}.")


def visible(member, queryset):
    """A member's own department's rows; flags and their reports only on posts the member may see."""
    if not _in_department(member):
        return queryset.none()
    label = queryset.model._meta.label
    queryset = queryset.filter(department_id=member.department_id)
    if label in ("screening.Flag", "screening.FalsePositiveReport"):
        posts = visible_posts(member, Post.objects.all()).values("pk")
        field = "post_id__in" if label == "screening.Flag" else "flag__post_id__in"
        queryset = queryset.filter(**{field: posts})
    return queryset
