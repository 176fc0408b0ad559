"""Load: 50 members at once drafting, screening, submitting and approving for 60 seconds (issue 19.6).

A real stack: the app on Django's threaded WSGI server (runserver's) in a process of its own, a real Celery worker
(`celery -A socialgov worker`) taking what the outbox hands it (the approvers' and authors' emails), PostgreSQL and
Redis as DATABASE_URL and REDIS_URL name them, and 50 client threads speaking HTTP to the API with their own API
tokens. 35 PIOs loop: screen a draft (`POST /api/v1/screen/`), save it (`POST /api/v1/posts/`), submit it;
15 supervisors loop: read the queue and approve the pending posts that fall to them (post id modulo 15, so two
supervisors never race for one post and every answer should be 2xx).

Reports requests per second, p50 and p95 latency per action, errors (there should be none), how long the outbox
took to drain once the load stopped, and runs `verify_audit_chain` over the trail the run wrote. Exits non-zero on
any error or a broken chain.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socialgov REDIS_URL=redis://127.0.0.1:6379/0 python bench/load.py

It runs on a throwaway test database (test_<name>). Without PostgreSQL and Redis it runs a short smoke version
(SQLite, the file-system broker, 10 members for 10 seconds) so `make bench` still says something.
"""

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import retention_data  # noqa: E402

BASE_DIR = retention_data.BASE_DIR
BODIES = [
    "Hwy 4 is closed at Main St. until 6 pm while crews repair a water main. Use Oak Ave instead.",
    "Join us for coffee with a cop on Saturday at the community center, 9 to 11 am.",
    "Our lobby will be closed Monday for the holiday. Call the non-emergency line for reports.",
    "Lock your car and take your valuables with you: thefts from vehicles rose this month downtown.",
    "We are hiring dispatchers. Applications close at the end of the month on the city's website.",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float, what: str, interval: float = 0.2):
    from socialgov.polling import poll  # noqa: PLC0415 - after the project is on the path

    if not poll(condition, timeout=timeout, interval=interval):
        raise SystemExit(f"timed out after {timeout:.0f}s waiting for {what}")


def make_people(pios: int, supervisors: int):
    """The Oakley department, a chief, one publishable account, authorized and trained PIOs, supervisors, and an
    API token for each member (with the authenticator app their role needs, as an operator would enrol it)."""
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from people.choices import TrainingTopic
    from people.models import Member, TrainingRecord
    from people.roles import GROUP_FOR_ROLE, Role
    from people.services import grant_authorization, load_policy_pack
    from posts.choices import CHECKLIST_FIELDS
    from posts.models import SocialAccount
    from security import second_factor, tokens

    department, _ = load_policy_pack("oakley")
    today = timezone.localdate()

    def member(username, role):
        person = Member.objects.create_user(
            username=username,
            department=department,
            first_name=username.title(),
            last_name="Oakley",
            email=f"{username}@oakley.test",
        )
        person.groups.set([Group.objects.get_or_create(name=GROUP_FOR_ROLE[role])[0]])
        TrainingRecord.objects.bulk_create(
            [
                TrainingRecord(
                    member=person,
                    topic=topic,
                    completed_on=today - timedelta(days=30),
                    expires_on=today + timedelta(days=335),
                )
                for topic in TrainingTopic.values
            ]
        )
        TOTPDevice.objects.create(user=person, name=second_factor.TOTP_NAME, confirmed=True)
        return person

    chief = member("chief", Role.CHIEF)
    account = SocialAccount.objects.create(
        department=department,
        platform="facebook",
        handle="OakleyPolice",
        url="https://www.facebook.com/OakleyPolice",
        approved_by=chief,
        approved_at=timezone.now(),
        **dict.fromkeys(CHECKLIST_FIELDS, True),
    )
    authors = [member(f"pio{n:02}", Role.PIO) for n in range(pios)]
    for author in authors:
        grant_authorization(
            by=chief, member=author, accounts=[account], starts_on=today, expires_on=today + timedelta(days=365)
        )
    approvers = [member(f"supervisor{n:02}", Role.SUPERVISOR) for n in range(supervisors)]
    token = {m.pk: tokens.create_token(by=None, member=m)[1] for m in authors + approvers}
    return account, [(m, token[m.pk]) for m in authors], [(m, token[m.pk]) for m in approvers]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)

    def timed(self, action, call, ok=(200, 201)):
        started = time.perf_counter()
        try:
            response = call()
        except Exception as error:  # noqa: BLE001 - a refused connection is an error to count, not to stop at
            with self.lock:
                self.errors[action].append(f"{type(error).__name__}: {error}")
            return None
        elapsed = time.perf_counter() - started
        with self.lock:
            self.times[action].append(elapsed)
            if response.status_code not in ok:
                self.errors[action].append(f"{response.status_code}: {response.text[:200]}")
                return None
        return response


def author_loop(base, token, account_id, tally, stop):
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    rng = random.Random(token)
    while not stop.is_set():
        body = f"{rng.choice(BODIES)} ({rng.randrange(10**6)})"
        tally.timed(
            "screen", lambda b=body: session.post(f"{base}/api/v1/screen/", json={"text": b, "category": "traffic"})
        )
        created = tally.timed(
            "draft",
            lambda b=body: session.post(
                f"{base}/api/v1/posts/", json={"category": "traffic", "accounts": [account_id], "body": b}
            ),
        )
        if created is None:
            continue
        post_id = created.json()["id"]
        tally.timed("submit", lambda p=post_id: session.post(f"{base}/api/v1/posts/{p}/submit/", json={}))


