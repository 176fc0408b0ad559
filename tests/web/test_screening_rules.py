"""The chief's screening pages (issue 4, "Browser"; 3xx.5): the eight rules with their citations, switched on
or off, set to block or warn and extended with the department's own words (audited); and the false-positive
reports members filed. Every member of the department reads the rules; only the chief changes them."""

import pytest

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services as posts
from screening import services
from screening.choices import Code
from screening.models import Flag, RuleSetting
from tests.posts import conftest as lifecycle
from tests.web import login_redirect

pytestmark = pytest.mark.django_db

ready_account = lifecycle.ready_account
pio_authorized = lifecycle.pio_authorized

RULES = "/screening/rules/"
REPORTS = "/screening/false-positives/"
CITATIONS = {
    "abusive": "§322.5(a)",
    "privacy": "§322.5(b)",
    "investigation": "§322.5(c)",
    "safety": "§322.5(e)",
    "prejudicial": "§322.5(c)",
    "political": "§322.5(d)",
    "commercial": "§322.5(f)",
    "personal": "§322.5(f)",
}


def rule_data(code, enabled=True, severity="block", terms="", exceptions=""):
    data = {f"{code}-severity": severity, f"{code}-terms": terms, f"{code}-exceptions": exceptions}
    if enabled:
        data[f"{code}-enabled"] = "on"
    return data


# Reading the rules


def test_anonymous_is_sent_to_sign_in(client):
    for url in (RULES, REPORTS):
        response = client.get(url)
        assert response.status_code == 302 and response.url == login_redirect(url)
    response = client.post(f"{RULES}privacy/", rule_data("privacy"))
    assert response.status_code == 302 and response.url.startswith("/login/")


