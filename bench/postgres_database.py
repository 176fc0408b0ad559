"""A throwaway PostgreSQL database for the benchmarks of issue 18 (audit concurrency, the audit chain, the post
list and the API), which are about PostgreSQL and run nowhere else.

Imported by those scripts; run on its own (as `make bench` does with every script here) it only says what it is.

    with throwaway("audit_chain") as url:   # creates BENCH_DATABASE_PREFIX + "_audit_chain", migrates it,
        ...                                  # sets DATABASE_URL to it, runs django.setup(); drops it after

The server is BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432), or the one DATABASE_URL names when
it names PostgreSQL. Without a reachable server a benchmark says so and exits 0.
"""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))


def server_url() -> str:
    configured = os.environ.get("BENCH_POSTGRES", "")
    if not configured and os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        configured = os.environ["DATABASE_URL"]
    parts = urlsplit(configured or "postgres://postgres@127.0.0.1:5432")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def database_name(purpose: str) -> str:
    return f"{os.environ.get('BENCH_DATABASE_PREFIX', 'socialgov_bench')}_{purpose}"


def _admin(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(server_url() + "/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def reachable() -> bool:
    try:
        _admin("SELECT 1")
    except Exception as error:  # any failure to connect: the benchmark cannot run here
        print(f"skipped: no PostgreSQL at {server_url()} ({str(error).strip()})")
        return False
    return True


@contextmanager
def throwaway(purpose: str, *, debug: bool = True):
    """A fresh, migrated database; DATABASE_URL and the Django settings point at it inside the block."""
    name = database_name(purpose)
    scratch = tempfile.mkdtemp(prefix="socialgov-bench-")
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "socialgov.settings",
            "SOCIALGOV_VAR_DIR": scratch,
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "CELERY_TASK_ALWAYS_EAGER": "1",
            "DEBUG": "1" if debug else "0",
        }
    )
    template = _migrated_template()
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = f"{server_url()}/{name}"
    os.environ["DATABASE_URL"] = url
    try:
        import django

        django.setup()
        yield url
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django never set up: nothing to close
            pass
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _migrated_template() -> str:
    """A migrated, empty database to copy (CREATE DATABASE ... TEMPLATE takes a second; migrating takes a
    minute or two on a loaded machine). Named after the migrations' contents, so a new migration makes a new
    one; kept between runs, and older ones of the same prefix are dropped."""
    import hashlib

    import psycopg2

    digest = hashlib.sha256()
    for path in sorted(BASE_DIR.glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    prefix = f"{os.environ.get('BENCH_DATABASE_PREFIX', 'socialgov_bench')}_template_"
    name = prefix + digest.hexdigest()[:10]
    connection = psycopg2.connect(server_url() + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix.replace("_", r"\_") + "%"])
        existing = [row[0] for row in cursor.fetchall()]
    connection.close()
    if name in existing:
        return name
    for old in existing:
        _admin(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
    building = name + "_building"
    _admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{building}"')
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=BASE_DIR,
        check=True,
        env={**os.environ, "DATABASE_URL": f"{server_url()}/{building}"},
    )
    _admin(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
    print(f"  (migrated the template database {name} in {time.perf_counter() - started:.0f} s; kept for the next run)")
    return name


def load() -> str:
    """The machine's load, printed with every figure: benchmarks on a shared machine are noisy."""
    with open("/proc/loadavg") as file:
        one, five, fifteen = file.read().split()[:3]
    return f"load average {one} {five} {fifteen} on {os.cpu_count()} cores"


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values, fraction: float):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


if __name__ == "__main__":
    print(
        "bench/postgres_database.py: the throwaway PostgreSQL database the issue 18 benchmarks share; "
        "nothing to measure on its own."
    )
