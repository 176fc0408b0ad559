"""A year of a department's social media, built through the services and then dated into last year.

The services stamp everything "now"; `year()` moves each record's times into the calendar year before
this one with queryset updates (the audit trail keeps its real times, as it must). The spec below is
the data the report is checked against: tests compute what they expect from it, not from the report.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from approvals import overrides
from approvals import services as decisions
from approvals.models import ApprovalDecision, FlagOverride
from people.models import Authorization, TrainingRecord
from people.roles import Role
from posts import services as posts
from posts.choices import CHECKLIST_FIELDS, AccountKind
from posts.models import ContentReport, Post, Publication, RemovalInvestigation, SocialAccount
from screening.models import Flag
from tests.conftest import give_training, make_account, make_member
from tests.operations.conftest import open_operation_for
from tests.posts.conftest import authorize

Y = timezone.localdate().year - 1
START, END = date(Y, 1, 1), date(Y, 12, 31)


def at(month: int, day: int, hour: int = 12, minute: int = 0, year: int = Y) -> datetime:
    return datetime.combine(date(year, month, day), time(hour, minute), tzinfo=timezone.get_current_timezone())


@dataclass
class Spec:
    key: str
    category: str
    accounts: list[str]
    published: datetime
    turnaround: float  # hours from submission to approval
    body: str = ""
    removed: datetime | None = None
    resolved: datetime | None = None


PRIVATE_PHONE = "Witnesses can call the driver, Denise Ortega, at 925-555-0187."
POLITICAL = "Vote yes on Measure K this November to fund more officers."
JUSTIFICATION = "Ms. Ortega asked us to publish her number so that witnesses can reach her directly."

POSTS = [
    Spec("jan", "announcement", ["fb"], at(1, 15), 2),
    Spec("feb", "traffic", ["fb", "x"], at(2, 10), 30),
    Spec("mar_x", "crime_prevention", ["x"], at(3, 5), 5),
    Spec("mar_ig", "community_engagement", ["ig"], at(3, 20), 1),
    Spec("apr", "investigative_request", ["fb"], at(4, 10), 6, body=PRIVATE_PHONE),
    Spec("may", "announcement", ["fb"], at(5, 2), 10),
    Spec("jul", "safety_alert", ["x"], at(7, 4), 0.5),
    Spec("sep", "recruitment", ["ig"], at(9, 9), 48),
    Spec("nov", "press_release", ["fb"], at(11, 30), 3, removed=at(12, 5), resolved=at(12, 12)),
    Spec("dec", "announcement", ["fb"], at(12, 20), 4, removed=at(12, 22)),
    # The last half hour of the period is in it; the first half hour of the next year is not.
    Spec("last", "traffic", ["x"], at(12, 31, 23, 30), 1),
    Spec("next_year", "announcement", ["fb"], at(1, 1, 0, 30, year=Y + 1), 1),
]
REJECTED = Spec("jun", "community_engagement", ["fb"], at(6, 1), 12, body=POLITICAL)
COVERT = Spec("covert", "investigative_request", ["covert"], at(6, 15), 2)

# (post key, platform) -> impressions, reactions, shares, comments, clicks (None: the export has no clicks)
ENGAGEMENT = {
    ("jan", "fb"): (1200, 80, 10, 5, 30),
    ("feb", "fb"): (5000, 300, 120, 40, 200),
    ("feb", "x"): (3000, 90, 60, 12, 25),
    ("apr", "fb"): (2500, 50, 70, 30, 90),
    ("may", "fb"): (800, 20, 2, 1, 4),
    ("nov", "fb"): (4000, 10, 5, 60, 8),
    ("dec", "fb"): (300, 3, 0, 2, 1),
    ("mar_x", "x"): (900, 25, 8, 3, 6),
    ("jul", "x"): (15000, 700, 400, 90, 350),
    ("mar_ig", "ig"): (2000, 150, 5, 20, None),
    ("sep", "ig"): (700, 40, 1, 2, None),
}
# An earlier Facebook export with lower, since-grown counts: the later import is the one that counts.
EARLY_FACEBOOK = {("jan", "fb"): (100, 1, 0, 0, 1)}

REPORTS = [
    # (about, created, closed (with the action taken) or None)
    ("feb", at(2, 12), at(2, 13)),
    ("dec", at(12, 21), None),
    ("jan", at(6, 1, year=Y - 1), at(6, 2, year=Y - 1)),  # before the period and closed: not in the report
    ("may", at(11, 1, year=Y - 1), None),  # before the period but still open: in it, unresolved
]

HANDLES = {"fb": ("facebook", "OakleyPD"), "x": ("x", "OakleyPD"), "ig": ("instagram", "oakley_pd")}


def url_of(spec_key: str, account_key: str, number: int) -> str:
    return {
        "fb": f"https://www.facebook.com/OakleyPD/posts/{1000 + number}",
        "x": f"https://x.com/OakleyPD/status/{2000 + number}",
        "ig": f"https://www.instagram.com/p/OAK{number}X/",
        "covert": f"https://www.instagram.com/p/UC{number}/",
    }[account_key]


@dataclass
class Year:
    department: object
    chief: object
    pio: object
    supervisor: object
    reviewer: object
    rookie: object
    veteran: object
    accounts: dict = field(default_factory=dict)
    posts: dict = field(default_factory=dict)
    urls: dict = field(default_factory=dict)
    reports: list = field(default_factory=list)
    investigations: dict = field(default_factory=dict)
    bad_authorization: object = None


def _make_accounts(department, chief, supervisor) -> dict:
    done = dict.fromkeys(CHECKLIST_FIELDS, True)
    accounts = {
        key: make_account(
            department,
            handle,
            approved_by=chief,
            platform=platform,
            url=f"https://example.org/{platform}/{handle}",
            **done,
        )
        for key, (platform, handle) in HANDLES.items()
    }
    accounts["covert"] = make_account(
        department,
        "oakley_undercover",
        approved_by=chief,
        platform="instagram",
        kind=AccountKind.COVERT,
        monitoring_supervisor=supervisor,
    )
    for key, approved in (
        ("fb", at(12, 1, year=Y - 1)),
        ("x", at(12, 2, year=Y - 1)),
        ("ig", at(2, 1)),
        ("covert", at(5, 1)),
    ):
        SocialAccount.objects.filter(pk=accounts[key].pk).update(approved_at=approved, created_at=approved)
        accounts[key].refresh_from_db()
    return accounts


def _publish(world: Year, spec: Spec, number: int, *, reject: bool = False) -> Post:
    pio, supervisor = world.pio, world.supervisor
    accounts = [world.accounts[key] for key in spec.accounts]
    post = posts.create_post(
        by=pio,
        category=spec.category,
        accounts=accounts,
        body=spec.body or f"Update number {number} from the Oakley Police Department.",
    )
    decisions.submit(by=pio, post=post)
    decided = spec.published - timedelta(minutes=30)
    submitted = decided - timedelta(hours=spec.turnaround)
    for flag in Flag.objects.filter(post=post):
        if not reject:
            overrides.override_flag(by=supervisor, flag=flag, justification=JUSTIFICATION)
    Flag.objects.filter(post=post).update(created_at=submitted)
    FlagOverride.objects.filter(flag__post=post).update(overridden_at=submitted + timedelta(minutes=5))
    if reject:
        decisions.reject(by=supervisor, post=post, note="Political content is not ours to post.")
    else:
        decisions.approve(by=supervisor, post=post)
        urls = {account.pk: url_of(spec.key, key, number) for key, account in zip(spec.accounts, accounts, strict=True)}
        posts.publish(by=pio, post=post, urls=urls)
        for key, account in zip(spec.accounts, accounts, strict=True):
            world.urls[(spec.key, key)] = urls[account.pk]
        Publication.objects.filter(post=post).update(published_at=spec.published)
    Post.objects.filter(pk=post.pk).update(
        submitted_at=submitted,
        created_at=submitted - timedelta(hours=1),
        published_at=None if reject else spec.published,
    )
    ApprovalDecision.objects.filter(post=post).update(decided_at=decided)
    if spec.removed:
        investigation = posts.remove(
            by=supervisor, post=Post.objects.get(pk=post.pk), reason="It named a juvenile witness."
        )
        Post.objects.filter(pk=post.pk).update(removed_at=spec.removed)
        RemovalInvestigation.objects.filter(pk=investigation.pk).update(opened_at=spec.removed)
        if spec.resolved:
            posts.resolve_investigation(
                by=supervisor,
                investigation=investigation,
                cause="A draft was reused.",
                findings="The template still had the witness's name.",
                resolution="Templates are cleared after each use.",
            )
            RemovalInvestigation.objects.filter(pk=investigation.pk).update(resolved_at=spec.resolved)
        world.investigations[spec.key] = RemovalInvestigation.objects.get(pk=investigation.pk)
    return Post.objects.get(pk=post.pk)


def year(department, chief) -> Year:
    supervisor = make_member(department, "supervisor", Role.SUPERVISOR, rank="Lieutenant")
    reviewer = make_member(department, "reviewer", Role.SUPERVISOR, Role.REVIEWER, rank="Lieutenant")
    pio = make_member(department, "pio", Role.PIO, rank="Sergeant", trained=False)
    give_training(pio, completed_on=date(Y - 1, 12, 1), expires_on=date(Y + 2, 12, 1))
    rookie = make_member(department, "rookie", Role.MEMBER, trained=False)
    veteran = make_member(department, "veteran", Role.MEMBER, trained=False)
    world = Year(
        department=department,
        chief=chief,
        pio=pio,
        supervisor=supervisor,
        reviewer=reviewer,
        rookie=rookie,
        veteran=veteran,
    )
    world.accounts = _make_accounts(department, chief, supervisor)
    authorization = authorize(chief, pio, *world.accounts.values())
    # The covert account is used within an open undercover operation (general policy IV.E.2; issue 16.1).
    open_operation_for([world.accounts["covert"]], [pio], chief=chief, supervisor=supervisor)
    Authorization.objects.filter(pk=authorization.pk).update(
        starts_on=date(Y - 1, 12, 15), created_at=at(12, 15, year=Y - 1)
    )
    # Granted without current training (the service would refuse; a record made around it is what the
    # compliance check exists to catch) and one that ended before the period.
    world.bad_authorization = Authorization.objects.create(
        department=department, member=rookie, granted_by=chief, starts_on=date(Y, 6, 1), expires_on=date(Y, 12, 1)
    )
    world.bad_authorization.accounts.set([world.accounts["fb"]])
    Authorization.objects.filter(pk=world.bad_authorization.pk).update(created_at=at(6, 1))
    former = Authorization.objects.create(
        department=department, member=veteran, granted_by=chief, starts_on=date(Y - 2, 1, 1), expires_on=date(Y, 1, 1)
    )
    former.accounts.set([world.accounts["fb"]])
    TrainingRecord.objects.create(
        member=veteran, topic="legal", completed_on=date(Y - 2, 3, 1), expires_on=date(Y, 3, 1)
    )
    TrainingRecord.objects.create(
        member=veteran, topic="legal", completed_on=date(Y, 2, 20), expires_on=date(Y + 1, 2, 20)
    )
    TrainingRecord.objects.create(
        member=veteran, topic="privacy", completed_on=date(Y - 2, 6, 1), expires_on=date(Y, 6, 1)
    )

    for number, spec in enumerate(POSTS, start=1):
        world.posts[spec.key] = _publish(world, spec, number)
    world.posts[REJECTED.key] = _publish(world, REJECTED, 50, reject=True)
    world.posts[COVERT.key] = _publish(world, COVERT, 60)

    for about, created, closed in REPORTS:
        report = posts.report_content(by=veteran, post=world.posts[about], description=f"Post about {about} is wrong.")
        if closed:
            posts.close_report(by=supervisor, report=report, action_taken="Checked with the PIO; it stands.")
        ContentReport.objects.filter(pk=report.pk).update(created_at=created, closed_at=closed)
        world.reports.append(ContentReport.objects.get(pk=report.pk))

    # The Instagram page's contact information came down after its posts went out.
    SocialAccount.objects.filter(pk=world.accounts["ig"].pk).update(contact_information=False)
    return world


def csv_rows(world: Year, platform: str, numbers: dict) -> list[list]:
    """Rows of engagement for the posts of `numbers` on one account, in the columns the export tests use."""
    return [[world.urls[(key, account)], *values] for (key, account), values in numbers.items() if account == platform]


def namespace(world: Year) -> SimpleNamespace:
    return SimpleNamespace(**world.__dict__)


# Analytics exports as each platform writes them (column names from their CSV downloads).
FACEBOOK_HEADER = [
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
X_HEADER = [
    "Tweet id",
    "Tweet permalink",
    "Tweet text",
    "time",
    "impressions",
    "engagements",
    "engagement rate",
    "retweets",
    "replies",
    "likes",
    "user profile clicks",
    "url clicks",
]
INSTAGRAM_HEADER = [
    "Post ID",
    "Account ID",
    "Account username",
    "Account name",
    "Description",
    "Duration (sec)",
    "Publish time",
    "Permalink",
    "Post type",
    "Data comment",
    "Date",
    "Views",
    "Reach",
    "Likes",
    "Shares",
    "Follows",
    "Comments",
    "Saves",
]


def _csv(header, rows) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def facebook_csv(rows) -> bytes:
    """rows: (permalink, impressions, reactions, shares, comments, clicks)"""
    out = []
    for link, impressions, reactions, shares, comments, clicks in rows:
        post_id = link.rstrip("/").rsplit("/", 1)[-1]
        out.append(
            [
                f"104211_{post_id}",
                "104211",
                "Oakley Police Department",
                "",
                "An update",
                "01/15/2025 12:00",
                link,
                "Photo",
                "Lifetime",
                f"{impressions:,}",
                impressions // 2,
                reactions + comments + shares,
                reactions,
                comments,
                shares,
                clicks,
                clicks // 2,
            ]
        )
    return _csv(FACEBOOK_HEADER, out)


def x_csv(rows) -> bytes:
    out = []
    for link, impressions, reactions, shares, comments, clicks in rows:
        status = link.rstrip("/").rsplit("/", 1)[-1]
        out.append(
            [
                status,
                link.replace("https://x.com/", "https://twitter.com/"),
                "An update",
                "2025-02-10 12:00 +0000",
                impressions,
                sum(v for v in (reactions, shares, comments, clicks) if isinstance(v, int)),
                "0.05",
                shares,
                comments,
                reactions,
                3,
                clicks,
            ]
        )
    return _csv(X_HEADER, out)


def instagram_csv(rows) -> bytes:
    out = []
    for n, (link, impressions, reactions, shares, comments, _clicks) in enumerate(rows):
        out.append(
            [
                f"1790000000000{n:04}",
                "17841400000",
                "oakley_pd",
                "Oakley PD",
                "An update",
                "",
                "03/20/2025",
                link,
                "IG image",
                "",
                "Lifetime",
                impressions,
                impressions // 2,
                reactions,
                shares,
                0,
                comments,
                1,
            ]
        )
    return _csv(INSTAGRAM_HEADER, out)


EXPORTS = {"fb": facebook_csv, "x": x_csv, "ig": instagram_csv}


def export_of(world: Year, account: str, numbers=None) -> bytes:
    numbers = ENGAGEMENT if numbers is None else numbers
    return EXPORTS[account](csv_rows(world, account, numbers))


def appoint_and_import(world: Year):
    """The chief appoints the reviewer for the year; the reviewer imports the three platforms' exports (Facebook
    twice: an early export, then the one that counts)."""
    from reviews import services

    review = services.appoint_reviewer(
        by=world.chief,
        reviewer=world.reviewer,
        period_start=START,
        period_end=END,
        due_on=timezone.localdate() + timedelta(days=40),
    )
    by = world.reviewer
    services.import_engagement(by=by, review=review, data=export_of(world, "fb", EARLY_FACEBOOK), filename="early.csv")
    services.import_engagement(by=by, review=review, data=export_of(world, "fb"), filename="facebook.csv")
    services.import_engagement(by=by, review=review, data=export_of(world, "x"), filename="x.csv")
    services.import_engagement(by=by, review=review, data=export_of(world, "ig"), filename="ig.csv")
    return review
