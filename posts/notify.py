"""Who is told of a post's removal and of a member's report (3xx.5), through notifications.tell: Notification
rows written in the change's transaction, emailed after commit by the claimed delivery task (issue 11)."""

from django.urls import reverse

from notifications import services as notifications
from notifications.reminders import role_holders
from people.roles import Role


def removed(post, investigation, event, *, by) -> None:
    """The author learns their post was taken down; the supervisors and the chief, that an investigation of its
    cause is open (3xx.5). The member who removed it is not told of their own act."""
    cite = post.department.cite("prohibited")
    notifications.tell(
        key=f"posts.remove:{event.pk}",
        kind="posts.removed",
        department_id=post.department_id,
        recipients=[post.author],
        skip=by,
        subject=f"Post #{post.pk} was removed from public view",
        reason=f"{by.display_name} removed your post #{post.pk} from public view ({cite}): {post.status_note}",
        link=reverse("posts:detail", args=[post.pk]),
    )
    notifications.tell(
        key=f"posts.investigation.open:{event.pk}",
        kind="posts.investigation_opened",
        department_id=post.department_id,
        skip=by,
        recipients=[*role_holders(post.department_id, Role.SUPERVISOR), *role_holders(post.department_id, Role.CHIEF)],
        subject=f"Investigation #{investigation.pk} opened: post #{post.pk} removed",
        reason=f"Post #{post.pk} was removed from public view; the investigation of its cause stays open until a "
        f"supervisor records its resolution ({cite}).",
        link=reverse("posts:investigation", args=[investigation.pk]),
    )


def investigation_opened(investigation, event, *, by) -> None:
    """Content socialgov did not publish (found by capture, or reported) was removed: the supervisors and the chief
    learn an investigation of its cause is open (3xx.5)."""
    notifications.tell(
        key=f"posts.investigation.open:{event.pk}",
        kind="posts.investigation_opened",
        department_id=investigation.department_id,
        skip=by,
        recipients=[
            *role_holders(investigation.department_id, Role.SUPERVISOR),
            *role_holders(investigation.department_id, Role.CHIEF),
        ],
        subject=f"Investigation #{investigation.pk} opened: {investigation.subject} removed",
        reason=f"{by.display_name} removed {investigation.subject} from public view; the investigation of its cause "
        f"stays open until a supervisor records its resolution ({investigation.department.cite('prohibited')}).",
        link=reverse("posts:investigation", args=[investigation.pk]),
    )


def found_by_capture(report, event) -> None:
    """Content capture found on a department account that was never approved here, or a deletion made outside
    socialgov, goes to the supervisors at once (3xx.5(g))."""
    notifications.tell(
        key=f"posts.report.create:{event.pk}",
        kind="posts.report_filed",
        department_id=report.department_id,
        recipients=role_holders(report.department_id, Role.SUPERVISOR),
        subject="Capture found content that was not authorized here",
        reason=f"{report.description} ({report.department.cite('prohibited')})",
        link=reverse("posts:report", args=[report.pk]),
    )


def reported(report, event, *, by) -> None:
    """A member's report of unauthorized or inappropriate content goes to the supervisors (3xx.5)."""
    notifications.tell(
        key=f"posts.report.create:{event.pk}",
        kind="posts.report_filed",
        department_id=report.department_id,
        recipients=role_holders(report.department_id, Role.SUPERVISOR),
        skip=by,
        subject="Content reported as unauthorized or inappropriate",
        reason=f"{by.display_name} reported content ({report.department.cite('prohibited')}): {report.description}",
        link=reverse("posts:report", args=[report.pk]),
    )
