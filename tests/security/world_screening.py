"""The screening records of the security tests' world (tests/security/world.py).

Oakley: a post waiting for approval with two findings (the PIO wrote it): one a supervisor overrode and the PIO
reported as a false positive
(which made `labelled_draft`), one still standing (`flag`, what the matrix overrides and reports); an active hold
(`screening_hold`) and a released one; the chief's own words on a rule. Azusa: one record of each kind the rows
name, under the same attribute names.
"""

from approvals import overrides
from approvals import services as decisions
from approvals.models import FlagOverride
from posts import services as posts
from screening import services
from screening.models import CaseHold, FalsePositiveReport, Flag, LabelledDraft, RuleSetting

PHONE = "925-555-0187"
SSN = "412-55-9087"
FLAGGED = f"Witnesses can call the driver at {PHONE}. Her SSN is {SSN}."
JUSTIFICATION = "She asked us to publish her number so that witnesses can reach her."


def _flagged_post(pio, account):
    post = posts.create_post(by=pio, category="announcement", accounts=[account], body=FLAGGED)
    return decisions.submit(by=pio, post=post)


def build(w) -> None:
    """Add to `w` (Oakley) every screening record the matrix rows name."""
    w.flagged = _flagged_post(w.pio, w.account)
    flags = {flag.excerpt: flag for flag in Flag.objects.filter(post=w.flagged)}
    w.flag = flags[PHONE]
    overridden = flags[SSN]
    overrides.override_flag(by=w.reviewer, flag=overridden, justification=JUSTIFICATION)
    w.false_positive_report = services.report_false_positive(by=w.pio, flag=overridden, note="Her own number.")
    w.labelled_draft = LabelledDraft.objects.get(flag=overridden)  # the report's labelled draft (issue 13.3)
    w.screening_hold = services.register_hold(by=w.supervisor, case_number="24-01187", terms=["Marcus Delane"])
    released = services.register_hold(by=w.supervisor, case_number="24-01342", terms=["Trina Vollmer"])
    services.release_hold(by=w.chief, hold=released, note="Charged; names released.")
    services.update_rule(
        by=w.chief, department=w.department, code="commercial", terms=["Acme Alarms"], exceptions=["Acme Park"]
    )


def build_other(w, other) -> None:
    """Add to `other` (Azusa) one record of each of those kinds."""
    other.flagged = _flagged_post(w.other_pio, w.other_account)
    other.flag = Flag.objects.filter(post=other.flagged).first()
    other.false_positive_report = FalsePositiveReport.objects.create(
        department=w.other_department, flag=other.flag, reported_by=w.other_pio, note="Azusa's note."
    )
    other.labelled_draft = LabelledDraft.objects.create(
        department=w.other_department,
        post=other.flag.post,
        flag=other.flag,
        kind="missed",
        code="safety",
        text=FLAGGED,
        expect=["privacy", "safety"],
        reported_by=w.other_chief,
    )
    other.screening_hold = CaseHold.objects.create(
        department=w.other_department, case_number="AZ-1", terms=["Azusa Name"], created_by=w.other_chief
    )


def extra_pages(w) -> list[str]:
    """The post page showing the findings (their marks, overrides and forms), for the CSRF and XSS tests."""
    return [f"/posts/{w.flagged.pk}/"]


def fill_with_payload(w, text: str) -> None:
    """Store `text` in every screening text field a page shows (the XSS test)."""
    department = w.department
    Flag.objects.filter(department=department).update(
        rule=text[:300], citation=text[:60], excerpt=text[:500], message=text[:500], detector=text[:60]
    )
    FlagOverride.objects.filter(flag__department=department).update(justification=text)
    FalsePositiveReport.objects.filter(department=department).update(note=text)
    CaseHold.objects.filter(department=department).update(case_number=text[:60], terms=[text], release_note=text)
    RuleSetting.objects.filter(department=department).update(terms=[text], exceptions=[text])
    Flag.objects.filter(department=department).update(evidence=[text])
    LabelledDraft.objects.filter(department=department).update(text=text, note=text)
