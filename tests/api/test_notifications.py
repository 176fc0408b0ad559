"""/api/v1/notifications/: each member's own notices, with the unread count and read/
(DESIGN.md "Audit trail and reviews")."""

import pytest

from notifications.models import Notification
from notifications.reminders import DueEvent, notify
from people.models import Member

from .conftest import ROLES, client_as

pytestmark = pytest.mark.django_db

PERSONAS = [role for role in ROLES if role != "anonymous"]


def tell(member, key="tests:1", **fields):
    notify(
        DueEvent(
            key=key,
            kind=fields.pop("kind", "tests.kind"),
            department_id=member.department_id,
            recipients=(member,),
            subject=fields.pop("subject", "Something is due"),
            reason=fields.pop("reason", "Because you are the one to act (§322.6)."),
            link=fields.pop("link", "/reviews/"),
        )
    )
    return Notification.objects.get(key=key, recipient=member)


@pytest.fixture
def notices(world):
    """One notice for every persona, and one for Azusa's chief."""
    return {role: tell(getattr(world, role)) for role in [*PERSONAS, "other_chief"]}


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_your_own(role, as_role, notices):
    response = as_role(role).get("/api/v1/notifications/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    body = response.json()
    assert response.status_code == 200 and body["unread"] == 1
    [notice] = body["results"]
    assert notice == {
        "id": notices[role].pk,
        "kind": "tests.kind",
        "subject": "Something is due",
        "reason": "Because you are the one to act (§322.6).",
        "link": "/reviews/",
        "created_at": notice["created_at"],
        "read": False,
        "read_at": None,
        "email_state": "no_address",
        "emailed_at": None,
        "email_attempts": 0,
        "email_error": "",
    }


@pytest.mark.parametrize("role", ROLES)
def test_read(role, as_role, notices):
    mine = notices.get(role, notices["chief"])
    response = as_role(role).post(f"/api/v1/notifications/{mine.pk}/read/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200 and response.json()["read"] is True
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert as_role(role).get("/api/v1/notifications/").json()["unread"] == 0
    # Reading it again changes nothing.
    read_at = mine.read_at
    as_role(role).post(f"/api/v1/notifications/{mine.pk}/read/")
    mine.refresh_from_db()
    assert mine.read_at == read_at


@pytest.mark.parametrize("role", PERSONAS)
def test_someone_elses_notice_is_404(role, as_role, notices):
    others = [n for r, n in notices.items() if r != role]
    for notice in others:
        assert as_role(role).post(f"/api/v1/notifications/{notice.pk}/read/").status_code == 404
        assert as_role(role).get(f"/api/v1/notifications/{notice.pk}/").status_code == 404
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_read_all_and_the_unread_filter(world):
    for n in range(3):
        tell(world.pio, key=f"tests:{n}")
    tell(world.chief, key="tests:chief")
    client = client_as(world.pio)
    first = Notification.objects.filter(recipient=world.pio).order_by("pk").first()
    client.post(f"/api/v1/notifications/{first.pk}/read/")
    assert client.get("/api/v1/notifications/?unread=true").json()["count"] == 2
    assert client.post("/api/v1/notifications/read-all/").json() == {"marked": 2}
    assert client.get("/api/v1/notifications/").json()["unread"] == 0
    assert Notification.objects.get(recipient=world.chief).read_at is None
    assert client_as(None).post("/api/v1/notifications/read-all/").status_code == 401


@pytest.mark.parametrize("size", [3, 100])
def test_list_query_count(world, size, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        Notification(
            department=world.department,
            recipient=world.pio,
            key=f"bulk:{n}",
            kind="tests",
            subject="s",
            reason="r",
            link="/",
        )
        for n in range(size)
    )
    client = client_as(Member.objects.get(pk=world.pio.pk))
    # 1 COUNT of your notices, 2 one page of them, 3 COUNT of the unread ones.
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/notifications/")
    assert response.json()["count"] == size
