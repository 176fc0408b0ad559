"""A post's retention: its series, eligible date, holds, and what a disposition kept of it (3xx.7)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from posts import permissions as post_permissions
from posts.models import Post

from .. import permissions
from ..choices import RecordType
from ..models import (
    Tombstone,
)
from ..selectors import post_retention


@login_required
def post_detail(request, pk: int):
    user = request.user
    permissions.require(user, "view")
    post = post_permissions.visible(user, Post.objects.select_related("current_revision")).filter(pk=pk).first()
    if post is None:
        # A destroyed post is gone, but what the disposition kept of it is not: its tombstone (3xx.7), linked
        # from the batch that destroyed it.
        tombstone = get_object_or_404(
            Tombstone.objects.select_related("series", "batch").filter(batch__department_id=user.department_id),
            record_type=RecordType.POST,
            object_id=pk,
        )
        return render(
            request,
            "retention/post_disposed.html",
            {
                "tombstone": tombstone,
                "post_id": pk,
                "revision_hashes": [h for h in tombstone.revision_hashes.split(",") if h],
            },
        )
    return render(request, "retention/post_detail.html", post_retention(user, post))
