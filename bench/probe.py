"""The in-process half of the benchmark, run by ``bench/run.py`` with the database's environment.

``probe.py targets OUT.json``: finds the pages to measure in the seeded chain (the people who
open them, the meeting, the finished month), writes the team save's form for each supervisor,
and counts each page's SQL queries with Django's test client and ``CaptureQueriesContext``
(one warm-up request, then the counted one). For the owner's chain report it also checks that
no query reads attendance without a date range (and, on PostgreSQL, that no plan scans the
attendance table sequentially).

``probe.py floor OUT.json [REPEATS]``: the floor's pages on the one big club seeded by
``bench/floor.py`` (1,000 or 3,000 people × a month): the monthly sheet as a person sees it, the
whole club's sheet (streamed), the monthly XLSX and the follow-up page, each timed in-process
(the median of REPEATS requests after a warm-up) with its queries and, for the XLSX, the peak
memory Python allocated while writing it.

``probe.py jobs OUT.json``: times the scheduled jobs at this size, each inside a transaction
that is rolled back afterwards, so the seeded chain stays as it was for the next run.
"""

import datetime
import json
import os
import re
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clubops.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from attendance.models import Attendance, GroomingItem, RosterEntry  # noqa: E402
from kernel.months import month_start, previous_month  # noqa: E402
from demo import scale  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from staff.models import Club, Person, Team  # noqa: E402

ATTENDANCE_TABLE = Attendance._meta.db_table


def _person(login):
    return Person.objects.select_related("club", "team").get(user__username=login)


def team_form(supervisor_login, day):
    """The team screen's form as a supervisor sends it: everyone worked their shift, grooming all passed."""
    supervisor = _person(supervisor_login)
    team = Team.objects.get(supervisor=supervisor)
    items = list(GroomingItem.objects.filter(club=team.club, is_active=True))
    shifts = {r.person_id: r.shift for r in RosterEntry.objects.filter(person__team=team, date=day).select_related("shift")}
    now = timezone.localtime(timezone=team.club.zone)
    earlier = max(now - datetime.timedelta(minutes=5), now.replace(hour=0, minute=0)).time() if now.date() == day \
        else datetime.time(23, 59)
    fields = {}
    for member in team.members.filter(status=Person.Status.ACTIVE).order_by("pk"):
        prefix = f"p{member.pk}"
        shift = shifts.get(member.pk)
        if shift is None:
            fields[f"{prefix}-presence"] = "day_off"
            continue
        fields[f"{prefix}-presence"] = "worked"
        # The screen refuses a time that has not come yet: at night, before the shift, they arrived a moment ago
        # and have not left.
        fields[f"{prefix}-arrived"] = min(shift.start, earlier).strftime("%H:%M")
        if shift.end <= earlier and shift.end > shift.start:
            fields[f"{prefix}-left"] = shift.end.strftime("%H:%M")
        for item in items:
            if item.applies_to_person(member):
                fields[f"{prefix}-item_{item.pk}"] = "on"
    return fields


def targets():
    """The pages to measure: {name: {url, method, logins, form (POST)}}."""
    today = timezone.localdate()
    closed = previous_month(month_start(today))
    owner = scale.OWNER_USERNAME
    sup = [scale.username(n, "supervisor1") for n in (1, 2)]
    techs = [scale.username(n, "tech1-1") for n in (1, 2)]
    dept = scale.username(1, "deptmanager")
    meeting = (
        Meeting.objects.filter(club__code=scale.club_code(1), kind="weekly", status=Meeting.Status.HELD)
        .order_by("-starts_at").first()
    )
    found = {
        "minimal": {"url": "/bench/minimal/", "logins": [None]},  # None: no sign-in, no cookie
        "bare": {"url": "/bench/bare/", "logins": sup},
        "team_10": {"url": "/attendance/team/", "logins": sup},
        "team_30": {"url": "/attendance/team/", "logins": [scale.big_team_supervisor()]},
        "team_save_10": {"url": "/attendance/team/", "logins": sup, "method": "POST",
                         "forms": {login: team_form(login, today) for login in sup}},
        "duties": {"url": "/duties/", "logins": techs},
        "meeting": {"url": f"/meetings/{meeting.pk}/", "logins": [dept]},
        "chain_report": {"url": f"/reports/monthly/{closed:%Y-%m}/", "logins": [owner]},
        "scorecard": {"url": "", "logins": techs, "per_login_url": {
            login: f"/reports/people/{_person(login).pk}/" for login in techs}},
    }
    for spec in found.values():
        spec.setdefault("method", "GET")
    return found


