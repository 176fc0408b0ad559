"""The notifications page and the unread count in the header: each member sees their own notices, why they got each,
and a link to act that marks it read."""

import pytest

from notifications.models import Notification
from notifications.reminders import DueEvent, notify
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

PERSONAS = ["chief", "pio", "supervisor", "commander", "custodian", "reviewer", "member"]


def tell(member, key="tests:1", link="/reviews/", subject="The annual review is due in 7 days"):
    notify(
        DueEvent(
            key=key,
            kind="audits.review_due",
            department_id=member.department_id,
            recipients=(member,),
            subject=subject,
            reason="You are the appointed reviewer (§322.6).",
            link=link,
        )
    )
    return Notification.objects.get(key=key, recipient=member)


def badge(count):
    return f'<span class="count-badge">{count}<span class="visually-hidden"> unread</span></span>'


def test_anonymous_is_sent_to_sign_in(client, pio):
    notice = tell(pio)
    for url in ["/notifications/", f"/notifications/{notice.pk}/open/"]:
        assert client.get(url).url == login_redirect(url)
    for url in ["/notifications/read-all/", f"/notifications/{notice.pk}/read/"]:
        assert client.post(url).url == login_redirect(url)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_member_sees_their_own_with_why_and_where(client, request, persona, pio, chief):
    member = request.getfixturevalue(persona)
    mine = tell(member, key="tests:mine")
    theirs = tell(pio if member != pio else chief, key="tests:theirs", subject="Someone else's")
    client.force_login(member)
    html = client.get("/notifications/").content.decode()
    assert "The annual review is due in 7 days" in html and "Someone else" not in html
    assert "Why you got this:" in html and "You are the appointed reviewer (§322.6)." in html
    assert f'href="/notifications/{mine.pk}/open/"' in html
    assert client.get(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_header_counts_the_unread(client, pio):
    client.force_login(pio)
    assert "count-badge" not in client.get("/").content.decode()
    first = tell(pio, key="tests:1")
    tell(pio, key="tests:2")
    html = client.get("/").content.decode()
    assert badge(2) in html and 'href="/notifications/"' in html
    client.post(f"/notifications/{first.pk}/read/")
    assert badge(1) in client.get("/posts/").content.decode()


def test_opening_a_notice_marks_it_read_and_goes_where_to_act(client, pio):
    notice = tell(pio, link="/posts/")
    client.force_login(pio)
    response = client.get(f"/notifications/{notice.pk}/open/")
    assert response.status_code == 302 and response.url == "/posts/"
    notice.refresh_from_db()
    assert notice.read_at is not None


@pytest.mark.parametrize("link", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "/\\/evil.example"])
def test_a_link_to_another_site_is_never_followed(client, pio, link):
    notice = tell(pio, link=link)
    client.force_login(pio)
    assert client.get(f"/notifications/{notice.pk}/open/").url == "/notifications/"


def test_mark_read_mark_all_and_show_unread(client, pio):
    notices = [tell(pio, key=f"tests:{n}", subject=f"Notice {n}") for n in range(3)]
    client.force_login(pio)
    response = client.post(f"/notifications/{notices[0].pk}/read/", {"next": "/notifications/?show=unread"})
    assert response.url == "/notifications/?show=unread"
    html = client.get("/notifications/?show=unread").content.decode()
    assert "Notice 0" not in html and "Notice 1" in html
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "No unread notifications." in client.get("/notifications/?show=unread").content.decode()


@pytest.mark.parametrize("size", [3, 60])
def test_the_page_query_count(client, pio, size, django_assert_max_num_queries):
    Notification.objects.bulk_create(
        Notification(
            department=pio.department,
            recipient=pio,
            key=f"bulk:{n}",
            kind="tests",
            subject=f"S{n}",
            reason="r",
            link="/",
        )
        for n in range(size)
    )
    client.force_login(pio)
    # 1 the session, 2 the member, 3 their groups, 4 COUNT for the paginator, 5 one page of notices,
    # 6 the department (layout), 7 the header's unread count, 8-10 the navigation's people permissions.
    with django_assert_max_num_queries(10):
        response = client.get("/notifications/")
    assert response.content.decode().count('<h2 class="card__title">') == min(size, 50)
