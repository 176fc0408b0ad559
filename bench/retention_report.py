"""Benchmark: the retention report of 100,000 records streamed as CSV, with the peak memory of the process
that serves it (target: under 200 MB).

The records are drafts, half past retention, with a legal hold on one account in a hundred, so every
row's status and holds are worked out. The CSV is fetched from GET /api/v1/retention/report/?format=csv
by a fresh process (so the figure is the serving process's, not the data loader's): it reads the
streamed response to the end and reports its peak resident memory (getrusage ru_maxrss).

    python bench/retention_report.py [--records 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov python bench/retention_report.py
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

import retention_data  # noqa: E402

TARGET_MB = 200


def database_url() -> str:
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "") + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}{'@' if credentials else ''}{db['HOST'] or 'localhost'}{port}/{quote(db['NAME'])}"


def serve(username: str) -> None:
    """In the child: stream the CSV to nowhere and report the figures as JSON."""
    import django

    django.setup()
    from rest_framework.test import APIClient

    from people.models import Member

    client = APIClient()
    client.force_authenticate(user=Member.objects.get(username=username))
    started = time.perf_counter()
    response = client.get("/api/v1/retention/report/", {"format": "csv"})
    assert response.status_code == 200 and response.streaming, response.status_code
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": lines - 1, "bytes": size, "seconds": seconds, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=int(os.environ.get("BENCH_REPORT_RECORDS", 100_000)))
    parser.add_argument("--serve", metavar="USERNAME", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    with tempfile.TemporaryDirectory(prefix="socialgov-bench-") as scratch:
        retention_data.setup(scratch)
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        from retention import services

        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            world = retention_data.make_world()
            started = time.perf_counter()
            retention_data.make_old_drafts(world, args.records // 2, age_days=800)
            retention_data.make_old_drafts(world, args.records - args.records // 2, age_days=30)
            services.place_hold(
                by=world.custodian, matter="Smith v. City of Oakley", reason="Litigation", accounts=[world.accounts[0]]
            )
            retention_data.analyze()
            print(
                f"retention report benchmark on {connection.vendor}: {args.records:,} records "
                f"(made in {time.perf_counter() - started:.1f} s)"
            )
            env = {**os.environ, "DATABASE_URL": database_url()}
            child = subprocess.run(
                [sys.executable, __file__, "--serve", world.custodian.username],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode:
                print(child.stdout, child.stderr)
                sys.exit(child.returncode)
            figures = json.loads(child.stdout.strip().splitlines()[-1])
            rows = figures["rows"]
            print(f"  CSV rows streamed      {rows:>12,} ({figures['bytes'] / 1e6:.1f} MB, audit events included)")
            print(f"  time                   {figures['seconds']:>12.2f} s ({rows / figures['seconds']:,.0f} rows/s)")
            print(f"  peak memory            {figures['peak_mb']:>12.1f} MB (target: under {TARGET_MB} MB)")
            assert rows >= args.records, rows
            if figures["peak_mb"] >= TARGET_MB:
                print(f"FAILED: peak memory {figures['peak_mb']:.0f} MB, over the target of {TARGET_MB} MB")
                sys.exit(1)
        finally:
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
