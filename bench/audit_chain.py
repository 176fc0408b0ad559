"""Benchmark: how fast the audit trail is written and verified.

Writes N events with AuditEvent.record (one transaction each, as a transition
does, and then in batches of 100 as a bulk job does) and times
audits.chain.verify over them at two chunk sizes. It runs on a throwaway test
database of the configured engine: SQLite in a temporary file by default, or
test_<name> on PostgreSQL when DATABASE_URL names it. Nothing touches your data.

    python bench/audit_chain.py [--events 2000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov python bench/audit_chain.py
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", 2000)))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="socialgov-bench-") as scratch:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
        os.environ["SQLITE_TEST_NAME"] = str(Path(scratch) / "bench.sqlite3")
        os.environ["SOCIALGOV_VAR_DIR"] = scratch
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"

        import django

        django.setup()
        from django.db import connection, transaction
        from django.test.utils import setup_databases, teardown_databases

        from audits import chain
        from audits.models import AuditEvent
        from people.services import load_policy_pack

        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            department, _ = load_policy_pack("oakley")
            engine = connection.vendor
            rows = []

            def record(i: int) -> None:
                AuditEvent.record(
                    actor=None, action="bench.record", target=department,
                    before={"n": i - 1}, after={"n": i, "note": "benchmark event " * 4},
                )

            half = args.events // 2
            started = time.perf_counter()
            for i in range(half):
                with transaction.atomic():
                    record(i)
            rows.append(("record, 1 event per transaction", half, time.perf_counter() - started))

            rest = args.events - half
            started = time.perf_counter()
            for start in range(0, rest, 100):
                with transaction.atomic():
                    for i in range(start, min(start + 100, rest)):
                        record(half + i)
            rows.append(("record, 100 events per transaction", rest, time.perf_counter() - started))

            total = AuditEvent.objects.count()
            for chunk_size in (chain.DEFAULT_CHUNK_SIZE, 100):
                started = time.perf_counter()
                result = chain.verify(chunk_size=chunk_size)
                elapsed = time.perf_counter() - started
                assert result.intact, str(result)
                rows.append((f"verify_audit_chain, chunk size {chunk_size}", result.checked, elapsed))

            print(f"audit chain benchmark on {engine} ({total} events in the chain)")
            print(f"  {'operation':<40} {'events':>8} {'seconds':>9} {'events/s':>10} {'ms/event':>9}")
            for name, count, seconds in rows:
                rate, per_event = count / seconds, 1000 * seconds / count
                print(f"  {name:<40} {count:>8} {seconds:>9.3f} {rate:>10.0f} {per_event:>9.3f}")
        finally:
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
