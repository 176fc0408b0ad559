"""Thin tasks (STYLE.md §5): take ids, call the service. Schedules are in socialgov/celery.py."""

from celery import shared_task

from people.models import Department
from socialgov.celery import DATABASE_RETRIES, MUST_NOT_BE_LOST

from . import disposition, exports
from .choices import ExportStatus


@shared_task(**DATABASE_RETRIES, soft_time_limit=540, time_limit=600)
def propose_dispositions_task() -> list[int]:
    """Daily: propose a disposition batch for every department with records past retention."""
    proposed = []
    for department in Department.objects.order_by("pk"):
        batch = disposition.propose(department=department)
        if batch is not None:
            proposed.append(batch.pk)
    return proposed


@shared_task(**DATABASE_RETRIES, **MUST_NOT_BE_LOST, soft_time_limit=280, time_limit=300)
def execute_batch_task(batch_id: int, chunk_size: int | None = None) -> str:
    """Execute an approved batch, or carry on with one whose worker died. A large batch hands the rest to a
    fresh task before the time limit; every chunk is its own transaction, so nothing is done twice."""
    result = disposition.execute(batch_id, chunk_size=chunk_size)
    if result == "continue":
        execute_batch_task.delay(batch_id, chunk_size)
    return result


@shared_task(**DATABASE_RETRIES, soft_time_limit=50, time_limit=60)
def resume_dispositions_task() -> list[int]:
    """Every few minutes: hand approved batches no task took, and batches whose worker died, to a worker."""
    batch_ids = disposition.batches_to_resume()
    for batch_id in batch_ids:
        execute_batch_task.delay(batch_id)
    # Exports whose worker died mid-write (their lease lapsed) are written again (issue 19.4).
    for export_id in exports.claimable().filter(status=ExportStatus.RUNNING).values_list("pk", flat=True):
        run_export_task.delay(export_id)
    return batch_ids


@shared_task(**DATABASE_RETRIES, **MUST_NOT_BE_LOST, soft_time_limit=1700, time_limit=1800)
def run_export_task(export_id: int) -> str:
    return exports.run_export(export_id)
