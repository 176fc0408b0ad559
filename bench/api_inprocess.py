"""Benchmark: the post API's time per request in one process, against the bare view (issue 18.2).

The same three requests as bench/api_throughput.py (/bench/bare/, GET /api/v1/posts/{id}/ and
GET /api/v1/posts/?limit=20 with a supervisor's API token), sent through Django's test client, so through the
WSGI handler and the whole middleware stack, with DEBUG=0 and a persistent connection, over 2,000 posts on
PostgreSQL. Interleaved rounds; the median ms per request and the ratios. Less sensitive to a loaded machine
than requests/s over HTTP, since no other process takes part. --profile prints cProfile's top functions
for the detail and the list.

    python bench/api_inprocess.py [--requests 100] [--rounds 5] [--profile]
"""

import argparse
import cProfile
import os
import pstats
import secrets
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import post_data  # noqa: E402  (bench/ is not a package)
import postgres_database as pg  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100, help="requests of each kind per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    if not pg.reachable():
        return
    os.environ.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
        }
    )
    os.environ.pop("DATABASE_CONN_MAX_AGE", None)  # production's persistent connection
    print(f"API time per request in one process, PostgreSQL, DEBUG=0; {pg.load()}")
    with pg.throwaway("api_inprocess", debug=False):
        from django.test import Client
        from django.test.utils import override_settings

        key, post = post_data.api_world(args.posts)

        with override_settings(ROOT_URLCONF="server.urls"):
            client = Client(HTTP_ACCEPT="application/json")
            token = {"HTTP_AUTHORIZATION": f"Token {key}"}
            paths = {name: path.format(post=post.pk) for name, path in post_data.TARGETS.items()}

            def send(name: str) -> None:
                response = client.get(paths[name], **({} if name == "bare view" else token))
                if response.status_code != 200:
                    raise SystemExit(f"{paths[name]} answered {response.status_code}: {response.content[:300]!r}")

            for name in paths:  # warm the connection and the per-process caches
                for _ in range(20):
                    send(name)
            timings: dict = {name: [] for name in paths}
            for _ in range(args.rounds):
                for name in paths:  # interleaved
                    started = time.perf_counter()
                    for _ in range(args.requests):
                        send(name)
                    timings[name].append((time.perf_counter() - started) * 1000 / args.requests)
            bare = pg.median(timings["bare view"])
            print(f"  {args.rounds} interleaved rounds of {args.requests} requests each; medians:")
            for name, values in timings.items():
                ms = pg.median(values)
                print(
                    f"  {name:<17} {ms:>7.2f} ms  {bare / ms:.2f}x the bare view's rate   "
                    f"(rounds: {', '.join(f'{value:.2f}' for value in values)})"
                )
            if args.profile:
                for name in ("post detail", "20-row post list"):
                    profiler = cProfile.Profile()
                    profiler.enable()
                    for _ in range(args.requests):
                        send(name)
                    profiler.disable()
                    print(f"\n  cProfile of {args.requests} requests, {name}:")
                    stats = pstats.Stats(profiler, stream=sys.stdout)
                    stats.sort_stats("cumulative").print_stats(45)
                    stats.sort_stats("tottime").print_stats(30)
        print(f"  {pg.load()}")


if __name__ == "__main__":
    main()
