"""`manage.py seed_demo`: one demo member per role, trained, with an approved account the PIO may post to.

Everything goes through people.services, so the demo's history is in the audit
trail like anything else. Running it again leaves what exists alone.

`--story` (what `make run` uses) tells a year of the department's activity through every app's services
(demo/story.py) and, with DEBUG=1 only, gives the demo members who need a second factor an authenticator with a
fixed secret (demo/secrets.py), so the demo signs in without a phone.
"""

import os
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import guide, secrets
from demo.story import FIRST_DAY, Story, moment, on
from people import services
from people.models import Authorization, Department, Member
from people.roles import Role
from posts import services as post_services
from posts.choices import CHECKLIST_FIELDS, AccountKind, Platform
from posts.models import SocialAccount
from socialgov import policy_packs

DEFAULT_PACK = "oakley"


@dataclass(frozen=True)
class Seat:
    username: str
    roles: tuple[str, ...]
    first_name: str
    last_name: str
    rank: str
    badge_number: str
    division: str
    supervisor: str | None  # the username of their chain-of-command supervisor (3xx.3)


# In creation order: the chief first (every later change is the chief's), and
# each supervisor before the members who report to them.
ROSTER = [
    Seat("chief", (Role.CHIEF,), "Dana", "Whitfield", "Chief", "1001", "Office of the Chief", None),
    Seat("supervisor", (Role.SUPERVISOR,), "Luis", "Romero", "Lieutenant", "1201", "Patrol", "chief"),
    # The annual reviewer is a supervisor the chief appoints (3xx.6).
    Seat(
        "reviewer",
        (Role.REVIEWER, Role.SUPERVISOR),
        "Grace",
        "Okafor",
        "Lieutenant",
        "1202",
        "Professional Standards",
        "chief",
    ),
    Seat("commander", (Role.COMMANDER,), "Helen", "Park", "Captain", "1101", "Field Operations", "chief"),
    Seat("custodian", (Role.CUSTODIAN,), "Jordan", "Ellis", "", "", "Records", "chief"),
    Seat("pio", (Role.PIO,), "Maya", "Chen", "Sergeant", "1301", "Community Services", "supervisor"),
    Seat("member", (Role.MEMBER,), "Sam", "Brooks", "Officer", "1401", "Patrol", "supervisor"),
]
TRAINING_COMPLETED_DAYS_AGO = 7
TRAINING_VALID_DAYS = 365
AUTHORIZATION_DAYS = 365


