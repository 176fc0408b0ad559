"""Benchmark: the post list's query at 2,000 and at 20,000 posts in the department (issue 18.2).

Two departments, one with 2,000 posts and one with 20,000, in the same tables; the list's page query (the
API's 20 rows, and the web list's 50, as posts.permissions.visible_posts writes it for a supervisor, for
whom the covert-account condition applies) is timed in each, interleaved and repeated, with its plan's first
lines. The query as it was written before issue 18 (a join to the hidden accounts, no index on the order) is
timed alongside for comparison. Needs PostgreSQL (bench/postgres_database.py).

    python bench/post_list_query.py [--small 2000] [--large 20000] [--runs 200]
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import post_data  # noqa: E402  (bench/ is not a package)
import postgres_database as pg  # noqa: E402


def timed(sql: str, params, runs: int) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            samples.append(time.perf_counter() - started)
    return 1000 * pg.median(samples)


def plan(sql: str, params, runs: int = 20) -> tuple[str, float, float]:
    """The plan's lines about the posts table and the anti join, and the server's median planning and execution
    ms over `runs` EXPLAIN ANALYZE (one alone is at the mercy of the machine's other work)."""
    from django.db import connection

    planning, execution = [], []
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE, TIMING OFF) " + sql, params)
            lines = [row[0].strip() for row in cursor.fetchall()]
            planning.append(float(next(line for line in lines if line.startswith("Planning Time")).split()[2]))
            execution.append(float(next(line for line in lines if line.startswith("Execution Time")).split()[2]))
    about = [line.split("  (")[0].lstrip("-> ") for line in lines if "posts_post " in line or "Anti" in line]
    return "; ".join(about), pg.median(planning), pg.median(execution)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=int(os.environ.get("BENCH_SMALL_POSTS", 2000)))
    parser.add_argument("--large", type=int, default=int(os.environ.get("BENCH_LARGE_POSTS", 20000)))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 200)))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", 3)))
    args = parser.parse_args()
    if not pg.reachable():
        return
    print(f"post list query on PostgreSQL; {pg.load()}")
    with pg.throwaway("post_list_query"):
        from django.db import connection

        from posts import permissions
        from posts.models import Post, SocialAccount

        small, large = post_data.make_world("oakley"), post_data.make_world("elk-grove")
        started = time.perf_counter()
        post_data.add_posts(small, args.small)
        post_data.add_posts(large, args.large)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"  wrote {args.small} + {args.large} posts in {time.perf_counter() - started:.0f} s")

        def page(world, rows):
            listed = Post.objects.select_related("author", "current_revision", "incident", "incident__commander")
            return permissions.visible(world.supervisor, listed)[:rows].query.sql_with_params()

        def before_issue_18(world, rows):
            """The filter as it was: a join to the hidden accounts (the index on the order is there now)."""
            member = world.supervisor
            hidden = SocialAccount.objects.filter(department_id=member.department_id).filter(
                permissions.hidden_covert_accounts(member)
            )
            listed = (
                Post.objects.select_related("author", "current_revision", "incident", "incident__commander")
                .filter(department_id=member.department_id)
                .exclude(accounts__in=hidden)
            )
            return listed[:rows].query.sql_with_params()

        queries = {
            (name, rows, size): build(world, rows)
            for name, build in (("list", page), ("before", before_issue_18))
            for rows in (20, 50)
            for size, world in (("small", small), ("large", large))
        }
        times: dict = {}
        for _ in range(args.repeats):
            for key, (sql, params) in queries.items():  # interleaved
                times.setdefault(key, []).append(timed(sql, params, args.runs))

        for rows in (20, 50):
            at_small = pg.median(times[("list", rows, "small")])
            at_large = pg.median(times[("list", rows, "large")])
            ratio = at_large / at_small
            print(
                f"  {rows}-row page: {at_small:.3f} ms at {args.small} posts, {at_large:.3f} ms at {args.large}: "
                f"{ratio:.2f}x (target <= 1.5x) {'MET' if ratio <= 1.5 else 'NOT MET'}"
            )
            print(
                f"    as before issue 18: {pg.median(times[('before', rows, 'small')]):.3f} ms and "
                f"{pg.median(times[('before', rows, 'large')]):.3f} ms"
            )
        for size, count in (("small", args.small), ("large", args.large)):
            about, planning, execution = plan(*queries[("list", 20, size)])
            print(
                f"  20-row page at {count} posts, on the server (median of 20): planning {planning:.3f} ms, execution "
                f"{execution:.3f} ms; {about}"
            )
        print(f"  medians of {args.repeats} interleaved rounds of {args.runs} runs; {pg.load()}")


if __name__ == "__main__":
    main()
