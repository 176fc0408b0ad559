"""Live screening in the draft editor (issue 4, "Browser"; 3xx.5): the findings partial the editor swaps in
under the body as the PIO types, and the same findings rendered with the page, without JavaScript."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from approvals.models import PostRequest
from audits.models import AuditEvent
from people.roles import Role
from posts import services
from posts.models import Post, PostRevision
from screening.models import Flag
from tests.conftest import make_member
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

PREVIEW = "/screening/preview/"
NEW = "/posts/new/"
HX = {"HTTP_HX_REQUEST": "true"}
PRIVATE = "Call Jane at (925) 555-0199 tonight"
MARKED = '<mark class="finding-mark finding-mark--block">(925) 555-0199</mark>'
MESSAGE = "A private phone number (§322.5(b))"


def screen(client, body, category="", **headers):
    return client.post(PREVIEW, {"body": body, "category": category}, **headers)


# Who may screen


def test_anonymous_is_sent_to_sign_in(client):
    response = screen(client, PRIVATE)
    assert response.status_code == 302 and response.url == login_redirect(PREVIEW)


def test_anonymous_live_check_says_the_session_ended_and_keeps_the_text(client):
    response = screen(client, PRIVATE, **HX)
    html = response.content.decode()
    assert response.status_code == 401
    assert "You are signed out" in html and "What you typed is still here" in html
    assert MESSAGE not in html


def test_preview_is_post_only(client, pio_authorized):
    client.force_login(pio_authorized)
    assert client.get(PREVIEW, {"body": PRIVATE}).status_code == 405


@pytest.mark.parametrize("persona", ["member", "supervisor", "chief", "custodian"])
def test_members_who_may_not_draft_are_refused(client, request, persona):
    # Drafting needs a current authorization for an account (3xx.3); none of these holds one.
    client.force_login(request.getfixturevalue(persona))
    response = screen(client, PRIVATE)
    assert response.status_code == 403 and MESSAGE not in response.content.decode()
    live = screen(client, PRIVATE, **HX)
    assert live.status_code == 403
    assert "Only members with a current authorization draft posts (§322.3)" in live.content.decode()


def test_a_pio_whose_authorization_lapsed_is_refused(client, pio):
    # A PIO by role, but with no current authorization.
    client.force_login(pio)
    assert screen(client, PRIVATE).status_code == 403


def test_csrf_token_is_required(pio_authorized):
    client = Client(enforce_csrf_checks=True)
    client.force_login(pio_authorized)
    assert screen(client, PRIVATE, **HX).status_code == 403
    token = client.get(NEW).context["csrf_token"]
    response = client.post(PREVIEW, {"body": PRIVATE, "csrfmiddlewaretoken": str(token)}, **HX)
    assert response.status_code == 200 and MESSAGE in response.content.decode()


# What the partial shows


def test_a_private_phone_number_is_found_marked_and_cited(client, pio_authorized):
    client.force_login(pio_authorized)
    response = screen(client, PRIVATE, **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Call Jane at {MARKED}" in html
    assert f'<strong class="finding__message">{MESSAGE}</strong>: “(925) 555-0199”' in html
    assert '<span class="badge badge--block">Block</span>' in html
    # The live answer also refreshes the announced summary above the findings.
    assert '<p id="screening-summary" hx-swap-oob="innerHTML">1 finding: 1 blocks approval' in html


def test_the_departments_own_public_number_is_not_a_finding(client, department, pio_authorized):
    department.public_phone_numbers = ["(925) 555-0100"]
    department.save()
    client.force_login(pio_authorized)
    html = screen(client, "Call the station at (925) 555-0100 any time.", **HX).content.decode()
    assert "No prohibited content found (§322.5)." in html and "<mark" not in html
    html = screen(client, PRIVATE + ", or the station at (925) 555-0100.", **HX).content.decode()
    assert html.count("<mark") == 1 and MARKED in html


def test_a_clean_text_says_nothing_was_found(client, pio_authorized):
    client.force_login(pio_authorized)
    html = screen(client, "The lobby is closed Monday for Memorial Day.", "announcement", **HX).content.decode()
    assert "No prohibited content found (§322.5)." in html and "<mark" not in html and "<ol" not in html


def test_an_empty_text_explains_the_check(client, pio_authorized):
    client.force_login(pio_authorized)
    html = screen(client, "  ", **HX).content.decode()
    assert "checked for prohibited content (§322.5) as you write it" in html


def test_each_finding_is_numbered_and_overlaps_share_one_mark(client, pio_authorized):
    client.force_login(pio_authorized)
    html = screen(client, "Vote for Smith for mayor! Use code SAVE20 at the shop.", **HX).content.decode()
    assert html.count("<mark") == 2 and '<span class="visually-hidden">finding </span>2</sup>' in html
    assert "Endorses or opposes a candidate (§322.5(d))" in html
    assert "Promotes a private business, product or deal (§322.5(f))" in html


def test_spans_are_code_points_and_line_breaks_count_once(client, pio_authorized):
    client.force_login(pio_authorized)
    # Characters outside the BMP and a CRLF before the number: the mark still falls on the number.
    html = screen(client, "Tonight 🚓🚓\r\nCall Jane at 925-555-0187.", **HX).content.decode()
    assert '<mark class="finding-mark finding-mark--block">925-555-0187</mark>' in html


def test_markup_in_the_text_stays_escaped(client, pio_authorized):
    client.force_login(pio_authorized)
    body = "<script>alert(1)</script> Call <b>925-555-0187</b> now <img src=x onerror=alert(1)> \"q\" & 'a'"
    html = screen(client, body, **HX).content.decode()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Call &lt;b&gt;" in html
    assert (
        '<mark class="finding-mark finding-mark--block">925-555-0187</mark><sup class="finding-ref">'
        '<span class="visually-hidden">finding </span>1</sup>&lt;/b&gt; now'
    ) in html
    assert "&lt;img src=x onerror=alert(1)&gt; &quot;q&quot; &amp; &#x27;a&#x27;" in html


def test_markup_inside_a_finding_stays_escaped(client, department, chief, pio_authorized):
    from screening import services as screening

    screening.update_rule(by=chief, department=department, code="commercial", terms=["<b>deal</b>"])
    client.force_login(pio_authorized)
    html = screen(client, "A <b>deal</b> today", **HX).content.decode()
    assert "<b>" not in html
    # The term matches on its words; what lies around them, and in them, is text.
    assert 'A &lt;<mark class="finding-mark finding-mark--block">b&gt;deal&lt;/b</mark>' in html
    assert "“b&gt;deal&lt;/b”" in html


def test_text_over_64_kb_is_refused_with_the_problem(client, pio_authorized):
    client.force_login(pio_authorized)
    response = screen(client, "a" * (64 * 1024 + 1), **HX)
    html = response.content.decode()
    assert response.status_code == 400
    assert "too long to check: 65,537 bytes, over the 64 KB" in html
    # Counted in UTF-8 bytes, as the API counts them: 22,000 three-byte characters are over.
    assert screen(client, "€" * 22_000, **HX).status_code == 400
    assert screen(client, "a" * (64 * 1024), **HX).status_code == 200


def test_an_unknown_category_is_ignored(client, pio_authorized):
    client.force_login(pio_authorized)
    response = screen(client, PRIVATE, "not-a-category", **HX)
    assert response.status_code == 200 and MARKED in response.content.decode()


def test_screening_saves_nothing(client, pio_authorized):
    client.force_login(pio_authorized)
    before = (Post.objects.count(), Flag.objects.count(), AuditEvent.objects.count())
    assert screen(client, PRIVATE, **HX).status_code == 200
    assert (Post.objects.count(), Flag.objects.count(), AuditEvent.objects.count()) == before


def test_another_departments_hold_terms_never_apply(client, other_department, other_chief, pio_authorized):
    from screening import services as screening

    screening.register_hold(by=other_chief, case_number="AZ-24-0042", terms=["red Honda Civic"])
    client.force_login(pio_authorized)
    html = screen(client, "Case AZ-24-0042: a red Honda Civic was seen.", **HX).content.decode()
    # Nothing blocks: the other department's hold terms are not this one's. (The learned layer may still warn that
    # a case and a vehicle read as an open investigation; that warning is not a hold term.)
    assert "Hold term" not in html and "finding-mark--block" not in html
    assert "red Honda Civic</mark>" not in html and "AZ-24-0042</mark>" not in html


# The editor page


def test_the_editor_screens_live_with_the_vendored_htmx_and_no_inline_script(client, pio_authorized):
    client.force_login(pio_authorized)
    html = client.get(NEW).content.decode()
    assert '<script src="/static/socialgov/vendor/htmx.min.js" defer></script>' in html
    assert "<script>" not in html and 'style="' not in html and " hx-on" not in html
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false, '
        '"allowScriptTags": false, "historyCacheSize": 0}\'>'
    ) in html
    assert 'hx-post="/screening/preview/"' in html
    assert 'hx-trigger="input changed delay:400ms from:#id_body, change from:input[name=category]"' in html
    assert 'hx-params="body,category,csrfmiddlewaretoken"' in html
    assert '<p id="screening-summary" class="findings__summary" aria-live="polite">' in html
    assert ">Check for prohibited content</button>" in html


def test_the_vendored_htmx_is_2_0_11():
    path = finders.find("socialgov/vendor/htmx.min.js")
    assert path and 'version:"2.0.11"' in Path(path).read_text(encoding="utf-8")
    note = finders.find("socialgov/vendor/README.txt")
    assert note and "htmx.org@2.0.11" in Path(note).read_text(encoding="utf-8")


def test_pages_without_live_updates_load_no_script(client, pio_authorized):
    client.force_login(pio_authorized)
    assert "<script" not in client.get("/posts/").content.decode()


def test_the_editor_shows_the_findings_of_a_saved_draft_on_load(client, pio_authorized, ready_account):
    post = services.create_post(by=pio_authorized, category="announcement", accounts=[ready_account], body=PRIVATE)
    client.force_login(pio_authorized)
    html = client.get(f"/posts/{post.pk}/edit/").content.decode()
    assert MARKED in html and MESSAGE in html
    # Rendered with the page, so it is not an out-of-band piece of a live answer.
    assert "hx-swap-oob" not in html


def test_a_failed_save_shows_the_findings_with_the_errors(client, pio_authorized):
    client.force_login(pio_authorized)
    response = client.post(NEW, {"body": PRIVATE, "category": "announcement"})
    html = response.content.decode()
    assert response.status_code == 200 and not Post.objects.exists()
    assert "Choose at least one account." in html and MARKED in html


def test_check_button_screens_what_was_typed_and_saves_nothing(client, pio_authorized, ready_account):
    client.force_login(pio_authorized)
    response = client.post(
        NEW, {"body": PRIVATE, "category": "announcement", "accounts": [ready_account.pk], "screen": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Post.objects.exists()
    assert MARKED in html and MESSAGE in html
    # What was typed is kept, and nothing is reported as an error: nothing was saved, nothing was judged.
    assert f'id="id_body">\n{PRIVATE}</textarea>' in html
    box = re.search(rf'<input type="checkbox" name="accounts" value="{ready_account.pk}"[^>]*>', html).group()
    assert " checked" in box
    assert " checked" in re.search(r'<input type="radio" name="category" value="announcement"[^>]*>', html).group()
    assert "Correct the error" not in html


def test_check_button_on_an_empty_editor_shows_no_errors(client, pio_authorized):
    client.force_login(pio_authorized)
    html = client.post(NEW, {"screen": "1"}).content.decode()
    assert "Correct the error" not in html and "Write the text of the post." not in html


def test_check_button_while_editing_writes_no_revision(client, pio_authorized, ready_account):
    post = services.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body="The lobby is closed Monday."
    )
    client.force_login(pio_authorized)
    response = client.post(
        f"/posts/{post.pk}/edit/",
        {"body": PRIVATE, "category": "announcement", "accounts": [ready_account.pk], "screen": "1"},
    )
    assert response.status_code == 200 and MARKED in response.content.decode()
    assert PostRevision.objects.filter(post=post).count() == 1


def test_check_button_still_asks_who_may_edit(client, department, pio_authorized, ready_account):
    post = services.create_post(
        by=pio_authorized, category="announcement", accounts=[ready_account], body="The lobby is closed Monday."
    )
    other = make_member(department, "pio3", Role.PIO)
    client.force_login(other)
    response = client.post(f"/posts/{post.pk}/edit/", {"body": PRIVATE, "screen": "1"})
    assert response.status_code == 403


def test_drafting_from_a_request_shows_the_findings_of_its_summary(
    client, department, supervisor, member, pio_authorized
):
    post_request = PostRequest.objects.create(
        department=department,
        requester=member,
        supervisor=supervisor,
        category="announcement",
        summary=PRIVATE,
        status="forwarded",
    )
    client.force_login(pio_authorized)
    html = client.get(f"/requests/{post_request.pk}/draft/").content.decode()
    assert MARKED in html and MESSAGE in html


def test_check_button_while_drafting_from_a_request_saves_nothing(
    client, department, supervisor, member, pio_authorized, ready_account
):
    post_request = PostRequest.objects.create(
        department=department,
        requester=member,
        supervisor=supervisor,
        category="announcement",
        summary="A food drive on Saturday.",
        status="forwarded",
    )
    client.force_login(pio_authorized)
    response = client.post(
        f"/requests/{post_request.pk}/draft/",
        {"body": PRIVATE, "category": "announcement", "accounts": [ready_account.pk], "screen": "1"},
    )
    assert response.status_code == 200 and MARKED in response.content.decode()
    assert not Post.objects.exists()
    post_request.refresh_from_db()
    assert post_request.status == "forwarded" and post_request.post is None
