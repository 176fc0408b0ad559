"""Findings on the post page and the approval queue (issue 4, "Browser"; 3xx.5): each finding of the current
revision with its code, citation, severity, excerpt and message; a supervisor's override with a written
justification; anyone's false-positive report; and the 409 page for an approval a blocking finding stops."""

import pytest

from approvals import overrides
from approvals import services as decisions
from approvals.models import FlagOverride
from audits.models import AuditEvent
from people.roles import Role
from posts import services as posts
from posts.choices import PostStatus
from screening.models import FalsePositiveReport, Flag
from tests.conftest import make_account, make_member
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

PRIVATE_PHONE = "Witnesses can call the driver, Denise Ortega, at 925-555-0187."
JUSTIFICATION = "Ms. Ortega asked us to publish her number so witnesses can reach her directly."
MARKED = '<mark class="finding-mark finding-mark--block">925-555-0187</mark>'


@pytest.fixture
def flagged(pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized, category="investigative_request", accounts=[ready_account], body=PRIVATE_PHONE
    )
    return decisions.submit(by=pio_authorized, post=post)


@pytest.fixture
def flag(flagged):
    return Flag.objects.get(revision=flagged.current_revision)


@pytest.fixture
def other_flag(other_department, other_chief):
    """A standing finding on a pending post of the Azusa department next door."""
    account = make_account(other_department, "AzusaPolice", approved_by=other_chief, **lifecycle.CHECKLIST_DONE)
    pio = make_member(other_department, "pio", Role.PIO)
    lifecycle.authorize(other_chief, pio, account)
    post = posts.create_post(by=pio, category="announcement", accounts=[account], body=PRIVATE_PHONE)
    decisions.submit(by=pio, post=post)
    return Flag.objects.get(post=post)


def override(client, flag, justification=JUSTIFICATION):
    return client.post(f"/flags/{flag.pk}/override/", {f"flag-{flag.pk}-justification": justification})


def report(client, flag, note=""):
    return client.post(f"/flags/{flag.pk}/report/", {f"report-{flag.pk}-note": note})


# The post page


def test_post_page_lists_the_current_revisions_findings(client, flagged, flag, pio_authorized):
    client.force_login(pio_authorized)
    html = client.get(f"/posts/{flagged.pk}/").content.decode()
    assert '<h2 id="findings-heading">Screening <span class="muted">(revision 1)</span></h2>' in html
    assert "Finding 1: A private phone number (§322.5(b))" in html
    assert "<dt>Citation</dt><dd>§322.5(b)</dd>" in html
    assert '<span class="badge badge--block">Block</span>' in html
    assert '<dd class="excerpt">“925-555-0187”</dd>' in html and "(privacy)" in html
    assert f"at {MARKED}" in html
    assert "Unresolved: blocks approval." in html
    # The author is no supervisor: no override form, but a false-positive report.
    assert "Override finding" not in html and "Report as false positive" in html


def test_markup_in_a_flagged_post_stays_escaped(client, pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized,
        category="announcement",
        accounts=[ready_account],
        body="<script>alert(1)</script> call <i>925-555-0187</i>",
    )
    decisions.submit(by=pio_authorized, post=post)
    client.force_login(pio_authorized)
    html = client.get(f"/posts/{post.pk}/").content.decode()
    assert "<script>alert" not in html and "<i>" not in html
    assert f"&lt;script&gt;alert(1)&lt;/script&gt; call &lt;i&gt;{MARKED}" in html


def test_a_draft_not_yet_submitted_shows_what_the_screener_finds_in_it(client, pio_authorized, ready_account):
    post = posts.create_post(by=pio_authorized, category="announcement", accounts=[ready_account], body=PRIVATE_PHONE)
    client.force_login(pio_authorized)
    html = client.get(f"/posts/{post.pk}/").content.decode()
    # Issue 14.5: not "it will be screened when submitted" while the editor already found a blocking finding.
    assert "The screener finds 1 problem in the saved text (§322.5)." in html and MARKED in html


def test_a_clean_pending_post_says_nothing_was_found(client, pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body="The lobby is closed Monday."
    )
    decisions.submit(by=pio_authorized, post=post)
    client.force_login(pio_authorized)
    assert "The screener found no prohibited content" in client.get(f"/posts/{post.pk}/").content.decode()


