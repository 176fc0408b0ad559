"""approvals' services: a post's submission and the decisions on it (approve, request changes, reject),
overrides of the screener's findings, post requests through the chain of command, and the chief's approval
rules (3xx.3, 3xx.4.1, 3xx.5)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from people.roles import Role
from posts import permissions as post_permissions
from posts import services as post_services
from posts.choices import PostStatus
from posts.hooks import approved_revision_source, on_edited_after_approval
from posts.models import Post
from posts.services import lock, require_state
from screening import services as screening_services
from socialgov.errors import InvalidTransition

from . import guidelines, notify, permissions
from .choices import Approver, Decision, RequestStatus
from .models import ApprovalDecision, ApprovalRule, PostRequest
from .rules import ALWAYS_SUPERVISOR, may_decide, required_approver


def _snapshot(request: PostRequest) -> dict:
    return {
        "status": request.status,
        "category": request.category,
        "supervisor": request.supervisor_id,
        "post": request.post_id,
        "decision_note": request.decision_note,
    }


@transaction.atomic
def request_post(*, by, category: str, summary: str) -> PostRequest:
    """A member asks for a post; it goes to their chain-of-command supervisor (3xx.3)."""
    errors = {}
    if category not in [c["key"] for c in by.department.categories]:
        errors["category"] = [f"Choose one of the authorized categories ({by.department.cite('authorized_content')})."]
    if not (summary or "").strip():
        errors["summary"] = ["Say what you would like posted."]
    if by.supervisor_id is None:
        errors["supervisor"] = ["You have no chain-of-command supervisor on record; ask the chief to set one."]
    if errors:
        raise ValidationError(errors)
    request = PostRequest.objects.create(
        department=by.department, requester=by, supervisor=by.supervisor, category=category, summary=summary.strip()
    )
    event = AuditEvent.record(actor=by, action="approvals.request.create", target=request, after=_snapshot(request))
    notify.request_to_supervisor(request, event)
    return request


def _lock(request: PostRequest) -> PostRequest:
    return PostRequest.objects.select_for_update().get(pk=request.pk)


def _decide(by, request: PostRequest, status: str, note: str, action: str) -> PostRequest:
    request = _lock(request)
    if request.status != RequestStatus.SUBMITTED:
        raise InvalidTransition(request, action.split(".")[-1], "This request has already been decided.")
    if not permissions.can(by, "decide", request):
        raise PermissionDenied(
            "Only the requester's chain-of-command supervisor decides this request "
            f"({request.department.cite('authorized_users')})."
        )
    before = _snapshot(request)
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save()
    request.event = AuditEvent.record(actor=by, action=action, target=request, before=before, after=_snapshot(request))
    return request


@transaction.atomic
def forward(*, by, request: PostRequest, note: str = "") -> PostRequest:
    request = _decide(by, request, RequestStatus.FORWARDED, (note or "").strip(), "approvals.request.forward")
    notify.request_forwarded(request, request.event, by=by)
    return request


@transaction.atomic
def decline(*, by, request: PostRequest, note: str) -> PostRequest:
    if not (note or "").strip():
        raise ValidationError({"note": ["Tell the member why the request is declined."]})
    request = _decide(by, request, RequestStatus.DECLINED, note.strip(), "approvals.request.decline")
    notify.requester(request, request.event, by=by)
    return request


@transaction.atomic
def draft_from_request(*, by, request: PostRequest, accounts, body: str, category: str | None = None):
    """A PIO drafts a post from a forwarded request; the draft links back and the requester is told."""
    request = _lock(request)
    if request.status != RequestStatus.FORWARDED:
        raise InvalidTransition(request, "draft", "Only a forwarded request can be drafted.")
    if not permissions.can(by, "draft", request):
        raise PermissionDenied(
            "Forwarded requests are drafted by a Public Information Officer "
            f"({request.department.cite('authorized_users')})."
        )
    post = post_services.create_post(by=by, category=category or request.category, accounts=accounts, body=body)
    before = _snapshot(request)
    request.status = RequestStatus.DRAFTED
    request.post = post
    request.save(update_fields=["status", "post"])
    event = AuditEvent.record(
        actor=by, action="approvals.request.draft", target=request, before=before, after=_snapshot(request)
    )
    notify.requester(request, event, by=by)
    return post


def _rule_snapshot(rule: ApprovalRule) -> dict:
    return {
        "category": rule.category,
        "account": rule.account_id,
        "approver": rule.approver,
        "guideline": rule.guideline,
    }


@transaction.atomic
def add_rule(
    *, by, approver: str = Approver.SUPERVISOR, category: str = "", account=None, guideline: str = ""
) -> ApprovalRule:
    """The chief states which conforming content any other authorized member may approve (3xx.3)."""
    if not by.has_role(Role.CHIEF):
        raise PermissionDenied(
            f"The chief of police writes the content guidelines ({by.department.cite('authorized_users')})."
        )
    errors = {}
    if category and category not in [c["key"] for c in by.department.categories]:
        errors["category"] = [f"Choose one of the authorized categories ({by.department.cite('authorized_content')})."]
    if account is not None and account.department_id != by.department_id:
        errors["account"] = ["Choose one of your department's accounts."]
    if approver not in (Approver.ANY_AUTHORIZED, Approver.SUPERVISOR):
        errors["approver"] = ["Choose any_authorized or supervisor."]
    if approver == Approver.ANY_AUTHORIZED and category in ALWAYS_SUPERVISOR:
        errors["category"] = ["Investigative requests always need a supervisor's approval."]
    if errors:
        raise ValidationError(errors)
    rule = ApprovalRule.objects.create(
        department=by.department,
        category=category,
        account=account,
        approver=approver,
        guideline=(guideline or "").strip(),
        created_by=by,
    )
    AuditEvent.record(actor=by, action="approvals.rule.add", target=rule, after=_rule_snapshot(rule))
    return rule


@transaction.atomic
def delete_rule(*, by, rule: ApprovalRule) -> None:
    if not by.has_role(Role.CHIEF) or rule.department_id != by.department_id:
        raise PermissionDenied(
            f"The chief of police writes the content guidelines ({by.department.cite('authorized_users')})."
        )
    AuditEvent.record(actor=by, action="approvals.rule.delete", target=rule, before=_rule_snapshot(rule))
    rule.delete()


# -- decisions on posts (3xx.3, 3xx.4.1, 3xx.5) ------------------------------------------------------------------
# One implementation each: the browser views, the API and any task call these (STYLE.md §1). The audit actions
# keep their posts.* names: the trail written before this move stays comparable.
@transaction.atomic
def submit(*, by, post: Post, attests_conformance: bool = False) -> Post:
    """Send a draft for approval (3xx.3). The screener checks its current revision (3xx.5): what it finds
    is stored on the revision, and a blocking finding stops approval until a supervisor overrides it.
    `attests_conformance`: the author attests that this revision strictly conforms to the chief's guideline
    (approvals.guidelines), which the submission's audit event and the approval's decision record keep."""
    post = lock(post)
    require_state(post, "submitted", [PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED])
    post_permissions.require(by, "submit_post", post, "You need a current authorization for every target account.")
    if attests_conformance:
        guidelines.attest(by=by, post=post)
    if bad := [str(a) for a in post.accounts.all() if not a.is_approved]:
        raise ValidationError({"accounts": [f"Not approved by the chief: {', '.join(bad)}."]})
    post.status = PostStatus.PENDING
    post.submitted_at = timezone.now()
    post.status_note = ""
    post.save(update_fields=["status", "submitted_at", "status_note", "updated_at"])
    screening = screening_services.screen_revision(post.current_revision, post=post, by=by, audit=False)
    conformance = guidelines.verdict(post)
    needed = required_approver(post, conformance=conformance)
    after = {"status": post.status, "approver": needed}
    if conformance.applies:
        after["conformance"] = conformance.record or {"why_not": conformance.why}
    if screening.flags or screening.withdrawn:
        after["screening"] = screening.summary()
    event = AuditEvent.record(
        actor=by, action="posts.submit", target=post, before={"status": PostStatus.DRAFT}, after=after
    )
    notify.submitted(post, event, by=by)
    return post


def _may_decide_now(by, post: Post, decision: str) -> Post:
    """The post, locked, once it is known to wait for a decision (409 if not) that `by` may make (403 if not):
    asked once per decision."""
    post = lock(post)
    require_state(post, _verb(decision), [PostStatus.PENDING])
    allowed, reason = may_decide(by, post)
    if not allowed:
        raise PermissionDenied(reason)
    return post


def _decide_post(by, post: Post, decision: str, note: str, new_status: str, action: str, seen: str | None) -> Post:
    """Record the decision on `post`, which _may_decide_now returned (locked, pending, `by` may decide)."""
    revision = post.current_revision
    if seen and seen != revision.sha256:
        # The decision names the revision its approver read: a replayed or stale decision does not
        # land on text the approver never saw (DESIGN.md lifecycle: an approval binds one revision).
        raise InvalidTransition(
            post,
            _verb(decision),
            f"Post #{post.pk} changed since you read it (revision "
            f"{revision.number} is current); read it again before deciding.",
        )
    conformance = guidelines.verdict(post)
    basis = required_approver(post, conformance=conformance)
    # The decision record keeps why another authorized member could decide (3xx.3): the template and its
    # fields, or the author's attestation.
    record = conformance.record if basis == Approver.ANY_AUTHORIZED else {}
    ApprovalDecision.objects.create(
        post=post,
        revision=revision,
        sha256=revision.sha256,
        decision=decision,
        approver_basis=basis,
        conformance=record,
        note=note,
        decided_by=by,
    )
    post.status = new_status
    post.status_note = note
    post.save(update_fields=["status", "status_note", "updated_at"])
    after = {"status": new_status, "note": note, "revision": revision.number, "sha256": revision.sha256}
    if record:
        after["conformance"] = record
    event = AuditEvent.record(actor=by, action=action, target=post, before={"status": PostStatus.PENDING}, after=after)
    notify.decided(post, event, by=by)
    return post


def _verb(decision: str) -> str:
    return {Decision.APPROVE: "approved", Decision.REQUEST_CHANGES: "sent back", Decision.REJECT: "rejected"}[decision]


def approve(*, by, post: Post, note: str = "", seen: str | None = None) -> Post:
    """Approve exactly the current revision (its SHA-256). Nobody approves their own post (3xx.3), and no
    post is approved while a blocking finding of the screener stands unresolved on it (3xx.5).
    `seen`: the SHA-256 of the revision the approver read; another one current is a 409."""
    # Holds registered or released and rules changed since submission count now; the findings are kept
    # even if this approval is then refused (their own transaction).
    screening_services.refresh_pending(post)
    with transaction.atomic():
        locked = _may_decide_now(by, post, Decision.APPROVE)
        if blocking := list(screening_services.blocking_flags(locked.current_revision)):
            found = "; ".join(f"{flag.message}: \u201c{flag.excerpt}\u201d" for flag in blocking)
            raise InvalidTransition(
                locked,
                "approve",
                f"Post #{locked.pk} has unresolved blocking findings ({found}). A supervisor must override each "
                f"with a written justification ({locked.department.cite('prohibited')}), or the text be changed.",
            )
        return _decide_post(by, locked, Decision.APPROVE, note.strip(), PostStatus.APPROVED, "posts.approve", seen)


def _require_note(note: str) -> str:
    if not (note or "").strip():
        raise ValidationError({"note": ["Say what needs to change, so the author can act on it."]})
    return note.strip()


@transaction.atomic
def request_changes(*, by, post: Post, note: str, seen: str | None = None) -> Post:
    note = _require_note(note)
    post = _may_decide_now(by, post, Decision.REQUEST_CHANGES)
    return _decide_post(
        by, post, Decision.REQUEST_CHANGES, note, PostStatus.CHANGES_REQUESTED, "posts.request_changes", seen
    )


@transaction.atomic
def reject(*, by, post: Post, note: str, seen: str | None = None) -> Post:
    note = _require_note(note)
    post = _may_decide_now(by, post, Decision.REJECT)
    return _decide_post(by, post, Decision.REJECT, note, PostStatus.REJECTED, "posts.reject", seen)


def approved_decision(post: Post) -> ApprovalDecision | None:
    return (
        ApprovalDecision.objects.standing()
        .filter(post=post, decision=Decision.APPROVE)
        .select_related("revision")
        .order_by("-decided_at", "-id")
        .first()
    )


@approved_revision_source
def _approved_revision(post: Post):
    """What posts.publish asks (posts.hooks): the revision of the standing approval, and its SHA-256."""
    decision = approved_decision(post)
    return None if decision is None else (decision.revision_id, decision.sha256)


@on_edited_after_approval
def _void_approval(post: Post, by) -> None:
    """An edit after approval voids the approval (DESIGN.md lifecycle); posts calls this in the edit's
    transaction."""
    ApprovalDecision.objects.filter(post=post).standing().update(
        voided_at=timezone.now(), void_reason=f"Post edited by {by.display_name} after approval"
    )
