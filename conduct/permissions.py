"""The one door for permissions on conduct records (issue 15; STYLE.md §3).

- Acknowledgments: a member's own; the chief and designees see everyone's (who has not signed).
- Permission requests: the requester, the member a request is about, the chief and designees.
- Personal-use reviews (V.B.1): the chief, the reviewing supervisor and internal affairs; anyone else finds none.
- Reports of members' postings (V.B.2): the reporter, the supervisor it went to, the chief.
- Background investigations (IV.D): the chief and the background investigators (the hiring roles).
"""

from django.db.models import Q

from people import designees
from people.roles import Role

from .models import Candidate, ConductReview, MemberReport, PermissionRequest, PolicyAcknowledgment, VettingRound


def _in_department(member) -> bool:
    return bool(getattr(member, "is_authenticated", False)) and member.department_id is not None


def grants(member) -> bool:
    """The chief or a designee decides permission requests (V.A.3, V.A.8, V.A.9: "the chief of police")."""
    return _in_department(member) and (
        member.has_role(Role.CHIEF) or designees.current(member, designees.Scope.PERMISSION_REQUESTS) is not None
    )


def hiring(member) -> bool:
    return _in_department(member) and member.has_role(Role.CHIEF, Role.BACKGROUND)


def reviews_all(member) -> bool:
    return _in_department(member) and member.has_role(Role.CHIEF, Role.INTERNAL_AFFAIRS)


def may_open_review(member) -> bool:
    return _in_department(member) and member.has_role(Role.SUPERVISOR)


def may_see_reviews(member) -> bool:
    return reviews_all(member) or may_open_review(member)


def any_member(member) -> bool:
    return _in_department(member)


def visible(member, queryset):
    model = queryset.model
    if not _in_department(member):
        return queryset.none()
    department = member.department_id
    if model is PolicyAcknowledgment:
        queryset = queryset.filter(department_id=department)
        return queryset if grants(member) else queryset.filter(member=member)
    if model is PermissionRequest:
        queryset = queryset.filter(department_id=department)
        if grants(member):
            return queryset
        return queryset.filter(Q(requester=member) | Q(subject_member=member))
    if model is ConductReview:
        queryset = queryset.filter(department_id=department)
        return queryset if reviews_all(member) else queryset.filter(supervisor=member)
    if model is MemberReport:
        queryset = queryset.filter(department_id=department)
        if member.has_role(Role.CHIEF):
            return queryset
        return queryset.filter(Q(reporter=member) | Q(supervisor=member))
    if model is VettingRound:
        return queryset.filter(department_id=department) if hiring(member) else queryset.none()
    if model is Candidate:
        return queryset.filter(round__department_id=department) if hiring(member) else queryset.none()
    raise ValueError(f"no door for {model}")


def can(member, action: str, obj=None) -> bool:
    if not _in_department(member):
        return False
    if obj is not None and getattr(obj, "department_id", member.department_id) != member.department_id:
        return False
    if action in ("acknowledge", "request_permission", "report"):
        return True
    if action in ("see_pending", "decide_request"):
        if action == "decide_request" and obj is not None and obj.requester_id == member.pk:
            return False  # nobody grants their own request
        return grants(member)
    if action == "answer_consent":
        return obj is not None and obj.subject_member_id == member.pk
    if action == "open_review":
        return may_open_review(member)
    if action == "work_review":
        return obj is not None and obj.supervisor_id == member.pk
    if action == "open_review_from_report":
        return obj is not None and obj.supervisor_id == member.pk and may_open_review(member)
    if action == "close_report":
        return obj is not None and (obj.supervisor_id == member.pk or member.has_role(Role.CHIEF))
    if action == "see_member_record":
        # A member's own acknowledgments and permissions, and the chief's, designees' and records custodian's
        # view of them (the member page's conduct section and the member's export).
        return obj is not None and (obj.pk == member.pk or grants(member) or member.has_role(Role.CUSTODIAN))
    if action == "vet":
        return hiring(member)
    raise ValueError(f"unknown action {action!r}")
