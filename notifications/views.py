"""Notifications in the browser: the list (with each email's state), opening one, marking read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import permissions, services
from .models import Notification

PAGE_SIZE = 50


def _next_or(request, default: str) -> str:
    url = request.POST.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


@login_required
def notification_list(request):
    user = request.user
    notifications = permissions.visible(user, Notification.objects.all()).order_by("-created_at", "-id")
    show = request.GET.get("show")
    if show == "unread":
        notifications = notifications.unread()
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page")),
            "show": show,
            "query": "show=unread&" if show == "unread" else "",
        },
    )


def _safe_link(link: str) -> str:
    # Links are paths the app wrote; anything else (another site, "//host" or "/\\host") is never followed.
    if link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return link
    return reverse("notifications:list")


@login_required
def notification_open(request, pk: int):
    """Follow a notification's link; opening it marks it read."""
    notification = get_object_or_404(permissions.visible(request.user, Notification.objects.all()), pk=pk)
    services.mark_read(by=request.user, notification=notification)
    return redirect(_safe_link(notification.link))


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(permissions.visible(request.user, Notification.objects.all()), pk=pk)
    services.mark_read(by=request.user, notification=notification)
    return redirect(_next_or(request, reverse("notifications:list")))


@login_required
@require_POST
def notification_read_all(request):
    marked = services.mark_all_read(by=request.user)
    messages.success(request, f"{marked} notification{'s' if marked != 1 else ''} marked read.")
    return redirect("notifications:list")
