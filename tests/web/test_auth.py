"""Signing in and out, and the base layout every page shares."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

PAGES = ["/", "/members/", "/authorizations/grant/", "/training/record/"]


def test_login_page_has_visible_labels_and_says_what_its_button_does(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert '<button type="submit" class="button">Sign in</button>' in html


def test_member_signs_in_and_lands_on_dashboard(client, member):
    # A plain member needs no second factor (tests/security/test_second_factor.py for the others).
    response = client.post(reverse("login"), {"username": "member", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("dashboard")
    response = client.get(response.url)
    assert response.status_code == 200
    assert response.context["user"] == member


def test_wrong_password_is_refused_with_a_message(client, chief):
    response = client.post(reverse("login"), {"username": "chief", "password": "wrong-password-here"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_button_in_the_header(client, chief):
    client.login(username="chief", password=PASSWORD)
    html = client.get("/").content.decode()
    assert f'<form class="account__signout" method="post" action="{reverse("logout")}">' in html
    assert ">Sign out</button>" in html
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("url", PAGES + ["/members/1/", "/authorizations/1/revoke/"])
def test_anonymous_visitor_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == login_redirect(url)


def test_anonymous_post_changes_nothing_and_is_sent_to_sign_in(client, department):
    response = client.post("/authorizations/1/revoke/", {"reason": "x"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_base_layout_shows_department_policy_member_and_roles(client, reviewer):
    client.login(username="reviewer", password=PASSWORD)
    html = client.get("/").content.decode()
    assert "Oakley Police Department · Policy 322" in html
    assert "Lieutenant Reviewer Oakley" in html
    assert "Supervisor, Annual Reviewer" in html
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert '<main id="main"' in html and '<nav class="site-nav" aria-label="Main">' in html
    assert 'style="' not in html and "<script" not in html


def test_other_department_sees_its_own_policy_number(client, other_chief):
    client.force_login(other_chief)
    html = client.get("/").content.decode()
    assert "Azusa Police Department · Policy 392" in html
    assert "§392.3" in html and "§322" not in html


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [
        ("chief", ["Members", "Grant authorization", "Record training"], []),
        ("supervisor", ["Members", "Record training"], ["Grant authorization"]),
        ("custodian", ["Members"], ["Grant authorization", "Record training"]),
        ("pio", [], ["Members", "Grant authorization", "Record training"]),
        ("member", [], ["Members", "Grant authorization", "Record training"]),
    ],
)
def test_navigation_shows_only_what_the_member_may_do(client, request, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))
    nav = client.get("/").content.decode().split('<nav class="site-nav"')[1].split("</nav>")[0]
    for label in shown:
        assert f">{label}</a>" in nav
    for label in hidden:
        assert f">{label}</a>" not in nav


def test_unknown_page_is_404_with_the_layout(client, chief):
    client.force_login(chief)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()
    assert "Oakley Police Department · Policy 322" in response.content.decode()
