"""What to try first, per demo login (issue 20.3): printed by `seed_demo --story` into var/demo-logins.txt, which
`make run` shows as its banner, and copied into the README (tests/demo/test_guide.py keeps the two the same).
The counts are the story's own (demo.story.Figures), read from the database; days are counted from today, so
the text is the same whichever day the story is told."""

from django.utils import timezone


def _in(day) -> str:
    days = (day - timezone.localdate()).days
    return f"in {days} days"


def tries(figures) -> dict[str, list[str]]:
    f = figures
    blocking = (
        f"; {f.pending_blocking} has a blocking finding to override"
        if f.pending_blocking == 1
        else f"; {f.pending_blocking} have blocking findings to override"
        if f.pending_blocking
        else ""
    )
    return {
        "chief": [
            f"Posts: {f.published} published this year ({f.removed} since removed), each with its approvals",
            f"Members: the PIO's authorization lapses {_in(f.lapsing_on)}; grant the next one",
            f"False positives: a finding the PIO reported; Investigations: {f.open_investigations} still open",
        ],
        "supervisor": [
            f"Approval queue: {f.pending} posts{blocking}",
            f"Post requests: {f.requests_waiting} waits for you to forward or decline",
            f"Investigations: {f.open_investigations} removal to resolve; Comments: {f.moderated} moderated",
        ],
        "pio": [
            f"My drafts: {f.returned} came back with notes; edit and resubmit one",
            f"Write a post and watch the live screening as you type ({f.drafts} drafts in progress)",
            f"your authorization lapses {_in(f.lapsing_on)} (the dashboard says so)",
        ],
        "commander": [
            f"Approval queue: {f.incident_pending} flood-warning post waits for you (try it at phone width)",
            f"Incidents: the closed Marsh Creek fire and the {f.incident_approved} posts you approved for it",
        ],
        "custodian": [
            f"Records requests: Oakley Press's is due {_in(f.request_due)}",
            f'Legal holds: "{f.hold}" and what it freezes',
            f"Dispositions: a batch of {f.batch_records} records awaits your decision; then the Retention report",
        ],
        "reviewer": [
            f"Annual reviews: the review in progress, due {_in(f.review_due)}, with its charts",
            f"its engagement from a Facebook export ({f.imported_rows} posts matched); import another",
        ],
        "member": [
            "Reports: report a post you think is wrong; Post requests: ask for one (it goes to your supervisor)",
            f"your {f.expiring_training} training lapses {_in(f.expiring_on)}",
        ],
    }


def lines(members: dict, figures, secrets: dict[str, str]) -> list[str]:
    out = ["", "What to try first (sign in with the password above):"]
    for seat, items in tries(figures).items():
        member = members.get(seat)
        if member is None:
            continue
        secret = secrets.get(member.username)
        factor = (
            f"  (second factor: `manage.py demo_code {member.username}`, or key {secret} in an app)" if secret else ""
        )
        out.append(f"  {member.username}{factor}")
        out += [f"    - {item}" for item in items]
    return out
