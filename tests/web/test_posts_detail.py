"""The post page: text, approval state and required approver, decisions with notes, publications,
revision history and the diff between any two revisions; buttons only for those who may use them."""

import pytest

from approvals import services as decisions
from approvals.choices import Approver
from approvals.models import ApprovalRule
from people.roles import Role
from posts import services
from posts.models import Incident
from tests.conftest import make_account, make_member
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
second_pio = lifecycle.second_pio
draft = lifecycle.draft
pending = lifecycle.pending
approved = lifecycle.approved
published = lifecycle.published

BUTTONS = ["Submit for approval", "Approve", "Request changes", "Reject", "Publish", "Remove from public view"]


def page(client, member, url):
    client.force_login(member)
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def buttons(html):
    return {label for label in BUTTONS if f">{label}</button>" in html}


def test_anonymous_is_sent_to_sign_in(client, draft):
    url = f"/posts/{draft.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


@pytest.mark.parametrize(
    "persona", ["pio_authorized", "second_pio", "supervisor", "commander", "chief", "custodian", "reviewer"]
)
def test_a_draft_is_shown_to_the_content_roles(client, request, persona, draft):
    html = page(client, request.getfixturevalue(persona), f"/posts/{draft.pk}/")
    assert "The lobby is closed Monday for Memorial Day." in html


@pytest.mark.parametrize("persona", ["member", "other_pio", "other_chief"])
def test_a_draft_is_404_to_plain_members_and_other_departments(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/posts/{draft.pk}/").status_code == 404


def test_a_published_post_is_shown_to_a_plain_member_with_a_report_link(client, member, published):
    html = page(client, member, f"/posts/{published.pk}/")
    assert "Memorial Day" in html and f'href="/reports/new/?post={published.pk}"' in html
    assert buttons(html) == set()


def test_author_sees_submit_and_edit_on_a_draft(client, pio_authorized, draft):
    html = page(client, pio_authorized, f"/posts/{draft.pk}/")
    assert buttons(html) == {"Submit for approval"}
    assert f'href="/posts/{draft.pk}/edit/"' in html
    assert "Required approver: <strong>A supervisor (§322.3)</strong>" in html


@pytest.mark.parametrize("persona", ["supervisor", "commander", "chief"])
def test_unauthorized_members_see_no_buttons_on_a_draft(client, request, persona, draft):
    html = page(client, request.getfixturevalue(persona), f"/posts/{draft.pk}/")
    assert buttons(html) == set() and f"/posts/{draft.pk}/edit/" not in html


def test_supervisor_sees_the_decision_buttons_on_a_pending_post(client, supervisor, pending):
    html = page(client, supervisor, f"/posts/{pending.pk}/")
    assert buttons(html) == {"Approve", "Request changes", "Reject"}
    assert '<label for="id_note">Note to the author <span class="field__optional">(optional)</span></label>' in html
    assert f'formaction="/posts/{pending.pk}/request-changes/"' in html
    assert f'formaction="/posts/{pending.pk}/reject/"' in html


def test_author_is_told_why_they_cannot_approve(client, pio_authorized, pending):
    html = page(client, pio_authorized, f"/posts/{pending.pk}/")
    assert buttons(html) == set()
    assert "Nobody approves their own post" in html


def test_pio_sees_publish_with_a_labelled_url_field_per_manual_account(client, pio_authorized, approved, ready_account):
    html = page(client, pio_authorized, f"/posts/{approved.pk}/")
    assert buttons(html) == {"Publish"}
    field = f"id_url_{ready_account.pk}"
    assert f'<label for="{field}">URL of the post on Facebook OakleyPolice</label>' in html


def test_decisions_show_their_notes_and_the_revision(client, supervisor, pio_authorized, draft):
    decisions.submit(by=pio_authorized, post=draft)
    decisions.request_changes(by=supervisor, post=draft, note="Add the <em>hours</em>")
    services.edit_post(by=pio_authorized, post=draft, body="The lobby is closed Monday; open 8-5 Tuesday.")
    decisions.submit(by=pio_authorized, post=draft)
    decisions.approve(by=supervisor, post=draft, note="Thanks")
    html = page(client, pio_authorized, f"/posts/{draft.pk}/")
    assert "<strong>Changes requested</strong> by Lieutenant Supervisor Oakley" in html
    assert "revision 1" in html and "revision 2" in html
    assert "Add the &lt;em&gt;hours&lt;/em&gt;" in html and "<em>hours</em>" not in html
    assert "Thanks" in html


def test_publications_are_listed_with_their_urls(client, supervisor, published):
    html = page(client, supervisor, f"/posts/{published.pk}/")
    assert "https://www.facebook.com/OakleyPolice/posts/1" in html
    assert buttons(html) == {"Remove from public view"}
    assert '<label for="id_reason">Reason for removal</label>' in html
    assert "§322.5" in html


def test_incident_post_names_its_commander_citing_322_4_1(
    client, department, supervisor, commander, pio_authorized, ready_account
):
    incident = services.open_incident(by=supervisor, name="Vista fire", commander=commander)
    post = services.create_post(
        by=pio_authorized,
        category="safety_alert",
        accounts=[ready_account],
        body="Evacuate Vista Road.",
        incident=incident,
    )
    html = page(client, pio_authorized, f"/posts/{post.pk}/")
    assert (
        "Required approver: <strong>The Incident Commander of Vista fire, Captain Commander Oakley (§322.4.1)</strong>"
    ) in html
    assert f'<a href="/incidents/{incident.pk}/">Vista fire</a>' in html
    assert Incident.objects.count() == 1


def test_conforming_content_may_be_approved_by_another_authorized_member(
    client, chief, pio_authorized, second_pio, ready_account, draft
):
    ApprovalRule.objects.create(
        department=ready_account.department, category="announcement", approver=Approver.ANY_AUTHORIZED, created_by=chief
    )
    decisions.submit(by=pio_authorized, post=draft)
    html = page(client, second_pio, f"/posts/{draft.pk}/")
    assert "Any authorized member other than the author (§322.3)" in html
    assert buttons(html) == {"Approve", "Request changes", "Reject"}


def test_investigative_requests_always_need_a_supervisor(client, pio_authorized, ready_account):
    post = services.create_post(
        by=pio_authorized,
        category="investigative_request",
        accounts=[ready_account],
        body="Did you see a blue sedan on Main Street?",
    )
    html = page(client, pio_authorized, f"/posts/{post.pk}/")
    assert "A supervisor (§322.3) — investigative requests always do" in html


def test_category_is_shown_with_the_departments_citation(client, pio_authorized, draft):
    assert "Announcements (§322.4(a))" in page(client, pio_authorized, f"/posts/{draft.pk}/")


def test_post_text_is_escaped(client, pio_authorized, ready_account):
    post = services.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body='<script>alert("x")</script> & more'
    )
    html = page(client, pio_authorized, f"/posts/{post.pk}/")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in html


