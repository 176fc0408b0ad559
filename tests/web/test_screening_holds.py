"""Hold terms in the browser (issue 4, "Browser"; 3xx.5(c)): supervisors and the chief register an open case's
number, unreleased names and evidence details, and release them when they may be published; everyone else is
refused. Registering and releasing are audited, and the editor's screening follows at once."""

import pytest

from audits.models import AuditEvent
from screening import services
from screening.models import CaseHold
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

HOLDS = "/screening/holds/"


def register(client, case_number="24-0815", terms="Marcus Reyes\nblue Dodge Charger\n"):
    return client.post(HOLDS, {"case_number": case_number, "terms": terms})


def release(client, hold, note="Charges filed; names released by the DA."):
    return client.post(f"{HOLDS}{hold.pk}/release/", {f"hold-{hold.pk}-note": note})


@pytest.fixture
def hold(supervisor):
    return services.register_hold(by=supervisor, case_number="24-0815", terms=["Marcus Reyes", "blue Dodge Charger"])


@pytest.fixture
def other_hold(other_department, other_chief):
    return services.register_hold(by=other_chief, case_number="AZ-24-0042", terms=["red Honda Civic"])


# Who may


def test_anonymous_is_sent_to_sign_in(client, hold):
    response = client.get(HOLDS)
    assert response.status_code == 302 and response.url == login_redirect(HOLDS)
    url = f"{HOLDS}{hold.pk}/release/"
    response = client.post(url, {})
    assert response.status_code == 302 and response.url == login_redirect(url)
    assert CaseHold.objects.get().is_active


@pytest.mark.parametrize("persona", ["supervisor", "chief"])
def test_supervisors_and_the_chief_keep_hold_terms(client, request, persona, hold):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(HOLDS)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_case_number">Case number</label>' in html
    assert '<label for="id_terms">Terms to hold back <span class="field__optional">(optional)</span></label>' in html
    assert ">Register hold</button>" in html
    assert "<h3>Case 24-0815</h3>" in html and "<li>Marcus Reyes</li>" in html
    assert f'action="/screening/holds/{hold.pk}/release/"' in html


@pytest.mark.parametrize("persona", ["member", "pio_authorized", "commander", "custodian"])
def test_everyone_else_is_refused(client, request, persona, hold):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(HOLDS)
    assert response.status_code == 403
    assert "Only a supervisor or the chief sees and keeps hold terms (§322.5)." in response.content.decode()
    assert "Marcus Reyes" not in response.content.decode()
    assert register(client, "24-0999").status_code == 403
    assert release(client, hold).status_code == 403
    assert CaseHold.objects.count() == 1 and CaseHold.objects.get().is_active


def test_another_departments_hold_is_not_listed_and_is_404(client, supervisor, other_hold):
    client.force_login(supervisor)
    html = client.get(HOLDS).content.decode()
    assert "AZ-24-0042" not in html and "No hold terms are active." in html
    assert release(client, other_hold).status_code == 404
    assert CaseHold.objects.get().is_active


def test_holds_change_only_by_post(client, supervisor, hold):
    client.force_login(supervisor)
    assert client.get(f"{HOLDS}{hold.pk}/release/").status_code == 405


# Registering


def test_a_supervisor_registers_hold_terms(client, department, supervisor):
    client.force_login(supervisor)
    response = register(client, " 24-0815 ", "Marcus Reyes\r\n\r\n  blue Dodge Charger \nmarcus reyes\n")
    assert response.status_code == 302 and response.url == HOLDS
    hold = CaseHold.objects.get()
    assert (hold.department, hold.case_number, hold.created_by) == (department, "24-0815", supervisor)
    assert hold.terms == ["Marcus Reyes", "blue Dodge Charger"] and hold.is_active
    event = AuditEvent.objects.get(action="screening.hold.register")
    assert event.actor == supervisor and event.after["terms"] == ["Marcus Reyes", "blue Dodge Charger"]
    html = client.get(HOLDS).content.decode()
    assert "Case 24-0815 is on hold with 2 terms besides its number." in html
    assert "<li>blue Dodge Charger</li>" in html


def test_a_case_number_alone_may_be_held(client, supervisor):
    client.force_login(supervisor)
    assert register(client, "24-0816", "").status_code == 302
    assert CaseHold.objects.get().terms == []
    assert "Only the case number is held back." in client.get(HOLDS).content.decode()


