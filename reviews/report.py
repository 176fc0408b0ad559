"""The annual review's report, compiled from the records for a period (3xx.6).

3xx.6 asks the reviewer to report on, at a minimum, the resources being used, the effectiveness of
the content, any unauthorized or inappropriate content and the resolution of any issues; the report
adds the compliance checks the policy's other sections make possible (3xx.3, 3xx.8, general IV.A).

`compile_report(department, start, end)` returns plain JSON-ready data: the draft review shows it
live, and submission freezes it on the review (reviews.services.submit_review). Every figure is
computed here and nowhere else; the page, the PDF, the CSV and the charts only lay it out.

Covert accounts (general policy IV.E) are seen only by the members assigned to them, and a review's
reader need not be: their posts, findings and removals are left out of the detail and counted in
`covert` instead.
"""

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from approvals.models import ApprovalDecision, FlagOverride
from audits.models import AuditEvent, Engagement
from people.models import Authorization, TrainingRecord
from posts.choices import AccountKind, ReportStatus
from posts.models import ContentReport, Post, Publication, RemovalInvestigation, SocialAccount
from screening.choices import Code, Severity
from screening.models import Flag

from . import yearly

VERSION = 1
METRICS = ("impressions", "reactions", "shares", "comments", "clicks")
TOP = 5
EXCERPT = 100


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as local days: from the start of `start` to the start of the day after `end`."""
    zone = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=zone), datetime.combine(
        end + timedelta(days=1), time.min, tzinfo=zone
    )


def _day(moment: datetime | None) -> str | None:
    return timezone.localdate(moment).isoformat() if moment else None


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"


def _name(member) -> str:
    return member.display_name if member is not None else ""


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


class _Period:
    def __init__(self, department, start: date, end: date):
        self.department = department
        self.start, self.end = start, end
        self.lo, self.hi = _bounds(start, end)
        self.covert_accounts = SocialAccount.objects.filter(department=department, kind=AccountKind.COVERT)
        covert_posts = Post.objects.filter(department=department, accounts__in=self.covert_accounts)
        self.covert_post_ids = set(covert_posts.values_list("pk", flat=True))
        self.categories = {c["key"]: c["label"] for c in department.categories}

    def within(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.lo, f"{field}__lt": self.hi})

    def category_label(self, key: str) -> str:
        return self.categories.get(key, key)


def compile_report(department, start: date, end: date) -> dict:
    period = _Period(department, start, end)
    published = list(
        Post.objects.filter(department=department)
        .filter(period.within("published_at"))
        .exclude(pk__in=period.covert_post_ids)
        .select_related("current_revision")
        .order_by("published_at", "pk")
    )
    resources = _resources(period, published)
    effectiveness = _effectiveness(period, published)
    content = _content(period)
    compliance = _compliance(period)
    covert_publications = Publication.objects.filter(account__in=period.covert_accounts).filter(
        period.within("published_at")
    )
    return {
        "version": VERSION,
        "department": {
            "name": department.name,
            "policy_number": department.policy_number,
            "policy_title": department.policy_title,
            "section": department.cite("monitoring"),
        },
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "compiled_at": timezone.localtime().isoformat(timespec="seconds"),
        "summary": {
            "accounts": len(resources["accounts"]),
            "authorized_members": len(resources["authorized_members"]),
            "posts_published": resources["posts"]["total"],
            "flags": content["flags"]["total"],
            "overrides": len(content["overrides"]),
            "content_reports": len(content["reports"]),
            "removals": len(content["removals"]),
            "unresolved": len(content["unresolved"]),
        },
        "resources": resources,
        "effectiveness": effectiveness,
        "content": content,
        "compliance": compliance,
        "covert": {
            "accounts": period.covert_accounts.count(),
            "posts_published": covert_publications.values("post_id").distinct().count(),
        },
    }


# Resources: accounts, authorized members and their training, posts, approval turnaround.


def _resources(period: _Period, published: list[Post]) -> dict:
    department = period.department
    accounts = list(
        SocialAccount.objects.filter(department=department, created_at__lt=period.hi)
        .exclude(kind=AccountKind.COVERT)
        .select_related("approved_by", "department")
        .order_by("platform", "handle")
    )
    per_account = dict(
        Publication.objects.filter(account__in=accounts)
        .filter(period.within("published_at"))
        .values_list("account_id")
        .annotate(n=Count("pk"))
    )
    labels = _requirement_labels(department)
    by_category = Counter(post.category for post in published)
    by_month = Counter(timezone.localdate(post.published_at).replace(day=1) for post in published)
    return {
        "accounts": [
            {
                "id": account.pk,
                "platform": account.platform,
                "platform_label": account.get_platform_display(),
                "handle": account.handle,
                "approved_on": _day(account.approved_at),
                "approved_by": _name(account.approved_by),
                "posts": per_account.get(account.pk, 0),
                "checklist_missing": [labels.get(key, key) for key in account.checklist_missing],
            }
            for account in accounts
        ],
        "authorized_members": _authorized_members(period),
        "posts": {
            "total": len(published),
            "by_account": [
                {"account": f"{a.get_platform_display()} {a.handle}", "count": per_account.get(a.pk, 0)}
                for a in accounts
            ],
            "by_category": [
                {"key": key, "label": label, "count": by_category.get(key, 0)}
                for key, label in period.categories.items()
            ],
            "by_month": [
                {"month": month.strftime("%Y-%m"), "label": month.strftime("%b %Y"), "count": by_month.get(month, 0)}
                for month in _months(period.start, period.end)
            ],
        },
        "approvals": _turnaround(period),
    }


def _requirement_labels(department) -> dict[str, str]:
    return {item["key"]: item.get("label", item["key"]) for item in department.policy.get("page_requirements", [])}


def _topic_labels(department) -> dict[str, str]:
    return {topic["key"]: topic.get("label", topic["key"]) for topic in department.policy.get("training_topics", [])}


def _authorized_members(period: _Period) -> list[dict]:
    """Members holding an authorization on any day of the period (3xx.3), with their training (3xx.8) as it
    stood at the end of the period."""
    authorizations = list(
        Authorization.objects.filter(
            department=period.department, starts_on__lte=period.end, expires_on__gt=period.start
        )
        .filter(Q(revoked_at__isnull=True) | Q(revoked_at__gte=period.lo))
        .select_related("member")
        .prefetch_related("accounts")
        .order_by("member__last_name", "member_id", "starts_on")
    )
    members = {a.member_id: a.member for a in authorizations}
    training = defaultdict(list)
    for record in TrainingRecord.objects.filter(member_id__in=members, completed_on__lte=period.end).order_by(
        "completed_on", "pk"
    ):
        training[record.member_id].append(record)
    topics = _topic_labels(period.department)
    rows = {}
    for authorization in authorizations:
        member = authorization.member
        row = rows.setdefault(member.pk, {"member": member.display_name, "authorizations": [], "training": []})
        row["authorizations"].append(
            {
                "id": authorization.pk,
                "accounts": sorted(
                    ("Covert account" if a.kind == AccountKind.COVERT else f"{a.get_platform_display()} {a.handle}")
                    for a in authorization.accounts.all()
                ),
                "starts_on": authorization.starts_on.isoformat(),
                "expires_on": authorization.expires_on.isoformat(),
                "revoked_on": _day(authorization.revoked_at),
            }
        )
    for member_id, row in rows.items():
        latest = {record.topic: record for record in training[member_id]}  # ordered: the last is the latest
        for key in period.department.training_topics:
            record = latest.get(key)
            row["training"].append(
                {
                    "topic": key,
                    "label": topics.get(key, key),
                    "completed_on": record.completed_on.isoformat() if record else None,
                    "expires_on": record.expires_on.isoformat() if record and record.expires_on else None,
                    "current_at_end": bool(record and record.is_current(period.end)),
                }
            )
    return list(rows.values())


def _turnaround(period: _Period) -> dict:
    """How long approvers took (3xx.3): from the submission a decision answered to the decision.

    The submission is the post's latest `posts.submit` audit event at or before the decision, so a
    post sent back and submitted again counts each round; the post's `submitted_at` stands in where the
    trail has none.
    """
    decisions = list(
        ApprovalDecision.objects.filter(post__department=period.department)
        .filter(period.within("decided_at"))
        .exclude(post_id__in=period.covert_post_ids)
        .select_related("post")
        .order_by("decided_at", "pk")
    )
    submissions = defaultdict(list)
    for object_id, created_at in AuditEvent.objects.filter(
        action="posts.submit",
        object_type="posts.Post",
        object_id__in=sorted({str(d.post_id) for d in decisions}),
        created_at__lt=period.hi,
    ).values_list("object_id", "created_at"):
        submissions[int(object_id)].append(created_at)
    hours = []
    for decision in decisions:
        earlier = [moment for moment in submissions[decision.post_id] if moment <= decision.decided_at]
        submitted = max(earlier) if earlier else decision.post.submitted_at
        if submitted is not None and submitted <= decision.decided_at:
            hours.append(_hours(decision.decided_at - submitted))
    limit = period.department.approval_limit_hours
    by_decision = Counter(decision.decision for decision in decisions)
    return {
        "decisions": len(decisions),
        "approved": by_decision.get("approve", 0),
        "changes_requested": by_decision.get("request_changes", 0),
        "rejected": by_decision.get("reject", 0),
        "timed": len(hours),
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "mean_hours": round(statistics.fmean(hours), 1) if hours else None,
        "max_hours": max(hours) if hours else None,
        "limit_hours": limit,
        "over_limit": sum(1 for value in hours if value > limit),
    }


# Effectiveness: engagement per post, the top and bottom posts, engagement by category.


def _effectiveness(period: _Period, published: list[Post]) -> dict:
    totals_by_post: dict[int, dict] = {}
    for row in (
        Engagement.objects.latest_per_publication()
        .filter(post_id__in=[p.pk for p in published])
        .values("post_id", *METRICS)
    ):
        totals = totals_by_post.setdefault(row["post_id"], dict.fromkeys(METRICS, 0) | {"clicks": None})
        for metric in METRICS:
            if row[metric] is not None:
                totals[metric] = (totals[metric] or 0) + row[metric]
    posts = []
    for post in published:
        if post.pk not in totals_by_post:
            continue
        totals = totals_by_post[post.pk]
        posts.append(
            {
                "post_id": post.pk,
                "category": post.category,
                "category_label": period.category_label(post.category),
                "published_on": _day(post.published_at),
                "excerpt": _excerpt(post.body),
                **totals,
                "engagements": totals["reactions"] + totals["shares"] + totals["comments"] + (totals["clicks"] or 0),
            }
        )
    ranked = sorted(posts, key=lambda p: (-p["engagements"], -p["impressions"], p["post_id"]))
    top = ranked[:TOP]
    bottom = list(reversed(ranked[len(top) :]))[:TOP]
    by_category = []
    for key, label in period.categories.items():
        rows = [p for p in posts if p["category"] == key]
        engagements = sum(p["engagements"] for p in rows)
        by_category.append(
            {
                "key": key,
                "label": label,
                "posts": len(rows),
                "impressions": sum(p["impressions"] for p in rows),
                "engagements": engagements,
                "average_engagements": round(engagements / len(rows), 1) if rows else 0,
            }
        )
    totals = {metric: sum(p[metric] or 0 for p in posts) for metric in METRICS}
    totals["engagements"] = sum(p["engagements"] for p in posts)
    return {
        "posts_with_engagement": len(posts),
        "posts_without_engagement": len(published) - len(posts),
        "totals": totals,
        "posts": ranked,
        "top": top,
        "bottom": bottom,
        "by_category": by_category,
    }


# Unauthorized or inappropriate content (3xx.5) and how each issue was resolved.


def _content(period: _Period) -> dict:
    department = period.department
    flags = list(
        Flag.objects.filter(department=department)
        .filter(period.within("created_at"))
        .exclude(post_id__in=period.covert_post_ids)
        .select_related("override")
    )
    by_code = []
    for code in Code:
        found = [flag for flag in flags if flag.code == code]
        by_code.append(
            {
                "code": code.value,
                "label": code.label,
                "count": len(found),
                "blocking": sum(1 for f in found if f.severity == Severity.BLOCK),
                "warnings": sum(1 for f in found if f.severity == Severity.WARN),
                "overridden": sum(1 for f in found if f.override_or_none is not None),
                "withdrawn": sum(1 for f in found if f.withdrawn_at is not None),
            }
        )
    overrides = [
        {
            "post_id": o.flag.post_id,
            "code": o.flag.code,
            "label": Code(o.flag.code).label,
            "citation": o.flag.citation,
            "justification": o.justification,
            "by": _name(o.overridden_by),
            "on": _day(o.overridden_at),
        }
        for o in FlagOverride.objects.filter(flag__department=department)
        .filter(period.within("overridden_at"))
        .exclude(flag__post_id__in=period.covert_post_ids)
        .select_related("flag", "overridden_by")
        .order_by("overridden_at", "pk")
    ]
    reports = [
        {
            "id": r.pk,
            "post_id": r.post_id,
            "url": r.url,
            "description": r.description,
            "reported_by": _name(r.reporter),
            "reported_on": _day(r.created_at),
            "status": r.status,
            "action_taken": r.action_taken,
            "closed_by": _name(r.closed_by),
            "closed_on": _day(r.closed_at),
            "open": r.status == ReportStatus.OPEN,
        }
        for r in ContentReport.objects.filter(department=department)
        .filter(period.within("created_at") | Q(status=ReportStatus.OPEN, created_at__lt=period.hi))
        .exclude(post_id__in=period.covert_post_ids)
        .select_related("reporter", "closed_by")
        .order_by("created_at", "pk")
    ]
    removals = [
        {
            "investigation_id": i.pk,
            "post_id": i.post_id,
            "reason": i.reason,
            "removed_by": _name(i.removed_by),
            "removed_on": _day(i.opened_at),
            "cause": i.cause,
            "findings": i.findings,
            "resolution": i.resolution,
            "resolved_by": _name(i.resolved_by),
            "resolved_on": _day(i.resolved_at),
            "open": i.is_open,
        }
        for i in RemovalInvestigation.objects.filter(department=department)
        .filter(period.within("opened_at") | Q(resolved_at__isnull=True, opened_at__lt=period.hi))
        .exclude(post_id__in=period.covert_post_ids)
        .select_related("removed_by", "resolved_by")
        .order_by("opened_at", "pk")
    ]
    unresolved = [
        {
            "kind": "removal",
            "id": r["investigation_id"],
            "post_id": r["post_id"],
            "text": f"Investigation of the removal of post #{r['post_id']} is open since {r['removed_on']}.",
        }
        for r in removals
        if r["open"]
    ] + [
        {
            "kind": "report",
            "id": r["id"],
            "post_id": r["post_id"],
            "text": f"Content report #{r['id']} is open since {r['reported_on']}.",
        }
        for r in reports
        if r["open"]
    ]
    return {
        "flags": {"total": len(flags), "by_code": by_code},
        "overrides": overrides,
        "reports": reports,
        "removals": removals,
        "unresolved": unresolved,
    }


# Compliance: page checklists (general policy IV.A), authorizations and training (3xx.3, 3xx.8).


def _compliance(period: _Period) -> dict:
    department = period.department
    labels = _requirement_labels(department)
    lapsed_checklists = [
        {
            "account": f"{account.get_platform_display()} {account.handle}",
            "missing": [labels.get(key, key) for key in account.checklist_missing],
        }
        for account in SocialAccount.objects.filter(department=department, approved_at__isnull=False)
        .exclude(kind=AccountKind.COVERT)
        .select_related("department")
        .order_by("platform", "handle")
        if account.checklist_missing
    ]
    topics = _topic_labels(department)
    granted = list(
        Authorization.objects.filter(department=department)
        .filter(period.within("created_at"))
        .select_related("member")
        .prefetch_related("member__training_records")
        .order_by("created_at", "pk")
    )
    without_training = []
    for authorization in granted:
        on = max(authorization.starts_on, timezone.localdate(authorization.created_at))
        current = {r.topic for r in authorization.member.training_records.all() if r.is_current(on)}
        missing = [key for key in department.training_topics if key not in current]
        if missing:
            without_training.append(
                {
                    "authorization_id": authorization.pk,
                    "member": authorization.member.display_name,
                    "granted_on": _day(authorization.created_at),
                    "missing": [topics.get(k, k) for k in missing],
                }
            )
    expired = []
    records = list(
        TrainingRecord.objects.filter(member__department=department)
        .select_related("member")
        .order_by("member__last_name", "member_id", "topic", "completed_on", "pk")
    )
    for record in records:
        if record.expires_on is None or not (period.start <= record.expires_on <= period.end):
            continue
        renewal = next(
            (
                r
                for r in records
                if r.member_id == record.member_id
                and r.topic == record.topic
                and r.pk != record.pk
                and r.completed_on >= record.completed_on
                and (r.expires_on is None or r.expires_on > record.expires_on)
            ),
            None,
        )
        expired.append(
            {
                "member": record.member.display_name,
                "topic": topics.get(record.topic, record.topic),
                "expired_on": record.expires_on.isoformat(),
                "renewed_on": renewal.completed_on.isoformat() if renewal else None,
            }
        )
    return {
        # 3xx.6 "at least annually" (issue 16.5): a year without a review before this one, and gaps between periods.
        "yearly_review": yearly.compliance(department, period.start),
        "accounts_checklist_incomplete": lapsed_checklists,
        "authorizations_without_training": without_training,
        "expired_training": expired,
    }
