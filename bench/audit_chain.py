"""Benchmark: verify_audit_chain against a raw streaming re-hash of the same chains (issue 18.3).

Writes --events events over ten departments' chains and the installation's (built and hashed in Python,
inserted in batches, their heads set, exactly what AuditEvent.record leaves), then times, interleaved and
repeated: audits.chain.verify, and a raw re-hash, a psycopg2 server-side cursor that reads the same
columns in the same order and recomputes every hash and link with nothing else around it. It prints the
ratio of their events/s, and verify's peak Python memory (tracemalloc) at a fifth of the events and at all of
them: constant memory means the two peaks are alike. A few events are also recorded through
AuditEvent.record, one per transaction, for the write rate. Needs PostgreSQL (bench/postgres_database.py).

    python bench/audit_chain.py [--events 200000] [--repeats 3]
"""

import argparse
import json
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# record() is timed alone, and the sequencer after it (audits.sequencer): no pass asked for on each commit.
os.environ["AUDIT_SEQUENCE_ON_COMMIT"] = "0"

import postgres_database as pg  # noqa: E402  (bench/ is not a package)

DEPARTMENTS = 10
BATCH = 5000


def populate(count: int, departments: list) -> None:
    """count events spread over the departments' chains and the installation's, and their heads."""
    from django.db import transaction
    from django.utils import timezone

    from audits import chain
    from audits.models import AuditChainHead, AuditEvent

    keys = [department.pk for department in departments] + [None]
    tips = {chain.chain_key(key): (None, chain.GENESIS_HASH, 0) for key in keys}
    tips.update({head.pk: (head.last_event_id, head.last_hash, head.length) for head in AuditChainHead.objects.all()})
    batch = []

    def flush():
        with transaction.atomic():
            AuditEvent.objects.bulk_create(batch)
            for event in batch:  # ids are known after the insert (RETURNING); heads point at them
                pk, _, length = tips[event.chain]
                tips[event.chain] = (event.pk, event.hash, length)
        batch.clear()

    for n in range(count):
        department_id = keys[n % len(keys)]
        key = chain.chain_key(department_id)
        _, previous, length = tips[key]
        now = timezone.now()
        event = AuditEvent(
            department_id=department_id,
            actor_name="Sergeant Bench",
            action="posts.post.edit",
            object_type="posts.Post",
            object_id=str(n),
            object_repr=f"Post #{n}",
            before={"body": f"Draft {n - 1}", "accounts": [1, 2]},
            after={"body": f"Draft {n}", "accounts": [1, 2], "note": "benchmark event"},
            request_id=f"{n:032x}",
            remote_addr="192.0.2.10",
            created_at=now,
            previous_hash=previous,
            chain=key,
            sequence=length + 1,  # chained as the sequencer would (audits.sequencer)
            sequenced_at=now,
        )
        event.hash = event.compute_hash()
        tips[key] = (None, event.hash, length + 1)
        batch.append(event)
        if len(batch) == BATCH:
            flush()
    if batch:
        flush()
    AuditChainHead.objects.all().delete()
    AuditChainHead.objects.bulk_create(
        AuditChainHead(pk=key, last_event_id=pk, last_hash=last_hash, length=length)
        for key, (pk, last_hash, length) in tips.items()
        if length
    )


def raw_rehash(url: str) -> int:
    """The floor: a server-side cursor over the same columns, every hash and link recomputed, nothing else."""
    import hashlib
    from datetime import UTC

    import psycopg2

    from audits.chain import GENESIS_HASH, canonical

    connection = psycopg2.connect(url)
    cursor = connection.cursor(name="rehash")
    cursor.itersize = 2000
    cursor.execute(
        "SELECT chain, id, department_id, actor_id, actor_name, action, object_type, object_id, object_repr, "
        "before::text, after::text, request_id, remote_addr, created_at, previous_hash, hash, sequence "
        "FROM audits_auditevent WHERE sequence IS NOT NULL ORDER BY chain, sequence"
    )
    checked, key, previous, place = 0, None, GENESIS_HASH, 0
    loads = json.loads
    for row in cursor:
        if row[0] != key:
            key, previous, place = row[0], GENESIS_HASH, 0
        fields = {
            "department": row[2],
            "actor": row[3],
            "actor_name": row[4],
            "action": row[5],
            "object_type": row[6],
            "object_id": row[7],
            "object_repr": row[8],
            "before": None if row[9] is None else loads(row[9]),
            "after": None if row[10] is None else loads(row[10]),
            "request_id": row[11],
            "remote_addr": row[12],
            "created_at": row[13].astimezone(UTC).isoformat(),
        }
        place += 1
        if (
            row[14] != previous
            or row[16] != place
            or hashlib.sha256(canonical(fields) + previous.encode()).hexdigest() != row[15]
        ):
            raise AssertionError(f"the raw re-hash found event {row[1]} broken")
        previous = row[15]
        checked += 1
    connection.close()
    return checked


