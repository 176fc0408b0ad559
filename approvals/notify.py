"""Emails about post requests, sent after the change commits."""

from django.conf import settings
from django.core.mail import send_mail

from people.models import Member
from people.roles import GROUP_FOR_ROLE, Role

from .models import PostRequest


def _send(subject, body, members):
    recipients = sorted({m.email for m in members if m.email})
    if recipients:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)


def request_to_supervisor(request_id: int) -> None:
    request = PostRequest.objects.select_related("supervisor", "requester").get(pk=request_id)
    _send(f"{request.requester.display_name} asks for a post", request.summary, [request.supervisor])


def request_forwarded(request_id: int) -> None:
    request = PostRequest.objects.get(pk=request_id)
    pios = Member.objects.filter(department_id=request.department_id, groups__name=GROUP_FOR_ROLE[Role.PIO])
    _send(f"Post request #{request.pk} forwarded to the PIOs", request.summary, pios)
    requester(request_id)


def requester(request_id: int) -> None:
    request = PostRequest.objects.select_related("requester").get(pk=request_id)
    _send(f"Your post request #{request.pk}: {request.get_status_display()}",
          request.decision_note or request.summary, [request.requester])
