"""The department's own vocabulary and corpus (issue 13.3): a term the chief adds is found on the editor's next
keystroke; supervisors' "false positive" and "missed" reports become labelled drafts, and the chief accepts them
into the department's corpus (or rejects them), once, audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from approvals import services as decisions
from audits.models import AuditEvent
from posts import services as posts
from screening import services
from screening.models import Flag, LabelledDraft
from socialgov.errors import InvalidTransition

pytestmark = pytest.mark.django_db

GAP = "Heads up: from 2 to 6 a.m. Sunday the whole north end runs on one car."


@pytest.fixture
def flagged(pio_authorized, ready_account):
    post = posts.create_post(
        by=pio_authorized,
        category="announcement",
        accounts=[ready_account],
        body="Witnesses can call the driver, Denise Ortega, at 925-555-0187.",
    )
    return decisions.submit(by=pio_authorized, post=post)


@pytest.fixture
def gap_post(pio_authorized, ready_account):
    post = posts.create_post(by=pio_authorized, category="announcement", accounts=[ready_account], body=GAP)
    return decisions.submit(by=pio_authorized, post=post)


def live(client, member, text):
    """What the editor's live screening answers for the text (the htmx request a keystroke sends)."""
    client.force_login(member)
    return client.post(reverse("screening:preview"), {"body": text}, HTTP_HX_REQUEST="true")


def test_a_term_the_chief_adds_is_found_on_the_next_keystroke(department, chief, pio_authorized, client):
    text = "Big thanks to Harbor Street Tacos for the lunch deal, show your badge for 20% off!"
    assert 'finding-mark--block">Harbor Street Tacos' not in live(client, pio_authorized, text).content.decode()
    services.update_rule(by=chief, department=department, code="commercial", terms=["Harbor Street Tacos"])
    answer = live(client, pio_authorized, text)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert '<mark class="finding-mark finding-mark--block">Harbor Street Tacos</mark>' in page
    assert "Word list" in page
    results = services.screen_text(department, text)
    assert any(
        r.code == "commercial" and r.excerpt == "Harbor Street Tacos" and r.source == "word list" for r in results
    )
    event = AuditEvent.objects.filter(action="screening.rule.update").latest("id")
    assert "Harbor Street Tacos" in event.after["terms"]


def test_a_missed_report_becomes_a_labelled_draft_the_chief_accepts_into_the_corpus(
    department, chief, supervisor, gap_post
):
    draft = services.report_missed(by=supervisor, post=gap_post, code="safety", note="One car for the north end.")
    assert (draft.kind, draft.code, draft.status, draft.text) == ("missed", "safety", "proposed", GAP)
    assert "safety" in draft.expect
    assert not services.department_corpus(department).exists()
    assert AuditEvent.objects.filter(action="screening.draft.report_missed", after__labelled_draft=draft.pk).exists()

    services.decide_labelled_draft(by=chief, draft=draft, accept=True, expect=["safety"])
    corpus = list(services.department_corpus(department))
    assert [(entry.pk, entry.expect) for entry in corpus] == [(draft.pk, ["safety"])]
    assert corpus[0].as_corpus_line()["expect"] == ["safety"]
    assert AuditEvent.objects.filter(action="screening.draft.accept").count() == 1
    with pytest.raises(InvalidTransition):
        services.decide_labelled_draft(by=chief, draft=draft, accept=False)


def test_a_false_positive_report_becomes_a_draft_without_that_code(flagged, supervisor, chief, department):
    flag = Flag.objects.get(revision=flagged.current_revision)
    services.report_false_positive(by=supervisor, flag=flag, note="Her own number, published with consent.")
    draft = LabelledDraft.objects.get(flag=flag)
    assert (draft.kind, draft.code, draft.expect) == ("false_positive", "privacy", [])
    services.decide_labelled_draft(by=chief, draft=draft, accept=False)
    assert not services.department_corpus(department).exists()


def test_only_a_supervisor_or_the_chief_reports_a_miss_and_only_the_chief_decides(pio_authorized, supervisor, gap_post):
    with pytest.raises(PermissionDenied):
        services.report_missed(by=pio_authorized, post=gap_post, code="safety")
    draft = services.report_missed(by=supervisor, post=gap_post, code="safety")
    with pytest.raises(PermissionDenied):
        services.decide_labelled_draft(by=supervisor, draft=draft, accept=True)
    with pytest.raises(InvalidTransition):
        services.report_missed(by=supervisor, post=gap_post, code="safety")


def test_the_api_takes_a_missed_report_and_the_chiefs_decision(
    api, chief, supervisor, gap_post, other_chief, department
):
    bad = api.as_(supervisor).post("/api/v1/labelled-drafts/", {"post": gap_post.pk, "code": "gossip"}, format="json")
    assert bad.status_code == 400 and "code" in bad.json()
    assert not LabelledDraft.objects.exists()
    made = api.as_(supervisor).post("/api/v1/labelled-drafts/", {"post": gap_post.pk, "code": "safety"}, format="json")
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert api.as_(supervisor).post(f"/api/v1/labelled-drafts/{pk}/accept/", {}, format="json").status_code == 403
    assert api.as_(other_chief).post(f"/api/v1/labelled-drafts/{pk}/accept/", {}, format="json").status_code == 404
    bad = api.as_(chief).post(f"/api/v1/labelled-drafts/{pk}/accept/", {"expect": ["gossip"]}, format="json")
    assert bad.status_code == 400 and "expect" in bad.json()
    accepted = api.as_(chief).post(f"/api/v1/labelled-drafts/{pk}/accept/", {"expect": ["safety"]}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    listed = api.as_(chief).get("/api/v1/labelled-drafts/?status=accepted").json()
    assert [row["id"] for row in listed["results"]] == [pk]
    again = api.as_(chief).post(f"/api/v1/labelled-drafts/{pk}/reject/", {}, format="json")
    assert again.status_code == 409


def test_the_chiefs_corpus_page_accepts_a_report(client, chief, supervisor, gap_post):
    draft = services.report_missed(by=supervisor, post=gap_post, code="safety")
    client.force_login(chief)
    page = client.get(reverse("screening:corpus"))
    assert page.status_code == 200 and GAP in page.content.decode()
    answer = client.post(
        reverse("screening:labelled-draft-decide", args=[draft.pk, "accept"]), {f"draft-{draft.pk}-expect": ["safety"]}
    )
    assert answer.status_code == 302
    page = client.get(reverse("screening:corpus")).content.decode()
    assert f'id="corpus-draft-{draft.pk}"' in page
    client.force_login(supervisor)
    assert client.get(reverse("screening:corpus")).status_code == 403
