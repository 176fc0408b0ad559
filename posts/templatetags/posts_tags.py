"""The dashboard's posts sections (issue 3), asked by people's dashboard without importing posts.

people sits below posts (docs/architecture.md): its dashboard template loads this library and asks
`{% posts_work user me as posts_work %}`.
"""

from django import template
from django.db.models import Count, Q

from people.roles import Role

from .. import permissions
from ..choices import PostStatus, RemovalState, ReportStatus
from ..models import ContentReport, Incident, Post, Publication, RemovalInvestigation

register = template.Library()


@register.simple_tag
def posts_work(user, me=None) -> dict:
    """What waits for this member in posts, by role. Each count is asked only of the roles whose section shows
    it, so the chief's dashboard costs nothing more. `me` carries the member's current authorizations already
    (people.views.with_status)."""
    if user.department_id is None:
        return {}
    posts = permissions.visible(user, Post.objects.all())
    found = {}
    if user.has_role(Role.SUPERVISOR, Role.COMMANDER, Role.PIO):
        found["queue_count"] = posts.filter(status=PostStatus.PENDING).exclude(author=user).count()
    if user.has_role(Role.PIO) or (me is not None and me.current_authorizations):
        drafts = posts.drafts_of(user).select_related("current_revision").order_by("-updated_at")
        found["my_drafts"] = list(drafts[:5])
        found["my_drafts_count"] = len(found["my_drafts"]) if len(found["my_drafts"]) < 5 else drafts.count()
    if user.has_role(Role.SUPERVISOR):
        found["open_investigations"] = permissions.visible(
            user, RemovalInvestigation.objects.filter(resolved_at__isnull=True)
        ).count()
        found["open_reports"] = permissions.visible(
            user, ContentReport.objects.filter(status=ReportStatus.OPEN)
        ).count()
        found["removals_to_confirm"] = Publication.objects.filter(
            post__in=posts, removal_state=RemovalState.PENDING
        ).count()
    if user.has_role(Role.COMMANDER):
        found["commanded"] = list(
            permissions.visible(user, Incident.objects.active().filter(commander=user))
            .annotate(waiting=Count("posts", filter=Q(posts__status=PostStatus.PENDING)))
            .order_by("-opened_at")
        )
    if user.has_role(Role.MEMBER):
        found["my_reports"] = permissions.visible(user, ContentReport.objects.filter(reporter=user)).count()
    return found
