"""people's part of each member's work list (socialgov.worklist, issue 14.1): the member's own authorizations and
training lapsing soon (3xx.3, 3xx.8), and for the chief, who renews them, the department's. One renewed already
(a later authorization for the same accounts, a later record of the same training) is not work."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from socialgov.worklist import Item, source

from . import permissions
from .models import Authorization, TrainingRecord
from .reminders import EXPIRY_NOTICE_DAYS


def _day(day) -> str:
    return f"{day:%b} {day.day}, {day.year}"


def expiring_authorizations(authorizations, today):
    """Of live and coming authorizations (with their accounts), those lapsing within EXPIRY_NOTICE_DAYS that no
    later one covers."""
    soon = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    rows = [(a, {account.pk for account in a.accounts.all()}) for a in authorizations]
    lapsing = []
    for a, accounts in rows:
        if a.starts_on > today or a.expires_on > soon:
            continue
        renewed = any(
            b.member_id == a.member_id
            and b.pk != a.pk
            and b.starts_on <= a.expires_on < b.expires_on
            and accounts <= others
            for b, others in rows
        )
        if not renewed:
            lapsing.append(a)
    return lapsing


def expiring_training(records, today):
    """(member id, topic, last day) for each topic whose longest-lasting current record lapses soon."""
    lasts: dict[tuple[int, str], list] = {}
    for record in records:
        lasts.setdefault((record.member_id, record.topic), []).append(record.expires_on)
    soon = today + timedelta(days=EXPIRY_NOTICE_DAYS)
    return [
        (member_id, topic, max(ends))
        for (member_id, topic), ends in lasts.items()
        if None not in ends and max(ends) <= soon
    ]


@source("people.expiring")
def expiring(member, now):
    today = timezone.localdate(now)
    chief = permissions.can(member, "grant_authorization")
    authorizations = Authorization.objects.filter(revoked_at__isnull=True, expires_on__gt=today)
    records = TrainingRecord.objects.current(today).filter(member__is_active=True)
    if chief:
        authorizations = authorizations.filter(department_id=member.department_id, member__is_active=True)
        records = records.filter(member__department_id=member.department_id)
    else:
        authorizations, records = authorizations.filter(member=member), records.filter(member=member)
    lapsing = expiring_authorizations(authorizations.prefetch_related("accounts"), today)
    training = expiring_training(records, today)
    mine_a = [a for a in lapsing if a.member_id == member.pk]
    mine_t = [t for t in training if t[0] == member.pk]
    items = []
    if mine_a:
        items.append(
            Item(
                "people.my_authorizations",
                len(mine_a),
                "of your authorizations to post expires soon",
                "of your authorizations to post expire soon",
                reverse("dashboard") + "#accounts-heading",
                note=f"first on {_day(min(a.expires_on for a in mine_a))}; ask the chief to renew",
            )
        )
    if mine_t:
        items.append(
            Item(
                "people.my_training",
                len(mine_t),
                "of your training topics expires soon",
                "of your training topics expire soon",
                reverse("dashboard") + "#training-heading",
                note=f"first on {_day(min(t[2] for t in mine_t))}",
            )
        )
    if chief:
        others_a = [a for a in lapsing if a.member_id != member.pk]
        others_t = [t for t in training if t[0] != member.pk]
        if others_a:
            items.append(
                Item(
                    "people.authorizations",
                    len(others_a),
                    "member's authorization expires soon",
                    "members' authorizations expire soon",
                    reverse("member-list"),
                    note=f"first on {_day(min(a.expires_on for a in others_a))}; renew or let lapse",
                )
            )
        if others_t:
            items.append(
                Item(
                    "people.training",
                    len(others_t),
                    "member's training expires soon",
                    "members' training records expire soon",
                    reverse("member-list"),
                    note=f"first on {_day(min(t[2] for t in others_t))}",
                )
            )
    return items
