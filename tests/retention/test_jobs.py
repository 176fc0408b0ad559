"""The Celery jobs and `manage.py run_retention` (§322.7): daily proposals and resuming stalled batches."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from retention import disposition
from retention.choices import BatchStatus
from retention.models import DispositionBatch
from retention.tasks import propose_dispositions_task, resume_dispositions_task
from socialgov.celery import BEAT_SCHEDULE

from .conftest import make_posts, with_authority

pytestmark = pytest.mark.django_db


def test_beat_proposes_daily_and_resumes_every_few_minutes():
    assert BEAT_SCHEDULE["retention.propose-dispositions"]["task"] == "retention.tasks.propose_dispositions_task"
    schedule = BEAT_SCHEDULE["retention.propose-dispositions"]["schedule"]
    assert schedule.hour == {2} and schedule.minute == {30}
    assert BEAT_SCHEDULE["retention.resume-dispositions"]["schedule"] == timedelta(minutes=5)


def test_daily_job_proposes_for_each_department_with_records_past_retention(
    department, other_department, pio, records_account
):
    make_posts(department, pio, [records_account], 2)
    batch_ids = propose_dispositions_task.apply().get()
    assert [DispositionBatch.objects.get(pk=pk).department for pk in batch_ids] == [department]
    # The next day, with the batch still awaiting the custodian, nothing new is proposed.
    assert propose_dispositions_task.apply().get() == []


def test_resume_job_hands_stalled_batches_to_a_worker(department, custodian, pio, records_account):
    posts = make_posts(department, pio, [records_account], 5)
    batch = disposition.propose(department=department)
    with_authority(batch)
    disposition.approve(by=custodian, batch=batch)  # its task is lost (not run in this test's transaction)
    assert disposition.execute(batch.pk, chunk_size=2, time_budget=-1) == "continue"  # then its worker dies
    assert resume_dispositions_task.apply().get() == []  # a worker may still be on it
    DispositionBatch.objects.filter(pk=batch.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    assert resume_dispositions_task.apply().get() == [batch.pk]  # and the inline task finished it
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMPLETED and batch.disposed_count == len(posts)


def test_resume_job_picks_up_an_approved_batch_no_task_took(department, custodian, pio, records_account):
    make_posts(department, pio, [records_account], 2)
    batch = disposition.propose(department=department)
    with_authority(batch)
    disposition.approve(by=custodian, batch=batch)
    DispositionBatch.objects.filter(pk=batch.pk).update(decided_at=timezone.now() - timedelta(minutes=30))
    assert resume_dispositions_task.apply().get() == [batch.pk]
    assert DispositionBatch.objects.get(pk=batch.pk).status == BatchStatus.COMPLETED


def test_run_retention_options(department, other_department, custodian, pio, records_account, capsys):
    make_posts(department, pio, [records_account], 2)
    call_command("run_retention", "--propose", "--department", "azusa")
    assert "Azusa Police Department: nothing to propose" in capsys.readouterr().out
    call_command("run_retention", "--propose")
    out = capsys.readouterr().out
    assert "proposed Disposition batch" in out and "awaits the records custodian" in out
    batch = DispositionBatch.objects.get()
    assert batch.status == BatchStatus.PROPOSED
    call_command("run_retention", "--execute", str(batch.pk))
    assert f"Disposition batch #{batch.pk}: nothing to do: proposed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="No department 'hogwarts'"):
        call_command("run_retention", "--department", "hogwarts")
    with pytest.raises(CommandError, match="No disposition batch #999"):
        call_command("run_retention", "--execute", "999")
