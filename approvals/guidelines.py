"""The chief's content guidelines (3xx.3; issue 16.3): what strictly conforms, and the services that write them.

"The Chief of Police may develop specific guidelines identifying the type of content that may be posted. Any
content that does not strictly conform to the guidelines should be approved by a supervisor prior to posting."

A guideline (one per category) is text the author reads in the editor, with conditions: which accounts, no media
or only media the chief approved, and templates with named fields for recurring posts. A post strictly conforms
when it meets the conditions and was either written from one of the guideline's templates with only its fields
filled in, or attested by its author to strictly conform (on its current revision). `verdict` answers that, and
approvals.rules asks it: a conforming post may be approved by any other authorized member; anything else, and
anything the screener flagged, needs a supervisor.

The chief's older approval rules (ApprovalRule: any authorized member for a category and account) still apply to
a category the chief has written no guideline for; once there is one, the guideline decides.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audits.models import AuditEvent
from people.models import Authorization
from people.roles import Role
from posts import permissions as post_permissions
from posts import services as post_services
from posts.models import MediaAttachment, PostRevision, SocialAccount
from socialgov import limits
from socialgov.errors import InvalidTransition

from .choices import ConformanceBasis, GuidelineMedia
from .models import Conformance, Guideline, PostTemplate, template_fields

MISSING = object()


@dataclass(frozen=True)
class Verdict:
    """Whether a post strictly conforms to its category's guideline. `applies`: the chief wrote one; `why`: why
    not (empty when it conforms); `record`: what the decision record keeps when it conforms."""

    applies: bool
    conforms: bool = False
    why: str = ""
    record: dict = field(default_factory=dict)


def _cite(department) -> str:
    return department.cite("authorized_users") or "§3xx.3"


def guideline_for(department_id: int, category: str) -> Guideline | None:
    return (
        Guideline.objects.filter(department_id=department_id, category=category)
        .prefetch_related("accounts", "approved_media")
        .first()
    )


def verdict(post, *, guideline=MISSING, claim=MISSING, media_ids=None) -> Verdict:
    """Whether the post's current revision strictly conforms to its category's guideline (3xx.3). A list gives
    each post's guideline, claim and media ids (verdicts) so that it asks a fixed number of queries."""
    if guideline is MISSING:
        guideline = guideline_for(post.department_id, post.category)
    if guideline is None:
        return Verdict(applies=False)
    cite = _cite(post.department)
    revision = post.current_revision
    if revision is None:
        return Verdict(applies=True, why="It has no text yet.")
    allowed = {account.pk for account in guideline.accounts.all()}
    if allowed and (outside := [str(a) for a in post.accounts.all() if a.pk not in allowed]):
        return Verdict(
            applies=True, why=f"It goes to accounts the chief's guideline does not name ({cite}): {', '.join(outside)}."
        )
    if media_ids is None:
        media_ids = set(revision.media.values_list("pk", flat=True))
    if media_ids and guideline.media == GuidelineMedia.NONE:
        return Verdict(applies=True, why=f"It carries media; the chief's guideline allows none ({cite}).")
    if media_ids - {media.pk for media in guideline.approved_media.all()}:
        return Verdict(applies=True, why=f"It carries media the chief has not approved in the guideline ({cite}).")
    if claim is MISSING:
        claim = Conformance.objects.filter(post_id=post.pk).select_related("template").first()
    if claim is not None and claim.template_id:
        template = claim.template
        if template.guideline_id != guideline.pk:
            return Verdict(applies=True, why="It was written from a template of another category's guideline.")
        if template.retired_at:
            return Verdict(applies=True, why=f"The chief retired its template \u201c{template.name}\u201d ({cite}).")
        if template.render(claim.fields) != revision.body:
            return Verdict(
                applies=True,
                why=(
                    f"Its text departs from the template \u201c{template.name}\u201d: a free-text change to the "
                    f"template's text does not strictly conform to the chief's guideline, so a supervisor approves it "
                    f"({cite})."
                ),
            )
        return Verdict(
            applies=True,
            conforms=True,
            record={
                "basis": ConformanceBasis.TEMPLATE,
                "guideline": guideline.pk,
                "template": template.pk,
                "template_name": template.name,
                "fields": claim.fields,
                "citation": cite,
            },
        )
    if claim is not None and claim.attested_sha256:
        if claim.attested_sha256 != revision.sha256:
            return Verdict(
                applies=True,
                why=f"Its author attested an earlier revision; revision {revision.number} "
                f"was not attested to strictly conform ({cite}).",
            )
        return Verdict(
            applies=True,
            conforms=True,
            record={
                "basis": ConformanceBasis.ATTESTED,
                "guideline": guideline.pk,
                "attested_by": claim.attested_by_id,
                "attested_at": claim.attested_at.isoformat(),
                "sha256": claim.attested_sha256,
                "attestation": f"The author attests that revision {revision.number} strictly conforms to the chief's "
                f"guideline ({cite}).",
                "citation": cite,
            },
        )
    return Verdict(
        applies=True,
        why=(
            f"It was neither written from one of the guideline's templates nor attested by its author to strictly "
            f"conform to the chief's guideline ({cite})."
        ),
    )


