"""Benchmark: how fast a draft is screened on the typing path (issue 4, DESIGN.md "Screening").

Screens a 2,000-character draft with the full rule set under 5,000 and then 50,000
active hold terms, through `screening.services.screen_text` as the editor and
`POST /api/v1/screen/` call it (so each screening includes the one query that
checks the compiled rules are current), with the learned layer on (screening.learned, issue 13: the model
`make model` built into var/screening-model, built first if absent). Prints the median and 95th percentile,
and the time to compile the department's matchers after a change. Fails unless the
median is under 5 ms at 5,000 terms and at most twice that at 50,000.

It runs on a throwaway test database (SQLite in a temporary file by default, or
test_<name> on PostgreSQL when DATABASE_URL names one). Nothing touches your data.

    python bench/screening.py [--runs 400]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

TERMS_PER_HOLD = 5  # the case number and four more: names, evidence details
LIMIT_MS = 5.0

FIRST = [
    "Marcus",
    "Trina",
    "Dario",
    "Kellan",
    "Avery",
    "Jordan",
    "Priya",
    "Mateo",
    "Lena",
    "Omar",
    "Grace",
    "Hugo",
    "Ines",
    "Jonah",
    "Keiko",
    "Luis",
    "Maya",
    "Nikolai",
    "Opal",
    "Quinn",
    "Rosa",
    "Soren",
    "Talia",
    "Uriel",
]
LAST = [
    "Delane",
    "Vollmer",
    "Fenwick",
    "Rusk",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Castellano",
    "Brandt",
    "Yamada",
    "Petrov",
    "Achebe",
    "Novak",
    "Quintero",
    "Sorensen",
    "Tanaka",
    "Uzoma",
    "Varga",
    "Whitlock",
]
COLOURS = ["blue", "red", "silver", "black", "green", "yellow-handled", "orange", "white", "gray", "tan"]
THINGS = [
    "duffel bag",
    "pry bar",
    "Acura TL",
    "shell casings",
    "crowbar",
    "backpack",
    "hoodie",
    "ski mask",
    "Honda Civic",
    "toolbox",
    "cooler",
    "laptop bag",
    "sedan",
    "work gloves",
    "flashlight",
    "lockbox",
]

DRAFT = (
    "UPDATE: Officers responded Tuesday night to a report of a burglary in the 2300 block of Sycamore Lane. "
    "Residents told officers they heard glass breaking at about 11:40 p.m. and saw a man running toward Main "
    "Street. The suspect is described as a white male in his 30s, about six feet tall, wearing a gray hooded "
    "sweatshirt, dark jeans and black work boots. He may have left in a dark sedan. Detectives are asking anyone "
    "with doorbell or dashboard camera video from the area between 11 p.m. and midnight, or who saw evidence "
    "item 000042 near the scene, to email "
    "tips@oakleypd.example.org or call our tip line at (925) 555-0123. The lobby is open Monday through Friday, "
    "8 a.m. to 5 p.m., for reports and records requests. Remember to lock your doors and windows, keep exterior "
    "lights on overnight and never leave valuables visible in your car. Our Neighborhood Watch coordinators meet "
    "on the first Thursday of every month at the Community Center, and new volunteers are always welcome. "
    "If you see something suspicious, call 911 right away; for anything else use the non-emergency line. "
    "This week our traffic unit will also run a seatbelt enforcement campaign on Laurel Road and Empire Avenue, "
    "so buckle up on every trip. Thank you to everyone who shared last week's post about the missing bicycle: "
    "it was returned to its owner, Dana Whitlock, who can be reached at 925-555-0187. We appreciate the "
    "community's help in keeping Oakley safe. "
)


def draft_text(rng: random.Random) -> str:
    text = DRAFT
    while len(text) < 2000:
        text += DRAFT
    return text[:2000]


def hold_rows(department, member, count: int, start: int, rng: random.Random):
    from screening.models import CaseHold

    rows = []
    for index in range(start, start + count):
        terms = [
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            f"{rng.choice(COLOURS)} {rng.choice(THINGS)} {index}",
            f"evidence item {index:06d}",
        ]
        rows.append(CaseHold(department=department, case_number=f"24-{index:06d}", terms=terms, created_by=member))
    return rows


def measure(departments: dict, text: str, runs: int) -> dict:
    """Median and 95th percentile per department, the runs interleaved so a busy machine slows all alike."""
    from screening import engine, services

    compile_ms, timings = {}, {key: [] for key in departments}
    cpu = {key: [] for key in departments}
    for key, department in departments.items():
        started = time.perf_counter()
        engine.screener_for(department)
        compile_ms[key] = (time.perf_counter() - started) * 1000
        for _ in range(20):
            services.screen_text(department, text)
    for _ in range(runs):
        for key, department in departments.items():
            started, started_cpu = time.perf_counter(), time.process_time()
            services.screen_text(department, text)
            timings[key].append((time.perf_counter() - started) * 1000)
            cpu[key].append((time.process_time() - started_cpu) * 1000)
    results = {}
    for key, values in timings.items():
        values.sort()
        results[key] = (
            statistics.median(values),
            values[int(len(values) * 0.95) - 1],
            compile_ms[key],
            statistics.median(cpu[key]),
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 400)))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="socialgov-bench-") as scratch:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialgov.settings")
        os.environ["SQLITE_TEST_NAME"] = str(Path(scratch) / "bench.sqlite3")
        os.environ.setdefault("SOCIALGOV_SCREENING_MODEL_DIR", str(BASE_DIR / "var" / "screening-model"))
        os.environ["SOCIALGOV_VAR_DIR"] = scratch
        os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"

        import django

        django.setup()
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        from people.models import Member
        from people.services import load_policy_pack
        from screening import engine
        from screening.models import CaseHold
        from screening.services import _changed

        databases = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        try:
            rng = random.Random(4)
            text = draft_text(rng)
            departments = {}
            # Two departments with the same rules, one with each number of hold terms.
            for terms, pack in ((5_000, "oakley"), (50_000, "elk-grove")):
                department, _ = load_policy_pack(pack)
                department.public_phone_numbers = ["(925) 555-0100", "(925) 555-0123"]
                department.public_emails = ["tips@oakleypd.example.org"]
                department.save()
                member = Member.objects.create(username=f"bench-investigator-{pack}", department=department)
                CaseHold.objects.bulk_create(
                    hold_rows(department, member, terms // TERMS_PER_HOLD, 0, rng), batch_size=2000
                )
                _changed(department)
                departments[terms] = department
            from screening.learned.build import loaded
            from screening.services import screen_text

            model = loaded()
            results = measure(departments, text, args.runs)
            learned_on = all(
                engine_screener.learned is not None
                for engine_screener in (engine.screener_for(department) for department in departments.values())
            )
            print(
                f"Learned layer: {'on' if learned_on else 'OFF'} ({len(model.vocabulary):,} features, "
                f"{model.meta['drafts']} training drafts)"
            )

            findings = len(screen_text(departments[5_000], text))
            print(
                f"Screening a {len(text):,}-character draft ({findings} findings), {args.runs} runs each, "
                f"{connection.vendor}:"
            )
            # CPU time beside the wall clock: on a shared, loaded machine the wall clock also counts waiting.
            print(f"{'active hold terms':>18} {'median ms':>10} {'p95 ms':>8} {'compile ms':>11} {'median CPU ms':>14}")
            for terms, (median, p95, compile_ms, cpu_ms) in results.items():
                print(f"{terms:>18,} {median:>10.3f} {p95:>8.3f} {compile_ms:>11.1f} {cpu_ms:>14.3f}")
            print(f"load average: {', '.join(f'{value:.1f}' for value in os.getloadavg())} on {os.cpu_count()} cores")
            small, large = results[5_000][0], results[50_000][0]
            print(f"50,000 / 5,000 median: {large / small:.2f}x (limit 2x); 5,000 median limit {LIMIT_MS} ms")
            assert learned_on, "the learned layer is not on"
            assert small < LIMIT_MS, f"median {small:.3f} ms at 5,000 hold terms is not under {LIMIT_MS} ms"
            assert large <= 2 * small, f"median {large:.3f} ms at 50,000 hold terms is over twice {small:.3f} ms"
        finally:
            teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