def test_covert_post_is_404_to_an_unassigned_pio(client, department, chief, supervisor, pio):
    covert = make_account(
        department,
        "quiet.neighbor",
        approved_by=chief,
        platform="instagram",
        kind="covert",
        monitoring_supervisor=supervisor,
    )
    detective = make_member(department, "detective", Role.PIO)
    lifecycle.authorize(chief, detective, covert)
    from tests.operations.conftest import open_operation_for

    open_operation_for([covert], [detective], chief=chief, supervisor=supervisor)
    post = services.create_post(by=detective, category="investigative_request", accounts=[covert], body="Bike?")
    client.force_login(pio)
    assert client.get(f"/posts/{post.pk}/").status_code == 404
    assert page(client, supervisor, f"/posts/{post.pk}/")


# Revisions and the diff


@pytest.fixture
def revised(pio_authorized, draft):
    services.edit_post(by=pio_authorized, post=draft, body="The lobby is closed Monday <b>and</b> Tuesday.")
    services.edit_post(by=pio_authorized, post=draft, body="The lobby is open Monday <b>and</b> Tuesday.")
    return draft


def test_revision_history_lists_every_revision(client, pio_authorized, revised):
    html = page(client, pio_authorized, f"/posts/{revised.pk}/")
    assert html.count('data-label="Revision">') == 3
    assert '3 <span class="muted">(current)</span>' in html
    assert '<label for="id_a">From revision</label>' in html and '<label for="id_b">To revision</label>' in html
    assert '<option value="2" selected>Revision 2</option>' in html


def test_diff_between_any_two_revisions_marks_words_removed_and_added(client, pio_authorized, revised):
    html = page(client, pio_authorized, f"/posts/{revised.pk}/diff/?a=1&b=3")
    assert "Revision 1 → revision 3" in html
    assert '<del><span class="visually-hidden">[removed: </span>Memorial Day.' in html
    assert '<ins><span class="visually-hidden">[added: </span>open' in html
    # The author's markup is text, never markup: escaped in the inline diff and in the line diff.
    assert "&lt;b&gt;and&lt;/b&gt;" in html and "<b>and</b>" not in html
    assert "+The lobby is open Monday &lt;b&gt;and&lt;/b&gt; Tuesday." in html


def test_diff_of_a_revision_that_does_not_exist_is_a_form_error(client, pio_authorized, revised):
    html = page(client, pio_authorized, f"/posts/{revised.pk}/diff/?a=1&b=9")
    assert "Select a valid choice. 9 is not one of the available choices." in html
    assert "<del>" not in html


def test_diff_of_a_post_not_visible_is_404(client, member, revised):
    client.force_login(member)
    assert client.get(f"/posts/{revised.pk}/diff/?a=1&b=2").status_code == 404
