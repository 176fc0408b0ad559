"""The main navigation is built from the permission doors (issue 11.2): every link a member is shown opens
for them, and a page that refuses a member (403) is never in their menu."""

import re

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from people.roles import Role
from posts import services
from socialgov.navigation import links
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

ROLES = ["chief", "designee", "pio", "supervisor", "commander", "custodian", "reviewer", "member"]
NAV = re.compile(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', re.S)


def menu(client) -> list[str]:
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    return re.findall(r'<a href="([^"]+)"', NAV.search(page.content.decode()).group(1))


# Pages that open for every member but are listed only for those with something to do there: drafting
# (an authorization or the PIO's role), the accounts (the chief approves them, general IV.A.2) and the annual
# reviews (the chief and the appointed reviewers, 3xx.6), and undercover operations (who proposes them or sees
# every one; an assigned member sees only theirs, general policy IV.E.2).
LISTED_FOR_SOME = {"posts:drafts", "posts:accounts", "reviews:reviews", "operations:list"}


@pytest.mark.parametrize("role", ROLES)
def test_every_link_shown_opens_and_every_page_that_opens_is_shown(role, world):
    client = Client()
    client.force_login(getattr(world, role))
    shown = menu(client)
    assert reverse("dashboard") in shown
    for item in links():
        href = reverse(item.url_name)
        status = client.get(href).status_code
        assert status in (200, 403), f"{role}: {item.label} answers {status}"
        if href in shown:
            assert status == 200, f"{role} is shown {item.label} but it answers {status}"
        elif item.url_name not in LISTED_FOR_SOME:
            assert status == 403, f"{role} may open {item.label} but it is not in their menu"


def test_the_chief_has_the_approval_queue_in_the_menu(world):
    """The chief may approve (3xx.3) and the queue opens for them: the link is there (it was not)."""
    client = Client()
    client.force_login(world.chief)
    assert reverse("posts:queue") in menu(client)
    assert client.get(reverse("posts:queue")).status_code == 200


def test_a_member_named_commander_finds_the_queue_only_while_commanding(world, department):
    member = make_member(department, "sgt_ruiz", Role.MEMBER)
    client = Client()
    client.force_login(member)
    assert reverse("posts:queue") not in menu(client)
    assert client.get(reverse("posts:queue")).status_code == 403
    incident = services.open_incident(by=world.supervisor, name="Vista Road fire", commander=member)
    assert reverse("posts:queue") in menu(client)
    assert client.get(reverse("posts:queue")).status_code == 200
    services.close_incident(by=world.supervisor, incident=incident)
    assert reverse("posts:queue") not in menu(client)


def test_the_current_page_is_marked(world):
    client = Client()
    client.force_login(world.custodian)
    page = client.get(reverse("retention-holds")).content.decode()
    assert f'<a href="{reverse("retention-holds")}" aria-current="page">Legal holds</a>' in page
    assert page.count('aria-current="page"') == 1


def test_the_can_tag_asks_any_apps_door(world, rf):
    """`{% can "app.action" obj %}` answers what the app's permission door answers (issue 11.2)."""
    template = Template(
        '{% load doors %}{% can "screening.manage_holds" as a %}{% can "posts.edit_account" as b %}'
        '{% can "people.grant_authorization" department as c %}{{ a }} {{ b }} {{ c }}'
    )
    answers = {"chief": "True True True", "supervisor": "True False False", "pio": "False False False"}
    for role, expected in answers.items():
        request = rf.get("/")
        request.user = getattr(world, role)
        assert template.render(Context({"request": request, "department": world.department})) == expected, role