class Command(BaseCommand):
    help = (
        "Create demo members (one per role), their training, an approved public account and the PIO's "
        "authorization to post to it. Password: $DEMO_PASSWORD, or settings.DEMO_PASSWORD_DEFAULT."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--department",
            metavar="SLUG",
            help=f"The department to seed (default: the only one loaded, or {DEFAULT_PACK}). "
            "A department not yet loaded is loaded from its policy pack.",
        )

        parser.add_argument(
            "--story",
            action="store_true",
            help="Also tell a year of the department's activity through the services (issue 20): posts, "
            "approvals, an incident, removals, reports, comments, a hold, a records request, a disposition "
            "batch and an annual review. Refused on a department with members the demo did not make.",
        )

    def handle(self, *args, department=None, story=False, **options):
        password = os.environ.get("DEMO_PASSWORD") or settings.DEMO_PASSWORD_DEFAULT
        if story:
            return self.handle_story(department, password)
        try:
            with transaction.atomic():
                department = self.department(department)
                rows, members = self.seat_members(department, password)
                account = self.account(department, members["chief"])
                self.authorize(members["chief"], members["pio"], account)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(f"Nothing was seeded: {_message(error)}") from error
        self.print_logins(department, rows, password)

    def handle_story(self, slug: str | None, password: str) -> None:
        try:
            with transaction.atomic():
                department = self.department(slug)
                self.refuse_real_members(department)
                if Story.told(department):
                    rows, members = self.seat_members(department, password)
                    figures = Story(department, members).count()
                    self.stdout.write(f"The story of {department} is already told; nothing was added.")
                else:
                    # The members join on the story's first day, so their records start then.
                    with on(moment(FIRST_DAY + 1, 8)):
                        rows, members = self.seat_members(department, password)
                    figures = Story(department, members, log=self.stdout.write).tell()
                shown = secrets.give(members) if settings.DEBUG else {}
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(f"Nothing was seeded: {_message(error)}") from error
        self.print_logins(department, rows, password)
        if not settings.DEBUG:
            self.stdout.write("DEBUG=0: no demo authenticator secrets were made; members enrol an app as usual.")
        for line in guide.lines(members, figures, shown):
            self.stdout.write(line)

    def refuse_real_members(self, department: Department) -> None:
        """The story is for a demo department only: one with a real member might mix a year of invented posts,
        holds and audit events into a real department's records (3xx.7), which nothing could take back."""
        demo = {seat.username for seat in ROSTER} | {f"{department.slug}-{seat.username}" for seat in ROSTER}
        real = list(
            Member.objects.filter(department=department)
            .exclude(username__in=demo)
            .order_by("username")
            .values_list("username", flat=True)[:5]
        )
        if real:
            raise CommandError(
                f"Refused: {department} has members the demo did not make ({', '.join(real)}). The story writes a "
                "year of posts, audit events and records into the department, and a real department's records "
                "must not be mixed with invented ones (§3xx.7). Run it on a department of demo members only, "
                "e.g. a fresh database with `make run`."
            )

    def department(self, slug: str | None) -> Department:
        if slug is None:
            loaded = list(Department.objects.order_by("slug").values_list("slug", flat=True)[:50])
            if len(loaded) == 1:
                slug = loaded[0]
            elif not loaded or DEFAULT_PACK in loaded:
                slug = DEFAULT_PACK
            else:
                raise CommandError(
                    f"Several departments are loaded ({', '.join(loaded)}); choose one with --department."
                )
        department = Department.objects.filter(slug=slug).first()
        if department is not None:
            return department
        if slug not in policy_packs.available():
            raise CommandError(
                f"No department {slug!r} is loaded and there is no policy pack of that name. "
                f"Available packs: {', '.join(policy_packs.available())}."
            )
        department, _ = services.load_policy_pack(slug)
        self.stdout.write(self.style.SUCCESS(f"Created {department} from the {slug!r} policy pack"))
        return department

    def seat_members(self, department: Department, password: str) -> tuple[list[tuple], dict[str, Member]]:
        today = timezone.localdate()
        members: dict[str, Member] = {}
        rows = []
        for seat in ROSTER:
            username, existing = _username(department, seat.username)
            if existing is not None:
                members[seat.username] = existing
                rows.append((existing, "already there, left alone"))
                continue
            chief = members.get("chief")
            badge = seat.badge_number
            if badge and Member.objects.filter(department=department, badge_number=badge).exists():
                badge = ""  # someone real holds the badge; the demo member goes without
            member = services.add_member(
                by=chief,
                department=department,
                username=username,
                roles=list(seat.roles),
                password=password,
                first_name=seat.first_name,
                last_name=seat.last_name,
                rank=seat.rank,
                badge_number=badge,
                division=seat.division,
                email=f"{seat.username}@{department.slug}.example.org",
                supervisor=members.get(seat.supervisor) if seat.supervisor else None,
            )
            members[seat.username] = member
            # 3xx.8: record_training needs a chief or supervisor; the chief records everyone's, their own too.
            recorder = chief or member
            for topic in department.training_topics:
                services.record_training(
                    by=recorder,
                    member=member,
                    topic=topic,
                    completed_on=today - timedelta(days=TRAINING_COMPLETED_DAYS_AGO),
                    expires_on=today + timedelta(days=TRAINING_VALID_DAYS),
                    note="Demo data (seed_demo)",
                )
            rows.append((member, "created"))
        return rows, members

    def account(self, department: Department, chief: Member) -> SocialAccount:
        handle = _handle(department)
        account = SocialAccount.objects.filter(department=department, platform=Platform.FACEBOOK, handle=handle).first()
        if account is None:
            # The demo page meets every item of the checklist (general policy IV.A; §3xx.5.1).
            account = post_services.create_account(
                by=chief,
                platform=Platform.FACEBOOK,
                handle=handle,
                kind=AccountKind.PUBLIC,
                url=f"https://www.facebook.com/{handle}",
                **dict.fromkeys(CHECKLIST_FIELDS, True),
            )
            self.stdout.write(f"Created the account {account}")
        if not account.is_approved:
            account = post_services.approve_account(by=chief, account=account)
            self.stdout.write(f"Approved the account {account} (by {chief})")
        return account

    def authorize(self, chief: Member, pio: Member, account: SocialAccount) -> None:
        if Authorization.objects.current().filter(member=pio, accounts=account).exists():
            self.stdout.write(f"{pio} is already authorized to post to {account}")
            return
        today = timezone.localdate()
        services.grant_authorization(
            by=chief,
            member=pio,
            accounts=[account],
            starts_on=today,
            expires_on=today + timedelta(days=AUTHORIZATION_DAYS),
        )
        self.stdout.write(f"Authorized {pio} to post to {account} (granted by {chief})")

    def print_logins(self, department: Department, rows: list[tuple], password: str) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins for {department}:")
        table = [("Username", "Name", "Roles", "Reports to", "Status")]
        table += [
            (
                member.username,
                member.display_name,
                ", ".join(member.role_labels),
                member.supervisor.username if member.supervisor else "",
                status,
            )
            for member, status in rows
        ]
        widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
        for index, row in enumerate(table):
            line = "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(f"  {line}".rstrip())
            if index == 0:
                self.stdout.write("  " + "  ".join("-" * width for width in widths))
        kept = sum(1 for _, status in rows if status != "created")
        self.stdout.write("")
        note = f" ({kept} members already there keep the password they had)" if kept else ""
        self.stdout.write(self.style.SUCCESS(f"Password: {password}{note}"))


def _username(department: Department, base: str) -> tuple[str, Member | None]:
    """The demo username for a seat and the member who already holds it in this department, if any.

    Usernames are global; when another department's demo already took "chief",
    this department's is "<slug>-chief".
    """
    for candidate in (base, f"{department.slug}-{base}"):
        holder = Member.objects.filter(username=candidate).first()
        if holder is None or holder.department_id == department.pk:
            return candidate, holder
    raise CommandError(f"The usernames {base!r} and {f'{department.slug}-{base}'!r} belong to other departments.")


def _handle(department: Department) -> str:
    """A Facebook handle from the department's name: "Oakley Police Department" -> "OakleyPD"."""
    place = re.sub(r"\bPolice Department\b", "", department.name)
    words = re.findall(r"[A-Za-z0-9]+", place)
    return "".join(word[:1].upper() + word[1:] for word in words) + "PD"


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
