"""Benchmark: the post API served by gunicorn against a bare one-query Django view (issue 18.2).

The app runs as in production (DEBUG=0, its default persistent connections) under gunicorn with 2 sync
workers, over 2,000 posts each with its account, revision, findings, decision and publication. A load
generator in Python (wrk is used instead when it is installed) keeps --clients connections busy against, in
turn: /bench/bare/ (bench/server/urls.py: one query, a JSON answer, through the same middleware),
GET /api/v1/posts/{id}/ and GET /api/v1/posts/?limit=20, both with a supervisor's API token. The three are
interleaved and repeated; the ratios of their requests/s are printed with the load. Needs PostgreSQL
(bench/postgres_database.py) and gunicorn (the `bench` extra in pyproject.toml, which `make bench` installs).

    python bench/api_throughput.py [--seconds 3] [--repeats 3] [--clients 4]
"""

import argparse
import http.client
import multiprocessing
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import post_data  # noqa: E402  (bench/ is not a package)
import postgres_database as pg  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(port: int, path: str, headers: dict, seconds: float, start, results) -> None:
    """Requests one after another until the time is up (gunicorn's sync workers close every connection)."""
    start.wait()
    done = failed = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        if response.status == 200:
            done += 1
        else:
            failed += 1
    results.put((done, failed))


def python_load(port: int, path: str, headers: dict, seconds: float, clients: int) -> float:
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(clients + 1), context.Queue()
    processes = [
        context.Process(target=client, args=(port, path, headers, seconds, start, results)) for _ in range(clients)
    ]
    for process in processes:
        process.start()
    started = time.perf_counter()
    start.wait()
    done = failed = 0
    for _ in processes:
        ok, bad = results.get(timeout=seconds + 60)
        done, failed = done + ok, failed + bad
    elapsed = max(time.perf_counter() - started, seconds)
    for process in processes:
        process.join()
    if failed:
        raise SystemExit(f"{failed} requests to {path} did not answer 200")
    return done / elapsed


def wrk_load(port: int, path: str, headers: dict, seconds: float, clients: int) -> float:
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", *header_args, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"wrk: requests to {path} did not answer 200:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def serve(url: str, port: int, workers: int) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which("gunicorn")
    if gunicorn is None:
        raise SystemExit("gunicorn is not installed: pip install -e '.[bench]' (make bench does)")
    env = {
        **os.environ,
        "DEBUG": "0",
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "server.settings",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
    }
    env.pop("DATABASE_CONN_MAX_AGE", None)  # the production default is what is measured
    return subprocess.Popen(
        [
            gunicorn,
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--pythonpath",
            f"{pg.BASE_DIR},{BENCH_DIR}",
            "--log-level",
            "warning",
            "socialgov.wsgi:application",
        ],
        cwd=pg.BASE_DIR,
        env=env,
    )


def wait_until_serving(port: int, server: subprocess.Popen, deadline_seconds: float = 120) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bench/bare/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)  # not listening yet; polled against the deadline
    raise SystemExit("gunicorn did not answer within two minutes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 3)))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", 3)))
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", 4)))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    if not pg.reachable():
        return
    load = wrk_load if shutil.which("wrk") else python_load
    print(
        f"API throughput on PostgreSQL with gunicorn ({args.workers} sync workers), {args.clients} connections "
        f"from {'wrk' if load is wrk_load else 'a Python load generator (wrk is not installed)'}; {pg.load()}"
    )
    with pg.throwaway("api_throughput") as url:
        key, post = post_data.api_world(args.posts)

        port = free_port()
        server = serve(url, port, args.workers)
        try:
            wait_until_serving(port, server)
            headers = {"Authorization": f"Token {key}", "Accept": "application/json"}
            paths = {name: path.format(post=post.pk) for name, path in post_data.TARGETS.items()}
            for name, path in paths.items():  # warm every worker's connection and caches
                load(port, path, headers if name != "bare view" else {}, 1, args.clients)
            rates: dict = {}
            for _ in range(args.repeats):
                for name, path in paths.items():  # interleaved
                    rates.setdefault(name, []).append(
                        load(port, path, headers if name != "bare view" else {}, args.seconds, args.clients)
                    )
        finally:
            server.terminate()
            server.wait(timeout=60)

        bare = pg.median(rates["bare view"])
        print(f"  {args.repeats} interleaved runs of {args.seconds:g} s each; medians:")
        for name, target in (("bare view", None), ("post detail", 0.5), ("20-row post list", 0.35)):
            rate = pg.median(rates[name])
            verdict = (
                "" if target is None else (f" (target >= {target}x) {'MET' if rate / bare >= target else 'NOT MET'}")
            )
            print(
                f"  {name:<17} {rate:>8.1f} req/s  {rate / bare:.2f}x the bare view{verdict}   (runs: "
                f"{', '.join(f'{value:.0f}' for value in rates[name])})"
            )
        print(f"  {pg.load()}")


if __name__ == "__main__":
    main()
