"""Removal investigations, removals to confirm by hand and members' reports of content (3xx.5)."""

import pytest

from audits.models import AuditEvent
from people.roles import Role
from posts import services
from posts.choices import ReportStatus
from posts.models import ContentReport, RemovalInvestigation
from tests.conftest import change_events, make_member
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized
draft = lifecycle.draft
pending = lifecycle.pending
approved = lifecycle.approved
published = lifecycle.published


@pytest.fixture
def investigation(published, supervisor):
    return services.remove(by=supervisor, post=published, reason="Named a <juvenile>")


@pytest.fixture
def other_supervisor(other_department):
    return make_member(other_department, "supervisor", Role.SUPERVISOR)


def resolution(**extra):
    return {"cause": "Not screened", "findings": "The PIO missed the name", "resolution": "Retrained", **extra}


@pytest.mark.parametrize("url", ["/investigations/", "/reports/", "/reports/new/"])
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url == login_redirect(url)


# Investigations


@pytest.mark.parametrize("persona", ["supervisor", "chief", "custodian", "reviewer"])
def test_investigations_are_shown_to_oversight(client, request, persona, investigation):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/investigations/").content.decode()
    assert f'href="/investigations/{investigation.pk}/"' in html
    assert "Named a &lt;juvenile&gt;" in html and "<juvenile>" not in html
    assert "Removals to confirm" in html and "§322.5" in html


@pytest.mark.parametrize("persona", ["pio_authorized", "commander", "member"])
def test_investigations_are_refused_to_others(client, request, persona, investigation):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/investigations/").status_code == 403
    assert client.get(f"/investigations/{investigation.pk}/").status_code == 404


def test_another_departments_investigation_is_404(client, other_supervisor, investigation):
    client.force_login(other_supervisor)
    assert client.get(f"/investigations/{investigation.pk}/").status_code == 404
    assert client.post(f"/investigations/{investigation.pk}/", resolution()).status_code == 404


def test_pending_manual_removals_have_a_confirm_button(client, supervisor, investigation):
    publication = investigation.post.publications.get()
    client.force_login(supervisor)
    html = client.get("/investigations/").content.decode()
    assert f'action="/publications/{publication.pk}/confirm-removal/"' in html and "Confirm removed" in html
    response = client.post(f"/publications/{publication.pk}/confirm-removal/", {"next": "/investigations/"})
    assert response.url == "/investigations/"
    assert "No removals are waiting to be confirmed." in client.get("/investigations/").content.decode()


def test_resolve_form_has_labels(client, supervisor, investigation):
    client.force_login(supervisor)
    html = client.get(f"/investigations/{investigation.pk}/").content.decode()
    assert '<label for="id_cause">Cause</label>' in html
    assert '<label for="id_findings">Findings <span class="field__optional">(optional)</span></label>' in html
    assert '<label for="id_resolution">Resolution</label>' in html


def test_supervisor_resolves_the_investigation(client, supervisor, investigation):
    client.force_login(supervisor)
    response = client.post(f"/investigations/{investigation.pk}/", resolution())
    assert response.status_code == 302
    investigation.refresh_from_db()
    assert not investigation.is_open and investigation.resolved_by == supervisor
    assert investigation.cause == "Not screened" and investigation.resolution == "Retrained"
    assert AuditEvent.objects.filter(action="posts.investigation.resolve").count() == 1
    html = client.get(f"/investigations/{investigation.pk}/").content.decode()
    assert "Retrained" in html and "Resolve investigation" not in html


@pytest.mark.parametrize("persona", ["chief", "custodian"])
def test_oversight_without_the_supervisor_role_may_read_but_not_resolve(client, request, persona, investigation):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(f"/investigations/{investigation.pk}/").content.decode()
    assert "Resolve investigation" not in html
    count = change_events().count()
    assert client.post(f"/investigations/{investigation.pk}/", resolution()).status_code == 403
    investigation.refresh_from_db()
    assert investigation.is_open and change_events().count() == count


