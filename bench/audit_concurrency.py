"""Benchmark: audited writes from concurrent processes, chained after commit by a sequencer (issue 18).

1, 2, 4 and 8 writer processes record events for a few seconds, each in one transaction as a transition
writes it: each writer in its own department, then all in one department, against an unchained insert of
the same rows (the same event, built and hashed the same way, inserted into a copy of the table). While the
writers of the chained runs write, one sequencer process chains what they commit (audits.sequencer, as the
worker's sequencing task does; here it looks again every 5 ms when it found nothing), and the time from
each event's record to its chaining is reported (sequencer lag: sequenced_at - created_at, which includes
the writer's own INSERT and commit), with the CPU the sequencer and its database backend spent per event
(CPU the writers could not use). The runs are interleaved and repeated, so every ratio compares runs made
at the same time; the load is printed with them. Afterwards the chain must verify intact and a tampered event
be named. Needs PostgreSQL (bench/postgres_database.py); a throwaway database is made and dropped.

    python bench/audit_concurrency.py [--seconds 2] [--repeats 3]

Prints events/s and p50/p99 latency of each, the sequencer lag, and the acceptance ratios of issue 18: four
writers in four departments at least 1.6x one writer; eight writers in one department p99 under 10 ms.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The writers ask no worker for a pass after commit: the benchmark runs its own sequencer (sequencing() below).
os.environ["AUDIT_SEQUENCE_ON_COMMIT"] = "0"

import postgres_database as pg  # noqa: E402  (bench/ is not a package)

WRITERS = (1, 2, 4, 8)
MODES = ("own department", "one department", "unchained")


def writer(mode: str, department_id: int, number: int, start, seconds: float, results) -> None:
    """One writer process: record events until the time is up; report the count and each latency."""
    from django.db import connection, transaction
    from django.utils import timezone

    from audits import chain
    from audits.models import AuditEvent
    from people.models import Department

    if mode == "unchained":
        AuditEvent._meta.db_table = "bench_unchained_event"  # this process only: the copy without a chain
    department = Department.objects.get(pk=department_id)
    connection.ensure_connection()
    latencies = []
    start.wait()
    deadline = time.perf_counter() + seconds
    n = 0
    while time.perf_counter() < deadline:
        begun = time.perf_counter()
        after = {"writer": number, "n": n, "note": "benchmark event"}
        if mode == "unchained":
            with transaction.atomic():
                event = AuditEvent(
                    department=department,
                    actor_name="system",
                    action="bench.write",
                    object_type="people.Department",
                    object_id=str(department.pk),
                    object_repr=str(department),
                    after=chain.to_json_value(after),
                    created_at=timezone.now(),
                    previous_hash=chain.GENESIS_HASH,
                    chain=department.pk,
                )
                event.hash = event.compute_hash()
                event.save(force_insert=True)
        else:
            with transaction.atomic():
                AuditEvent.record(
                    actor=None, action="bench.write", target=department, department=department, after=after
                )
        latencies.append(time.perf_counter() - begun)
        n += 1
    results.put((number, latencies))
    connection.close()


def sequencing(stop, spent) -> None:
    """The sequencer process: chain whatever is committed, look again in 5 ms when there was nothing. Reports
    the CPU seconds it and its database backend used (both on this machine), which the writers could not."""
    from django.db import connection

    from audits import sequencer

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (backend,) = cursor.fetchone()
    while True:
        stopping = stop.is_set()
        if not sequencer.sequence_pending() and not stopping:
            stop.wait(0.005)
        elif stopping:
            break
    mine = os.times()
    spent.value = mine.user + mine.system + _cpu_seconds(backend)
    connection.close()


def _cpu_seconds(pid: int) -> float:
    """User and system CPU of a process, from /proc (0 where there is none: a server on another machine)."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(
    mode: str, writers: int, departments: list[int], seconds: float
) -> tuple[float, list[float], list[float], float]:
    from django.db import connections

    from audits.models import AuditEvent

    connections.close_all()  # no connection crosses the fork
    context = multiprocessing.get_context("fork")
    start = context.Barrier(writers + 1)
    results = context.Queue()
    stop = context.Event()
    spent = context.Value("d", 0.0)
    chaining = None
    if mode != "unchained":
        first = (AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        connections.close_all()
        chaining = context.Process(target=sequencing, args=(stop, spent))
        chaining.start()
    processes = [
        context.Process(
            target=writer,
            args=(mode, departments[0] if mode == "one department" else departments[n], n, start, seconds, results),
        )
        for n in range(writers)
    ]
    for process in processes:
        process.start()
    start.wait()
    latencies: list[float] = []
    for _ in processes:
        _, measured = results.get(timeout=seconds + 120)
        latencies.extend(measured)
    for process in processes:
        process.join()
        if process.exitcode:
            raise SystemExit(f"a writer failed in mode {mode!r} (exit {process.exitcode})")
    lags: list[float] = []
    if chaining is not None:
        stop.set()  # it drains what is pending, then stops
        chaining.join()
        if chaining.exitcode:
            raise SystemExit(f"the sequencer failed in mode {mode!r} (exit {chaining.exitcode})")
        written = AuditEvent.objects.filter(pk__gte=first, action="bench.write")
        assert not written.filter(sequence__isnull=True).exists(), "the sequencer left events pending"
        lags = [(chained - made).total_seconds() for made, chained in written.values_list("created_at", "sequenced_at")]
        connections.close_all()
    return len(latencies) / seconds, latencies, lags, spent.value / max(len(latencies), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 2)))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", 3)))
    args = parser.parse_args()
    if not pg.reachable():
        return
    print(f"audit write concurrency on PostgreSQL; {pg.load()}")
    with pg.throwaway("audit_concurrency"):
        from django.db import connection

        from audits import chain
        from audits.models import AuditEvent
        from people.models import Department

        departments = [
            Department.objects.create(name=f"Bench Department {n}", slug=f"bench-{n}", policy_number="322").pk
            for n in range(max(WRITERS))
        ]
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_unchained_event (LIKE audits_auditevent INCLUDING ALL)")

        rates: dict = {}
        latencies: dict = {}
        lags: dict = {}
        costs: dict = {}
        for repeat in range(args.repeats):
            for writers in WRITERS:
                for mode in MODES:  # interleaved: each comparison made within seconds of the other
                    rate, measured, lagged, cost = run(mode, writers, departments, args.seconds)
                    rates.setdefault((mode, writers), []).append(rate)
                    costs.setdefault((mode, writers), []).append(cost)
                    latencies.setdefault((mode, writers), []).extend(measured)
                    lags.setdefault((mode, writers), []).extend(lagged)
            print(f"  repeat {repeat + 1} of {args.repeats} done; {pg.load()}")

        print(
            f"  {args.repeats} interleaved runs of {args.seconds:g} s each; events/s is the median run, "
            "latency over every transaction"
        )
        print(
            f"  {'writers':>7} {'mode':<16} {'events/s':>9} {'vs 1 writer':>11} {'vs unchained':>12} "
            f"{'p50 ms':>7} {'p99 ms':>7} {'lag p50':>8} {'lag p99':>8} {'lag max':>8} {'seq µs/ev':>9}"
        )
        for writers in WRITERS:
            for mode in MODES:
                rate = pg.median(rates[(mode, writers)])
                alone = pg.median(rates[(mode, 1)])
                unchained = pg.median(rates[("unchained", writers)])
                measured = latencies[(mode, writers)]
                lagged = lags[(mode, writers)]
                lag = (
                    f"{1000 * pg.percentile(lagged, 0.5):>8.1f} {1000 * pg.percentile(lagged, 0.99):>8.1f} "
                    f"{1000 * max(lagged):>8.1f}"
                    if lagged
                    else f"{'-':>8} {'-':>8} {'-':>8}"
                )
                cost = f" {1e6 * pg.median(costs[(mode, writers)]):>9.0f}" if lagged else f" {'-':>9}"
                p50, p99 = 1000 * pg.percentile(measured, 0.5), 1000 * pg.percentile(measured, 0.99)
                print(
                    f"  {writers:>7} {mode:<16} {rate:>9.0f} {rate / alone:>10.2f}x {rate / unchained:>11.2f}x "
                    f"{p50:>7.2f} {p99:>7.2f} {lag}{cost}"
                )
        print("  lag: ms from an event's record to its chaining by the sequencer (sequenced_at - created_at)")
        print("  seq µs/ev: CPU the sequencer process and its database backend spent per event (median run)")

        scaling = pg.median(rates[("own department", 4)]) / pg.median(rates[("own department", 1)])
        p99 = 1000 * pg.percentile(latencies[("one department", 8)], 0.99)
        print(
            f"  4 writers in 4 departments: {scaling:.2f}x the events/s of one writer (target >= 1.6x) "
            f"{'MET' if scaling >= 1.6 else 'NOT MET'}"
        )
        print(f"  8 writers in one department: p99 {p99:.2f} ms (target < 10 ms) {'MET' if p99 < 10 else 'NOT MET'}")
        worst = max(max(lagged) for lagged in lags.values() if lagged)
        print(f"  sequencer lag: at most {1000 * worst:.0f} ms in any run")

        started = time.perf_counter()
        result = chain.verify()
        print(f"  verify_audit_chain: {result} ({time.perf_counter() - started:.1f} s)")
        assert result.intact, str(result)
        victim = AuditEvent.objects.filter(chain=departments[3]).order_by("sequence")[10]
        with connection.cursor() as cursor:
            cursor.execute(
                "BEGIN; SET LOCAL session_replication_role = replica; "
                "UPDATE audits_auditevent SET after = '{\"tampered\": true}' WHERE id = %s; COMMIT",
                [victim.pk],
            )
        tampered = chain.verify()
        print(f"  after tampering with event {victim.pk}: {tampered}")
        assert tampered.broken_event_id == victim.pk, str(tampered)


if __name__ == "__main__":
    main()
