#!/usr/bin/env python3
"""The floor's pages at the size of one big club: 1,000 (and 3,000) people × a month of attendance.

    .venv/bin/python bench/floor.py [--quick] [--repeats 5] [--sizes 1000,3000]

For each size: a SQLite database under ``var/bench/`` seeded once with ``manage.py seed_scale
--clubs 1 --staff N --months 1 --floor-only`` (reused while it exists), then ``bench/probe.py
floor`` times in-process, signed in as the club's store manager, the monthly attendance sheet
as a person sees it (one team, with the picker), the whole club's sheet (streamed), the monthly
XLSX of the whole club and the follow-up page: the median of ``--repeats`` requests after a
warm-up, with each page's query count. Prints the targets of issue 18 with PASS/MISS and writes
``var/bench/floor-<timestamp>.json``. ``bench/run.py`` runs it too (``--quick`` there: 1,000 only).

``--quick``: 1,000 people only, 3 repeats (for a shared machine).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))

from bench import run  # noqa: E402

# (target name, page, size, limit in ms)
TARGETS = [
    ("monthly sheet, a page a person sees (1,000 people) <= 110 ms", "sheet", 1000, 110),
    ("monthly XLSX, whole club (1,000 people) <= 0.6 s", "xlsx", 1000, 600),
    ("monthly XLSX, whole club (3,000 people) <= 2 s", "xlsx", 3000, 2000),
    ("monthly XLSX written now, no file kept (3,000 people) <= 2 s", "xlsx_written", 3000, 2000),
    ("follow-up page (1,000 people) <= 100 ms", "followup", 1000, 100),
]
LABELS = {
    "sheet": "monthly sheet (one team, picker)",
    "sheet_all": "monthly sheet, whole club (streamed)",
    "xlsx": "monthly XLSX, whole club (file kept: read back)",
    "xlsx_written": "monthly XLSX, whole club (written now)",
    "followup": "follow-up page",
}


def seeded_env(size, port):
    return run.seeded_one_club(f"floor-s{size}", port, size, ["--floor-only"], "floor")


def measure(size, repeats, port):
    env = seeded_env(size, port)
    run.manage(env, "collectstatic", "--noinput", "-v0")
    out = run.VAR / f"probe-floor-{size}.json"
    probe_env = dict(env, DJANGO_SETTINGS_MODULE="clubops.settings")
    subprocess.run([run.PYTHON, str(BASE / "bench" / "probe.py"), "floor", str(out), str(repeats)], env=probe_env,
                   cwd=BASE, check=True)
    return json.loads(out.read_text())["floor"]


def targets(results):
    checks = []
    for name, page, size, limit in TARGETS:
        if size not in results:
            checks.append({"target": name, "pass": None, "figure": "not measured (--quick)"})
            continue
        figure = results[size][page]["median_ms"]
        checks.append({"target": name, "pass": figure <= limit,
                       "figure": f"{figure:.0f} ms, {results[size][page]['queries']} queries"})
    if 1000 in results and 3000 in results:
        for page in ("sheet", "followup"):
            a, b = results[1000][page]["queries"], results[3000][page]["queries"]
            checks.append({"target": f"{LABELS[page]}: same queries at 1,000 and 3,000 people", "pass": a == b,
                           "figure": f"{a} vs {b}"})
        a, b = results[1000]["xlsx_written"].get("peak_mb"), results[3000]["xlsx_written"].get("peak_mb")
        checks.append({"target": "monthly XLSX: memory flat in headcount (peak 3,000 <= 1.5x 1,000)",
                       "pass": b <= 1.5 * a, "figure": f"{a} MB vs {b} MB"})
    return checks


def table(results, checks):
    lines = ["== the floor, one club (SQLite, in-process, median) =="]
    for size, pages in sorted(results.items()):
        lines.append(f"-- {pages['people']} people, {pages['attendance_rows']} attendance rows in {pages['month']} "
                     f"and after --")
        for page, label in LABELS.items():
            p = pages[page]
            extra = f"  peak {p['peak_mb']} MB" if "peak_mb" in p else ""
            lines.append(f"{label:<40} {p['median_ms']:8.1f} ms (CPU {p['cpu_median_ms']:6.1f} ms) "
                         f"{p['queries']:4d} queries {p['bytes'] / 1024:8.0f} KiB{extra}")
    loads = [p[page]["load_average"] for p in results.values() for page in LABELS]
    lines.append(f"(load average during the run: {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} CPUs; "
                 "CPU is this process's own time)")
    lines.append("")
    for c in checks:
        state = "----" if c["pass"] is None else "PASS" if c["pass"] else "MISS"
        lines.append(f"{state}  {c['target']:<66} {c['figure']}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 people only, 3 repeats")
    parser.add_argument("--repeats", type=int)
    parser.add_argument("--sizes", help="comma-separated headcounts (default 1000,3000)")
    parser.add_argument("--port", type=int, default=8299)
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("1000" if args.quick else "1000,3000")).split(",")]
    repeats = args.repeats or (3 if args.quick else 5)
    run.VAR.mkdir(parents=True, exist_ok=True)
    results = {size: measure(size, repeats, args.port) for size in sizes}
    checks = targets(results)
    run.say(table(results, checks))
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = run.VAR / f"floor-{stamp}.json"
    path.write_text(json.dumps({"results": results, "targets": checks, "repeats": repeats}, indent=1))
    run.say(f"(written to {path.relative_to(BASE)})")
    return results, checks


if __name__ == "__main__":
    main()
