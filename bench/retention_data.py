"""Data for the retention benchmarks: a department with many old records, made by set-based SQL.

Imported by bench/retention_disposition.py and bench/retention_report.py. Run on its own (as `make bench`
does with every script here) it only says what it is.

    setup(scratch)                 settings for a throwaway test database, then django.setup()
    make_world()                   the Oakley department, its custodian, an author and 100 approved accounts
    make_old_drafts(world, n, ...) n drafts never published, created `age_days` ago, one revision and one
                                   account each (round-robin over the accounts, so one account holds 1%)
"""

import os
import sys
from pathlib import Path
from types import SimpleNamespace

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

ACCOUNTS = 100


def setup(scratch: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
    os.environ["SQLITE_TEST_NAME"] = str(Path(scratch) / "bench.sqlite3")
    os.environ["SOCIALGOV_VAR_DIR"] = scratch
    os.environ["MEDIA_ROOT"] = str(Path(scratch) / "media")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    import django

    django.setup()


def make_world():
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from people.models import Member
    from people.roles import GROUP_FOR_ROLE, Role
    from people.services import load_policy_pack
    from posts.models import SocialAccount

    department, _ = load_policy_pack("oakley")

    def member(username, role):
        person = Member.objects.create(username=username, department=department, first_name=username.title())
        person.groups.add(Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])[0])
        return person

    custodian, author = member("custodian", Role.CUSTODIAN), member("pio", Role.PIO)
    chief = member("chief", Role.CHIEF)
    accounts = SocialAccount.objects.bulk_create(
        [
            SocialAccount(
                department=department,
                platform="facebook",
                handle=f"OakleyPD{n:03}",
                approved_by=chief,
                approved_at=timezone.now(),
            )
            for n in range(ACCOUNTS)
        ]
    )
    accounts = list(SocialAccount.objects.filter(department=department).order_by("pk"))
    return SimpleNamespace(department=department, custodian=custodian, author=author, chief=chief, accounts=accounts)


def make_old_drafts(world, n: int, *, age_days: int = 800, batch: int = 50_000) -> None:
    """`n` drafts created `age_days` ago, each with one revision and one account link."""
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    when = timezone.now() - timedelta(days=age_days)
    account_ids = [account.pk for account in world.accounts]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM posts_post")
        start_post = cursor.fetchone()[0] + 1
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM posts_postrevision")
        start_revision = cursor.fetchone()[0] + 1
    offset = start_revision - start_post
    postgres = connection.vendor == "postgresql"
    for first in range(start_post, start_post + n, batch):
        last = min(first + batch, start_post + n) - 1
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                params = {
                    "first": first,
                    "last": last,
                    "offset": offset,
                    "when": when,
                    "department": world.department.pk,
                    "author": world.author.pk,
                    "accounts": account_ids,
                }
                cursor.execute(
                    "INSERT INTO posts_post (id, department_id, author_id, category, status, status_note, "
                    "publish_error, created_at, updated_at, current_revision_id) "
                    "SELECT g, %(department)s, %(author)s, 'announcement', 'draft', '', '', %(when)s, %(when)s, "
                    "g + %(offset)s FROM generate_series(%(first)s, %(last)s) g",
                    params,
                )
                cursor.execute(
                    "INSERT INTO posts_postrevision (id, post_id, number, body, author_id, created_at, sha256) "
                    "SELECT g + %(offset)s, g, 1, 'Lobby hours change, announcement ' || g, %(author)s, %(when)s, "
                    'encode(sha256(convert_to(\'{"body": "Lobby hours change, announcement \' || g || '
                    "'\", \"media\": []}', 'UTF8')), 'hex') FROM generate_series(%(first)s, %(last)s) g",
                    params,
                )
                cursor.execute(
                    "INSERT INTO posts_post_accounts (post_id, socialaccount_id) "
                    "SELECT g, (%(accounts)s::bigint[])[1 + g %% " + str(ACCOUNTS) + "] "
                    "FROM generate_series(%(first)s, %(last)s) g",
                    params,
                )
            else:
                from posts.models import content_sha256

                ids = range(first, last + 1)
                cursor.executemany(
                    "INSERT INTO posts_post (id, department_id, author_id, category, status, status_note, "
                    "publish_error, created_at, updated_at, current_revision_id) "
                    "VALUES (%s, %s, %s, 'announcement', 'draft', '', '', %s, %s, %s)",
                    [(g, world.department.pk, world.author.pk, when, when, g + offset) for g in ids],
                )
                cursor.executemany(
                    "INSERT INTO posts_postrevision (id, post_id, number, body, author_id, created_at, sha256) "
                    "VALUES (%s, %s, 1, %s, %s, %s, %s)",
                    [
                        (
                            g + offset,
                            g,
                            f"Lobby hours change, announcement {g}",
                            world.author.pk,
                            when,
                            content_sha256(f"Lobby hours change, announcement {g}", []),
                        )
                        for g in ids
                    ],
                )
                cursor.executemany(
                    "INSERT INTO posts_post_accounts (post_id, socialaccount_id) VALUES (%s, %s)",
                    [(g, account_ids[g % ACCOUNTS]) for g in ids],
                )
    if postgres:
        with connection.cursor() as cursor:
            for table in ("posts_post", "posts_postrevision"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def analyze() -> None:
    """Fresh planner statistics and visibility hints, so no timed run pays for the data load's."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (
                "posts_post",
                "posts_postrevision",
                "posts_post_accounts",
                "retention_tombstone",
                "retention_dispositionexclusion",
            ):
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    print("bench/retention_data.py: the data generator the retention benchmarks share; nothing to measure.")
