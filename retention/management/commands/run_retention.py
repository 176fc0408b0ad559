"""`manage.py run_retention`: what the daily disposition job does, from the shell (3xx.7).

With no options it proposes a batch for every department that has records past retention (as
Celery beat does daily) and executes every approved batch, carrying on with any a worker left
unfinished. `--execute BATCH` executes one batch; `--propose` only proposes; `--department SLUG`
limits it to one department.
"""

from django.core.management.base import BaseCommand, CommandError

from people.models import Department
from retention import disposition
from retention.choices import BatchStatus
from retention.models import DispositionBatch


class Command(BaseCommand):
    help = "Propose disposition batches of records past retention, and execute approved ones."

    def add_arguments(self, parser):
        parser.add_argument("--department", help="Only this department (its policy pack's slug).")
        parser.add_argument("--propose", action="store_true", help="Only propose batches; execute nothing.")
        parser.add_argument("--execute", type=int, metavar="BATCH", help="Only execute (or resume) this batch.")
        parser.add_argument("--chunk-size", type=int, default=None, help="Records per transaction.")

    def handle(self, *args, department=None, propose=False, execute=None, chunk_size=None, **options):
        departments = Department.objects.order_by("pk")
        if department:
            departments = departments.filter(slug=department)
            if not departments.exists():
                raise CommandError(f"No department {department!r}.")
        if execute is not None:
            batch = DispositionBatch.objects.filter(pk=execute, department__in=departments).first()
            if batch is None:
                raise CommandError(f"No disposition batch #{execute}.")
            self._execute(batch.pk, chunk_size)
            return
        for dept in departments:
            batch = disposition.propose(department=dept)
            if batch is None:
                self.stdout.write(f"{dept}: nothing to propose")
            else:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{dept}: proposed {batch} of {batch.record_count} records "
                        f"({batch.held_count} held back by legal holds); it awaits the records custodian."
                    )
                )
        if propose:
            return
        ready = DispositionBatch.objects.filter(
            department__in=departments, status__in=[BatchStatus.APPROVED, BatchStatus.EXECUTING]
        )
        for batch_id in ready.order_by("pk").values_list("pk", flat=True):
            self._execute(batch_id, chunk_size)

    def _execute(self, batch_id: int, chunk_size: int | None) -> None:
        result = "continue"
        while result == "continue":
            result = disposition.execute(batch_id, chunk_size=chunk_size)
        batch = DispositionBatch.objects.get(pk=batch_id)
        if result == "completed":
            self.stdout.write(
                self.style.SUCCESS(
                    f"{batch}: {batch.disposed_count} records disposed of, {batch.skipped_count} held back; "
                    f"certificate SHA-256 {batch.certificate.json_sha256}"
                )
            )
        else:
            self.stdout.write(f"{batch}: {result}")