def peak_memory_of_verify() -> float:
    from audits import chain

    tracemalloc.start()
    result = chain.verify()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.intact, str(result)
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=int(os.environ.get("BENCH_EVENTS", 200_000)))
    parser.add_argument("--repeats", type=int, default=int(os.environ.get("BENCH_REPEATS", 3)))
    args = parser.parse_args()
    if not pg.reachable():
        return
    print(f"audit chain verification on PostgreSQL; {pg.load()}")
    with pg.throwaway("audit_chain") as url:
        from django.db import connection, transaction

        from audits import chain
        from audits.models import AuditEvent
        from people.models import Department

        departments = [
            Department.objects.create(name=f"Bench Department {n}", slug=f"bench-{n}", policy_number="322")
            for n in range(DEPARTMENTS)
        ]
        started = time.perf_counter()
        writes = 300
        for n in range(writes):
            with transaction.atomic():
                AuditEvent.record(
                    actor=None, action="bench.record", department=departments[n % DEPARTMENTS], after={"n": n}
                )
        print(
            f"  AuditEvent.record, one event per transaction: {writes / (time.perf_counter() - started):.0f} "
            "events/s (one writer; the events pending)"
        )
        from audits import sequencer

        started = time.perf_counter()
        chained = sequencer.sequence_pending()
        print(f"  the sequencer chained them: {chained / (time.perf_counter() - started):.0f} events/s")

        fifth = args.events // 5
        started = time.perf_counter()
        populate(fifth - writes, departments)
        small_peak = peak_memory_of_verify()
        populate(args.events - fifth, departments)
        print(f"  wrote {args.events} events over {DEPARTMENTS + 1} chains in {time.perf_counter() - started:.0f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE audits_auditevent")
        large_peak = peak_memory_of_verify()

        verify_rates, raw_rates = [], []
        for _ in range(args.repeats):  # interleaved, so both see the same load
            started = time.perf_counter()
            result = chain.verify()
            verify_rates.append(result.checked / (time.perf_counter() - started))
            assert result.intact and result.checked == args.events, str(result)
            started = time.perf_counter()
            checked = raw_rehash(url)
            raw_rates.append(checked / (time.perf_counter() - started))
            assert checked == args.events

        verify_rate, raw_rate = pg.median(verify_rates), pg.median(raw_rates)
        ratio = verify_rate / raw_rate
        print(f"  {args.repeats} interleaved runs over {args.events} events; medians:")
        print(
            f"  verify_audit_chain     {verify_rate:>9.0f} events/s   (runs: "
            f"{', '.join(f'{rate:.0f}' for rate in verify_rates)})"
        )
        print(
            f"  raw streaming re-hash  {raw_rate:>9.0f} events/s   (runs: "
            f"{', '.join(f'{rate:.0f}' for rate in raw_rates)})"
        )
        print(f"  verify / raw re-hash: {ratio:.2f}x (target >= 0.9x) {'MET' if ratio >= 0.9 else 'NOT MET'}")
        print(
            f"  verify's peak Python memory: {small_peak:.1f} MB at {fifth} events, {large_peak:.1f} MB at "
            f"{args.events} ({'constant' if large_peak < 1.5 * small_peak + 1 else 'GROWS'})"
        )
        print(f"  {pg.load()}")


if __name__ == "__main__":
    main()
