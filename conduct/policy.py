"""The policy text members acknowledge, versioned from the department's pack (issue 15.1).

The text is the pack's source (`[conduct] policy_source` in the pack, else the source file named for its
slug, in socialgov/policy_packs/sources/). A text whose hash differs from the latest version's is a new
version, effective the day it is found: a new round of acknowledgments.
"""

import difflib
from datetime import date

from django.db import transaction
from django.utils import timezone

from audits.models import AuditEvent
from socialgov.policy_packs import PACK_DIR

from .models import PolicyAcknowledgment, PolicyVersion, sha256_text

SOURCES = PACK_DIR / "sources"


def conduct_settings(department) -> dict:
    return department.policy.get("conduct", {})


def source_of(department) -> tuple[str, str]:
    """(file name, text) of the department's policy text."""
    name = conduct_settings(department).get("policy_source")
    if not name:
        matches = sorted(SOURCES.glob(f"{department.slug}-*.txt")) or sorted(SOURCES.glob(f"{department.slug}.txt"))
        if not matches:
            raise LookupError(f"No policy text for {department.slug!r} in {SOURCES}.")
        name = matches[0].name
    return name, (SOURCES / name).read_text(encoding="utf-8")


@transaction.atomic
def sync_version(
    department, *, text: str | None = None, source: str | None = None, effective_on: date | None = None
) -> tuple[PolicyVersion, bool]:
    """Make the pack's current text the department's latest version; (version, whether it is new)."""
    if text is None:
        source, text = source_of(department)
    digest = sha256_text(text)
    latest = PolicyVersion.objects.select_for_update().filter(department=department).order_by("-version").first()
    if latest is not None and latest.sha256 == digest:
        return latest, False
    version = PolicyVersion.objects.create(
        department=department,
        version=(latest.version + 1) if latest else 1,
        text=text,
        sha256=digest,
        source=source or "",
        effective_on=effective_on or timezone.localdate(),
    )
    AuditEvent.record(
        actor=None,
        action="conduct.policy_version.create",
        target=version,
        department=department,
        after={
            "version": version.version,
            "sha256": digest,
            "source": version.source,
            "effective_on": version.effective_on,
        },
    )
    return version, True


def current_version(department, on: date | None = None) -> PolicyVersion | None:
    on = on or timezone.localdate()
    return PolicyVersion.objects.filter(department=department, effective_on__lte=on).order_by("-version").first()


def last_acknowledged(member) -> PolicyAcknowledgment | None:
    return (
        PolicyAcknowledgment.objects.filter(member=member)
        .select_related("version")
        .order_by("-version__version")
        .first()
    )


def shown_to(member, version: PolicyVersion) -> tuple[str, str]:
    """What the member is shown to sign: ("changes", a summary of the changes since the version they last
    acknowledged) or ("text", the whole text) for a member who never signed one."""
    last = last_acknowledged(member)
    if last is None or last.version_id == version.pk or last.version.version > version.version:
        return "text", version.text
    diff = difflib.unified_diff(
        last.version.text.splitlines(),
        version.text.splitlines(),
        fromfile=f"version {last.version.version}",
        tofile=f"version {version.version}",
        lineterm="",
        n=1,
    )
    return "changes", "\n".join(diff)


def needs_acknowledgment(member, on: date | None = None) -> PolicyVersion | None:
    """The version in force the member has not signed, or None."""
    if not getattr(member, "is_authenticated", False) or member.department_id is None or not member.is_active:
        return None
    version = current_version(member.department, on)
    if version is None or PolicyAcknowledgment.objects.filter(member=member, version=version).exists():
        return None
    return version


def pending_since(member, version: PolicyVersion) -> date:
    """Since when the member owes the acknowledgment: the version's effective day, or their first day (a new
    member acknowledges on day one)."""
    joined = timezone.localdate(member.date_joined)
    return max(version.effective_on, joined)