def test_supervisor_sees_the_override_form_and_the_blocked_approval(client, flagged, flag, supervisor):
    client.force_login(supervisor)
    html = client.get(f"/posts/{flagged.pk}/").content.decode()
    assert f'action="/flags/{flag.pk}/override/"' in html
    assert f'<label for="id_flag-{flag.pk}-justification">Justification</label>' in html
    assert 'Override finding<span class="visually-hidden"> 1</span></button>' in html
    # Approve is not offered while the finding stands: disabled, with the reason beside it (issue 14.3).
    assert '<button type="button" class="button" disabled aria-describedby="approve-blocked">Approve</button>' in html
    assert "Approve is not available: 1 blocking finding stands unresolved" in html
    assert '<button type="submit" class="button">Approve</button>' not in html


def test_a_supervisor_who_wrote_the_post_gets_no_override_form(client, department, chief, ready_account):
    writer = make_member(department, "sgt", Role.SUPERVISOR, Role.PIO)
    lifecycle.authorize(chief, writer, ready_account)
    post = posts.create_post(by=writer, category="announcement", accounts=[ready_account], body=PRIVATE_PHONE)
    decisions.submit(by=writer, post=post)
    client.force_login(writer)
    assert "Override finding" not in client.get(f"/posts/{post.pk}/").content.decode()
    flag = Flag.objects.get(post=post)
    assert override(client, flag).status_code == 403
    assert not FlagOverride.objects.exists()


# Overriding a finding


def test_override_needs_a_justification(client, flagged, flag, supervisor):
    client.force_login(supervisor)
    response = override(client, flag, "")
    html = response.content.decode()
    assert response.status_code == 200 and "Write why this finding does not stop the post." in html
    assert not FlagOverride.objects.exists() and not AuditEvent.objects.filter(action__contains="override").exists()


def test_override_needs_at_least_a_sentence(client, flagged, flag, supervisor):
    client.force_login(supervisor)
    html = override(client, flag, "ok fine").content.decode()
    assert "Explain in at least a sentence why this finding does not stop the post" in html
    # The justification typed stays in its box, on the finding it was for.
    assert f'id="id_flag-{flag.pk}-justification">\nok fine</textarea>' in html
    assert not FlagOverride.objects.exists()


def test_override_with_a_justification_is_recorded_audited_and_shown(client, flagged, flag, supervisor):
    client.force_login(supervisor)
    response = override(client, flag)
    assert response.status_code == 302 and response.url == f"/posts/{flagged.pk}/"
    record = FlagOverride.objects.get(flag=flag)
    assert record.overridden_by == supervisor and record.justification == JUSTIFICATION
    event = AuditEvent.objects.get(action="screening.flag.override")
    assert event.actor == supervisor and event.after["justification"] == JUSTIFICATION
    assert event.after["flag"] == flag.pk
    html = client.get(response.url).content.decode()
    assert "is overridden with your justification" in html
    assert "Overridden by Lieutenant Supervisor Oakley on" in html and JUSTIFICATION in html
    assert "Override finding" not in html and "Approval is blocked" not in html
    # ... and the supervisor may now approve it.
    seen = flagged.current_revision.sha256
    assert client.post(f"/posts/{flagged.pk}/approve/", {"note": "", "revision": seen}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.status == PostStatus.APPROVED


def test_override_twice_is_409(client, flagged, flag, supervisor, reviewer):
    client.force_login(supervisor)
    override(client, flag)
    client.force_login(reviewer)
    response = override(client, flag, "A second reason, written by another supervisor entirely.")
    assert response.status_code == 409 and "already overridden" in response.content.decode()
    assert FlagOverride.objects.count() == 1


def test_the_findings_state_is_answered_before_the_justification(client, flagged, flag, supervisor, reviewer):
    client.force_login(supervisor)
    override(client, flag)
    client.force_login(reviewer)
    assert override(client, flag, "").status_code == 409


@pytest.mark.parametrize("persona", ["pio_authorized", "chief", "commander", "custodian"])
def test_only_a_supervisor_overrides(client, request, flagged, flag, persona):
    client.force_login(request.getfixturevalue(persona))
    response = override(client, flag)
    assert response.status_code == 403
    assert "Only a supervisor who did not write the post overrides a finding (§322.5)" in response.content.decode()
    # Refused for who they are, not asked for a better sentence.
    assert override(client, flag, "").status_code == 403
    assert not FlagOverride.objects.exists()


def test_another_departments_flag_is_404(client, supervisor, other_flag):
    client.force_login(supervisor)
    assert override(client, other_flag).status_code == 404
    assert report(client, other_flag).status_code == 404
    assert not FlagOverride.objects.exists() and not FalsePositiveReport.objects.exists()


def test_a_flag_on_a_post_the_member_cannot_see_is_404(client, flag, member):
    # A plain member sees only what went public.
    client.force_login(member)
    assert report(client, flag).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, flag):
    for url in (f"/flags/{flag.pk}/override/", f"/flags/{flag.pk}/report/"):
        response = client.post(url, {})
        assert response.status_code == 302 and response.url == login_redirect(url)


