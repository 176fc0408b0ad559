"""One notification path (issue 11): every workflow event is a Notification row for the right members, shown
on /notifications/ and /api/v1/notifications/, and emailed exactly once by the claimed delivery task, however
often it runs; a failed email is kept, visible and tried again."""

from collections import Counter

import pytest
from django.core import mail
from django.urls import reverse

from approvals import services as decisions
from approvals.choices import Approver
from notifications.choices import EmailState
from notifications.models import Notification
from notifications.tasks import deliver_emails_task
from people.roles import Role
from posts import services
from tests.conftest import make_member
from tests.posts.conftest import CHECKLIST_DONE, authorize

pytestmark = pytest.mark.django_db

FACEBOOK_URL = "https://www.facebook.com/OakleyPolice/posts/1"


class RefusingBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server refused the connection")


@pytest.fixture
def world(department, chief, pio, supervisor):
    from tests.conftest import make_account

    account = make_account(department, "OakleyPolice", approved_by=chief, **CHECKLIST_DONE)
    approver = make_member(department, "pio2", Role.PIO)
    authorize(chief, pio, account)
    authorize(chief, approver, account)
    # The chief's guideline: conforming announcements to this account may be approved by any other
    # authorized member (3xx.3), so the approver is a PIO, not a supervisor.
    decisions.add_rule(by=chief, approver=Approver.ANY_AUTHORIZED, category="announcement", account=account)
    for member in (pio, approver, supervisor, chief):
        member.email = f"{member.username}@oakley.example.gov"
        member.save(update_fields=["email"])
    return {"account": account, "author": pio, "approver": approver, "supervisor": supervisor, "chief": chief}


def kinds_of(member) -> Counter:
    return Counter(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def full_workflow(world):
    author, approver, supervisor = world["author"], world["approver"], world["supervisor"]
    post = services.create_post(
        by=author,
        category="announcement",
        accounts=[world["account"]],
        body="The lobby is closed Monday for Memorial Day.",
    )
    decisions.submit(by=author, post=post)
    decisions.request_changes(by=supervisor, post=post, note="Give the reopening time.")
    services.edit_post(by=author, post=post, body="The lobby is closed Monday for Memorial Day; open Tuesday 8am.")
    decisions.submit(by=author, post=post)
    decisions.approve(by=approver, post=post)
    services.publish(by=author, post=post, urls={world["account"].pk: FACEBOOK_URL})
    services.remove(by=supervisor, post=post, reason="It named the wrong holiday.")
    return post


def test_each_member_is_told_of_the_workflow_once_in_the_app_and_by_email(world, client, api):
    full_workflow(world)
    author, approver, supervisor, chief = world["author"], world["approver"], world["supervisor"], world["chief"]

    # Who approves is approvals' rule: the other authorized member and the supervisors, never the author.
    assert kinds_of(author) == {"posts.changes_requested": 1, "posts.approved": 1, "posts.removed": 1}
    assert kinds_of(approver) == {"posts.submitted": 2}
    assert kinds_of(supervisor) == {"posts.submitted": 2}
    assert kinds_of(chief) == {"posts.investigation_opened": 1}

    # The delivery task runs twice (a second beat, a redelivered message): each email goes out once.
    mail.outbox.clear()
    deliver_emails_task.delay()
    deliver_emails_task.delay()
    sent = Counter((message.to[0], message.subject) for message in mail.outbox)
    expected = Counter(Notification.objects.values_list("recipient__email", "subject"))
    assert len(mail.outbox) == Notification.objects.count() == 8
    assert sent == expected
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}

    # Each of them finds their own notices, and only theirs, on the page and in the API.
    for member in (author, approver, supervisor):
        mine = Notification.objects.filter(recipient=member)
        client.force_login(member)
        page = client.get("/notifications/").content.decode()
        for notice in mine:
            assert notice.subject in page and reverse("notifications:open", args=[notice.pk]) in page
        body = api.as_(member).get("/api/v1/notifications/").json()
        assert Counter(row["kind"] for row in body["results"]) == kinds_of(member)
        assert {row["email_state"] for row in body["results"]} == {"sent"}
        assert {row["id"] for row in body["results"]} == set(mine.values_list("pk", flat=True))


def test_the_notice_is_written_with_the_change_and_emailed_after_commit(world, django_capture_on_commit_callbacks):
    author = world["author"]
    post = services.create_post(
        by=author,
        category="announcement",
        accounts=[world["account"]],
        body="The lobby is closed Monday for Memorial Day.",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decisions.submit(by=author, post=post)
    told = {message.to[0] for message in mail.outbox}
    assert told == {world["approver"].email, world["supervisor"].email}
    assert author.email not in told


def test_a_failed_email_is_kept_visible_and_tried_again(world, settings, client, api):
    author = world["author"]
    post = services.create_post(
        by=author,
        category="announcement",
        accounts=[world["account"]],
        body="The lobby is closed Monday for Memorial Day.",
    )
    decisions.submit(by=author, post=post)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    assert deliver_emails_task.delay().get() == 0
    notice = Notification.objects.get(recipient=world["supervisor"])
    assert notice.email_state == EmailState.PENDING and notice.email_attempts == 1
    assert "refused" in notice.email_error

    client.force_login(world["supervisor"])
    assert "mail server refused the connection" in client.get("/notifications/").content.decode()
    [row] = api.as_(world["supervisor"]).get("/api/v1/notifications/").json()["results"]
    assert row["email_state"] == "pending" and row["email_attempts"] == 1 and "refused" in row["email_error"]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert deliver_emails_task.delay().get() == 2
    assert deliver_emails_task.delay().get() == 0
    notice.refresh_from_db()
    assert notice.email_state == EmailState.SENT and notice.email_error == "" and len(mail.outbox) == 2
