"""What retention's pages and tags read (issue 11): selectors, so that a template tag never imports a view."""

from posts.models import Post

from . import records, services
from .choices import RecordType
from .models import RecordSeries, Tombstone


def post_retention(user, post: Post) -> dict:
    """A post's series, eligible date, the holds covering it and its tombstone: what the post's page shows the
    custodian (templates/retention/_post_retention.html)."""
    tombstone = (
        Tombstone.objects.filter(record_type=RecordType.POST, object_id=post.pk)
        .select_related("series", "batch")
        .first()
    )
    found = None
    for series in RecordSeries.objects.filter(department_id=post.department_id).select_related("schedule"):
        kind = records.KIND_FOR_SERIES.get(series.key)
        if kind and kind.is_post and Post.objects.filter(pk=post.pk).filter(kind.membership).exists():
            found = series
            break
    trigger_at = getattr(post, records.KIND_FOR_SERIES[found.key].trigger_field) if found else None
    return {
        "post": post,
        "series": found,
        "trigger_at": trigger_at,
        "eligible_on": found.schedule.eligible_on(trigger_at) if found else None,
        "holds": services.holds_covering(post),
        "tombstone": tombstone,
    }
