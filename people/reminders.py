"""Reminders of authorizations (3xx.3) and training (3xx.8) about to expire, registered with socialgov.reminders.

Each goes to the member, whose dashboard shows what they hold, and to the chief, who renews it. One
already renewed (a later authorization for the same accounts, a later record of the same training)
reminds no one.
"""

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from socialgov.reminders import DueEvent, source

from .models import Authorization, Member, TrainingRecord
from .roles import Role

# How far ahead members and the chief are told of an expiry (the dashboard's ATTENTION_DAYS too).
EXPIRY_NOTICE_DAYS = 30


def _when(day, today) -> str:
    days = (day - today).days
    return "today" if days <= 0 else "tomorrow" if days == 1 else f"in {days} days, on {day:%b %-d, %Y}"


def _renewed_authorization(authorization: Authorization) -> bool:
    accounts = {account.pk for account in authorization.accounts.all()}
    later = (
        Authorization.objects.filter(
            member_id=authorization.member_id,
            revoked_at__isnull=True,
            starts_on__lte=authorization.expires_on,
            expires_on__gt=authorization.expires_on,
        )
        .exclude(pk=authorization.pk)
        .prefetch_related("accounts")
    )
    return any(accounts <= {account.pk for account in other.accounts.all()} for other in later)


def _pair(key, kind, department_id, member, subject, member_reason, chief_reason):
    """The member's notice links to their dashboard; the chief's to the member's page."""
    yield DueEvent(
        key=key,
        kind=kind,
        department_id=department_id,
        recipients=(member,),
        subject=subject,
        reason=member_reason,
        link=reverse("dashboard"),
    )
    yield DueEvent(
        key=f"{key}:chief",
        kind=kind,
        department_id=department_id,
        recipients=tuple(c for c in Member.objects.holding(department_id, Role.CHIEF) if c.pk != member.pk),
        subject=f"{member.display_name}: {subject[0].lower()}{subject[1:]}",
        reason=chief_reason,
        link=reverse("member-detail", args=[member.pk]),
    )


@source("people.authorization_expiring")
def authorizations_expiring(now):
    today = timezone.localdate(now)
    expiring = Authorization.objects.current(today).filter(expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS))
    for authorization in expiring.select_related("member", "department").prefetch_related("accounts"):
        if _renewed_authorization(authorization):
            continue
        member, department = authorization.member, authorization.department
        accounts = ", ".join(str(account) for account in authorization.accounts.all())
        when = _when(authorization.expires_on, today)
        section = department.cite("authorized_users")
        yield from _pair(
            f"people.authorization:{authorization.pk}:expiring:{authorization.expires_on.isoformat()}",
            "people.authorization_expiring",
            department.pk,
            member,
            f"Your authorization to post expires {when.split(', on')[0]}",
            f"Your authorization to post to {accounts} expires {when}. After that you may no longer draft, submit "
            f"or publish to these accounts ({section}); ask the chief to renew it.",
            f"{member.display_name}'s authorization to post to {accounts} expires {when} ({section}). Renew it "
            "if they should go on posting.",
        )


@source("people.training_expiring")
def training_expiring(now):
    today = timezone.localdate(now)
    records = (
        TrainingRecord.objects.current(today)
        .filter(
            expires_on__isnull=False,
            expires_on__lte=today + timedelta(days=EXPIRY_NOTICE_DAYS),
            member__is_active=True,
            member__department__isnull=False,
        )
        .select_related("member__department")
    )
    for record in records:
        renewed = (
            TrainingRecord.objects.filter(member_id=record.member_id, topic=record.topic)
            .exclude(pk=record.pk)
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gt=record.expires_on))
            .exists()
        )
        if renewed:
            continue
        member, department = record.member, record.member.department
        topic = next(
            (
                t.get("label", t["key"])
                for t in department.policy.get("training_topics", [])
                if t["key"] == record.topic
            ),
            record.get_topic_display(),
        )
        when = _when(record.expires_on, today)
        section = department.cite("training")
        yield from _pair(
            f"people.training:{record.pk}:expiring:{record.expires_on.isoformat()}",
            "people.training_expiring",
            department.pk,
            member,
            f"Your training on {record.get_topic_display().lower()} expires {when.split(', on')[0]}",
            f"Your training on “{topic}” expires {when}. Members who post need current training ({section}); "
            "without it no authorization to post can be granted or renewed.",
            f"{member.display_name}'s training on “{topic}” expires {when} ({section}).",
        )
