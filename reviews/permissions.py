"""The one door for permissions on annual reviews (STYLE.md §3).

`visible(member, queryset)`: the chief sees every review of the department, the appointed reviewer the
reviews they are appointed to (3xx.6), nobody another department's. Not visible: 404.
`can(member, action, obj)`: visible but not allowed: 403. The appointment record is the source of truth for
who writes a review, not the "Annual Reviewer" group.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from audits.models import AnnualReview
from people.roles import Role


def _in_department(member) -> bool:
    return bool(member is not None and member.is_authenticated and member.department_id is not None)


def sees_reviews(member) -> bool:
    """The chief, who appoints and acknowledges, and every member appointed to review (3xx.6)."""
    if not _in_department(member):
        return False
    return member.has_role(Role.CHIEF, Role.REVIEWER) or AnnualReview.objects.filter(reviewer=member).exists()


def can(member, action: str, obj=None) -> bool:
    if not _in_department(member):
        return False
    if obj is not None and obj.department_id != member.department_id:
        return False
    match action:
        case "appoint_reviewer" | "acknowledge_review" | "return_review":
            return member.has_role(Role.CHIEF)
        case "edit_review" | "submit_review":
            return obj is not None and obj.reviewer_id == member.pk
        case "import_engagement":
            return obj is not None and (obj.reviewer_id == member.pk or member.has_role(Role.CHIEF))
    raise ValueError(f"unknown action {action!r}")


def require(member, action: str, obj=None, message: str = "") -> None:
    if not can(member, action, obj):
        raise PermissionDenied(message or f"You may not {action.replace('_', ' ')}.")


def visible(member, queryset):
    if not _in_department(member):
        return queryset.none()
    label = queryset.model._meta.label
    queryset = queryset.filter(department_id=member.department_id)
    if label == "audits.AnnualReview":
        return queryset if member.has_role(Role.CHIEF) else queryset.filter(reviewer_id=member.pk)
    if label == "audits.EngagementImport":
        if member.has_role(Role.CHIEF):
            return queryset
        return queryset.filter(Q(review__reviewer_id=member.pk))
    raise ValueError(f"no visibility rule for {label}")
