"""approvals' parts of posts' pages and API (posts.hooks; issue 11): the decisions, who must make the next one
and whether the member may.

posts sits below approvals and never imports it; approvals registers these in its AppConfig.ready().
"""

from posts import hooks
from posts.choices import PostStatus
from socialgov.query import RowsByIds

from . import guidelines
from .api.serializers import DECISION_VALUES, DecisionSerializer, decision_data
from .choices import Approver
from .models import ApprovalDecision, ApprovalRule
from .rules import may_decide, required_approver

OPEN = (PostStatus.DRAFT, PostStatus.PENDING, PostStatus.CHANGES_REQUESTED)


def approver_text(post, needed: str) -> str:
    """Who must approve the post, in words, with the policy section."""
    cite = post.department.cite
    if needed == Approver.COMMANDER:
        return f"The Incident Commander of {post.incident}, {post.incident.commander.display_name} ({cite('incident')})"
    if needed == Approver.SUPERVISOR:
        why = " — investigative requests always do" if post.category == "investigative_request" else ""
        return f"A supervisor ({cite('authorized_users')}){why}"
    return f"Any authorized member other than the author ({cite('authorized_users')})"


def post_page(request, post, context, forms) -> dict:
    decisions = ApprovalDecision.objects.filter(post=post).select_related("decided_by", "revision")
    part = {"decisions": list(decisions.order_by("decided_at", "id"))}
    if post.status in OPEN:
        part["approver"] = approver_text(post, required_approver(post))
    if post.status == PostStatus.PENDING:
        part["may_decide"], part["why_not_decide"] = may_decide(request.user, post)
    return part


def label_list(member, posts, *, decisions: bool = False) -> None:
    """Set `required_approver` on each post of a list: one query for the
    department's rules, a few for the guidelines' verdicts (guidelines.verdicts); the incident, the accounts and the
    finding count come with the list (Post.objects.for_lists, posts.hooks.for_lists). With `decisions` (the
    incident's page), also `approver`, in words, and `may_approve`: whether the member may decide it now."""
    rules = list(ApprovalRule.objects.filter(department_id=member.department_id))
    verdicts = guidelines.verdicts(posts, member.department_id)
    for post in posts:
        flagged = post.finding_count > 0 if hasattr(post, "finding_count") else None
        post.required_approver = Approver(
            required_approver(post, rules=rules, flagged=flagged, conformance=verdicts[post.pk])
        )
        if decisions:
            if post.status in OPEN:
                post.approver = approver_text(post, post.required_approver)
            post.may_approve = post.status == PostStatus.PENDING and may_decide(member, post)[0]


DECISIONS = RowsByIds("post_id", lambda: ApprovalDecision.objects.values(*DECISION_VALUES))


def load_decisions(posts) -> None:
    """`listed_decisions` on each post, newest first, with their approvers' names and revisions' numbers, as the values
    decision_data formats (DECISION_VALUES): one query by the posts' ids for the whole page (posts.hooks.api_field).
    Values, not model instances, and the query compiled once (RowsByIds): building three instances per decision,
    and the query per request, cost more than the database's work (issue 18.2)."""
    by_post = {post.pk: post for post in posts}
    for post in posts:
        post.listed_decisions = []
    for row in DECISIONS.rows(by_post):
        by_post[row["post_id"]].listed_decisions.append(row)


def register() -> None:
    hooks.post_page_part(post_page)
    hooks.list_labels(label_list)
    hooks.api_field(
        "approvals",
        lambda: DecisionSerializer(source="decisions", many=True, read_only=True),
        load=load_decisions,
        fast=lambda post: [decision_data(decision) for decision in post.listed_decisions],
    )
