"""Who must approve a post (3xx.3, 3xx.4.1), answered in one place."""

from django.db.models import Q

from people.models import Authorization, Member
from people.roles import GROUP_FOR_ROLE, Role
from posts.models import Incident, SocialAccount
from posts.permissions import authorized_for_all, holds, object_permission_ids
from screening.models import Flag

from . import guidelines
from .choices import Approver
from .models import ApprovalRule

# 3xx.4(c): an investigative request always goes to a supervisor.
ALWAYS_SUPERVISOR = {"investigative_request"}


def required_approver(post, *, rules=None, flagged: bool | None = None, conformance=None) -> str:
    """The approver a post needs, strictest first.

    - tied to an active incident: its Incident Commander (3xx.4.1);
    - an investigative request, or flagged by the screener: a supervisor (3xx.3, 3xx.5);
    - in a category the chief wrote a guideline for: any authorized member other than the author if it strictly
      conforms to it (written from its template with only the fields filled in, or attested by its author;
      approvals.guidelines), else a supervisor (3xx.3);
    - in a category without a guideline, covered on every target account by an approval rule the chief set:
      any authorized member other than the author (3xx.3);
    - anything else: a supervisor (3xx.3: content that does not strictly conform).

    A list gives the department's `rules`, each post's `flagged` (from its finding count) and `conformance`
    (guidelines.verdicts) so that it asks once for the page, not per post (approvals.pages.label_list).
    """
    if post.incident_id and post.incident.is_active:
        return Approver.COMMANDER
    if post.category in ALWAYS_SUPERVISOR or (_is_flagged(post) if flagged is None else flagged):
        return Approver.SUPERVISOR
    conformance = guidelines.verdict(post) if conformance is None else conformance
    if conformance.applies:
        return Approver.ANY_AUTHORIZED if conformance.conforms else Approver.SUPERVISOR
    if rules is None:
        rules = list(ApprovalRule.objects.filter(department_id=post.department_id))
    accounts = [account.pk for account in post.accounts.all()]
    if accounts and all(
        any(rule.covers(post.category, account) and rule.approver == Approver.ANY_AUTHORIZED for rule in rules)
        for account in accounts
    ):
        return Approver.ANY_AUTHORIZED
    return Approver.SUPERVISOR


def _is_flagged(post) -> bool:
    """Whether the screener's findings stand on the post's current text (3xx.5). DESIGN.md: "anything
    flagged ... needs a supervisor", so a finding counts whether it blocks or warns and after a
    supervisor's override too: only the text's no longer containing it (a new revision, a released
    hold) takes the post back to the ordinary approver."""
    if not post.current_revision_id:
        return False
    return Flag.objects.standing().filter(revision_id=post.current_revision_id).exists()


def may_decide(member, post) -> tuple[bool, str]:
    """Whether the member may approve, send back or reject the post, and if not, why."""
    if member.department_id != post.department_id:
        return False, "This post belongs to another department."
    writers = {post.author_id, *post.revisions.values_list("author_id", flat=True)}
    flagged = _is_flagged(post)
    conformance = guidelines.verdict(post)
    needed = required_approver(post, flagged=flagged, conformance=conformance)
    commands = needed == Approver.COMMANDER and holds(member, "approve_for_incident", post.incident)
    authorized = (
        needed == Approver.ANY_AUTHORIZED
        and not member.has_role(Role.SUPERVISOR)
        and authorized_for_all(member, list(post.accounts.all()))
    )
    allowed, reason = _decides(member, post, needed, writers, commands, authorized)
    if not allowed and needed == Approver.SUPERVISOR and member.pk not in writers:
        reason = f"{reason} {_why_supervisor(post, flagged, conformance)}".strip()
    return allowed, reason


def _why_supervisor(post, flagged: bool, conformance) -> str:
    """Why the post needs a supervisor, for the refusal's reason (3xx.3, 3xx.5)."""
    if post.category in ALWAYS_SUPERVISOR:
        return "An investigative request always goes to a supervisor."
    if flagged:
        return (
            f"The screener's findings stand on its text; a flagged post goes to a supervisor "
            f"({post.department.cite('prohibited')})."
        )
    if conformance.applies:
        return conformance.why
    return "No guideline or approval rule of the chief lets another authorized member approve it."


def _decides(member, post, needed, writers, holds_incident: bool, authorized: bool) -> tuple[bool, str]:
    """The rule itself, given what was read: may_decide asks it of one post, waiting_for of a list."""
    cite = post.department.cite
    if member.pk in writers:
        return False, f"Nobody approves their own post ({cite('authorized_users')})."
    if needed == Approver.COMMANDER:
        # The incident record names the commander; the object permission derived from it (posts.services
        # incidents) is what the door reads, and both must agree.
        if post.incident.commander_id != member.pk or not holds_incident:
            return False, f"Only the Incident Commander of {post.incident} approves its posts ({cite('incident')})."
        return True, ""
    if needed == Approver.SUPERVISOR:
        if not member.has_role(Role.SUPERVISOR):
            return False, f"This post needs a supervisor's approval ({cite('authorized_users')})."
        return True, ""
    if member.has_role(Role.SUPERVISOR) or authorized:
        return True, ""
    return False, f"Only a member authorized for these accounts may approve it ({cite('authorized_users')})."


def waiting_for(member, posts) -> list:
    """The pending posts of a list the member may decide now: may_decide's rule, read for the whole list in a
    fixed number of queries (the dashboard's work list, issue 14.1). `posts` come with their incident, accounts,
    revisions and finding counts (Post.objects.for_decisions())."""
    posts = [post for post in posts if post.department_id == member.department_id]
    if not posts:
        return []
    rules = list(ApprovalRule.objects.filter(department_id=member.department_id))
    verdicts = guidelines.verdicts(posts, member.department_id)
    incidents = object_permission_ids(member, "approve_for_incident", Incident)
    held = set(Authorization.objects.current().filter(member=member).values_list("accounts", flat=True))
    may_post_to = held & object_permission_ids(member, "post_to_account", SocialAccount)
    found = []
    for post in posts:
        needed = required_approver(post, rules=rules, flagged=post.finding_count > 0, conformance=verdicts[post.pk])
        writers = {post.author_id, *(revision.author_id for revision in post.revisions.all())}
        accounts = {account.pk for account in post.accounts.all()}
        allowed, _ = _decides(
            member, post, needed, writers, post.incident_id in incidents, bool(accounts) and accounts <= may_post_to
        )
        if allowed:
            found.append(post)
    return found


def approvers_for(post) -> list:
    """Every active member of the department who may decide the post now: `may_decide` answered for
    the whole department at once, for the reminder of an approval waiting too long (3xx.3, 3xx.4.1)."""
    writers = {post.author_id, *post.revisions.values_list("author_id", flat=True)}
    needed = required_approver(post)
    members = Member.objects.filter(department_id=post.department_id, is_active=True).exclude(pk__in=writers)
    if needed == Approver.COMMANDER:
        return list(members.filter(pk=post.incident.commander_id))
    supervisors = Q(groups__name=GROUP_FOR_ROLE[Role.SUPERVISOR])
    if needed == Approver.SUPERVISOR:
        return list(members.filter(supervisors).distinct())
    accounts = [account.pk for account in post.accounts.all()]
    authorized = set(members.values_list("pk", flat=True))
    for account in accounts:
        authorized &= set(Authorization.objects.current().filter(accounts=account).values_list("member_id", flat=True))
    return list(members.filter(supervisors | Q(pk__in=authorized)).distinct())