def test_a_case_number_is_required(client, supervisor):
    client.force_login(supervisor)
    html = register(client, "", "Marcus Reyes").content.decode()
    assert "Give the case number." in html and "Nothing was changed." in html
    # What was typed stays in the form.
    assert ">\nMarcus Reyes</textarea>" in html
    assert not CaseHold.objects.exists()


def test_a_term_too_short_to_hold_is_named(client, supervisor):
    client.force_login(supervisor)
    html = register(client, "24-0815", "Marcus Reyes\nab").content.decode()
    assert "&#x27;ab&#x27; is too short to hold back" in html
    assert not CaseHold.objects.exists() and not AuditEvent.objects.filter(action__startswith="screening").exists()


def test_hold_terms_stay_escaped(client, supervisor):
    client.force_login(supervisor)
    register(client, "24-0815", "<script>alert(1)</script>")
    html = client.get(HOLDS).content.decode()
    assert "<script>alert" not in html and "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in html


# Releasing


def test_a_supervisor_releases_a_hold_with_a_note(client, chief, hold):
    client.force_login(chief)
    response = release(client, hold)
    assert response.status_code == 302 and response.url == HOLDS
    hold.refresh_from_db()
    assert not hold.is_active and hold.released_by == chief
    assert hold.release_note == "Charges filed; names released by the DA."
    event = AuditEvent.objects.get(action="screening.hold.release")
    assert event.actor == chief and event.after["note"] == hold.release_note
    html = client.get(HOLDS).content.decode()
    assert "The hold on case 24-0815 is released" in html and "No hold terms are active." in html
    released = html[html.index('id="released-heading"') :]
    assert '<th scope="row" data-label="Case">24-0815</th>' in released
    assert "Marcus Reyes; blue Dodge Charger" in released and "Charges filed; names released by the DA." in released
    assert "Chief Chief Oakley" in released


def test_releasing_twice_is_409(client, supervisor, hold):
    client.force_login(supervisor)
    release(client, hold)
    response = release(client, hold)
    assert response.status_code == 409 and "already released" in response.content.decode()
    assert AuditEvent.objects.filter(action="screening.hold.release").count() == 1


def test_the_editor_screens_for_a_hold_at_once_and_stops_when_it_is_released(client, supervisor, pio_authorized):
    text = "Detectives are looking for a blue Dodge Charger in case 24 0815."
    client.force_login(supervisor)
    register(client)
    hold = CaseHold.objects.get()
    client.force_login(pio_authorized)
    html = client.post("/screening/preview/", {"body": text}, HTTP_HX_REQUEST="true").content.decode()
    assert '<mark class="finding-mark finding-mark--block">blue Dodge Charger</mark>' in html
    assert '<mark class="finding-mark finding-mark--block">24 0815</mark>' in html and "(§322.5(c))" in html
    client.force_login(supervisor)
    release(client, hold)
    client.force_login(pio_authorized)
    html = client.post("/screening/preview/", {"body": text}, HTTP_HX_REQUEST="true").content.decode()
    # The hold's marks are gone (the learned layer may still read the wording on its own).
    assert "blue Dodge Charger</mark>" not in html and "24 0815</mark>" not in html


# Navigation


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("chief", {"Screening rules", "Hold terms", "False positives"}),
        ("supervisor", {"Screening rules", "Hold terms"}),
        ("pio", {"Screening rules"}),
        ("member", {"Screening rules"}),
    ],
)
def test_the_navigation_offers_each_member_their_screening_pages(client, request, persona, links):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    for name, url in (
        ("Screening rules", "/screening/rules/"),
        ("Hold terms", "/screening/holds/"),
        ("False positives", "/screening/false-positives/"),
    ):
        assert (f'<a href="{url}">{name}</a>' in nav) == (name in links), name


def test_the_current_page_is_marked_in_the_navigation(client, chief):
    client.force_login(chief)
    html = client.get(HOLDS).content.decode()
    assert '<a href="/screening/holds/" aria-current="page">Hold terms</a>' in html


@pytest.mark.parametrize(
    ("persona", "links"),
    [
        ("chief", ["/screening/rules/", "/screening/false-positives/", "/screening/holds/"]),
        ("supervisor", ["/screening/holds/"]),
    ],
)
def test_the_dashboard_links_the_screening_pages(client, request, persona, links):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/").content.decode()
    section = html[html.index('<h2 id="screening-heading">Screening</h2>') :]
    section = section[: section.index("</section>")]
    for url in links:
        assert f'<a href="{url}">' in section