def _url(spec, login):
    return spec.get("per_login_url", {}).get(login) or spec["url"]


def _reads_attendance_without_range(sql):
    """A query that reads the attendance table with no condition on its date."""
    if f'"{ATTENDANCE_TABLE}"' not in sql and f"{ATTENDANCE_TABLE} " not in sql:
        return False
    where = sql.split(" WHERE ", 1)
    return len(where) < 2 or not re.search(rf'"{ATTENDANCE_TABLE}"\."date"', where[1])


def _seq_scans(sql):
    if connection.vendor != "postgresql" or not sql.lstrip().upper().startswith("SELECT"):
        return False
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return f"Seq Scan on {ATTENDANCE_TABLE}" in plan


def count_queries(found):
    """{name: {queries, status, attendance_unbounded, attendance_seq_scans}} from one counted request each."""
    User = get_user_model()
    # Today's attendance saved once for every measured team, so that the team screen is read in
    # the same state at 10 and at 30 technicians, on the first run as on later ones.
    today = timezone.localdate()
    for login in {*found["team_10"]["logins"], *found["team_30"]["logins"]}:
        client = Client()
        client.force_login(User.objects.get(username=login))
        if client.post("/attendance/team/", team_form(login, today)).status_code != 302:
            raise SystemExit(f"the team save of {login} was refused")
    result = {}
    for name, spec in found.items():
        login = spec["logins"][0]
        client = Client()
        if login is not None:
            client.force_login(User.objects.get(username=login))
        url = _url(spec, login)

        def call():
            if spec["method"] == "POST":
                return client.post(url, spec["forms"][login])
            return client.get(url)

        call()  # warm-up: caches, first-time creations (today's roster, checklists) out of the count
        with CaptureQueriesContext(connection) as captured:
            response = call()
        sqls = [q["sql"] for q in captured.captured_queries]
        entry = {"queries": len(sqls), "status": response.status_code}
        if name == "chain_report":
            entry["attendance_unbounded"] = [s[:300] for s in sqls if _reads_attendance_without_range(s)]
            entry["attendance_seq_scans"] = [s[:300] for s in sqls if _seq_scans(s)]
            entry["reads_attendance"] = sum(1 for s in sqls if ATTENDANCE_TABLE in s)
        result[name] = entry
    return result


