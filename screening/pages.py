"""screening's parts of posts' pages and API (posts.hooks; issue 11): the findings on a post's current text.

posts sits below screening and never imports it; screening registers these in its AppConfig.ready().
"""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from posts import hooks
from posts.choices import PostStatus
from socialgov.query import RowsByIds

from .api.serializers import FLAG_VALUES, PostFlagsField
from .models import Flag
from .views import editor_screening, post_findings, screened


def with_finding_counts(posts):
    """Each post's standing screener findings on its current text (`finding_count`) and how many of them
    block its approval (`blocking_count`, 3xx.5): two subqueries of the page's own query, so a list that
    shows them costs no extra query however long it is."""

    def count(flags):
        counted = (
            flags.filter(revision_id=OuterRef("current_revision_id"))
            .order_by()
            .values("revision_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

    return posts.annotate(finding_count=count(Flag.objects.standing()), blocking_count=count(Flag.objects.blocking()))


def post_page(request, post, context, forms) -> dict:
    """The findings on the current revision, their overrides and the forms to clear or report them; for a draft
    with none saved, the draft screened now, as the editor does, so its page says what to fix (14.5)."""
    part = post_findings(request, post, bound=forms.get("findings_bound"))
    drafting = post.status in (PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED)
    if drafting and not part["findings"] and post.current_revision_id:
        part["draft_screening"] = screened(post.department, post.body, post.category)
    return part


STANDING_FLAGS = RowsByIds("revision_id", lambda: Flag.objects.standing().order_by().values(*FLAG_VALUES))


def load_flags(posts) -> None:
    """`listed_flags` on each post's current revision: its standing findings with their overrides, as the values
    PostFlagsField.represent formats (FLAG_VALUES), one query by the revisions' ids for the whole page
    (posts.hooks.api_field). Values, not model instances, and the query compiled once (RowsByIds): building three
    instances per finding, and the query per request, cost more than the database's work (issue 18.2)."""
    revisions = {post.current_revision_id: post.current_revision for post in posts if post.current_revision_id}
    for revision in revisions.values():
        revision.listed_flags = []
    for row in STANDING_FLAGS.rows(revisions):
        revisions[row["revision_id"]].listed_flags.append(row)


def register() -> None:
    hooks.post_page_part(post_page)
    hooks.editor_part(editor_screening)
    hooks.list_query(with_finding_counts)
    hooks.api_field(
        "flags",
        PostFlagsField,
        load=load_flags,
        fast=lambda post: PostFlagsField.represent(post.current_revision.listed_flags if post.current_revision else []),
    )
