"""What a legal hold or a records request covers: accounts, posts, dates and keywords (3xx.7)."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Exists, OuterRef, Q

from posts.models import Post, PostRevision

from .schedules import start_of_day


def date_window(field: str, date_from: date | None, date_to: date | None) -> Q:
    """`field` (a datetime) falls on a local day from `date_from` to `date_to`, both included."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field}__gte": start_of_day(date_from)})
    if date_to:
        q &= Q(**{f"{field}__lt": start_of_day(date_to + timedelta(days=1))})
    return q


class Scope(models.Model):
    """What a legal hold or a records request covers: posts on some accounts, dated within a range,
    mentioning keywords (in any revision), and posts named one by one.

    The criteria given combine with AND; the posts named are covered whatever the criteria say.
    Records tied to a post (its approvals, investigation, reports) go with it.
    """

    date_from = models.DateField(null=True, blank=True)
    date_to = models.DateField(null=True, blank=True)
    keywords = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def scope_ids(self) -> tuple[list[int], list[int]]:
        if not hasattr(self, "_scope_ids"):
            if hasattr(self, "_prefetched_objects_cache") and "accounts" in self._prefetched_objects_cache:
                accounts = [a.pk for a in self.accounts.all()]
                posts = [p.pk for p in self.posts.all()]
            else:
                accounts = list(self.accounts.values_list("pk", flat=True))
                posts = list(self.posts.values_list("pk", flat=True))
            self._scope_ids = (sorted(accounts), sorted(posts))
        return self._scope_ids

    def post_q(self) -> Q:
        """A Q on posts.Post for the posts this scope covers. Records tied to a post (approvals,
        investigations, reports) are covered through it: retention.records.Kind.scope_q."""
        account_ids, post_ids = self.scope_ids()
        criteria = []
        if account_ids:
            criteria.append(
                Q(
                    Exists(
                        Post.accounts.through.objects.filter(post_id=OuterRef("pk"), socialaccount_id__in=account_ids)
                    )
                )
            )
        if self.date_from or self.date_to:
            criteria.append(
                date_window("created_at", self.date_from, self.date_to)
                | date_window("published_at", self.date_from, self.date_to)
            )
        if self.keywords:
            mentions = Q()
            for keyword in self.keywords:
                mentions |= Q(Exists(PostRevision.objects.filter(post_id=OuterRef("pk"), body__icontains=keyword)))
            criteria.append(mentions)
        covered = Q(pk__in=[])
        if criteria:
            covered = criteria[0]
            for criterion in criteria[1:]:
                covered &= criterion
        if post_ids:
            covered |= Q(pk__in=post_ids)
        return covered

    @property
    def has_scope(self) -> bool:
        account_ids, post_ids = self.scope_ids()
        return bool(account_ids or post_ids or self.date_from or self.date_to or self.keywords)

    def scope_text(self) -> str:
        account_ids, post_ids = self.scope_ids()
        parts = []
        if account_ids:
            parts.append("accounts " + ", ".join(str(a) for a in self.accounts.all()))
        if self.date_from or self.date_to:
            parts.append(f"dated {self.date_from or '…'} to {self.date_to or '…'}")
        if self.keywords:
            parts.append("mentioning " + ", ".join(f"“{k}”" for k in self.keywords))
        text = "posts on " + " and ".join(parts) if parts else ""
        if post_ids:
            named = "posts " + ", ".join(f"#{p}" for p in post_ids)
            text = f"{text}, and {named}" if text else named
        return text or "nothing"
