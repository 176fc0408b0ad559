"""The conduct records of the security tests' world (tests/security/world.py; issue 15).

Oakley: its policy version, signed by every member (so no sign-in is led to the acknowledgment and every cell
answers for itself); the member's request to post about a police response (`permission`), the PIO's request to
post about the member (`consent_request`), the member's report of a posting (`member_report`, to the
supervisor), the supervisor's for-cause review of the member (`conduct_review`), and the chief's hiring round
(`vetting_round`) with a candidate whose investigation has started (`candidate`). Azusa: one of each.
"""

from datetime import timedelta

from django.utils import timezone

from conduct import policy, services
from conduct.models import (
    Candidate,
    ConductReview,
    MemberReport,
    PermissionRequest,
    PolicyAcknowledgment,
    VettingRound,
)
from people.models import Member

CHECKLIST = ["Search engines, by full name and aliases", "Public social media profiles"]
ATTESTATION = "I used only publicly available sources and no technique that violates existing law."


def sign_everyone(department) -> None:
    version, _ = policy.sync_version(department)
    for member in Member.objects.filter(department=department, is_active=True).exclude(
        policy_acknowledgments__version=version
    ):
        PolicyAcknowledgment.objects.create(
            department=department,
            member=member,
            version=version,
            signature=member.get_full_name(),
            shown="text",
            shown_sha256=version.sha256,
            acknowledged_at=timezone.now(),
        )


def build(w) -> None:
    until = timezone.localdate() + timedelta(days=30)
    w.permission = services.request_permission(
        by=w.member,
        kind="police_response",
        until=until,
        description="Post that we closed Main Street for the parade.",
        platform="Facebook",
        url="https://www.facebook.com/sam/posts/1",
    )
    w.consent_request = services.request_permission(
        by=w.pio,
        kind="about_member",
        subject_member=w.member,
        until=until,
        description="A photo of us at the food drive.",
    )
    w.member_report = services.report_posting(
        by=w.member,
        url="https://www.example.com/blog/1",
        description="A member's blog names a suspect.",
        subject_member=w.pio,
    )
    w.conduct_review = services.open_review(
        by=w.supervisor, kind="for_cause", reason="The report of the blog.", report=w.member_report
    )
    w.vetting_round = services.create_round(
        by=w.chief, name="Police officer, spring", checklist=CHECKLIST, attestation=ATTESTATION
    )
    w.candidate = services.add_candidate(by=w.chief, round=w.vetting_round, name="Jordan Blake")
    services.record_search(
        by=w.chief,
        candidate=w.candidate,
        check_key=w.vetting_round.check_keys[0],
        method="Google, Bing: full name in quotes",
        lawful_attested=True,
    )


def build_other(w, other) -> None:
    d = w.other_department
    until = timezone.localdate() + timedelta(days=30)
    other.permission = PermissionRequest.objects.create(
        department=d,
        requester=other.member,
        kind="police_response",
        description="x",
        until=until,
        status="submitted",
        citation="x",
    )
    other.consent_request = PermissionRequest.objects.create(
        department=d,
        requester=w.other_pio,
        subject_member=other.member,
        kind="about_member",
        description="x",
        until=until,
        status="awaiting_consent",
        citation="x",
    )
    other.member_report = MemberReport.objects.create(
        department=d, reporter=other.member, supervisor=other.supervisor, url="https://a.example/", description="x"
    )
    other.conduct_review = ConductReview.objects.create(
        department=d, kind="for_cause", supervisor=other.supervisor, reason="x"
    )
    other.vetting_round = VettingRound.objects.create(
        department=d, name="x", checklist=[{"key": "a", "label": "A"}], attestation="x", created_by=w.other_chief
    )
    other.candidate = Candidate.objects.create(round=other.vetting_round, name="x")
    sign_everyone(w.department)
    sign_everyone(d)


def extra_pages(w) -> list[str]:
    return [
        f"/conduct/permissions/{w.consent_request.pk}/",
        f"/conduct/reviews/{w.conduct_review.pk}/",
        f"/conduct/vetting/{w.vetting_round.pk}/",
        f"/conduct/candidates/{w.candidate.pk}/",
    ]


def fill_with_payload(w, text: str) -> None:
    """Store `text` in every conduct text field a page shows (the XSS test)."""
    PermissionRequest.objects.filter(department=w.department).update(
        description=text, platform=text[:100], conditions=text, reason=text
    )
    MemberReport.objects.filter(department=w.department).update(description=text)
    ConductReview.objects.filter(department=w.department).update(reason=text, findings=text)
    VettingRound.objects.filter(department=w.department).update(
        name=text[:200], attestation=text, checklist=[{"key": "k", "label": text}]
    )
    Candidate.objects.filter(round__department=w.department).update(name=text[:200])