def approver_loop(base, token, share, shares, tally, stop):
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    while not stop.is_set():
        queue = tally.timed("queue", lambda: session.get(f"{base}/api/v1/posts/", params={"status": "pending"}))
        mine = [
            (p["id"], p["revision"]["sha256"])
            for p in (queue.json()["results"] if queue is not None else [])
            if p["id"] % shares == share
        ]
        for post_id, sha256 in mine:
            # The approval binds the revision the supervisor read (3xx.3).
            tally.timed(
                "approve",
                lambda p=post_id, h=sha256: session.post(f"{base}/api/v1/posts/{p}/approve/", json={"revision": h}),
            )
        if not mine:
            stop.wait(1.0)  # nothing of this supervisor's share pending yet: look again in a second


def p(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def serve(port: int) -> None:
    """The app on Django's threaded WSGI server (what runserver runs), with a listen backlog for 50 clients:
    runserver's own backlog of 10 resets connections under this load."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Server(ThreadedWSGIServer):
        request_queue_size = 256

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = Server(("127.0.0.1", port), QuietHandler)
    server.set_app(get_wsgi_application())
    server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--members", type=int, default=None, help="concurrent members (50)")
    parser.add_argument("--seconds", type=float, default=None, help="how long the load runs (60)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    full = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and os.environ.get(
        "REDIS_URL"
    )
    members = args.members or (50 if full else 10)
    seconds = args.seconds or (60 if full else 10)
    supervisors = max(1, round(members * 0.3))
    pios = members - supervisors

    with tempfile.TemporaryDirectory(prefix="socialgov-load-") as scratch:
        retention_data.setup(scratch)
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        from socialgov.celery import app as celery_app

        celery_app.conf.task_always_eager = False
        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        processes = []
        try:
            account, authors, approvers = make_people(pios, supervisors)
            db = connection.settings_dict
            if connection.vendor == "postgresql":
                database_url = f"postgres://{db['USER']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
            else:
                database_url = f"sqlite:///{db['NAME']}"
            port = free_port()
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "CELERY_TASK_ALWAYS_EAGER": "0",
                "PYTHONUNBUFFERED": "1",
                "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
                "LOG_LEVEL": "WARNING",
            }
            logs = Path(scratch)
            for name, command in (
                ("server", [sys.executable, __file__, "--serve", str(port)]),
                (
                    "worker",
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "socialgov",
                        "worker",
                        "--loglevel",
                        "WARNING",
                        "--concurrency",
                        "2",
                        "--without-mingle",
                        "--without-gossip",
                        "--without-heartbeat",
                    ],
                ),
            ):
                out = (logs / f"{name}.log").open("w")
                processes.append(
                    subprocess.Popen(
                        command,
                        cwd=BASE_DIR,
                        env=env,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        stdin=subprocess.DEVNULL,
                        process_group=0,
                    )
                )
            base = f"http://127.0.0.1:{port}"

            def serving():
                import requests

                try:
                    return requests.get(f"{base}/readyz", timeout=2).status_code == 200
                except requests.RequestException:
                    return False

            wait_for(serving, timeout=120, what="the web server")
            # Warm up outside the clock: the screener's learned layer loads on its first use in the server.
            import requests

            warm = requests.Session()
            warm.headers["Authorization"] = f"Token {authors[0][1]}"
            warm.post(f"{base}/api/v1/screen/", json={"text": BODIES[0], "category": "traffic"}, timeout=300)

            tally, stop = Tally(), threading.Event()
            threads = [
                threading.Thread(target=author_loop, args=(base, token, account.pk, tally, stop))
                for _, token in authors
            ]
            threads += [
                threading.Thread(target=approver_loop, args=(base, token, n, len(approvers), tally, stop))
                for n, (_, token) in enumerate(approvers)
            ]
            print(
                f"{len(authors)} PIOs and {len(approvers)} supervisors for {seconds:.0f} s against "
                f"{connection.vendor} and {settings.CELERY_BROKER_URL.split('://')[0]}; load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
            )
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            stop.wait(seconds)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
            elapsed = time.perf_counter() - started

            from socialgov import outbox

            drain_started = time.perf_counter()
            wait_for(lambda: outbox.depth()["pending"] == 0, timeout=120, what="the outbox to drain")
            drained = time.perf_counter() - drain_started

            total = sum(len(v) for v in tally.times.values())
            print(f"{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s")
            print(f"{'action':<8} {'count':>6} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
            for action in ("screen", "draft", "submit", "queue", "approve"):
                times = tally.times.get(action, [])
                print(
                    f"{action:<8} {len(times):>6} {len(times) / elapsed:>7.1f} {1000 * p(times, 0.5):>8.0f} "
                    f"{1000 * p(times, 0.95):>8.0f} {len(tally.errors.get(action, [])):>7}"
                )
            errors = sum(len(v) for v in tally.errors.values())
            for action, found in tally.errors.items():
                for error in found[:3]:
                    print(f"  {action}: {error}")
            print(f"outbox drained {drained:.1f} s after the load stopped")
            call_command("verify_audit_chain")
            print(f"errors: {errors}")
            if errors:
                raise SystemExit(1)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    try:
                        process.wait(timeout=20)
                    except subprocess.TimeoutExpired:
                        os.killpg(process.pid, signal.SIGKILL)
                        process.wait()
            connection.close()
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
