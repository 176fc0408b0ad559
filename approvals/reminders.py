"""Reminders of approvals waiting too long (3xx.3), registered with notifications.reminders.

A post pending longer than the department's limit (Department.approval_limit_hours) reminds those
who may approve it; pending twice as long, it goes up to their supervisors (the chief for an
approver with none on record). Each submission of a post is its own due event: a post sent back
and submitted again is counted afresh.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.reminders import DueEvent, chiefs, source
from people.models import Department
from posts.choices import PostStatus
from posts.models import Post

from .rules import approvers_for


def _waiting(now):
    for department in Department.objects.all():
        limit = timedelta(hours=department.approval_limit_hours)
        posts = Post.objects.filter(department=department, status=PostStatus.PENDING, submitted_at__lte=now - limit)
        for post in posts.select_related("incident", "department").order_by("submitted_at", "pk"):
            yield department, limit, post


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


@source("approvals.waiting")
def approvals_waiting(now):
    for department, limit, post in _waiting(now):
        approvers = approvers_for(post)
        waited = now - post.submitted_at
        key = f"approvals.waiting:{post.pk}:{post.submitted_at:%Y%m%dT%H%M%S}"
        section = department.cite("authorized_users")
        link = reverse("posts:detail", args=[post.pk])
        yield DueEvent(
            key=f"{key}:approvers",
            kind="approvals.waiting",
            department_id=department.pk,
            recipients=tuple(approvers),
            subject=f"Post #{post.pk} has waited {_hours(waited)} hours for approval",
            reason=f"Post #{post.pk} was submitted {timezone.localtime(post.submitted_at):%b %-d at %H:%M} and "
            f"has waited longer than the department's limit of {department.approval_limit_hours} hours. "
            f"You may approve it, send it back or reject it ({section}).",
            link=link,
        )
        if waited < 2 * limit:
            continue
        above = {approver.supervisor for approver in approvers if approver.supervisor_id}
        if not above or any(approver.supervisor_id is None for approver in approvers):
            above |= set(chiefs(department.pk))
        yield DueEvent(
            key=f"{key}:escalated",
            kind="approvals.escalated",
            department_id=department.pk,
            recipients=tuple(sorted(above, key=lambda m: m.pk)),
            subject=f"Post #{post.pk} has waited {_hours(waited)} hours for approval: escalated to you",
            reason=f"Post #{post.pk} has waited more than twice the department's limit of "
            f"{department.approval_limit_hours} hours for approval. Its approvers "
            f"({', '.join(a.display_name for a in approvers) or 'none in the department'}) were reminded; "
            f"you are told as their supervisor ({section}).",
            link=link,
        )