def test_resolving_without_cause_and_resolution_is_a_form_error(client, supervisor, investigation):
    client.force_login(supervisor)
    response = client.post(f"/investigations/{investigation.pk}/", {"cause": "", "findings": "", "resolution": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "cause": ["Required to close the investigation (§322.5)."],
        "resolution": ["Required to close the investigation (§322.5)."],
    }
    investigation.refresh_from_db()
    assert investigation.is_open


def test_resolving_twice_is_409(client, supervisor, investigation):
    client.force_login(supervisor)
    client.post(f"/investigations/{investigation.pk}/", resolution())
    count = AuditEvent.objects.count()
    response = client.post(f"/investigations/{investigation.pk}/", resolution(resolution="Changed my mind"))
    assert response.status_code == 409 and AuditEvent.objects.count() == count
    investigation.refresh_from_db()
    assert investigation.resolution == "Retrained"


def test_post_page_links_its_investigation(client, supervisor, investigation):
    client.force_login(supervisor)
    html = client.get(f"/posts/{investigation.post_id}/").content.decode()
    assert f'href="/investigations/{investigation.pk}/"' in html
    assert RemovalInvestigation.objects.count() == 1


# Reports of content


def test_report_form_has_labels_and_cites_the_section(client, member, published):
    client.force_login(member)
    html = client.get(f"/reports/new/?post={published.pk}").content.decode()
    assert '<label for="id_post">Post <span class="field__optional">(optional)</span></label>' in html
    assert '<label for="id_url">URL of the content <span class="field__optional">(optional)</span></label>' in html
    assert '<label for="id_description">What is wrong with it</label>' in html
    assert f'<option value="{published.pk}" selected>' in html
    assert "§322.5" in html and ">Report content</button>" in html


def test_report_form_offers_only_posts_that_went_public(
    client, member, supervisor, published, pio_authorized, ready_account
):
    hidden = services.create_post(by=pio_authorized, category="traffic", accounts=[ready_account], body="Draft")
    client.force_login(supervisor)
    posts = client.get("/reports/new/").context["form"].fields["post"].queryset
    assert published in posts and hidden not in posts


@pytest.mark.parametrize("persona", ["member", "pio", "commander", "custodian"])
def test_any_member_reports_a_post(client, request, persona, published):
    reporter = request.getfixturevalue(persona)
    client.force_login(reporter)
    response = client.post("/reports/new/", {"post": published.pk, "description": "Shows a licence plate"})
    report = ContentReport.objects.get()
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    assert report.reporter == reporter and report.post == published
    assert "is sent to the supervisors (§322.5)" in client.get(response.url).content.decode()


def test_a_member_reports_a_url(client, member):
    client.force_login(member)
    client.post("/reports/new/", {"url": "https://www.facebook.com/fake.oakley.pd", "description": "Impostor"})
    assert ContentReport.objects.get().url == "https://www.facebook.com/fake.oakley.pd"


def test_a_report_needs_a_post_or_url_and_a_description(client, member):
    client.force_login(member)
    response = client.post("/reports/new/", {"description": ""})
    errors = response.context["form"].errors
    assert "description" in errors and not ContentReport.objects.exists()
    response = client.post("/reports/new/", {"description": "Something"})
    assert response.context["form"].errors == {"url": ["Choose the post or give the URL of the content."]}


def test_a_draft_cannot_be_reported_by_a_member_who_cannot_see_it(client, member, draft):
    client.force_login(member)
    response = client.post("/reports/new/", {"post": draft.pk, "description": "x"})
    assert "post" in response.context["form"].errors and not ContentReport.objects.exists()


@pytest.fixture
def report(member, published):
    return services.report_content(by=member, post=published, description="Shows a <b>plate</b>")


def test_reporter_sees_their_own_report_only(client, member, pio, report):
    other = services.report_content(by=pio, url="https://example.com/x", description="Other report")
    client.force_login(member)
    html = client.get("/reports/").content.decode()
    assert f'href="/reports/{report.pk}/"' in html and f'href="/reports/{other.pk}/"' not in html
    assert "Shows a &lt;b&gt;plate&lt;/b&gt;" in html
    assert client.get(f"/reports/{other.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["supervisor", "chief", "custodian", "reviewer"])
def test_oversight_sees_every_report(client, request, persona, report):
    client.force_login(request.getfixturevalue(persona))
    assert f'href="/reports/{report.pk}/"' in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{report.pk}/").status_code == 200


def test_another_department_never_sees_the_report(client, other_supervisor, report):
    client.force_login(other_supervisor)
    assert f'href="/reports/{report.pk}/"' not in client.get("/reports/").content.decode()
    assert client.get(f"/reports/{report.pk}/").status_code == 404
    assert client.post(f"/reports/{report.pk}/", {"action_taken": "x"}).status_code == 404


def test_supervisor_closes_a_report_with_the_action_taken(client, supervisor, report):
    client.force_login(supervisor)
    html = client.get(f"/reports/{report.pk}/").content.decode()
    assert '<label for="id_action_taken">Action taken</label>' in html
    response = client.post(f"/reports/{report.pk}/", {"action_taken": "Removed the photo"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED and report.closed_by == supervisor
    assert AuditEvent.objects.filter(action="posts.report.close").count() == 1


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("chief", 403), ("pio", 404)])
def test_only_a_supervisor_closes_a_report(client, request, persona, status, report):
    # The reporter and the chief see the report (403); another member's report is not theirs to see (404).
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/reports/{report.pk}/", {"action_taken": "Nothing"})
    assert response.status_code == status
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_the_reporter_may_read_but_not_close(client, member, report):
    client.force_login(member)
    assert "Close report" not in client.get(f"/reports/{report.pk}/").content.decode()
    assert client.post(f"/reports/{report.pk}/", {"action_taken": "Nothing"}).status_code == 403


def test_closing_without_the_action_taken_is_a_form_error(client, supervisor, report):
    client.force_login(supervisor)
    response = client.post(f"/reports/{report.pk}/", {"action_taken": ""})
    assert response.context["form"].errors == {"action_taken": ["Record the action taken."]}
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_closing_twice_is_409(client, supervisor, report):
    client.force_login(supervisor)
    client.post(f"/reports/{report.pk}/", {"action_taken": "Removed"})
    count = AuditEvent.objects.count()
    response = client.post(f"/reports/{report.pk}/", {"action_taken": "Again"})
    assert response.status_code == 409 and AuditEvent.objects.count() == count