@pytest.mark.parametrize("persona", ["member", "pio", "supervisor", "custodian"])
def test_every_member_reads_the_eight_rules_with_their_citations(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(RULES)
    html = response.content.decode()
    assert response.status_code == 200
    for code in Code.values:
        assert f'<section class="panel" id="rule-{code}"' in html
        assert f"<dd>{code}</dd>" in html
    for citation in set(CITATIONS.values()):
        assert f'<span class="muted">({citation})</span></h2>' in html
    # Read-only: no form, no "Save rule", and no false-positive counts.
    assert '<form method="post" action="/screening/rules/' not in html and "Save rule" not in html
    assert "The chief of police sets them." in html and "False-positive reports" not in html


def test_the_chiefs_words_are_shown_read_only_to_members(client, department, chief, pio):
    services.update_rule(
        by=chief,
        department=department,
        code="commercial",
        terms=["<b>Joe's Pizza</b>"],
        exceptions=["Coffee with a Cop"],
    )
    client.force_login(pio)
    html = client.get(RULES).content.decode()
    assert "<li>&lt;b&gt;Joe&#x27;s Pizza&lt;/b&gt;</li>" in html and "<li>Coffee with a Cop</li>" in html


def test_the_chief_gets_a_form_for_each_rule(client, chief):
    client.force_login(chief)
    html = client.get(RULES).content.decode()
    for code in Code.values:
        assert f'action="/screening/rules/{code}/"' in html
        assert f'<label for="id_{code}-enabled"><input type="checkbox" name="{code}-enabled"' in html
        assert f'<label for="id_{code}-terms">The department&#x27;s own terms' in html
    assert html.count(">Save rule<") == 8 and "<dt>False-positive reports</dt>" in html


def test_another_department_reads_its_own_citations(client, other_chief):
    client.force_login(other_chief)
    html = client.get(RULES).content.decode()
    assert "(§392.5(b))" in html and "§322" not in html


# Changing a rule


def test_the_chief_sets_a_rule_to_warn_and_extends_it(client, department, chief):
    client.force_login(chief)
    response = client.post(
        f"{RULES}commercial/",
        rule_data(
            "commercial",
            severity="warn",
            terms="Joe's Pizza\n\n  discount code  \r\nJoe's Pizza",
            exceptions="K-9 fund",
        ),
    )
    assert response.status_code == 302 and response.url == f"{RULES}#rule-commercial"
    setting = RuleSetting.objects.get(department=department, code="commercial")
    assert (setting.enabled, setting.severity) == (True, "warn")
    assert setting.terms == ["Joe's Pizza", "discount code"] and setting.exceptions == ["K-9 fund"]
    event = AuditEvent.objects.get(action="screening.rule.update")
    assert event.actor == chief and event.before["severity"] == "block" and event.after["severity"] == "warn"
    assert event.after["terms"] == ["Joe's Pizza", "discount code"]
    html = client.get(RULES).content.decode()
    assert "is on, severity warn" in html
    assert '<textarea name="commercial-terms" cols="40" rows="3"' in html and "Joe&#x27;s Pizza\ndiscount code" in html


def test_the_chief_switches_a_rule_off_and_drafts_stop_being_flagged(client, department, chief, pio_authorized):
    client.force_login(chief)
    client.post(f"{RULES}political/", rule_data("political", enabled=False))
    assert RuleSetting.objects.get(department=department, code="political").enabled is False
    assert services.screen_text(department, "Vote for Smith for mayor!") == []
    client.force_login(pio_authorized)
    response = client.post("/screening/preview/", {"body": "Vote for Smith for mayor!"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "No prohibited content found" in html


def test_a_rule_switched_off_is_shown_off(client, department, chief, pio):
    services.update_rule(by=chief, department=department, code="personal", enabled=False)
    client.force_login(pio)
    html = client.get(RULES).content.decode()
    section = html[html.index('id="rule-personal"') : html.index('id="rule-personal"') + 800]
    assert '<span class="status status--bad">Off</span>' in section


def test_a_change_that_changes_nothing_writes_no_event(client, chief):
    client.force_login(chief)
    client.post(f"{RULES}privacy/", rule_data("privacy"))
    assert not AuditEvent.objects.filter(action="screening.rule.update").exists()


def test_a_bad_term_is_named_on_its_rule(client, department, chief):
    client.force_login(chief)
    response = client.post(f"{RULES}safety/", rule_data("safety", terms="x\n" + "y" * 201))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&#x27;x&#x27; needs at least two letters or digits." in html
    assert "is longer than 200 characters." in html
    assert not RuleSetting.objects.filter(department=department).exists()
    assert not AuditEvent.objects.filter(action="screening.rule.update").exists()


def test_a_severity_is_required(client, chief):
    client.force_login(chief)
    data = rule_data("safety")
    del data["safety-severity"]
    assert "This field is required." in client.post(f"{RULES}safety/", data).content.decode()


@pytest.mark.parametrize("persona", ["member", "pio", "supervisor", "custodian", "reviewer"])
def test_only_the_chief_changes_a_rule(client, request, department, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"{RULES}privacy/", rule_data("privacy", enabled=False))
    assert response.status_code == 403
    assert "Only the chief of police changes the screening rules." in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_an_unknown_rule_is_404(client, chief):
    client.force_login(chief)
    assert client.post(f"{RULES}gossip/", rule_data("gossip")).status_code == 404


def test_another_departments_chief_changes_only_their_own_rules(client, department, other_department, other_chief):
    client.force_login(other_chief)
    client.post(f"{RULES}privacy/", rule_data("privacy", severity="warn"))
    assert RuleSetting.objects.get(code="privacy").department == other_department
    assert not RuleSetting.objects.filter(department=department).exists()


def test_rules_change_only_by_post(client, chief):
    client.force_login(chief)
    assert client.get(f"{RULES}privacy/").status_code == 405


# False-positive reports


@pytest.fixture
def reported(pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized,
        category="announcement",
        accounts=[ready_account],
        body="Witnesses can call Denise at 925-555-0142.",
    )
    decisions.submit(by=pio_authorized, post=post)
    flag = Flag.objects.get(post=post)
    return services.report_false_positive(by=pio_authorized, flag=flag, note="<i>A public</i> tip line.")


def test_the_chief_reads_the_false_positive_reports(client, chief, reported):
    client.force_login(chief)
    response = client.get(REPORTS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "A private phone number (§322.5(b))" in html and "“925-555-0142”" in html
    assert f'<a href="/posts/{reported.flag.post_id}/">Post #{reported.flag.post_id}</a>' in html
    assert "Sergeant Pio Oakley" in html and "&lt;i&gt;A public&lt;/i&gt; tip line." in html
    # The rules page counts them per rule.
    rules = client.get(RULES).content.decode()
    privacy = rules[rules.index('id="rule-privacy"') : rules.index('id="rule-investigation"')]
    assert "<dt>False-positive reports</dt><dd>1</dd>" in privacy


@pytest.mark.parametrize("persona", ["member", "pio_authorized", "supervisor", "custodian"])
def test_only_the_chief_reads_the_false_positive_reports(client, request, reported, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(REPORTS)
    assert response.status_code == 403
    assert "Only the chief of police reviews false-positive reports." in response.content.decode()


def test_another_departments_chief_sees_none_of_them(client, other_chief, reported):
    client.force_login(other_chief)
    html = client.get(REPORTS).content.decode()
    assert "No findings have been reported as false positives." in html and "925-555-0142" not in html


@pytest.mark.parametrize("size", [1, 30])
def test_the_reports_page_costs_the_same_queries_for_1_or_30(
    client, department, chief, pio_authorized, ready_account, size, django_assert_max_num_queries
):
    body = " ".join(f"Witnesses can call Denise at 925-555-{n:04}." for n in range(200, 200 + size))
    post = posts.create_post(by=pio_authorized, category="announcement", accounts=[ready_account], body=body)
    decisions.submit(by=pio_authorized, post=post)
    for flag in Flag.objects.filter(post=post):
        services.report_false_positive(by=pio_authorized, flag=flag)
    client.force_login(chief)
    # 1 session, 2 member, 3 groups, 4 COUNT of reports, 5 department, 6 a page of reports joined with their
    # reporter, finding, revision and override; and the navigation's people permissions (7-9).
    with django_assert_max_num_queries(9):
        response = client.get(REPORTS)
    assert response.content.decode().count('<th scope="row" data-label="Finding">') == size