def verdicts(posts, department_id: int) -> dict[int, Verdict]:
    """`verdict` for each post of a list (the queue, the work list): one query for the guidelines (two more for
    their accounts and media when there are any), and, when a post's category has one, one for the claims and
    one for the revisions' media. The posts come with their current revision and accounts."""
    guidelines = {
        g.category: g
        for g in Guideline.objects.filter(department_id=department_id).prefetch_related("accounts", "approved_media")
    }
    found = {}
    relevant = [post for post in posts if post.category in guidelines and post.current_revision_id]
    claims, media = {}, {}
    if relevant:
        claims = {
            c.post_id: c
            for c in Conformance.objects.filter(post__in=[p.pk for p in relevant]).select_related("template")
        }
        through = PostRevision.media.through.objects.filter(
            postrevision_id__in=[p.current_revision_id for p in relevant]
        )
        for revision_id, media_id in through.values_list("postrevision_id", "mediaattachment_id"):
            media.setdefault(revision_id, set()).add(media_id)
    for post in posts:
        guideline = guidelines.get(post.category)
        found[post.pk] = (
            verdict(
                post,
                guideline=guideline,
                claim=claims.get(post.pk),
                media_ids=media.get(post.current_revision_id, set()),
            )
            if guideline
            else Verdict(False)
        )
    return found


# -- who reads and writes them -----------------------------------------------------------------------------------


def visible(member, queryset):
    """The chief and supervisors read every guideline of the department; other members those that apply to them:
    a guideline for every account, or one naming an account they hold a current authorization for (3xx.3)."""
    if not member.is_authenticated or member.department_id is None:
        return queryset.none()
    queryset = queryset.filter(department_id=member.department_id)
    if member.has_role(Role.CHIEF, Role.SUPERVISOR):
        return queryset
    held = Authorization.objects.current().filter(member=member).values("accounts")
    applying = Guideline.objects.filter(Q(accounts__isnull=True) | Q(accounts__in=held)).values("pk")
    return queryset.filter(pk__in=applying)


def may_write(member) -> bool:
    """Only the chief writes the content guidelines (3xx.3)."""
    return member.is_authenticated and member.has_role(Role.CHIEF)


def _require_chief(by) -> None:
    if not may_write(by):
        raise PermissionDenied(f"The chief of police writes the content guidelines ({_cite(by.department)}).")


def _snapshot(guideline: Guideline) -> dict:
    return {
        "category": guideline.category,
        "text": guideline.text,
        "media": guideline.media,
        "accounts": sorted(a.pk for a in guideline.accounts.all()),
        "approved_media": sorted(m.pk for m in guideline.approved_media.all()),
    }


