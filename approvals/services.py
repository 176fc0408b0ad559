"""Post requests through the chain of command (3xx.3)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from people.roles import Role
from posts import services as post_services
from socialgov.errors import InvalidTransition

from . import notify, permissions
from .choices import Approver, RequestStatus
from .models import ApprovalRule, PostRequest
from .rules import ALWAYS_SUPERVISOR


def _snapshot(request: PostRequest) -> dict:
    return {"status": request.status, "category": request.category, "supervisor": request.supervisor_id,
            "post": request.post_id, "decision_note": request.decision_note}


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
    request = PostRequest.objects.create(department=by.department, requester=by, supervisor=by.supervisor,
                                         category=category, summary=summary.strip())
    AuditEvent.record(actor=by, action="approvals.request.create", target=request, after=_snapshot(request))
    transaction.on_commit(lambda: notify.request_to_supervisor(request.pk))
    return request


def _lock(request: PostRequest) -> PostRequest:
    return PostRequest.objects.select_for_update().get(pk=request.pk)


def _decide(by, request: PostRequest, status: str, note: str, action: str) -> PostRequest:
    request = _lock(request)
    if request.status != RequestStatus.SUBMITTED:
        raise InvalidTransition(request, action.split(".")[-1], "This request has already been decided.")
    if not permissions.can(by, "decide", request):
        raise PermissionDenied("Only the requester's chain-of-command supervisor decides this request "
                               f"({request.department.cite('authorized_users')}).")
    before = _snapshot(request)
    request.status = status
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save()
    AuditEvent.record(actor=by, action=action, target=request, before=before, after=_snapshot(request))
    return request


@transaction.atomic
def forward(*, by, request: PostRequest, note: str = "") -> PostRequest:
    request = _decide(by, request, RequestStatus.FORWARDED, (note or "").strip(), "approvals.request.forward")
    transaction.on_commit(lambda: notify.request_forwarded(request.pk))
    return request


@transaction.atomic
def decline(*, by, request: PostRequest, note: str) -> PostRequest:
    if not (note or "").strip():
        raise ValidationError({"note": ["Tell the member why the request is declined."]})
    request = _decide(by, request, RequestStatus.DECLINED, note.strip(), "approvals.request.decline")
    transaction.on_commit(lambda: notify.requester(request.pk))
    return request


@transaction.atomic
def draft_from_request(*, by, request: PostRequest, accounts, body: str, category: str | None = None):
    """A PIO drafts a post from a forwarded request; the draft links back and the requester is told."""
    request = _lock(request)
    if request.status != RequestStatus.FORWARDED:
        raise InvalidTransition(request, "draft", "Only a forwarded request can be drafted.")
    if not permissions.can(by, "draft", request):
        raise PermissionDenied("Forwarded requests are drafted by a Public Information Officer "
                               f"({request.department.cite('authorized_users')}).")
    post = post_services.create_post(by=by, category=category or request.category, accounts=accounts, body=body)
    before = _snapshot(request)
    request.status = RequestStatus.DRAFTED
    request.post = post
    request.save(update_fields=["status", "post"])
    AuditEvent.record(actor=by, action="approvals.request.draft", target=request, before=before,
                      after=_snapshot(request))
    transaction.on_commit(lambda: notify.requester(request.pk))
    return post


def _rule_snapshot(rule: ApprovalRule) -> dict:
    return {"category": rule.category, "account": rule.account_id, "approver": rule.approver,
            "guideline": rule.guideline}


@transaction.atomic
def add_rule(*, by, approver: str, category: str = "", account=None, guideline: str = "") -> ApprovalRule:
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
    rule = ApprovalRule.objects.create(department=by.department, category=category, account=account,
                                       approver=approver, guideline=(guideline or "").strip(), created_by=by)
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
