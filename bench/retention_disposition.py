"""Benchmark: proposing and executing a disposition over 1,000,000 eligible records, 1% under a legal hold,
against the equivalent raw SQL DELETE (target: within 3 times its time).

The records are drafts never published, two years and more old (Oakley's schedule: destroy after 731
days), each with a revision and an account; a legal hold covers one account in a hundred, so 1% of the
records are held. Two runs over the same data:

- raw SQL: one statement that deletes the same records outright (the posts eligible and on no held
  account, with their revisions and account links, as data-modifying CTEs), the foreign-key checks
  forced at its end (SET CONSTRAINTS ALL IMMEDIATE), then rolled back so the data stay for
- the app: retention.disposition.propose, then approve by the custodian, which executes the batch
  (the Celery task, run inline): chunked transactions that re-check the holds, write a tombstone per
  record, delete it, advance the cursor and write an audit event, then the certificate of destruction
  (JSON of every record with its hashes, and PDF).

It runs on PostgreSQL (the target is PostgreSQL's) in a throwaway test database, test_<name>:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov python bench/retention_disposition.py [--records N]

Without a PostgreSQL DATABASE_URL it runs a small smoke version on SQLite and checks no target.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import retention_data  # noqa: E402

TARGET_RATIO = 3.0


def raw_delete(world, boundary, held_account_id) -> tuple[float, int, float]:
    """Delete the same records outright in one statement (PostgreSQL: data-modifying CTEs that all see one
    snapshot), check the foreign keys, roll back. Returns (seconds, posts deleted, seconds of the DELETE
    statement alone, before its foreign-key checks)."""
    from django.db import connection

    eligible = (
        "p.department_id = %s AND p.status NOT IN ('published', 'removed') AND p.created_at < %s "
        "AND NOT EXISTS (SELECT 1 FROM posts_post_accounts a WHERE a.post_id = p.id "
        "AND a.socialaccount_id = %s)"
    )
    params = [world.department.pk, boundary, held_account_id]
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(
                f"WITH doomed AS (DELETE FROM posts_post p WHERE {eligible} RETURNING p.id), "
                "revisions AS (DELETE FROM posts_postrevision WHERE post_id IN (SELECT id FROM doomed)), "
                "links AS (DELETE FROM posts_post_accounts WHERE post_id IN (SELECT id FROM doomed)) "
                "SELECT count(*) FROM doomed",
                params,
            )
            deleted = cursor.fetchone()[0]
            statement = time.perf_counter() - started
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks run here
        else:
            cursor.execute(f"CREATE TEMPORARY TABLE doomed AS SELECT p.id FROM posts_post p WHERE {eligible}", params)
            cursor.execute("DELETE FROM posts_postrevision WHERE post_id IN (SELECT id FROM doomed)")
            cursor.execute("DELETE FROM posts_post_accounts WHERE post_id IN (SELECT id FROM doomed)")
            cursor.execute("DELETE FROM posts_post WHERE id IN (SELECT id FROM doomed)")
            deleted = cursor.rowcount
            statement = time.perf_counter() - started
        elapsed = time.perf_counter() - started
        cursor.execute("ROLLBACK")
    return elapsed, deleted, statement


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=int(os.environ.get("BENCH_RETENTION_RECORDS", 0)) or None)
    args = parser.parse_args()
    postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    records = args.records or (1_000_000 if postgres else 20_000)

    with tempfile.TemporaryDirectory(prefix="socialgov-bench-") as scratch:
        retention_data.setup(scratch)
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases
        from django.utils import timezone

        from retention import disposition, services
        from retention.choices import BatchStatus
        from retention.models import RecordSeries, Tombstone
        from tests.retention.conftest import with_authority

        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            world = retention_data.make_world()
            started = time.perf_counter()
            retention_data.make_old_drafts(world, records)
            held_account = world.accounts[0]
            services.place_hold(
                by=world.custodian, matter="Smith v. City of Oakley", reason="Litigation", accounts=[held_account]
            )
            retention_data.analyze()
            print(
                f"retention disposition benchmark on {connection.vendor}: {records:,} eligible records, "
                f"1% under a legal hold (made in {time.perf_counter() - started:.1f} s)"
            )

            schedule = RecordSeries.objects.get(department=world.department, key="unpublished_drafts").schedule
            boundary = schedule.boundary(timezone.localdate())
            raw_seconds, raw_deleted, raw_statement = raw_delete(world, boundary, held_account.pk)
            retention_data.analyze()

            started = time.perf_counter()
            batch = disposition.propose(department=world.department)
            proposed = time.perf_counter() - started
            with_authority(batch)  # the resolution, counsel's consent and the sign-off (issue 16.4)
            disposition.approve(by=world.custodian, batch=batch)  # executes it (the task, run inline)
            app_seconds = time.perf_counter() - started
            executed = app_seconds - proposed

            batch.refresh_from_db()
            assert batch.status == BatchStatus.COMPLETED, batch.status
            held = records // retention_data.ACCOUNTS
            assert batch.record_count == raw_deleted == records - held, (batch.record_count, raw_deleted)
            assert batch.held_count == held and batch.disposed_count == records - held
            assert Tombstone.objects.filter(batch=batch).count() == records - held
            certificate = batch.certificate

            ratio = app_seconds / raw_seconds
            print(
                f"  {'raw SQL DELETE (same records, FK checks, rolled back)':<56} {raw_seconds:>8.2f} s  "
                f"{raw_deleted:>9,} posts"
            )
            print(
                f"  {'  of which the DELETE statement / its foreign-key checks':<56} {raw_statement:>8.2f} s  "
                f"{raw_seconds - raw_statement:>8.2f} s"
            )
            print(f"  {'propose (count, holds, exclusions)':<56} {proposed:>8.2f} s  {batch.record_count:>9,} records")
            print(f"  {'approve + execute + certificate':<56} {executed:>8.2f} s  {batch.disposed_count:>9,} disposed")
            print(
                f"  {'propose and execute, in all':<56} {app_seconds:>8.2f} s  "
                f"{batch.disposed_count / app_seconds:>9,.0f} records/s"
            )
            print(f"  certificate JSON {certificate.json_file.size / 1e6:.0f} MB, SHA-256 {certificate.json_sha256}")
            print(f"  ratio to the raw DELETE: {ratio:.2f} (target: at most {TARGET_RATIO:.0f})")
            if postgres and ratio > TARGET_RATIO:
                print(f"FAILED: {ratio:.2f} times the raw DELETE, over the target of {TARGET_RATIO:.0f}")
                sys.exit(1)
            if not postgres:
                print("  (SQLite smoke run: the target is PostgreSQL's; set DATABASE_URL to check it)")
        finally:
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