def test_overrides_and_reports_are_post_only(client, flag, supervisor):
    client.force_login(supervisor)
    assert client.get(f"/flags/{flag.pk}/override/").status_code == 405
    assert client.get(f"/flags/{flag.pk}/report/").status_code == 405


def test_a_finding_on_an_approved_post_is_no_longer_overridden(client, flagged, flag, supervisor, pio_authorized):

    overrides.override_flag(by=supervisor, flag=flag, justification=JUSTIFICATION)
    decisions.approve(by=supervisor, post=flagged)
    other = Flag.objects.create(
        department_id=flag.department_id,
        post=flag.post,
        revision=flag.revision,
        code="political",
        detector="political.test",
        rule="Political",
        citation="§322.5(d)",
        severity="block",
        start=0,
        end=9,
        excerpt="Witnesses",
        message="Endorses or opposes a candidate (§322.5(d))",
    )
    client.force_login(supervisor)
    assert "Override finding" not in client.get(f"/posts/{flagged.pk}/").content.decode()
    response = override(client, other)
    assert response.status_code == 409 and "findings are overridden before approval" in response.content.decode()


# Reporting a false positive


def test_the_author_reports_a_false_positive(client, flagged, flag, pio_authorized):
    client.force_login(pio_authorized)
    response = report(client, flag, "It is the tip line of the neighbouring city.")
    assert response.status_code == 302 and response.url == f"/posts/{flagged.pk}/"
    record = FalsePositiveReport.objects.get(flag=flag)
    assert record.reported_by == pio_authorized and record.note == "It is the tip line of the neighbouring city."
    event = AuditEvent.objects.get(action="screening.flag.report_false_positive")
    assert event.actor == pio_authorized and event.after["flag"] == flag.pk
    html = client.get(response.url).content.decode()
    assert "is reported as a false positive" in html and "You reported this finding as a false positive." in html
    assert "Report as false positive" not in html


def test_reporting_twice_is_409(client, flag, pio_authorized):
    client.force_login(pio_authorized)
    report(client, flag)
    response = report(client, flag)
    assert response.status_code == 409 and "already reported" in response.content.decode()
    assert FalsePositiveReport.objects.count() == 1


def test_a_note_too_long_is_shown_on_its_form(client, flag, pio_authorized):
    client.force_login(pio_authorized)
    html = report(client, flag, "x" * 5001).content.decode()
    assert "Ensure this value has at most 5000 characters" in html
    assert '<details class="finding__report" open>' in html
    assert not FalsePositiveReport.objects.exists()


# Approving while a blocking finding stands


def test_approving_with_a_blocking_finding_is_refused_on_the_post_page(client, flagged, supervisor):
    client.force_login(supervisor)
    response = client.post(
        f"/posts/{flagged.pk}/approve/", {"note": "Looks fine.", "revision": flagged.current_revision.sha256}
    )
    html = response.content.decode()
    assert response.status_code == 409
    # The same page, the reason at its top and focused (issue 14.3); the findings it names are right there.
    assert f"<h1>Post #{flagged.pk} " in html
    refusal = html.index('class="form-errors refusal" role="alert" tabindex="-1" autofocus')
    assert refusal < html.index("findings-heading")
    assert "unresolved blocking findings" in html and "925-555-0187" in html
    assert "Nothing was changed." in html
    flagged.refresh_from_db()
    assert flagged.status == PostStatus.PENDING


# The approval queue


def test_the_queue_shows_each_posts_finding_count(client, flagged, flag, supervisor, pio_authorized, ready_account):
    clean = posts.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body="The lobby is closed Monday."
    )
    decisions.submit(by=pio_authorized, post=clean)
    client.force_login(supervisor)
    html = client.get("/posts/queue/").content.decode()
    assert '<p class="status status--bad">1 finding, 1 blocking approval</p>' in html
    assert '<p class="muted">No findings</p>' in html

    overrides.override_flag(by=supervisor, flag=flag, justification=JUSTIFICATION)
    html = client.get("/posts/queue/").content.decode()
    assert '<p class="status status--warn">1 finding</p>' in html
