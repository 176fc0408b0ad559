"""Overrides of the screener's findings (3xx.5): a supervisor clears one finding with a written justification.

approvals owns the decisions on posts, and an override is one (docs/architecture.md): the browser view
(approvals.views.flag_override), the API (approvals.api.views.FlagOverrideView) and tests call override_flag.
Who may override is screening's door (`override_flag`), as the finding is screening's.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from audits.models import AuditEvent
from posts.choices import PostStatus
from screening import permissions as screening_permissions
from screening.models import Flag
from socialgov.errors import InvalidTransition

from .models import FlagOverride

# "At least a sentence" (3xx.5): enough words to say why, not a tick in a box.
MIN_JUSTIFICATION_WORDS = 4
MIN_JUSTIFICATION_CHARACTERS = 20


def _clean_justification(justification) -> str:
    text = " ".join(justification.split()) if isinstance(justification, str) else ""
    if len(re.findall(r"\w+", text)) < MIN_JUSTIFICATION_WORDS or len(text) < MIN_JUSTIFICATION_CHARACTERS:
        raise ValidationError(
            {
                "justification": [
                    "Explain in at least a sentence why this finding does not stop the post; the override is kept "
                    "with the post's record."
                ]
            }
        )
    return text


@transaction.atomic
def override_flag(*, by, flag: Flag, justification: str) -> FlagOverride:
    """A supervisor clears one finding with a written justification (3xx.5), recorded with who and when."""
    flag = Flag.objects.select_for_update().select_related("post", "revision", "department").get(pk=flag.pk)
    post = flag.post
    cite = flag.department.cite("prohibited") or flag.citation
    if flag.withdrawn_at is not None:
        raise InvalidTransition(flag, "override", "This finding was withdrawn: there is nothing to override.")
    if post.current_revision_id != flag.revision_id:
        raise InvalidTransition(
            flag,
            "override",
            "This finding is on an earlier revision of the post; override the findings on its current text.",
        )
    if FlagOverride.objects.filter(flag=flag).exists():
        raise InvalidTransition(flag, "override", "This finding is already overridden.")
    if post.status not in (PostStatus.DRAFT, PostStatus.PENDING, PostStatus.CHANGES_REQUESTED):
        raise InvalidTransition(
            flag,
            "override",
            f"Post #{post.pk} is {post.get_status_display().lower()}; findings are overridden before approval.",
        )
    screening_permissions.require(
        by, "override_flag", flag, f"Only a supervisor who did not write the post overrides a finding ({cite})."
    )
    text = _clean_justification(justification)
    override = FlagOverride.objects.create(flag=flag, justification=text, overridden_by=by)
    AuditEvent.record(
        actor=by,
        action="screening.flag.override",
        target=post,
        department=flag.department,
        before={"flag": flag.pk, "overridden": False},
        after={
            "flag": flag.pk,
            "overridden": True,
            "code": flag.code,
            "severity": flag.severity,
            "citation": flag.citation,
            "excerpt": flag.excerpt,
            "revision": flag.revision.number,
            "justification": text,
        },
    )
    return override
