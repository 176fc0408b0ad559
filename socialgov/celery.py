"""The Celery app. Every periodic schedule lives in BEAT_SCHEDULE below (STYLE.md §5)."""

import os
from datetime import timedelta

from celery import Celery
from celery.schedules import crontab
from django.conf import settings
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")

# Task options every app uses (STYLE.md §5; issue 19.3, 19.4).
# A task that loses the database is tried again with backoff (the database rolled back its transaction).
DATABASE_RETRIES = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "max_retries": 10,
}
# Work that must not be lost: acknowledged only when done, and handed back to the broker if its worker dies
# (Celery's guidance for idempotent tasks; every task here is safe to run twice).
MUST_NOT_BE_LOST = {"acks_late": True, "reject_on_worker_lost": True}

app = Celery("socialgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One schedule table for the whole product. django-celery-beat's
# DatabaseScheduler copies these entries into its tables at start-up.
BEAT_SCHEDULE = {
    # The outbox (socialgov.outbox): whatever a change asked for while the broker was down is sent once it is
    # back. Its run is also the beat tick /healthz reports.
    "socialgov.dispatch-outbox": {
        "task": "socialgov.tasks.dispatch_outbox_task",
        "schedule": timedelta(seconds=15),
    },
    # Scheduled posts go out at their publish-at time (DESIGN.md lifecycle: approved -> scheduled -> published).
    "posts.publish-scheduled": {
        "task": "posts.tasks.publish_scheduled_posts_task",
        "schedule": timedelta(minutes=1),
    },
    # Records past retention that no legal hold covers are proposed for disposition (3xx.7).
    "retention.propose-dispositions": {
        "task": "retention.tasks.propose_dispositions_task",
        "schedule": crontab(hour=2, minute=30),
    },
    # Approved batches no task took, and batches whose worker died, are handed to a worker again.
    "retention.resume-dispositions": {
        "task": "retention.tasks.resume_dispositions_task",
        "schedule": timedelta(minutes=5),
    },
    # Reminders (notifications.reminders): reviews due, authorizations and training expiring, approvals waiting,
    # investigations left open. Hourly, since an approval's limit is counted in hours; each due event is
    # told once however often this runs.
    "notifications.send-reminders": {
        "task": "notifications.tasks.send_reminders_task",
        "schedule": crontab(minute=7),
    },
    # Every connected account is read: its posts, their versions and deletions (platforms.capture).
    "platforms.capture-all": {
        "task": "platforms.tasks.capture_all_task",
        "schedule": settings.CAPTURE_INTERVAL,
    },
    # Members' permissions (general policy V.A.3, V.A.8, V.A.9, IV.B.3, IV.B.5) end on their expiry date, and a
    # changed policy text in a pack starts a new round of acknowledgments (conduct, issue 15).
    "conduct.expire-permissions": {
        "task": "conduct.tasks.expire_permissions_task",
        "schedule": crontab(hour=0, minute=15),
    },
    "conduct.sync-policy-versions": {
        "task": "conduct.tasks.sync_policy_versions_task",
        "schedule": crontab(hour=0, minute=5),
    },
    # Audit events left pending when a writer's request for a sequencing pass was lost (audits.sequencer): a
    # process that died between its commit and the request, a broker that did not answer for a moment.
    "audits.sequence-events": {
        "task": "audits.tasks.sequence_audit_events_task",
        "schedule": settings.AUDIT_SEQUENCE_INTERVAL,
    },
    # The chain head signed with a key the database does not hold (audits.checkpoints).
    "audits.sign-checkpoint": {
        "task": "audits.tasks.sign_checkpoint_task",
        "schedule": settings.AUDIT_CHECKPOINT_INTERVAL,
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
