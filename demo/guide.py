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
    blocking = (f"; {f.pending_blocking} has a blocking finding to override" if f.pending_blocking == 1 else
                f"; {f.pending_blocking} have blocking findings to override" if f.pending_blocking else "")
    return {
        "chief": [
            f"the dashboard: {f.published} posts published this year; the audit trail under Audit shows each step",
            f"Members: the PIO's authorization lapses {_in(f.lapsing_on)}; renew it",
            f"Screening: one finding reported as a false positive; {f.open_investigations} removal investigation "
            "still open",
        ],
        "supervisor": [
            f"the approval queue has {f.pending} posts{blocking}",
            f"a member's post request waits for you to forward or decline ({f.requests_waiting})",
            f"the open removal investigation to resolve; {f.moderated} captured comments were moderated",
        ],
        "pio": [
            f"{f.returned} posts came back with notes: edit and resubmit one",
            f"{f.drafts} drafts in progress: open one and watch the live screening as you type",
            f"your authorization lapses {_in(f.lapsing_on)} (the dashboard warns you)",
        ],
        "commander": [
            f"{f.incident_pending} flood-warning post waits for your approval (try it at phone width)",
            "the closed Marsh Creek fire incident and the posts you approved for it",
        ],
        "custodian": [
            f"the records request from Oakley Press is due {_in(f.request_due)}",
            f"the legal hold \"{f.hold}\" and what it freezes",
            f"a disposition batch of {f.batch_records} records awaits your decision; the retention report",
        ],
        "reviewer": [
            f"the annual review in progress, due {_in(f.review_due)}: its charts and figures",
            f"engagement imported from a Facebook export ({f.imported_rows} posts matched); import another",
        ],
        "member": [
            "report a post you think is wrong, or ask for a post (your request goes to your supervisor)",
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
        factor = (f"  (second factor: `manage.py demo_code {member.username}`, or key {secret} in an app)"
                  if secret else "")
        out.append(f"  {member.username}{factor}")
        out += [f"    - {item}" for item in items]
    return out