def _clean(by, *, category, text, accounts, media, approved_media) -> None:
    department = by.department
    errors = {}
    if category not in [c["key"] for c in department.categories]:
        errors["category"] = [f"Choose one of the authorized categories ({department.cite('authorized_content')})."]
    if not (text or "").strip():
        errors["text"] = ["Write the guideline authors will read."]
    elif len(text) > limits.TEXT:
        errors["text"] = [f"Keep the guideline to {limits.TEXT:,} characters."]
    if any(account.department_id != department.pk for account in accounts):
        errors["accounts"] = ["Choose only your department's accounts."]
    if media not in GuidelineMedia.values:
        errors["media"] = [f"Choose one of: {', '.join(GuidelineMedia.values)}."]
    if any(item.department_id != department.pk for item in approved_media):
        errors["approved_media"] = ["Choose only your department's media."]
    elif approved_media and media == GuidelineMedia.NONE:
        errors["approved_media"] = ["The guideline allows no media; choose \u201conly approved media\u201d first."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def write(
    *, by, category: str, text: str, accounts=(), media: str = GuidelineMedia.NONE, approved_media=()
) -> Guideline:
    """The chief writes the guideline for a category (3xx.3); one per category."""
    _require_chief(by)
    accounts, approved_media = list(accounts), list(approved_media)
    _clean(by, category=category, text=text, accounts=accounts, media=media, approved_media=approved_media)
    if Guideline.objects.filter(department=by.department, category=category).exists():
        raise ValidationError({"category": ["There is a guideline for this category already; change that one."]})
    guideline = Guideline.objects.create(
        department=by.department, category=category, text=text.strip(), media=media, written_by=by
    )
    guideline.accounts.set(accounts)
    guideline.approved_media.set(approved_media)
    AuditEvent.record(actor=by, action="approvals.guideline.write", target=guideline, after=_snapshot(guideline))
    return guideline


@transaction.atomic
def change(
    *, by, guideline: Guideline, text: str | None = None, accounts=None, media: str | None = None, approved_media=None
) -> Guideline:
    """The chief changes a guideline's text or conditions; posts are judged by it as it stands when decided."""
    _require_chief(by)
    guideline = Guideline.objects.select_for_update().get(pk=guideline.pk)
    if guideline.department_id != by.department_id:
        raise PermissionDenied(f"The chief of police writes the content guidelines ({_cite(by.department)}).")
    before = _snapshot(guideline)
    text = guideline.text if text is None else text
    accounts = list(guideline.accounts.all()) if accounts is None else list(accounts)
    media = guideline.media if media is None else media
    approved_media = list(guideline.approved_media.all()) if approved_media is None else list(approved_media)
    _clean(by, category=guideline.category, text=text, accounts=accounts, media=media, approved_media=approved_media)
    guideline.text, guideline.media, guideline.written_by = text.strip(), media, by
    guideline.save()
    guideline.accounts.set(accounts)
    guideline.approved_media.set(approved_media)
    after = _snapshot(guideline)
    if after != before:
        AuditEvent.record(actor=by, action="approvals.guideline.change", target=guideline, before=before, after=after)
    return guideline


@transaction.atomic
def add_template(*, by, guideline: Guideline, name: str, text: str) -> PostTemplate:
    """The chief adds a template with named fields for a recurring post (3xx.3), e.g. a traffic alert."""
    _require_chief(by)
    if guideline.department_id != by.department_id:
        raise PermissionDenied(f"The chief of police writes the content guidelines ({_cite(by.department)}).")
    errors = {}
    if not (name or "").strip():
        errors["name"] = ["Name the template, e.g. \u201cRoad closure\u201d."]
    elif len(name) > 200:
        errors["name"] = ["Keep the name to 200 characters."]
    if not (text or "").strip():
        errors["text"] = ["Write the template's text, with its fields in braces: {road} is closed until {time}."]
    elif len(text) > limits.POST:
        errors["text"] = [f"Keep the template to {limits.POST:,} characters."]
    else:
        try:
            if not template_fields(text):
                errors["text"] = ["Name at least one field in braces, e.g. {road}."]
        except ValueError as error:
            errors["text"] = [str(error)]
    if errors:
        raise ValidationError(errors)
    template = PostTemplate.objects.create(guideline=guideline, name=name.strip(), text=text, created_by=by)
    AuditEvent.record(
        actor=by,
        action="approvals.template.add",
        target=template,
        after={"guideline": guideline.pk, "name": template.name, "text": template.text},
    )
    return template


@transaction.atomic
def retire_template(*, by, template: PostTemplate) -> PostTemplate:
    """The chief retires a template; posts written from it no longer strictly conform by it."""
    _require_chief(by)
    template = PostTemplate.objects.select_for_update().select_related("guideline").get(pk=template.pk)
    if template.guideline.department_id != by.department_id:
        raise PermissionDenied(f"The chief of police writes the content guidelines ({_cite(by.department)}).")
    if template.retired_at:
        raise InvalidTransition(template, "retire", f"The template \u201c{template.name}\u201d is already retired.")
    template.retired_at = timezone.now()
    template.save(update_fields=["retired_at"])
    AuditEvent.record(
        actor=by,
        action="approvals.template.retire",
        target=template,
        before={"retired_at": None},
        after={"retired_at": template.retired_at},
    )
    return template


def clean_fields(template: PostTemplate, fields) -> dict[str, str]:
    """The template's fields as filled in: every one, and no other (400 naming `fields`)."""
    if not isinstance(fields, dict):
        raise ValidationError({"fields": ["Give the template's fields as names and values."]})
    names = template.field_names
    errors = []
    if unknown := sorted(set(fields) - set(names)):
        errors.append(f"The template has no field {', '.join(unknown)}.")
    if missing := [name for name in names if not str(fields.get(name) or "").strip()]:
        errors.append(f"Fill in: {', '.join(missing)}.")
    if any(len(str(value)) > limits.NOTE for value in fields.values()):
        errors.append(f"Keep each field to {limits.NOTE:,} characters.")
    if errors:
        raise ValidationError({"fields": [" ".join(errors)]})
    return {name: str(fields[name]).strip() for name in names}


@transaction.atomic
def draft_from_template(*, by, template: PostTemplate, accounts, fields, incident=None, publish_at=None):
    """An authorized member drafts a post from a template with only its fields filled in (3xx.3): the post
    carries the template and its fields, and strictly conforms as long as its text is the template's."""
    template = PostTemplate.objects.select_related("guideline").get(pk=template.pk)
    if template.retired_at:
        raise InvalidTransition(template, "draft", f"The chief retired the template \u201c{template.name}\u201d.")
    fields = clean_fields(template, fields)
    post = post_services.create_post(
        by=by,
        category=template.guideline.category,
        accounts=list(accounts),
        body=template.render(fields),
        incident=incident,
        publish_at=publish_at,
    )
    Conformance.objects.create(post=post, template=template, fields=fields)
    AuditEvent.record(
        actor=by,
        action="approvals.conformance.template",
        target=post,
        after={"template": template.pk, "template_name": template.name, "fields": fields},
    )
    return post


def attest(*, by, post) -> Conformance:
    """The post's author attests that its current revision strictly conforms to the chief's guideline (3xx.3).
    Called inside submit's transaction (approvals.services.submit), which records it with the submission."""
    cite = _cite(post.department)
    if by.pk != post.author_id:
        raise ValidationError(
            {"attests_conformance": [f"Only the post's author attests that it strictly conforms ({cite})."]}
        )
    if guideline_for(post.department_id, post.category) is None:
        raise ValidationError(
            {
                "attests_conformance": [
                    f"The chief has written no guideline for this category; there is nothing to attest to ({cite})."
                ]
            }
        )
    claim, _created = Conformance.objects.get_or_create(post=post)
    claim.attested_by = by
    claim.attested_at = timezone.now()
    claim.attested_sha256 = post.current_revision.sha256
    claim.save()
    return claim


def accounts_for(guideline: Guideline, member):
    """The accounts a member may draft to under the guideline: its accounts (or all), approved, and theirs."""
    accounts = SocialAccount.objects.filter(department_id=guideline.department_id, approved_at__isnull=False)
    named = list(guideline.accounts.values_list("pk", flat=True))
    if named:
        accounts = accounts.filter(pk__in=named)
    return [a for a in post_permissions.visible(member, accounts) if post_permissions.authorized_for_all(member, [a])]


def department_media(department):
    return MediaAttachment.objects.filter(department=department).order_by("-created_at")
