#!/usr/bin/env python3
"""The monthly report's first build of one big club: 1,000 people × a month of records.

    .venv/bin/python bench/report_build.py [--repeats 5] [--profile]

A SQLite database under ``var/bench/`` (``sqlite-report-s1000.sqlite3``) is seeded once with
``manage.py seed_scale --clubs 1 --staff 1000 --months 1 --today 2026-12-03`` (the whole chain's
records, not the floor's only: checklists, training and meetings feed the report too) and reused
while ``var/bench/sqlite-report-s1000.seeded`` exists. Then, in a child process with that
database: the snapshot of November 2026 is deleted and built again from the records
(``reports.snapshots.build_many``, what the monthly job runs) inside a transaction rolled back
afterwards, once to warm up and ``--repeats`` times measured. Prints the median wall and CPU
time (CPU: this process's own, SQLite included, the figure that does not depend on how busy the
machine is), the queries of one build, a digest of the figures built (the same digest before and
after a change of the code means the same figures), and the target of issue 18 with PASS/MISS:
the median CPU time ≤ 300 ms. ``--profile`` adds a cProfile of one more build (CPU time, cumulative, top 45).
Writes ``var/bench/report-build-<timestamp>.json``. ``bench/run.py`` runs it after the floor.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
if str(BASE) not in sys.path:
    sys.path.insert(0, str(BASE))

SIZE = 1000
TODAY = "2026-12-03"  # seeded as if today were this date; the month built is the one before
PROFILE_KEY = f"report-s{SIZE}"
TARGET_MS = 300
TARGET = f"report first build, one club of {SIZE:,} people x a month <= {TARGET_MS} ms (CPU)"


def seeded_env():
    from bench import run

    return run.seeded_one_club(PROFILE_KEY, 8297, SIZE, ["--today", TODAY], "report build")


# --- Inside the child process, with the seeded database --------------------------------------------


def measure(repeats, profile):
    """{people, rows, month, runs_ms, cpu_ms, median_ms, cpu_median_ms, queries, digest[, profile]}."""
    import cProfile
    import hashlib
    import io
    import pstats
    import statistics

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clubops.settings")
    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from attendance.models import Attendance
    from duties.models import ChecklistItem
    from kernel.months import month_range, month_start, previous_month
    from reports.models import MonthlySnapshot
    from reports.snapshots import build_many
    from staff.models import Club, Person

    club = Club.objects.get()
    today = datetime.date.fromisoformat(TODAY)
    month = previous_month(month_start(today))
    first, end = month_range(month)
    now = datetime.datetime.combine(today, datetime.time(10), tzinfo=club.zone)

    class RolledBack(Exception):
        pass

    def build(wrap=None):
        """One first build (the month's snapshot deleted beforehand), rolled back; (wall s, CPU s, figures)."""
        result = {}
        try:
            with transaction.atomic():
                MonthlySnapshot.objects.filter(club=club, month=month).delete()
                started, started_cpu = time.perf_counter(), time.process_time()
                if wrap:
                    with wrap:
                        built = build_many([club], month, now=now)
                else:
                    built = build_many([club], month, now=now)
                result["wall"], result["cpu"] = time.perf_counter() - started, time.process_time() - started_cpu
                result["figures"] = built[club.pk].figures
                raise RolledBack
        except RolledBack:
            pass
        return result

    build()  # warm-up
    runs = [build() for _n in range(repeats)]
    with CaptureQueriesContext(connection) as captured:
        counted = build()
    figures = counted["figures"]
    digest = hashlib.sha256(json.dumps(figures, sort_keys=True, default=str).encode()).hexdigest()[:16]
    wall = [1000 * r["wall"] for r in runs]
    cpu = [1000 * r["cpu"] for r in runs]
    out = {
        "people": Person.objects.filter(club=club).count(), "month": f"{month:%Y-%m}",
        "attendance_rows": Attendance.objects.filter(club=club, date__gte=first, date__lt=end).count(),
        "checklist_items": ChecklistItem.objects.filter(checklist__club=club, checklist__period_start__gte=first,
                                                        checklist__period_end__lt=end).count(),
        "runs_ms": [round(r, 1) for r in wall], "cpu_ms": [round(r, 1) for r in cpu],
        "median_ms": round(statistics.median(wall), 1), "cpu_median_ms": round(statistics.median(cpu), 1),
        "queries": len(captured), "digest": digest, "load_average": os.getloadavg(),
    }
    if profile:
        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine may be shared
        profiler.enable()
        build()
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
        out["profile"] = text.getvalue()
    return out


# --- The parent: seed, run the child, print ---------------------------------------------------------


def check(result):
    ratio = result["cpu_median_ms"] / TARGET_MS
    return {"target": TARGET, "pass": result["cpu_median_ms"] <= TARGET_MS,
            "figure": f"{result['cpu_median_ms']:.0f} ms CPU ({ratio:.2f}x the target; "
                      f"wall {result['median_ms']:.0f} ms), {result['queries']} queries"}


def table(result, checked):
    lines = [
        f"== the report's first build, one club (SQLite, in-process, median of {len(result['runs_ms'])}) ==",
        f"-- {result['people']} people, {result['attendance_rows']} attendance rows, {result['checklist_items']} "
        f"checklist items in {result['month']} --",
        f"{'first build of the month':<40} {result['median_ms']:8.1f} ms (CPU {result['cpu_median_ms']:6.1f} ms) "
        f"{result['queries']:4d} queries  figures {result['digest']}",
        f"   runs: wall {result['runs_ms']} ms, CPU {result['cpu_ms']} ms",
        f"(load average {result['load_average'][0]:.1f} on {os.cpu_count()} CPUs; CPU is this process's own time)",
        "",
        f"{'PASS' if checked['pass'] else 'MISS'}  {checked['target']:<66} {checked['figure']}",
    ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one more build")
    parser.add_argument("--inside", help=argparse.SUPPRESS)  # the child: measure, write JSON here
    args = parser.parse_args(argv)
    if args.inside:
        Path(args.inside).write_text(json.dumps(measure(args.repeats, args.profile), indent=1, default=str))
        return None
    from bench import run

    run.VAR.mkdir(parents=True, exist_ok=True)
    env = dict(seeded_env(), DJANGO_SETTINGS_MODULE="clubops.settings")
    out = run.VAR / "probe-report-build.json"
    command = [run.PYTHON, str(Path(__file__).resolve()), "--inside", str(out), "--repeats", str(args.repeats)]
    subprocess.run(command + (["--profile"] if args.profile else []), env=env, cwd=BASE, check=True)
    result = json.loads(out.read_text())
    checked = check(result)
    if result.get("profile"):
        run.say(result["profile"])
    run.say(table(result, checked))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = run.VAR / f"report-build-{stamp}.json"
    path.write_text(json.dumps({"result": result, "targets": [checked]}, indent=1))
    run.say(f"(written to {path.relative_to(BASE)})")
    return result, checked


if __name__ == "__main__":
    main()
