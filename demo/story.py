"""A year of the demo department's social media (issue 20), told through the services.

Every step calls the service a person's click would call (drafting, submitting, approving, publishing, removing,
reporting, capturing, holding, proposing, appointing, importing), so the audit trail, the screener's findings and
the notifications are the real ones. The services stamp their records "now"; the story sets the clock with
time-machine before each step, so each record carries the day it happened on and the audit trail is in time
order. Nothing is written behind a service's back.

The plan is fixed (no randomness): the same seed gives the same department, so the README's figures and the
tests' expectations are computed from PLAN, not typed in.
"""

import csv
import io
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from django.utils import timezone

from approvals import overrides
from approvals import services as decisions
from approvals.models import PostRequest
from audits.models import AnnualReview, EngagementImport
from people import services as people
from people.models import Member, TrainingRecord
from posts import comments
from posts import services as posts
from posts.choices import CHECKLIST_FIELDS, AccountKind, CommentState, Platform
from posts.models import CapturedComment, Post, RemovalInvestigation, SocialAccount
from retention import disposition
from retention import services as retention
from retention.models import DispositionBatch, LegalHold, RecordsRequest
from reviews import services as reviews
from screening import services as screening
from screening.models import Flag

# The story starts this many days ago: the department's first records are older than the 24-month legal minimum
# (§322.7, California Government Code §34090), so a disposition batch has something to propose today.
FIRST_DAY = 800
ABANDONED_DRAFTS = 3  # drafted in the first weeks, never published: the disposition batch's records

CATEGORIES = [
    "announcement",
    "crime_prevention",
    "investigative_request",
    "community_engagement",
    "safety_alert",
    "traffic",
    "press_release",
    "recruitment",
]
ACCOUNTS = {
    "facebook": (Platform.FACEBOOK, "https://www.facebook.com/{handle}"),
    "x": (Platform.X, "https://x.com/{handle}"),
    "instagram": (Platform.INSTAGRAM, "https://www.instagram.com/{handle}/"),
    "nextdoor": (Platform.NEXTDOOR, "https://nextdoor.com/agency/{handle}/"),
}
# The accounts each post goes to, in turn: every account is used, most posts go to Facebook.
ACCOUNT_SETS = [
    ("facebook",),
    ("facebook", "x"),
    ("x",),
    ("facebook", "instagram"),
    ("nextdoor",),
    ("facebook", "nextdoor"),
    ("instagram",),
    ("facebook",),
]

BODIES = {
    "announcement": "The front lobby of the Oakley Police Department will open at 8 a.m. on {day} ({n}).",
    "crime_prevention": "Lock your car and keep valuables out of sight: {n} vehicle break-ins this season were "
    "of unlocked cars.",
    "investigative_request": "Detectives are asking for doorbell-camera video from Main Street near Second "
    "Street taken on {day} (case {n}). Call the tip line at 925-625-8060.",
    "community_engagement": "Join us for Coffee with a Cop at the Oakley library on {day}. Bring your questions ({n}).",
    "safety_alert": "Expect police activity near Laurel Road on {day}; please avoid the area ({n}).",
    "traffic": "Main Street is closed between Vintage Parkway and Empire Avenue on {day} for paving ({n}).",
    "press_release": "Press release {n}: Oakley officers arrested a suspect in the {day} burglary of a hardware store.",
    "recruitment": "We are hiring police officers and dispatchers. Information session on {day} ({n}).",
}
# Drafts the screener flags (3xx.5): a victim asked for their number to be posted (a supervisor overrides it), and
# political advocacy (rejected).
PRIVATE_PHONE = "Witnesses to the crash on Cypress Road can call the driver, Denise Ortega, at 925-555-0187 ({n})."
OVERRIDE_REASON = "Ms. Ortega asked us in writing to publish her number so that witnesses can reach her directly."
POLITICAL = "Vote yes on Measure K this November to fund more officers ({n})."


@dataclass(frozen=True)
class Step:
    """One post of the year: its number, the day it was drafted (days ago), its category and accounts, and what
    became of it."""

    n: int
    days_ago: int
    category: str
    accounts: tuple[str, ...]
    outcome: str  # published, returned (and still with the PIO), rejected, pending, draft
    returned_first: bool = False  # sent back with a note once, then fixed and published
    flagged: bool = False  # the screener flags a private phone number; a supervisor overrides it


