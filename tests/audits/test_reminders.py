"""Reminders (notifications.reminders): each kind of due event reaches the right members, by email (Django's outbox) and
in the app, once, however often the job runs; each says why and links to where to act."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from approvals import services as decisions
from approvals.rules import approvers_for, may_decide
from notifications import reminders
from notifications.choices import EmailState
from notifications.models import Notification
from people.models import Authorization, Department, Member, TrainingRecord
from people.roles import Role
from posts import services as posts
from posts.models import Post, RemovalInvestigation
from reviews import services
from socialgov import reminders as registry
from tests.conftest import make_member
from tests.posts.conftest import authorize

pytestmark = pytest.mark.django_db

KINDS = {
    "audits.review_due",
    "people.authorization_expiring",
    "people.training_expiring",
    "approvals.waiting",
    "posts.investigation_open",
}


@pytest.fixture(autouse=True)
def emails(department, chief, supervisor, reviewer, pio, member):
    """Everyone has an address (the personas have none)."""
    Member.objects.update(email=Concat(F("username"), Value("@oakley.test")))
    for persona in (chief, supervisor, reviewer, pio, member):
        persona.refresh_from_db()


def local(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def notices(**filters):
    return list(Notification.objects.filter(**filters).order_by("recipient__username", "key"))


def outbox_to(member) -> list:
    return [message for message in mail.outbox if message.to == [f"{member.username}@oakley.test"]]


def test_every_source_is_registered():
    assert set(reminders.discover()) >= KINDS


# The annual review (3xx.6)


@pytest.fixture
def review(chief, reviewer):
    today = timezone.localdate()
    # The twelve months to yesterday: the year after it is not yet due a review (reviews.yearly, issue 16.5).
    review = services.appoint_reviewer(
        by=chief,
        reviewer=reviewer,
        period_start=today - timedelta(days=365),
        period_end=today - timedelta(days=1),
        due_on=today + timedelta(days=60),
    )
    # The notice of the appointment itself is written with it; send it now, so the outbox holds only reminders.
    reminders.deliver_emails()
    mail.outbox.clear()
    return review


@pytest.mark.parametrize(
    "days, key, when",
    [
        (30, "due-30", "in 30 days"),
        (20, "due-30", "in 20 days"),
        (7, "due-7", "in 7 days"),
        (1, "due-1", "tomorrow"),
        (0, "due-1", "today"),
    ],
)
def test_the_reviewer_is_reminded_30_7_and_1_days_before_the_review_is_due(review, reviewer, chief, days, key, when):
    reminders.run(now=local(review.due_on - timedelta(days=days)))
    [notice] = notices(kind="audits.review_due")
    assert notice.recipient == reviewer and notice.key == f"audits.review:{review.pk}:{key}:{review.due_on}"
    assert notice.subject == f"The annual review of social media use is due {when}"
    assert "You are the appointed reviewer" in notice.reason and "§322.6" in notice.reason
    assert notice.link == f"/reviews/{review.pk}/"
    assert [m.subject for m in outbox_to(reviewer)] == [notice.subject] and not outbox_to(chief)


def test_each_milestone_reminds_once_as_the_days_pass(review, reviewer):
    for days in (45, 30, 29, 8, 7, 6, 2, 1, 0):
        reminders.run(now=local(review.due_on - timedelta(days=days)))
    keys = [n.key.split(":")[2] for n in notices(recipient=reviewer, kind="audits.review_due")]
    assert sorted(keys) == ["due-1", "due-30", "due-7"]
    assert len(outbox_to(reviewer)) == 3


def test_an_overdue_review_escalates_to_the_chief(review, reviewer, chief):
    reminders.run(now=local(review.due_on + timedelta(days=1)))
    reminders.run(now=local(review.due_on + timedelta(days=5)))
    overdue = notices(kind="audits.review_overdue")
    assert [n.recipient for n in overdue] == [chief, reviewer]
    assert "the chief is told because it is overdue" in overdue[0].reason
    assert len(outbox_to(chief)) == 1 and len(outbox_to(reviewer)) == 1


def test_a_submitted_review_reminds_no_one(review, reviewer):
    services.submit_review(by=reviewer, review=review, findings="f", recommendations="r")
    reminders.run(now=local(review.due_on + timedelta(days=1)))
    assert not Notification.objects.filter(kind__in=["audits.review_due", "audits.review_overdue"]).exists()


# Authorizations and training (3xx.3, 3xx.8)


def test_an_authorization_expiring_within_30_days_reminds_the_member_and_the_chief(chief, pio, account):
    authorization = authorize(chief, pio, account, days=20)
    today = timezone.localdate()
    reminders.run()
    reminders.run()
    [to_member] = notices(kind="people.authorization_expiring", recipient=pio)
    [to_chief] = notices(kind="people.authorization_expiring", recipient=chief)
    expires = authorization.expires_on
    assert to_member.key == f"people.authorization:{authorization.pk}:expiring:{expires}"
    assert to_member.link == "/" and to_chief.link == f"/members/{pio.pk}/"
    assert f"expires in 20 days, on {expires:%b %-d, %Y}" in to_member.reason and "§322.3" in to_member.reason
    assert pio.display_name in to_chief.reason
    assert len(outbox_to(pio)) == 1 and len(outbox_to(chief)) == 1
    assert expires == today + timedelta(days=20)


def test_an_authorization_further_off_or_renewed_reminds_no_one(chief, pio, account):
    authorize(chief, pio, account, days=45)
    expiring = authorize(chief, pio, account, days=10)
    renewal = Authorization.objects.create(
        department=chief.department,
        member=pio,
        granted_by=chief,
        starts_on=expiring.expires_on - timedelta(days=1),
        expires_on=expiring.expires_on + timedelta(days=365),
    )
    renewal.accounts.set([account])
    reminders.run()
    assert not Notification.objects.filter(kind="people.authorization_expiring").exists()


def test_training_expiring_within_30_days_reminds_the_member_and_the_chief(chief, pio):
    record = TrainingRecord.objects.filter(member=pio, topic="privacy").get()
    TrainingRecord.objects.filter(pk=record.pk).update(expires_on=timezone.localdate() + timedelta(days=3))
    reminders.run()
    reminders.run()
    [to_member] = notices(kind="people.training_expiring", recipient=pio)
    [to_chief] = notices(kind="people.training_expiring", recipient=chief)
    assert to_member.key == f"people.training:{record.pk}:expiring:{timezone.localdate() + timedelta(days=3)}"
    assert "§322.8" in to_member.reason and "in 3 days" in to_member.reason
    assert to_chief.link == f"/members/{pio.pk}/"
    assert len(outbox_to(pio)) == 1


def test_training_renewed_before_it_expires_reminds_no_one(pio):
    record = TrainingRecord.objects.filter(member=pio, topic="privacy").get()
    TrainingRecord.objects.filter(pk=record.pk).update(expires_on=timezone.localdate() + timedelta(days=3))
    TrainingRecord.objects.create(
        member=pio,
        topic="privacy",
        completed_on=timezone.localdate(),
        expires_on=timezone.localdate() + timedelta(days=365),
    )
    reminders.run()
    assert not Notification.objects.filter(kind="people.training_expiring").exists()


# Approvals waiting longer than the department's limit (3xx.3)


@pytest.fixture
def waiting(chief, pio, account, department):
    from tests.posts.conftest import CHECKLIST_DONE

    account.__class__.objects.filter(pk=account.pk).update(**CHECKLIST_DONE)
    authorize(chief, pio, account)
    post = posts.create_post(by=pio, category="announcement", accounts=[account], body="Lobby closed Monday.")
    return decisions.submit(by=pio, post=post)


def age(post, hours):
    Post.objects.filter(pk=post.pk).update(submitted_at=timezone.now() - timedelta(hours=hours))
    return Post.objects.get(pk=post.pk)


def test_an_approval_waiting_past_the_limit_reminds_its_approvers(waiting, supervisor, reviewer, pio, chief):
    assert reminders.run()["notified"] == 0
    post = age(waiting, 25)
    reminders.run()
    reminders.run()
    reminded = notices(kind="approvals.waiting")
    assert [n.recipient for n in reminded] == [reviewer, supervisor]  # both supervisors; never the author
    assert reminded[0].link == f"/posts/{post.pk}/" and "limit of 24 hours" in reminded[0].reason
    assert not Notification.objects.filter(kind="approvals.escalated").exists()
    # Emailed once; the notice of the submission itself (posts.submitted) is an email of its own.
    assert len([m for m in outbox_to(supervisor) if m.subject == reminded[1].subject]) == 1


def test_twice_the_limit_goes_up_to_the_approvers_supervisors(department, waiting, supervisor, reviewer, chief):
    captain = make_member(department, "captain", Role.COMMANDER, rank="Captain")
    Member.objects.filter(pk__in=[supervisor.pk, reviewer.pk]).update(supervisor=captain, email="x@oakley.test")
    Member.objects.filter(pk=captain.pk).update(email="captain@oakley.test")
    age(waiting, 49)
    reminders.run()
    [escalated] = notices(kind="approvals.escalated")
    assert escalated.recipient == captain and "twice the department's limit" in escalated.reason
    # An approver with no supervisor on record: the chief is told instead.
    Member.objects.filter(pk=reviewer.pk).update(supervisor=None)
    waiting = Post.objects.get(pk=waiting.pk)
    Post.objects.filter(pk=waiting.pk).update(submitted_at=waiting.submitted_at - timedelta(seconds=1))
    reminders.run()
    assert chief in [n.recipient for n in notices(kind="approvals.escalated")]


def test_the_department_sets_the_limit(department, waiting):
    Department.objects.filter(pk=department.pk).update(approval_limit_hours=48)
    age(waiting, 25)
    reminders.run()
    assert not Notification.objects.filter(kind="approvals.waiting").exists()
    age(waiting, 50)
    reminders.run()
    assert Notification.objects.filter(kind="approvals.waiting").exists()


def test_the_approvers_are_exactly_those_who_may_decide(
    department, waiting, pio, supervisor, reviewer, chief, member, commander, custodian
):
    everyone = Member.objects.filter(department=department)
    assert set(approvers_for(waiting)) == {m for m in everyone if may_decide(m, waiting)[0]}


# Removal investigations left open (3xx.5)


def test_an_investigation_open_after_14_days_reminds_the_supervisor_and_the_chief(
    waiting, supervisor, chief, pio, account
):
    decisions.approve(by=supervisor, post=waiting)
    posts.publish(by=pio, post=waiting, urls={account.pk: "https://www.facebook.com/OakleyPD/posts/1"})
    investigation = posts.remove(by=supervisor, post=waiting, reason="A juvenile was named.")
    RemovalInvestigation.objects.filter(pk=investigation.pk).update(opened_at=timezone.now() - timedelta(days=13))
    reminders.run()
    assert not Notification.objects.filter(kind="posts.investigation_open").exists()
    RemovalInvestigation.objects.filter(pk=investigation.pk).update(opened_at=timezone.now() - timedelta(days=15))
    reminders.run()
    reminders.run()
    reminded = notices(kind="posts.investigation_open")
    assert [n.recipient for n in reminded] == [chief, supervisor]
    assert reminded[0].link == f"/investigations/{investigation.pk}/" and "§322.5" in reminded[0].reason
    posts.resolve_investigation(by=supervisor, investigation=investigation, cause="c", findings="", resolution="r")
    Notification.objects.all().delete()
    reminders.run()
    assert not Notification.objects.filter(kind="posts.investigation_open").exists()


# Once per due event; email delivery


def test_running_twice_the_same_day_tells_no_one_twice(review, reviewer, chief, pio, account, waiting):
    authorize(chief, pio, account, days=5)
    age(waiting, 30)
    now = local(review.due_on + timedelta(days=1))
    emailed_before = Notification.objects.filter(email_state=EmailState.SENT).count()  # the appointment's notice
    first = reminders.run(now=now)
    sent = len(mail.outbox)
    second = reminders.run(now=now)
    assert first["notified"] > 0 and first["emailed"] == sent
    assert (second["due"], second["notified"], second["emailed"]) == (first["due"], 0, 0)
    # Every notice with an address was emailed once (the submission's notice too, written with the change).
    with_address = Notification.objects.exclude(email_state=EmailState.NO_ADDRESS).count()
    assert len(mail.outbox) == sent == with_address - emailed_before
    assert Notification.objects.filter(email_state=EmailState.SENT).count() == with_address


def test_the_same_event_notified_again_is_not_a_new_notice(reviewer):
    event = reminders.DueEvent(
        key="tests:1",
        kind="tests",
        department_id=reviewer.department_id,
        recipients=(reviewer, reviewer),
        subject="s",
        reason="r",
        link="/",
    )
    assert reminders.notify(event) == 1
    assert reminders.notify(event) == 0
    assert Notification.objects.filter(key="tests:1").count() == 1


def test_a_member_without_an_address_is_told_in_the_app_only(reviewer):
    Member.objects.filter(pk=reviewer.pk).update(email="")
    reviewer.refresh_from_db()
    reminders.notify(
        reminders.DueEvent(
            key="tests:2", kind="tests", department_id=None, recipients=(reviewer,), subject="s", reason="r", link="/"
        )
    )
    assert reminders.deliver_emails() == 0 and not mail.outbox
    assert Notification.objects.get().email_state == EmailState.NO_ADDRESS


def test_an_email_that_fails_is_sent_on_the_next_run(reviewer, monkeypatch):
    reminders.notify(
        reminders.DueEvent(
            key="tests:3",
            kind="tests",
            department_id=None,
            recipients=(reviewer,),
            subject="s",
            reason="r",
            link="/reviews/",
        )
    )

    def broken(*args, **kwargs):
        raise OSError("SMTP server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.deliver_emails() == 0
    assert Notification.objects.get().email_state == EmailState.PENDING
    monkeypatch.undo()
    assert reminders.deliver_emails() == 1 and reminders.deliver_emails() == 0
    [message] = mail.outbox
    assert "http://127.0.0.1:8000/reviews/" in message.body


def test_an_email_claimed_by_a_worker_that_died_is_sent_once_it_is_stale(reviewer):
    reminders.notify(
        reminders.DueEvent(
            key="tests:4", kind="tests", department_id=None, recipients=(reviewer,), subject="s", reason="r", link="/"
        )
    )
    Notification.objects.update(email_state=EmailState.SENDING, email_claimed_at=timezone.now())
    assert reminders.deliver_emails() == 0  # another worker is sending it
    Notification.objects.update(email_claimed_at=timezone.now() - reminders.EMAIL_CLAIM_TIMEOUT - timedelta(seconds=1))
    assert reminders.deliver_emails() == 1 and len(mail.outbox) == 1
    assert Notification.objects.get().email_state == EmailState.SENT


def test_a_failing_source_does_not_stop_the_others(review, monkeypatch, reviewer):
    def broken(now):
        raise RuntimeError("boom")

    monkeypatch.setitem(registry.SOURCES, "tests.broken", broken)
    monkeypatch.setattr(reminders, "discover", lambda: registry.SOURCES)
    with pytest.raises(RuntimeError, match="tests.broken"):
        reminders.run(now=local(review.due_on))
    assert Notification.objects.filter(kind="audits.review_due", recipient=reviewer).exists()


def test_the_beat_schedule_runs_the_reminders_hourly():
    from socialgov.celery import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["notifications.send-reminders"]
    assert entry["task"] == "notifications.tasks.send_reminders_task"
    assert entry["schedule"].minute == {7} and len(entry["schedule"].hour) == 24
