"""Legal holds (§322.7; general policy IV.A.7): what they cover, and placing and releasing them."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audits.models import AuditEvent
from posts.models import Post
from retention import disposition, services
from retention.records import KIND_FOR_SERIES
from socialgov.errors import InvalidTransition

from .conftest import make_posts

pytestmark = pytest.mark.django_db


def covered(hold, posts):
    return set(Post.objects.filter(pk__in=[p.pk for p in posts]).filter(hold.post_q()).values_list("pk", flat=True))


def test_scope_by_account(custodian, department, pio, records_account, second_account):
    on, off = make_posts(department, pio, [records_account], 2), make_posts(department, pio, [second_account], 2)
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    assert covered(hold, on + off) == {p.pk for p in on}


def test_scope_by_date_range_created_or_published(custodian, department, pio, records_account):
    old = make_posts(department, pio, [records_account], 1, age_days=800)
    mid = make_posts(department, pio, [records_account], 1, age_days=400, status="published")
    new = make_posts(department, pio, [records_account], 1, age_days=5)
    today = timezone.localdate()
    hold = services.place_hold(
        by=custodian, matter="M", reason="R", date_from=today - timedelta(days=500), date_to=today - timedelta(days=300)
    )
    assert covered(hold, old + mid + new) == {mid[0].pk}
    open_ended = services.place_hold(by=custodian, matter="M2", reason="R", date_from=today - timedelta(days=10))
    assert covered(open_ended, old + mid + new) == {new[0].pk}


def test_scope_by_keyword_in_any_revision_case_insensitive(custodian, department, pio, records_account):
    posts = make_posts(department, pio, [records_account], 2, revisions=2, body="Road closure {i}")
    from posts.models import PostRevision

    PostRevision.objects.filter(post=posts[0], number=1).update(body="Suspect in the BURGLARY")
    hold = services.place_hold(by=custodian, matter="M", reason="R", keywords=["burglary", "nothing like it"])
    assert covered(hold, posts) == {posts[0].pk}


def test_criteria_combine_and_named_posts_are_added(custodian, department, pio, records_account, second_account):
    a = make_posts(department, pio, [records_account], 1, body="Parade")[0]
    b = make_posts(department, pio, [records_account], 1, body="Traffic")[0]
    c = make_posts(department, pio, [second_account], 1, body="Parade")[0]
    d = make_posts(department, pio, [second_account], 1, body="Traffic")[0]
    hold = services.place_hold(
        by=custodian, matter="M", reason="R", accounts=[records_account], keywords=["parade"], posts=[d]
    )
    assert covered(hold, [a, b, c, d]) == {a.pk, d.pk}


def test_records_tied_to_a_held_post_are_held_with_it(custodian, department, pio, records_account):
    post = make_posts(department, pio, [records_account], 1)[0]
    hold = services.place_hold(by=custodian, matter="M", reason="R", posts=[post])
    from approvals.models import ApprovalDecision

    decision = ApprovalDecision.objects.create(
        post=post,
        revision=post.current_revision,
        sha256="x" * 64,
        decision="reject",
        approver_basis="supervisor",
        decided_by=custodian,
    )
    kind = KIND_FOR_SERIES["approval_records"]
    assert list(kind.model.objects.filter(kind.held_q([hold])).values_list("pk", flat=True)) == [decision.pk]


def test_a_hold_freezes_records_made_after_it(custodian, department, pio, records_account):
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    later = make_posts(department, pio, [records_account], 2)
    assert covered(hold, later) == {p.pk for p in later}
    assert disposition.propose(department=department) is None


def test_holds_covering_a_post(custodian, chief, department, pio, records_account):
    post = make_posts(department, pio, [records_account], 1)[0]
    first = services.place_hold(by=custodian, matter="First", reason="R", accounts=[records_account])
    services.place_hold(by=chief, matter="Unrelated", reason="R", keywords=["nothing"])
    second = services.place_hold(by=chief, matter="Second", reason="R", posts=[post])
    assert services.holds_covering(post) == [second, first]
    services.release_hold(by=custodian, hold=first, reason="Done")
    assert services.holds_covering(post) == [second]


def test_place_hold_validates_and_audits(custodian, records_account, other_account):
    with pytest.raises(ValidationError) as error:
        services.place_hold(
            by=custodian,
            matter=" ",
            reason="",
            accounts=[other_account],
            date_from=timezone.localdate(),
            date_to=timezone.localdate() - timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"matter", "reason", "accounts", "date_to"}
    hold = services.place_hold(
        by=custodian,
        matter="Smith",
        reason="Litigation",
        requested_by="Counsel",
        accounts=[records_account],
        keywords=["Fire", "fire", " "],
    )
    assert hold.keywords == ["Fire"]
    event = AuditEvent.objects.get(action="retention.hold.place")
    assert event.actor == custodian and event.after["accounts"] == [records_account.pk]
    assert event.after["matter"] == "Smith" and event.after["requested_by"] == "Counsel"


@pytest.mark.parametrize("persona", ["supervisor", "pio", "member", "commander", "reviewer"])
def test_only_the_custodian_and_chief_place_and_release_holds(request, persona, custodian, records_account):
    member = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.place_hold(by=member, matter="M", reason="R", accounts=[records_account])
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    with pytest.raises(PermissionDenied):
        services.release_hold(by=member, hold=hold, reason="x")


def test_release_needs_a_reason_and_happens_once(custodian, chief, records_account):
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    with pytest.raises(ValidationError):
        services.release_hold(by=chief, hold=hold, reason="")
    services.release_hold(by=chief, hold=hold, reason="Case dismissed")
    event = AuditEvent.objects.get(action="retention.hold.release")
    assert event.actor == chief and event.after["release_reason"] == "Case dismissed"
    with pytest.raises(InvalidTransition):
        services.release_hold(by=custodian, hold=hold, reason="Again")


# Re-confirming a hold: whoever may release it confirms it is still needed; the next is due 90 days later.


@pytest.mark.parametrize("persona", ["custodian", "chief"])
def test_custodian_and_chief_reconfirm_a_hold_with_an_audit_event(request, persona, custodian, records_account):
    member = request.getfixturevalue(persona)
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    assert hold.confirmed_at is None and hold.reconfirm_due_on == timezone.localdate() + timedelta(days=90)
    before = timezone.now()
    services.reconfirm_hold(by=member, hold=hold, note="  Counsel confirmed the case is open.  ")
    hold.refresh_from_db()
    assert hold.confirmed_by == member and before <= hold.confirmed_at <= timezone.now()
    assert hold.confirmation_note == "Counsel confirmed the case is open." and hold.is_active
    assert hold.reconfirm_due_on == timezone.localdate(hold.confirmed_at) + timedelta(days=90)
    event = AuditEvent.objects.get(action="retention.hold.reconfirm")
    assert event.actor == member and event.object_type == "retention.LegalHold" and event.object_id == str(hold.pk)
    assert event.before["confirmed_at"] is None and event.before["confirmed_by"] is None
    assert event.after["confirmed_by"] == member.pk and event.after["confirmed_at"] is not None
    assert event.after["confirmation_note"] == "Counsel confirmed the case is open."


def test_the_note_is_optional_and_each_reconfirmation_is_recorded(custodian, chief, records_account):
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    services.reconfirm_hold(by=custodian, hold=hold, note="First")
    services.reconfirm_hold(by=chief, hold=hold, note="")
    hold.refresh_from_db()
    assert hold.confirmed_by == chief and hold.confirmation_note == ""
    events = list(AuditEvent.objects.filter(action="retention.hold.reconfirm").order_by("id"))
    assert len(events) == 2 and events[1].before["confirmation_note"] == "First"


@pytest.mark.parametrize("persona", ["designee", "supervisor", "pio", "member", "commander", "reviewer"])
def test_only_whoever_may_release_a_hold_reconfirms_it(request, persona, custodian, records_account):
    member = request.getfixturevalue(persona)
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.reconfirm_hold(by=member, hold=hold, note="x")
    hold.refresh_from_db()
    assert hold.confirmed_at is None and hold.confirmed_by is None and AuditEvent.objects.count() == events


def test_another_departments_custodian_cannot_reconfirm(custodian, records_account, other_department):
    from people.roles import Role
    from tests.conftest import make_member

    other = make_member(other_department, "custodian", Role.CUSTODIAN)
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    with pytest.raises(PermissionDenied):
        services.reconfirm_hold(by=other, hold=hold)
    assert not AuditEvent.objects.filter(action="retention.hold.reconfirm").exists()


def test_a_released_hold_cannot_be_reconfirmed(custodian, chief, records_account):
    hold = services.place_hold(by=custodian, matter="M", reason="R", accounts=[records_account])
    services.release_hold(by=chief, hold=hold, reason="Case dismissed")
    with pytest.raises(InvalidTransition) as error:
        services.reconfirm_hold(by=custodian, hold=hold, note="Still needed")
    assert "released" in error.value.message
    hold.refresh_from_db()
    assert hold.confirmed_at is None and hold.reconfirm_due_on is None
    assert not AuditEvent.objects.filter(action="retention.hold.reconfirm").exists()