PUBLISHED, RETURNED, REJECTED, PENDING, DRAFT = "published", "returned", "rejected", "pending", "draft"
FLAGGED = (18, 59, 97, 121)  # the plan's numbers of the posts with a victim's phone number, overridden
REJECTED_POSTS = (31, 78, 113)


def _plan() -> list[Step]:
    steps = []
    total = 140
    for i in range(total):
        days_ago = 360 - (i * 350) // total  # spread over the past twelve months, oldest first
        category = CATEGORIES[i % len(CATEGORIES)]
        accounts = ACCOUNT_SETS[(i // len(CATEGORIES)) % len(ACCOUNT_SETS)]
        n = i + 1
        outcome, returned_first, flagged = PUBLISHED, n % 11 == 6, n in FLAGGED
        if n in REJECTED_POSTS:
            outcome = REJECTED
        steps.append(Step(n, days_ago, category, accounts, outcome, returned_first, flagged))
    # Still with the PIO: returned with notes this week.
    for k, category in enumerate(("traffic", "announcement", "recruitment")):
        steps.append(Step(total + 1 + k, 4 - k, category, ("facebook",), RETURNED))
    # In the supervisor's queue now: three submitted drafts, one with a blocking finding to override.
    for k, category in enumerate(("community_engagement", "crime_prevention", "investigative_request")):
        steps.append(Step(total + 4 + k, 2 - (k // 2), category, ("facebook", "x"), PENDING, flagged=k == 2))
    # Drafts the PIO is still writing.
    for k, category in enumerate(("press_release", "safety_alert")):
        steps.append(Step(total + 7 + k, 1, category, ("facebook",), DRAFT))
    return steps


PLAN = _plan()
INCIDENT_DAYS_AGO = 190  # the Marsh Creek fire: the commander approves its posts
INCIDENT_POSTS = 6
CURRENT_INCIDENT_POSTS = 1  # the flood warning: one post waiting for the commander now
REMOVED_RESOLVED, REMOVED_OPEN = 44, 133  # the plan's numbers of the two posts taken down
REPORTED = (12, 63, 133)  # posts the member reported (the last one led to its removal)
COMMENTS_PER_POST = 2
COMMENTED_POSTS = 15
HIDDEN_COMMENTS, DELETED_COMMENTS = 3, 1
FALSE_POSITIVE_ON = 121  # the flagged post whose finding the PIO reports as a false positive


@dataclass
class Figures:
    """What the story made, for the banner, the README and the tests."""

    published: int = 0  # published in the past year, the removed ones too (as the annual review counts them)
    removed: int = 0
    by_category: dict = field(default_factory=dict)
    pending: int = 0
    pending_blocking: int = 0
    returned: int = 0
    rejected: int = 0
    drafts: int = 0
    incident_pending: int = 0
    incident_approved: int = 0
    requests_waiting: int = 0
    comments: int = 0
    moderated: int = 0
    open_investigations: int = 0
    hold: str = ""
    request_due: date | None = None
    batch_records: int = 0
    review_due: date | None = None
    imported_rows: int = 0
    expiring_training: str = ""
    expiring_on: date | None = None
    lapsing_on: date | None = None


def expected_figures(today: date) -> dict:
    """The counts the plan promises, computed from PLAN (the tests compare the database with these)."""
    published = [s for s in PLAN if s.outcome == PUBLISHED]
    by_category = {c: 0 for c in CATEGORIES}
    for step in published:
        by_category[step.category] += 1
    # The incident's posts are safety alerts; the requests the PIO drafted are community engagement.
    by_category["safety_alert"] += INCIDENT_POSTS
    by_category["community_engagement"] += len(DRAFTED_REQUESTS)
    return {
        "published": len(published) + INCIDENT_POSTS + len(DRAFTED_REQUESTS),
        "by_category": by_category,
        "pending": sum(s.outcome == PENDING for s in PLAN),
        "returned": sum(s.outcome == RETURNED for s in PLAN),
        "rejected": sum(s.outcome == REJECTED for s in PLAN),
        "drafts": sum(s.outcome == DRAFT for s in PLAN),
    }


# Member requests through the chain of command (3xx.3): (days ago, category, summary, what the supervisor did).
DRAFTED_REQUESTS = [
    (300, "community_engagement", "Our National Night Out block party on Gardenia Avenue, August 5."),
    (150, "community_engagement", "The youth academy needs volunteers for its summer session."),
]
DECLINED_REQUEST = (220, "announcement", "My son's soccer team won the county final; could we congratulate them?")
WAITING_REQUEST = (1, "crime_prevention", "Catalytic-converter thefts on Brownstone Road; a warning would help.")


def moment(days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@contextmanager
def on(when: datetime):
    """The services run as if it were `when` (their records, audit events and notifications are dated then)."""
    with time_machine.travel(when, tick=False):
        yield


class Story:
    def __init__(self, department, members: dict[str, Member], log=print):
        self.department = department
        self.m = members
        self.log = log
        self.accounts: dict[str, SocialAccount] = {}
        self.posts: dict[int, Post] = {}
        self.figures = Figures()
        self.today = timezone.localdate()

    # -- the first days: accounts, training, authorization ------------------------------------------------------

    def open_accounts(self) -> None:
        chief = self.m["chief"]
        handle = _handle(self.department)
        for minute, (key, (platform, url)) in enumerate(ACCOUNTS.items()):
            with on(moment(FIRST_DAY, 10, minute)):
                account = SocialAccount.objects.filter(
                    department=self.department, platform=platform, handle=handle
                ).first()
                if account is None:
                    # Each page meets every item of the checklist (general policy IV.A; §3xx.5.1).
                    account = posts.create_account(
                        by=chief,
                        platform=platform,
                        handle=handle,
                        kind=AccountKind.PUBLIC,
                        url=url.format(handle=handle),
                        **dict.fromkeys(CHECKLIST_FIELDS, True),
                    )
                if not account.is_approved:
                    account = posts.approve_account(by=chief, account=account)
            self.accounts[key] = account

    def train_and_authorize(self) -> None:
        chief, pio = self.m["chief"], self.m["pio"]
        # 3xx.8: everyone trained again 15 months ago, for two years; the member's privacy training was a
        # one-year course and lapses in three weeks (the dashboard's "expiring training").
        renewed = FIRST_DAY - 345
        with on(moment(renewed, 8)):
            for member in self.m.values():
                for topic in self.department.training_topics:
                    expires = (
                        self.today + timedelta(days=21) if (member == self.m["member"] and topic == "privacy") else None
                    )
                    people.record_training(
                        by=chief,
                        member=member,
                        topic=topic,
                        completed_on=timezone.localdate(),
                        expires_on=expires or timezone.localdate() + timedelta(days=730),
                        note="Annual refresher",
                    )
        accounts = list(self.accounts.values())
        with on(moment(FIRST_DAY, 11)):
            people.grant_authorization(
                by=chief,
                member=pio,
                accounts=accounts,
                starts_on=timezone.localdate(),
                expires_on=timezone.localdate() + timedelta(days=730),
            )
        # Renewed for a hundred days (a probationary renewal): it lapses next month.
        lapses = self.today + timedelta(days=30)
        with on(moment(70, 11)):
            people.grant_authorization(
                by=chief, member=pio, accounts=accounts, starts_on=timezone.localdate(), expires_on=lapses
            )
        self.figures.lapsing_on = lapses

    def abandoned_drafts(self) -> None:
        for k in range(ABANDONED_DRAFTS):
            with on(moment(FIRST_DAY - 10 - k, 14)):
                posts.create_post(
                    by=self.m["pio"],
                    category="announcement",
                    accounts=[self.accounts["facebook"]],
                    body=f"Draft of the new-year message, version {k + 1}. Never sent.",
                )

    # -- the year's posts -----------------------------------------------------------------------------------------

    def body(self, step: Step) -> str:
        if step.flagged:
            return PRIVATE_PHONE.format(n=step.n)
        if step.outcome == REJECTED:
            return POLITICAL.format(n=step.n)
        day = timezone.localdate() + timedelta(days=3)
        return BODIES[step.category].format(n=step.n, day=f"{day:%B %-d}")

    def post(self, step: Step) -> Post:
        pio, supervisor = self.m["pio"], self.m["supervisor"]
        accounts = [self.accounts[key] for key in step.accounts]
        with on(moment(step.days_ago, 9)):
            post = posts.create_post(by=pio, category=step.category, accounts=accounts, body=self.body(step))
        if step.outcome == DRAFT:
            return post
        with on(moment(step.days_ago, 9, 30)):
            post = decisions.submit(by=pio, post=post)
        if step.outcome == PENDING:
            return post
        if step.returned_first or step.outcome == RETURNED:
            with on(moment(step.days_ago, 11)):
                post = decisions.request_changes(
                    by=supervisor, post=post, note="Say which entrance is open and add the hours."
                )
            if step.outcome == RETURNED:
                return post
            with on(moment(step.days_ago, 13)):
                post = posts.edit_post(
                    by=pio,
                    post=post,
                    body=self.body(step) + " Use the east entrance.",
                    reason="As the lieutenant asked",
                )
                post = decisions.submit(by=pio, post=post)
        if step.flagged:
            with on(moment(step.days_ago, 13, 30)):
                for flag in Flag.objects.filter(post=post, revision=post.current_revision, withdrawn_at=None):
                    overrides.override_flag(by=supervisor, flag=flag, justification=OVERRIDE_REASON)
        with on(moment(step.days_ago, 14)):
            if step.outcome == REJECTED:
                return decisions.reject(
                    by=supervisor, post=post, note="Political advocacy is not ours to post (§322.5)."
                )
            post = decisions.approve(by=supervisor, post=post)
        with on(moment(step.days_ago, 15)):
            return self.publish(post)

    def publish(self, post: Post) -> Post:
        urls = {account.pk: f"{account.url.rstrip('/')}/posts/{post.pk}" for account in post.accounts.all()}
        return posts.publish(by=self.m["pio"], post=post, urls=urls)

    def year_of_posts(self) -> None:
        for step in PLAN:
            if step.outcome == PENDING:
                continue  # submitted last, after the incidents, so that they are the newest in the queue
            self.posts[step.n] = self.post(step)

    def queue_now(self) -> None:
        for step in PLAN:
            if step.outcome == PENDING:
                self.posts[step.n] = self.post(step)

    # -- an incident: the commander approves (3xx.4.1) ------------------------------------------------------------

    def incidents(self) -> None:
        chief, commander, pio = self.m["chief"], self.m["commander"], self.m["pio"]
        with on(moment(INCIDENT_DAYS_AGO, 6)):
            fire = posts.open_incident(by=chief, name="Marsh Creek fire evacuation", commander=commander, pio=pio)
        for k in range(INCIDENT_POSTS):
            hour = 7 + k
            with on(moment(INCIDENT_DAYS_AGO, hour)):
                post = posts.create_post(
                    by=pio,
                    category="safety_alert",
                    incident=fire,
                    accounts=[self.accounts["facebook"], self.accounts["x"]],
                    body=f"Marsh Creek fire update {k + 1}: evacuation order for the area east of Sellers Avenue. "
                    "Shelter at Freedom High School.",
                )
                post = decisions.submit(by=pio, post=post)
            with on(moment(INCIDENT_DAYS_AGO, hour, 10)):
                post = decisions.approve(by=commander, post=post, note="Approved for the incident.")
            with on(moment(INCIDENT_DAYS_AGO, hour, 15)):
                self.publish(post)
        with on(moment(INCIDENT_DAYS_AGO - 2, 18)):
            posts.close_incident(by=chief, incident=fire)
        # Today's flood warning: its first post waits for the commander, who approves from a phone.
        with on(moment(0, 6)):
            flood = posts.open_incident(by=chief, name="Dutch Slough levee flood warning", commander=commander, pio=pio)
        with on(moment(0, 6, 20)):
            post = posts.create_post(
                by=pio,
                category="safety_alert",
                incident=flood,
                accounts=[self.accounts["facebook"], self.accounts["x"]],
                body="Flood warning for Jersey Island Road: water is high at the Dutch Slough levee. Please "
                "prepare to evacuate; a shelter is open at Freedom High School.",
            )
            decisions.submit(by=pio, post=post)
        self.figures.incident_pending = CURRENT_INCIDENT_POSTS

    # -- screening: overrides (in post()) and a false positive ------------------------------------------------------

    def false_positive(self) -> None:
        post = self.posts[PLAN[FALSE_POSITIVE_ON - 1].n]
        flag = Flag.objects.filter(post=post).order_by("pk").first()
        step = PLAN[FALSE_POSITIVE_ON - 1]
        with on(moment(step.days_ago - 1, 10)):
            screening.report_false_positive(
                by=self.m["pio"],
                flag=flag,
                note="The victim asked for her number to be posted; the screener "
                "cannot know that, but it flags the same case every time.",
            )

    # -- removal and investigations (3xx.5) -------------------------------------------------------------------------

    def removals(self) -> None:
        supervisor, member = self.m["supervisor"], self.m["member"]
        for n in REPORTED:
            step = PLAN[n - 1]
            with on(moment(step.days_ago - 1, 16)):
                report = posts.report_content(
                    by=member, post=self.posts[n], description="This post names a juvenile witness."
                )
            if n != REMOVED_OPEN:
                with on(moment(step.days_ago - 1, 17)):
                    posts.close_report(
                        by=supervisor,
                        report=report,
                        action_taken="Checked with the PIO: no one is named; the post stands.",
                    )
        for n, resolved in ((REMOVED_RESOLVED, True), (REMOVED_OPEN, False)):
            step = PLAN[n - 1]
            with on(moment(step.days_ago - 1, 18)):
                investigation = posts.remove(
                    by=supervisor, post=Post.objects.get(pk=self.posts[n].pk), reason="It named a juvenile witness."
                )
            if resolved:
                with on(moment(step.days_ago - 8, 10)):
                    posts.resolve_investigation(
                        by=supervisor,
                        investigation=investigation,
                        cause="A reused draft kept an old name.",
                        findings="The template still had the witness's name from an earlier case.",
                        resolution="Templates are cleared after each use; the PIO was briefed.",
                    )
        self.figures.open_investigations = 1

    # -- member requests through the chain of command (3xx.3) ------------------------------------------------------

    def requests(self) -> None:
        member, supervisor, pio = self.m["member"], self.m["supervisor"], self.m["pio"]
        for days_ago, category, summary in DRAFTED_REQUESTS:
            with on(moment(days_ago, 8)):
                request = decisions.request_post(by=member, category=category, summary=summary)
            with on(moment(days_ago, 10)):
                request = decisions.forward(by=supervisor, request=request, note="Good idea; over to the PIO.")
            with on(moment(days_ago, 12)):
                post = decisions.draft_from_request(
                    by=pio,
                    request=request,
                    accounts=[self.accounts["facebook"]],
                    body=summary + " Everyone is welcome.",
                )
                post = decisions.submit(by=pio, post=post)
            with on(moment(days_ago, 14)):
                post = decisions.approve(by=supervisor, post=post)
            with on(moment(days_ago, 15)):
                self.publish(post)
        days_ago, category, summary = DECLINED_REQUEST
        with on(moment(days_ago, 8)):
            request = decisions.request_post(by=member, category=category, summary=summary)
        with on(moment(days_ago, 11)):
            decisions.decline(
                by=supervisor, request=request, note="Personal news is not one of the authorized categories (§322.4)."
            )
        days_ago, category, summary = WAITING_REQUEST
        with on(moment(days_ago, 8)):
            decisions.request_post(by=member, category=category, summary=summary)
        self.figures.requests_waiting = 1

    # -- captured comments, some moderated (3xx.7) ------------------------------------------------------------------

    def captured_comments(self) -> None:
        supervisor, custodian = self.m["supervisor"], self.m["custodian"]
        facebook = self.accounts["facebook"]
        on_facebook = [
            self.posts[s.n]
            for s in PLAN
            if s.outcome == PUBLISHED and "facebook" in s.accounts and s.n not in (REMOVED_OPEN, REMOVED_RESOLVED)
        ][-COMMENTED_POSTS:]
        captured = []
        for k, post in enumerate(on_facebook):
            posted = post.published_at
            for j in range(COMMENTS_PER_POST):
                text = (
                    "Thank you for keeping us informed!"
                    if j == 0
                    else "You people are useless, I know where the chief lives."
                    if k < HIDDEN_COMMENTS + 1
                    else "Is this still in effect this weekend?"
                )
                with on(posted + timedelta(hours=2 + j)):
                    comment, _ = comments.capture_comment(
                        by=custodian,
                        account=facebook,
                        post=post,
                        platform_comment_id=f"fb-{post.pk}-{j}",
                        author_name=["Pat Lee", "R. Alvarez"][j],
                        text=text,
                        posted_at=posted + timedelta(minutes=40 + j * 20),
                    )
                captured.append((comment, j == 1 and k < HIDDEN_COMMENTS + 1, posted))
        moderated = 0
        for comment, offensive, posted in captured:
            if not offensive:
                continue
            state = CommentState.DELETED if moderated < DELETED_COMMENTS else CommentState.HIDDEN
            with on(posted + timedelta(hours=4)):
                comments.moderate_comment(
                    by=supervisor, comment=comment, state=state, reason="A threat against a member of the department."
                )
            moderated += 1
        self.figures.comments = len(captured)
        self.figures.moderated = moderated

    # -- records: a hold, a request, a disposition batch (3xx.7) ----------------------------------------------------

    def records(self) -> None:
        custodian = self.m["custodian"]
        with on(moment(40, 10)):
            hold = retention.place_hold(
                by=custodian,
                matter="Ortega v. City of Oakley",
                reason="Notice of claim over the Cypress Road "
                "crash; counsel asked that every post and comment about it be kept.",
                requested_by="City Attorney",
                accounts=[self.accounts["facebook"]],
                date_from=timezone.localdate() - timedelta(days=330),
                date_to=timezone.localdate(),
                keywords=["Cypress Road"],
            )
        self.figures.hold = hold.matter
        with on(moment(7, 11)):
            request = retention.open_request(
                by=custodian,
                requester="Oakley Press",
                received_on=timezone.localdate(),
                description="Every post and public comment about the Marsh Creek fire evacuation.",
                accounts=[self.accounts["facebook"], self.accounts["x"]],
                keywords=["Marsh Creek"],
            )
        self.figures.request_due = request.due_on
        # The daily proposal (Celery beat, no member) finds the abandoned drafts past 24 months.
        with on(moment(0, 2)):
            batch = disposition.propose(department=self.department)
        self.figures.batch_records = batch.record_count if batch else 0

    # -- the annual review (3xx.6) ----------------------------------------------------------------------------------

    def annual_review(self) -> None:
        chief, reviewer = self.m["chief"], self.m["reviewer"]
        with on(moment(20, 9)):
            review = reviews.appoint_reviewer(
                by=chief,
                reviewer=reviewer,
                period_start=self.today - timedelta(days=365),
                period_end=self.today - timedelta(days=1),
                due_on=self.today + timedelta(days=40),
            )
        with on(moment(10, 15)):
            source = reviews.import_engagement(
                by=reviewer, review=review, data=self.facebook_export(), filename="Oakley-PD-Facebook-posts.csv"
            )
        with on(moment(3, 16)):
            reviews.save_draft(
                by=reviewer,
                review=review,
                findings="Posting follows the policy. Turnaround is under a day for most posts.",
                recommendations="",
            )
        self.figures.review_due = review.due_on
        self.figures.imported_rows = source.matched

    def facebook_export(self) -> bytes:
        """The page's post-level export, as Facebook's Meta Business Suite writes it."""
        header = [
            "Post ID",
            "Page ID",
            "Page name",
            "Title",
            "Description",
            "Publish time",
            "Permalink",
            "Post type",
            "Date",
            "Impressions",
            "Reach",
            "Reactions, comments and shares",
            "Reactions",
            "Comments",
            "Shares",
            "Total clicks",
            "Link clicks",
        ]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        facebook = self.accounts["facebook"]
        publications = facebook.publications.filter(published_at__date__gte=self.today - timedelta(days=365))
        for k, publication in enumerate(publications.order_by("published_at")):
            impressions = 400 + (k * 137) % 5000
            reactions, comments_, shares = impressions // 20, impressions // 90, impressions // 60
            post_id = publication.url.rstrip("/").rsplit("/", 1)[-1]
            writer.writerow(
                [
                    f"104211_{post_id}",
                    "104211",
                    "Oakley Police Department",
                    "",
                    "An update",
                    f"{timezone.localtime(publication.published_at):%m/%d/%Y %H:%M}",
                    publication.url,
                    "Photo",
                    "Lifetime",
                    f"{impressions:,}",
                    impressions // 2,
                    reactions + comments_ + shares,
                    reactions,
                    comments_,
                    shares,
                    impressions // 25,
                    impressions // 50,
                ]
            )
        return out.getvalue().encode("utf-8-sig")

    def tell(self) -> Figures:
        self.log("Telling the story of the past year:")
        self.open_accounts()
        self.train_and_authorize()
        self.abandoned_drafts()
        self.requests()
        self.year_of_posts()
        self.incidents()
        self.false_positive()
        self.removals()
        self.captured_comments()
        self.records()
        self.annual_review()
        self.queue_now()
        self.count()
        return self.figures

    @staticmethod
    def told(department) -> bool:
        """The story is all or nothing (one transaction), so any post means it was told."""
        return Post.objects.filter(department=department).exists()

    def count(self) -> Figures:
        """The figures, read back from the database (after telling, or when it was told before)."""
        f = self.figures
        mine = Post.objects.filter(department=self.department)
        f.published = mine.exclude(published_at=None).count()
        f.removed = mine.filter(status="removed").count()
        f.by_category = dict.fromkeys(CATEGORIES, 0)
        for category in mine.exclude(published_at=None).values_list("category", flat=True):
            f.by_category[category] += 1
        f.pending = mine.filter(status="pending", incident=None).count()
        f.pending_blocking = sum(
            1
            for post in mine.filter(status="pending", incident=None)
            if screening.blocking_flags(post.current_revision)
        )
        f.returned = mine.filter(status="changes_requested").count()
        f.rejected = mine.filter(status="rejected").count()
        f.drafts = mine.filter(status="draft", created_at__date__gte=self.today - timedelta(days=365)).count()
        f.incident_pending = mine.filter(status="pending").exclude(incident=None).count()
        f.incident_approved = mine.filter(incident__status="closed").exclude(published_at=None).count()
        f.requests_waiting = PostRequest.objects.filter(department=self.department, status="submitted").count()
        f.comments = CapturedComment.objects.filter(department=self.department).count()
        f.moderated = CapturedComment.objects.filter(
            department=self.department, state__in=CommentState.moderated()
        ).count()
        f.open_investigations = RemovalInvestigation.objects.filter(
            department=self.department, resolved_at=None
        ).count()
        hold = LegalHold.objects.filter(department=self.department).order_by("pk").first()
        f.hold = hold.matter if hold else ""
        request = RecordsRequest.objects.filter(department=self.department).order_by("pk").first()
        f.request_due = request.due_on if request else None
        batch = DispositionBatch.objects.filter(department=self.department).order_by("-pk").first()
        f.batch_records = batch.record_count if batch else 0
        review = AnnualReview.objects.filter(department=self.department).order_by("-pk").first()
        f.review_due = review.due_on if review else None
        f.imported_rows = (
            EngagementImport.objects.filter(review=review).order_by("-pk").first().matched
            if review and review.engagement_imports.exists()
            else 0
        )
        lapsing = self.m["pio"].authorizations.order_by("-expires_on").first()
        f.lapsing_on = lapsing.expires_on if lapsing else None
        expiring = (
            TrainingRecord.objects.filter(
                member=self.m["member"], expires_on__gte=self.today, expires_on__lte=self.today + timedelta(days=45)
            )
            .order_by("expires_on")
            .first()
        )
        f.expiring_training = expiring.get_topic_display().lower() if expiring else ""
        f.expiring_on = expiring.expires_on if expiring else None
        return f


def _handle(department) -> str:
    """A handle from the department's name: "Oakley Police Department" -> "OakleyPD" (as seed_demo names it)."""
    place = re.sub(r"\bPolice Department\b", "", department.name)
    words = re.findall(r"[A-Za-z0-9]+", place)
    return "".join(word[:1].upper() + word[1:] for word in words) + "PD"
