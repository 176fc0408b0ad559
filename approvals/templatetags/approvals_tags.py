"""The dashboard's post-request counts (issue 3), asked by people's dashboard without importing approvals.

people sits below approvals (docs/architecture.md): its dashboard template loads this library and asks
`{% request_work user as request_work %}`.
"""

from django import template

from people.roles import Role

from ..choices import RequestStatus
from ..models import PostRequest
from ..permissions import visible

register = template.Library()


@register.simple_tag
def request_work(user) -> dict:
    """Post requests waiting for this supervisor's decision, and the member's own requests."""
    if user.department_id is None:
        return {}
    found = {}
    if user.has_role(Role.SUPERVISOR):
        found["requests_to_decide"] = visible(
            user, PostRequest.objects.filter(supervisor=user, status=RequestStatus.SUBMITTED)
        ).count()
    if user.has_role(Role.MEMBER):
        found["my_requests"] = visible(user, PostRequest.objects.filter(requester=user)).count()
    return found