def _timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def jobs():
    """Each job timed inside a transaction that is rolled back."""
    from attendance.jobs import close_day
    from duties.jobs import create_due_checklists
    from duties.models import Checklist, ChecklistItem
    from reports.models import MonthlySnapshot
    from reports.snapshots import snapshots_for

    clubs = list(Club.objects.filter(is_active=True).order_by("pk"))
    people = Person.objects.active().filter(user__isnull=False).count()
    today = timezone.localdate()
    last = previous_month(month_start(today))
    months = []
    month = last
    for _n in range(12):
        months.append(month)
        month = previous_month(month)
    have = set(MonthlySnapshot.objects.values_list("month", flat=True).distinct())
    months = sorted(m for m in months if m in have)
    out = {"clubs": len(clubs), "people_with_login": people}

    with transaction.atomic():
        before = Checklist.objects.count(), ChecklistItem.objects.count()
        seconds, created = _timed(lambda: create_due_checklists())
        middle = Checklist.objects.count(), ChecklistItem.objects.count()
        again, created_again = _timed(lambda: create_due_checklists())
        after = Checklist.objects.count(), ChecklistItem.objects.count()
        out["checklists"] = {
            "seconds": round(seconds, 3), "created": sum(created.values()),
            "rows_created": (middle[0] - before[0]) + (middle[1] - before[1]),
            "rerun_seconds": round(again, 3), "rerun_created": sum(created_again.values()),
            "rerun_rows_created": (after[0] - middle[0]) + (after[1] - middle[1]),
        }
        transaction.set_rollback(True)

    for label, wanted in (("snapshot_1_month", [last]), ("snapshot_12_months", months)):
        with transaction.atomic():
            MonthlySnapshot.objects.filter(month__in=wanted).delete()
            seconds, built = _timed(lambda wanted=wanted: snapshots_for(clubs, wanted))
            out[label] = {"seconds": round(seconds, 3), "months": len(wanted), "built": len(built),
                          "seconds_per_month": round(seconds / max(len(wanted), 1), 3),
                          "ms_per_club_month": round(1000 * seconds / max(len(built), 1), 1)}
            transaction.set_rollback(True)

    with transaction.atomic():
        seconds, results = _timed(lambda: [close_day(club=club, day=today) for club in clubs])
        out["close_day"] = {"seconds": round(seconds, 3), "marked": sum(r.marked for r in results),
                            "reminded": sum(r.reminded for r in results)}
        transaction.set_rollback(True)
    return out


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def floor(repeats=5):
    """{name: {url, median_ms, runs_ms, queries, bytes}} for the floor's pages of the big club."""
    import shutil
    import statistics
    import tracemalloc

    from kernel import files

    today = timezone.localdate()
    month = previous_month(month_start(today))
    club = Club.objects.get(code=scale.club_code(1))
    login = scale.username(1, "storemanager")
    User = get_user_model()
    client = Client()
    client.force_login(User.objects.get(username=login))
    m = f"{month:%Y-%m}"
    pages = {
        "sheet": f"/attendance/stats/monthly/?month={m}",
        "sheet_all": f"/attendance/stats/monthly/?club={club.pk}&month={m}&all=1",
        "xlsx": f"/attendance/stats/monthly/?club={club.pk}&month={m}&format=xlsx",
        # the same download when no file was kept for its content: written now (each run starts with none)
        "xlsx_written": f"/attendance/stats/monthly/?club={club.pk}&month={m}&format=xlsx",
        "followup": f"/attendance/followup/?month={m}",
    }
    out = {"people": Person.objects.filter(club=club).count(), "month": m,
           "attendance_rows": Attendance.objects.filter(club=club, date__gte=month, date__lt=today).count()}
    for name, url in pages.items():
        response = client.get(url)  # warm-up
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        _body(response)
        with CaptureQueriesContext(connection) as captured:
            size = len(_body(client.get(url)))
        queries = len(captured)  # now: the next request's start empties the log it reads
        runs, cpu = [], []
        for _n in range(repeats):
            if name == "xlsx_written":
                shutil.rmtree(files.folder_of("attendance-months"), ignore_errors=True)
            started, started_cpu = time.perf_counter(), time.process_time()
            _body(client.get(url))
            runs.append(1000 * (time.perf_counter() - started))
            cpu.append(1000 * (time.process_time() - started_cpu))
        entry = {"url": url, "median_ms": round(statistics.median(runs), 1), "runs_ms": [round(r, 1) for r in runs],
                 "cpu_median_ms": round(statistics.median(cpu), 1), "queries": queries, "bytes": size,
                 "load_average": os.getloadavg()[0]}
        if name == "xlsx_written":
            shutil.rmtree(files.folder_of("attendance-months"), ignore_errors=True)
            tracemalloc.start()
            _body(client.get(url))
            entry["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
        out[name] = entry
    return out


def main(argv):
    what, path = argv[1], argv[2]
    if what == "floor":
        data = {"floor": floor(int(argv[3]) if len(argv) > 3 else 5), "vendor": connection.vendor}
    elif what == "targets":
        found = targets()
        found_queries = count_queries(found)
        data = {"targets": found, "queries": found_queries, "vendor": connection.vendor}
    elif what == "jobs":
        data = {"jobs": jobs(), "vendor": connection.vendor}
    else:
        raise SystemExit(f"unknown: {what}")
    Path(path).write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv)
