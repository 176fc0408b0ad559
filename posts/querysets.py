from django.db import models

from .choices import PostStatus


class PostQuerySet(models.QuerySet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._loaders = ()

    def _clone(self):
        clone = super()._clone()
        clone._loaders = self._loaders
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._loaders and self._iterable_class is models.query.ModelIterable and self._result_cache:
            for load in self._loaders:
                load(self._result_cache)

    def loading(self, *loaders):
        """Run each `load(posts)` over the fetched posts, once per fetch, as prefetch_related runs its lookups.
        A loader reads what a page shows of its posts in one plain query by their ids and sets it on them: a
        Prefetch of a relation builds querysets per lookup and level, which cost more than the page's SQL
        (issue 18.2)."""
        clone = self._chain()
        clone._loaders = (*self._loaders, *loaders)
        return clone

    def in_department(self, department):
        return self.filter(department=department)

    def drafts_of(self, member):
        """'My drafts': posts the member wrote that are still being worked on."""
        return self.filter(author=member, status__in=[PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED])

    def awaiting_approval(self):
        """Oldest first, as the approval queue shows them."""
        return self.filter(status=PostStatus.PENDING).order_by("submitted_at", "id")

    def for_lists(self):
        """Everything a list page shows, in a fixed number of queries."""
        return self.select_related("author", "current_revision", "incident", "incident__commander").prefetch_related(
            "accounts", "current_revision__media"
        )
