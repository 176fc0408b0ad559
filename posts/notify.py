"""Emails about posts, sent after the change commits. The in-app notification list comes with the reminders issue."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from people.models import Member
from people.roles import GROUP_FOR_ROLE, Role


def _send(subject: str, body: str, members) -> None:
    recipients = sorted({m.email for m in members if m.email})
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def _supervisors(department_id):
    return Member.objects.filter(department_id=department_id, is_active=True,
                                 groups__name=GROUP_FOR_ROLE[Role.SUPERVISOR])


def _link(name: str, pk: int) -> str:
    return getattr(settings, "SITE_URL", "http://127.0.0.1:8000") + reverse(name, args=[pk])


def approvers_of(post_id: int) -> None:
    from approvals.choices import Approver
    from approvals.rules import required_approver

    from .models import Post

    post = Post.objects.select_related("incident__commander").get(pk=post_id)
    needed = required_approver(post)
    members = [post.incident.commander] if needed == Approver.COMMANDER else list(_supervisors(post.department_id))
    _send(f"Post #{post.pk} waits for your approval", f"Review it: {_link('posts:detail', post.pk)}", members)


def author_of_decision(post_id: int) -> None:
    from .models import Post

    post = Post.objects.select_related("author").get(pk=post_id)
    _send(f"Post #{post.pk}: {post.get_status_display()}",
          f"{post.status_note}\n\n{_link('posts:detail', post.pk)}", [post.author])


def removal(post_id: int) -> None:
    from .models import Post

    post = Post.objects.select_related("author").get(pk=post_id)
    _send(f"Post #{post.pk} was removed from public view", f"{post.status_note}\n\n{_link('posts:detail', post.pk)}",
          [post.author])


def report(report_id: int) -> None:
    from .models import ContentReport

    report = ContentReport.objects.get(pk=report_id)
    _send("Content reported as unauthorized or inappropriate",
          f"{report.description}\n\n{report.url or _link('posts:detail', report.post_id)}",
          _supervisors(report.department_id))
