"""The one door for permissions on post requests (3xx.3)."""

from django.db.models import Q

from people.roles import Role

from .choices import RequestStatus


def visible(member, queryset):
    """Requesters see their own requests, supervisors those routed to them, PIOs the forwarded ones,
    the chief all of the department's."""
    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    queryset = queryset.filter(department_id=member.department_id)
    if member.has_role(Role.CHIEF):
        return queryset
    seen = Q(requester=member) | Q(supervisor=member)
    if member.has_role(Role.PIO):
        seen |= Q(status__in=[RequestStatus.FORWARDED, RequestStatus.DRAFTED])
    return queryset.filter(seen)


def can(member, action: str, post_request) -> bool:
    """Whether the member may decide (forward or decline) or draft from a request they can see (3xx.3).
    The request's state is the services' to check (409)."""
    if post_request.department_id != member.department_id:
        return False
    if action == "decide":
        return post_request.supervisor_id == member.pk or member.has_role(Role.CHIEF)
    if action == "draft":
        return member.has_role(Role.PIO)
    raise ValueError(f"unknown action {action!r}")
