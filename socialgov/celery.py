"""The Celery app. Every periodic schedule lives in BEAT_SCHEDULE below (STYLE.md §5)."""

import os
from datetime import timedelta

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")

app = Celery("socialgov")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# One schedule table for the whole product. django-celery-beat's
# DatabaseScheduler copies these entries into its tables at start-up.
BEAT_SCHEDULE = {
    "people.expire-authorizations": {
        "task": "people.tasks.sync_lapsed_authorizations_task",
        "schedule": timedelta(minutes=15),
    },
}
app.conf.beat_schedule = BEAT_SCHEDULE
