#!/usr/bin/env python
"""Load without loss: concurrent supervisors saving their team screens against the production stack.

    python bench/load.py [--seconds 60] [--supervisors 50] [--team-size 10] [--port 8311]

Starts ClubOps as in production on 127.0.0.1 (gunicorn with 3 workers and DEBUG off, two
Celery workers and one beat) against its own PostgreSQL database (``clubops_load`` on the
server of ``DATABASE_URL``, or ``LOAD_DATABASE_URL``) and Redis database 9 (of ``REDIS_URL``,
or ``LOAD_REDIS_URL``); seeds one supervisor per team of ``--team-size`` technicians, ten teams
a club; signs every supervisor in once; then for ``--seconds`` has them all load and save their
team screen at once, without pause, with locust (``bench/locustfile.py``). Beat runs every
recurring job every 5 seconds meanwhile, so the two workers race for the same jobs.

Afterwards it checks, and exits 1 when any check fails:
  * no request failed (anything but the page, or a save that did not redirect back);
  * exactly one attendance record per person and day, holding the values of the last save
    that the supervisor's screen saw succeed (note, times, late and early minutes, status,
    the latest grooming round's failed item);
  * the jobs ran once: every club's evening closed once (one JobRun), every supervisor got one
    "nothing recorded" notice and exactly one e-mail for it, every supervisor's daily checklist
    exists once and its team-screen duties were ticked by the queued job; no task raised in a
    worker; nothing left in the outbox.
It prints requests, failures, requests/s, p50 and p95 per request kind and writes them with the
checks to ``var/bench/load.json``.
"""

import argparse
import collections
import datetime
import email
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-pass-0123"  # noqa: S105 - accounts in the throw-away load database only
KEEP_TABLES = ("django_migrations", "django_content_type", "auth_permission")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--supervisors", type=int, default=50)
    parser.add_argument("--team-size", type=int, default=10)
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOAD_PORT", 8311)))
    parser.add_argument("--database-url", default=os.environ.get("LOAD_DATABASE_URL") or _load_database_url())
    parser.add_argument("--redis-url", default=os.environ.get("LOAD_REDIS_URL") or _load_redis_url())
    parser.add_argument("--workdir", default=os.environ.get("LOAD_WORKDIR", str(ROOT / "var" / "load")))
    parser.add_argument("--json", default=str(ROOT / "var" / "bench" / "load.json"))
    parser.add_argument("--fresh", action="store_true", help="drop and re-create the database (else it is emptied)")
    parser.add_argument("command", nargs="?", default="run", choices=["run", "_seed", "_check"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.command == "_seed":
        return seed(args)
    if args.command == "_check":
        return check(args)
    return run(args)


# --- the run ---------------------------------------------------------------------------------------------


def run(args):
    workdir = Path(args.workdir)
    for sub in ("mail", "logs"):
        path = workdir / sub
        path.mkdir(parents=True, exist_ok=True)
        for old in path.iterdir():
            old.unlink()
    env = _environment(args, workdir)
    started = time.monotonic()
    _say(f"database {_safe(args.database_url)}, broker {_safe(args.redis_url)}, work folder {workdir}")
    _prepare_database(args)
    _flush_redis(args.redis_url)
    _manage(env, workdir, "migrate", "--noinput")
    if _static_is_stale(workdir):
        _manage(env, workdir, "collectstatic", "--noinput", "--verbosity", "0")
    # The workers cut the PDF fonts' working copies when they start (kernel.pdf): cut before, not during the load.
    _manage(env, workdir, "prepare_pdf_fonts")
    _say(f"database migrated, static files collected and PDF fonts prepared in {time.monotonic() - started:.0f} s")
    _step(env, workdir, "_seed", args)
    processes = {}
    try:
        processes = _start_stack(env, workdir, args.port)
        _wait_until_up(args.port)
        _say(f"gunicorn, two workers and beat up after {time.monotonic() - started:.0f} s")
        credentials = _sign_in_everyone(args.port, workdir)
        _say(f"{len(credentials['sessions'])} supervisors signed in; {args.seconds} s of saving "
             f"(set up in {time.monotonic() - started:.0f} s)")
        _run_locust(env, workdir, args)
        _say("load over; waiting for the workers to finish the queued jobs")
        time.sleep(6)  # one more beat tick after the last save
        _stop({"beat": processes.pop("beat")})
        _drain(args.redis_url)
    finally:
        _stop(processes)
    result = _step(env, workdir, "_check", args, check_ok=False)
    return result.returncode


def _load_database_url():
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        base = "postgres://postgres@127.0.0.1:5432/clubops"
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path="/clubops_load"))


def _load_redis_url():
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path="/9"))


def _environment(args, workdir):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "clubops.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": args.database_url,
        "DB_CONN_MAX_AGE": "60",
        "REDIS_URL": args.redis_url,
        "CLUBOPS_VAR_DIR": str(workdir),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    return env


def _prepare_database(args):
    import psycopg2
    from psycopg2 import sql

    parts = urllib.parse.urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    try:
        admin = psycopg2.connect(admin_url, connect_timeout=5)
    except psycopg2.OperationalError as error:
        sys.exit(f"load: PostgreSQL is not available at {_safe(admin_url)}: {error}")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and args.fresh:
            cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = False
        if not exists:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    if exists:
        # Empty every table but the schema's own bookkeeping and beat's schedule: much faster
        # than migrating a new database; ``migrate`` then adds whatever is new.
        with psycopg2.connect(args.database_url, connect_timeout=5) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [t for (t,) in cursor.fetchall() if t not in KEEP_TABLES and not t.startswith("django_celery_beat")]
            if tables:
                cursor.execute(sql.SQL("TRUNCATE {} RESTART IDENTITY CASCADE").format(
                    sql.SQL(", ").join(sql.Identifier(t) for t in tables)))
        conn.close()


def _flush_redis(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.exceptions.RedisError as error:
        sys.exit(f"load: Redis is not available at {_safe(url)}: {error}")


def _static_is_stale(workdir):
    """collectstatic (with compression, half a minute of CPU) only when a static file or package changed."""
    manifest = workdir / "staticfiles" / "staticfiles.json"
    if not manifest.exists():
        return True
    sources = [*(ROOT / "static").rglob("*"), Path(sys.executable).parent.parent / "lib"]
    return any(path.stat().st_mtime > manifest.stat().st_mtime for path in sources)


def _manage(env, workdir, *command):
    log = workdir / "logs" / f"{command[0]}.log"
    with open(log, "w") as out:
        done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, stdout=out,
                              stderr=subprocess.STDOUT, timeout=900)
    if done.returncode:
        sys.exit(f"load: manage.py {' '.join(command)} failed; see {log}:\n{log.read_text()[-3000:]}")


def _step(env, workdir, step, args, check_ok=True):
    argv = [sys.executable, __file__, step, "--supervisors", str(args.supervisors), "--team-size", str(args.team_size),
            "--workdir", str(workdir), "--json", args.json, "--seconds", str(args.seconds)]
    done = subprocess.run(argv, cwd=ROOT, env=env, timeout=900)
    if check_ok and done.returncode:
        sys.exit(f"load: step {step} failed")
    return done


def _start_stack(env, workdir, port):
    bin_dir = Path(sys.executable).parent
    commands = {
        "web": [str(bin_dir / "gunicorn"), "clubops.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3",
                "--timeout", "60", "--graceful-timeout", "10"],
        "worker1": [str(bin_dir / "celery"), "-A", "clubops", "worker", "-n", "load1@%h", "--concurrency", "2",
                    "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
        "worker2": [str(bin_dir / "celery"), "-A", "clubops", "worker", "-n", "load2@%h", "--concurrency", "2",
                    "--loglevel", "INFO", "--without-gossip", "--without-mingle"],
        "beat": [str(bin_dir / "celery"), "-A", "clubops", "beat", "--loglevel", "INFO",
                 "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"],
    }
    processes = {}
    for name, argv in commands.items():
        log = open(workdir / "logs" / f"{name}.log", "w")
        processes[name] = (subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True), log)
    return processes


def _wait_until_up(port, seconds=90):
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit(f"load: the web server on port {port} did not answer /healthz within {seconds} s")


def _sign_in(port, username):
    import requests

    session = requests.Session()
    url = f"http://127.0.0.1:{port}/accounts/login/"
    page = session.get(url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(url, data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
                            headers={"Referer": url}, allow_redirects=False, timeout=60)
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"{username} could not sign in (status {response.status_code})")
    return {"username": username, "cookies": session.cookies.get_dict()}


def _sign_in_everyone(port, workdir):
    seeded = json.loads((workdir / "seeded.json").read_text())
    with ThreadPoolExecutor(max_workers=6) as pool:
        sessions = list(pool.map(lambda name: _sign_in(port, name), seeded["usernames"]))
    credentials = {"day": seeded["day"], "sessions": sessions}
    (workdir / "credentials.json").write_text(json.dumps(credentials))
    return credentials


def _run_locust(env, workdir, args):
    users = str(args.supervisors)
    argv = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
            "--users", users, "--spawn-rate", users, "--run-time", f"{args.seconds}s", "--stop-timeout", "30",
            "--host", f"http://127.0.0.1:{args.port}", "--only-summary",
            "--exit-code-on-error", "0", "--loglevel", "WARNING"]
    locust_env = dict(env, LOAD_CREDENTIALS=str(workdir / "credentials.json"), LOAD_RESULTS=str(workdir / "saved.json"))
    with open(workdir / "logs" / "locust.log", "w") as out:
        done = subprocess.run(argv, cwd=ROOT, env=locust_env, stdout=out, stderr=subprocess.STDOUT,
                              timeout=args.seconds + 120)
    if done.returncode:
        sys.exit(f"load: locust failed; see {workdir / 'logs' / 'locust.log'}")


def _drain(url, seconds=60):
    """Wait until the default queue is empty (the workers took every job) and the workers are idle."""
    import redis

    client = redis.Redis.from_url(url)
    deadline, quiet = time.monotonic() + seconds, 0
    while time.monotonic() < deadline and quiet < 3:  # empty for 3 s: jobs queued by jobs are taken too
        quiet = quiet + 1 if not (client.llen("celery") or client.hlen("unacked")) else 0
        time.sleep(1)


def _stop(processes):
    """TERM to each main process (gunicorn and Celery shut down warm: running work finishes), KILL if stuck."""
    for name, (process, _log) in processes.items():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for name, (process, log) in processes.items():
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _say(text):
    print(f"load: {text}", flush=True)


def _safe(url):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


# --- seeding (runs in a child process with the load environment) ------------------------------------------


def _django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def evening_zone(now=None):
    """A time zone where it is now between 19:00 and 22:00: the team screen refuses arrivals and departures
    later than now, and the supervisors save a day of 10:00–18:00 shifts; after 23:00 the evening job closes
    the day while it is saved. Whatever the hour CI runs at, the load clubs are in such a zone."""
    import zoneinfo

    now = now or datetime.datetime.now(datetime.UTC)
    for name in ("Asia/Shanghai", *(f"Etc/GMT{-h:+d}" if h else "Etc/UTC" for h in range(-12, 15))):
        if 19 <= now.astimezone(zoneinfo.ZoneInfo(name)).hour < 22:  # an hour to spare before 23:00
            return name
    return "Asia/Shanghai"


def seed(args):
    _django()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django_celery_beat.models import IntervalSchedule, PeriodicTask, PeriodicTasks

    from attendance.jobs import evening_day
    from attendance.models import RosterEntry, ShiftTemplate
    from duties.catalogue import catalogue_install_defaults
    from staff.models import Club, Department, Gender, Person, Role, Team

    started = time.monotonic()
    User = get_user_model()
    password = make_password(PASSWORD)  # hashed once for every account
    hired = datetime.date(2024, 1, 15)
    clubs = (args.supervisors + 9) // 10
    usernames = []
    day = None
    with transaction.atomic():
        for c in range(clubs):
            club = Club.objects.create(name=f"Load club {c + 1}", code=f"load-{c + 1}", time_zone=evening_zone())
            for kind in Department.Kind.values:
                Department.objects.get_or_create(club=club, kind=kind)
            catalogue_install_defaults(club=club)
            massage = Department.objects.get(club=club, kind=Department.Kind.MASSAGE)
            shift = ShiftTemplate.objects.create(club=club, name="Day", start="10:00", end="18:00")
            day = timezone.localdate(timezone=club.zone)
            manager = Person.objects.create(club=club, department=massage, name=f"Manager {c + 1}", gender=Gender.MALE,
                                            hire_date=hired, position=Role.TECHNICIAN_MANAGER)
            technicians, roster = [], []
            for s in range(min(10, args.supervisors - c * 10)):
                number = c * 10 + s + 1
                username = f"load-supervisor-{number}"
                user = User.objects.create(username=username, password=password, email=f"{username}@example.test")
                supervisor = Person.objects.create(
                    user=user, club=club, department=massage, name=f"Supervisor {number}", gender=Gender.FEMALE,
                    hire_date=hired, position=Role.SUPERVISOR, reports_to=manager, language="en",
                )
                team = Team.objects.create(club=club, department=massage, name=f"Team {number}", supervisor=supervisor)
                usernames.append(username)
                for t in range(args.team_size):
                    technicians.append(Person(
                        club=club, department=massage, team=team, reports_to=supervisor, position=Role.TECHNICIAN,
                        name=f"Technician {number}-{t + 1}", gender=Gender.FEMALE if t % 2 else Gender.MALE,
                        hire_date=hired,
                    ))
            for person in Person.objects.bulk_create(technicians):
                roster.append(RosterEntry(person=person, date=day, shift=shift))
                roster.append(RosterEntry(person=person, date=day - datetime.timedelta(days=1), shift=shift))
            RosterEntry.objects.bulk_create(roster)
        # Every recurring job every 5 seconds, from now on, so that both workers get them while the load runs.
        every_5s, _created = IntervalSchedule.objects.get_or_create(every=5, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.update(interval=every_5s, crontab=None, enabled=True, last_run_at=None, total_run_count=0)
        PeriodicTasks.update_changed()
    closing = evening_day(club, timezone.now())  # the day the evening job closes first
    Path(args.workdir, "seeded.json").write_text(
        json.dumps({"day": day.isoformat(), "closing": closing.isoformat(), "usernames": usernames}))
    jobs = PeriodicTask.objects.filter(enabled=True).count()
    print(f"load: seeded {clubs} clubs, {len(usernames)} supervisors, {len(usernames) * args.team_size} technicians, "
          f"{jobs} beat jobs every 5 s, in {time.monotonic() - started:.1f} s", flush=True)
    return 0


# --- the checks (a child process with the load environment) -------------------------------------------------


def check(args):
    _django()
    from django.db.models import Count
    from django.utils import timezone

    from attendance.jobs import NOTHING_RECORDED
    from attendance.models import Attendance, AttendancePolicy, GroomingCheck, JobRun, RosterEntry
    from staff.models import Notice
    from duties.models import Checklist, ChecklistItem, Evidence
    from outbox.models import OutboxJob
    from staff.models import Club, Person, Role

    workdir = Path(args.workdir)
    saved = json.loads((workdir / "saved.json").read_text())
    stats = {"requests": saved["requests"], "failure_messages": saved["failure_messages"]}
    seeded = json.loads((workdir / "seeded.json").read_text())
    day, closing = datetime.date.fromisoformat(seeded["day"]), datetime.date.fromisoformat(seeded["closing"])
    checks = []

    def expect(ok, what, detail=""):
        checks.append({"ok": bool(ok), "check": what, "detail": str(detail)[:500]})

    requests_total = sum(row["requests"] for name, row in stats["requests"].items() if name != "Aggregated")
    failures = sum(row["failures"] for name, row in stats["requests"].items() if name != "Aggregated")
    counts = saved["counts"]
    expect(requests_total > 0 and counts["saves"] > 0, "requests were made and saves taken",
           f"{requests_total} requests, {counts['saves']} saves")
    expect(failures == 0 and counts["bad_saves"] == 0 and counts["bad_loads"] == 0, "0 errors",
           "; ".join(stats["failure_messages"]) or counts)

    # One attendance record per person-day, with the last saved values.
    clubs = list(Club.objects.filter(code__startswith="load-"))
    technicians = Person.objects.filter(club__in=clubs, position=Role.TECHNICIAN)
    duplicates = (Attendance.objects.filter(person__in=technicians).values("person", "date")
                  .annotate(n=Count("id")).filter(n__gt=1).count())
    expect(duplicates == 0, "exactly one attendance record per person-day", f"{duplicates} person-days with more")
    last = saved["last_saved"]
    saved_people = {int(pk) for pk in last}
    supervisors_saved = set(technicians.filter(pk__in=saved_people).values_list("team__supervisor", flat=True))
    expect(len(supervisors_saved) == args.supervisors, "every supervisor saved at least once",
           f"{len(supervisors_saved)} of {args.supervisors}")
    policy = {club.pk: AttendancePolicy.for_club(club) for club in clubs}
    records = {a.person_id: a for a in Attendance.objects.filter(person__in=technicians, date=day).select_related("club")}
    planned = {r.person_id: r.shift for r in RosterEntry.objects.filter(person__in=technicians, date=day).select_related("shift")}
    latest_round = {}
    for grooming in GroomingCheck.objects.filter(person__in=technicians, date=day).prefetch_related("failures"):
        if grooming.round > latest_round.get(grooming.person_id, (0, None))[0]:
            latest_round[grooming.person_id] = (grooming.round, {f.item_id for f in grooming.failures.all()})
    wrong = []
    for pk, values in last.items():
        record = records.get(int(pk))
        if record is None:
            wrong.append(f"{pk}: no record")
            continue
        differences = _differences(record, values, policy[record.club_id], planned.get(int(pk)), latest_round.get(int(pk)))
        if differences:
            wrong.append(f"{pk}: {differences}")
    expect(not wrong and len(last) == len(records), "each record holds its supervisor's last saved values",
           f"{len(wrong)} differ: {wrong[:5]}; {len(last)} people saved, {len(records)} records")

    # The jobs ran once.
    closed = JobRun.objects.filter(club__in=clubs, job=JobRun.Job.CLOSE_DAY, period=closing).count()
    expect(closed == len(clubs), "every club's evening closed (once)", f"{closed} of {len(clubs)} clubs, {closing}")
    supervisors = list(Person.objects.filter(club__in=clubs, position=Role.SUPERVISOR).select_related("user"))
    if closing < day:
        # Yesterday nobody recorded anything: each supervisor is reminded once, by notice and e-mail.
        notices = Notice.objects.filter(person__in=supervisors, kind=NOTHING_RECORDED, date=closing).count()
        expect(notices == len(supervisors), "one 'nothing recorded' notice per supervisor",
               f"{notices} for {len(supervisors)}")
        sent = collections.Counter()
        for path in (workdir / "mail").glob("*.log"):
            for message in _messages(path):
                if closing.isoformat() in (message["Subject"] or ""):
                    sent[message["To"]] += 1
        twice = {to: n for to, n in sent.items() if n > 1}
        expect(len(sent) == len(supervisors) and not twice, "exactly one notice e-mail per supervisor",
               f"{sum(sent.values())} e-mails to {len(sent)} of {len(supervisors)} supervisors; more than one: {twice}")
    else:
        print("load: started after 23:00 club time, when today is closed while it is saved: "
              "the reminder checks are left out of this run", flush=True)
    daily = (Checklist.objects.filter(person__in=supervisors, cadence="daily", period_start=day)
             .values("person").annotate(n=Count("id")))
    expect(len(daily) == len(supervisors) and all(row["n"] == 1 for row in daily),
           "one daily checklist per supervisor", f"{len(daily)} supervisors have one")
    ticked = ChecklistItem.objects.filter(
        checklist__person__in=supervisors, checklist__period_start=day,
        duty_version__evidence=Evidence.GROOMING_CHECKED, state=ChecklistItem.State.DONE,
    ).values("checklist__person").distinct().count()
    expect(ticked == len(supervisors), "the saves' queued jobs ticked each supervisor's grooming duty",
           f"{ticked} of {len(supervisors)}")
    worker_log = "".join((workdir / "logs" / f"worker{n}.log").read_text() for n in (1, 2))
    raised = [line for line in worker_log.splitlines() if " raised unexpected" in line or "ERROR/" in line]
    succeeded = collections.Counter(re.findall(r"Task ([\w.]+)\[[^\]]+\] succeeded", worker_log))
    expect(not raised and succeeded, "no task raised in a worker", raised[:3] or dict(succeeded))
    expect(not OutboxJob.objects.filter(sent_at__isnull=True).exists(), "nothing waits in the outbox",
           OutboxJob.objects.filter(sent_at__isnull=True).count())

    summary = {
        "when": timezone.now().isoformat(timespec="seconds"),
        "seconds": args.seconds, "supervisors": args.supervisors, "team_size": args.team_size,
        "requests": stats["requests"], "saves": counts["saves"], "tasks_succeeded": dict(succeeded),
        "checks": checks, "ok": all(c["ok"] for c in checks),
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(summary, indent=2))
    _print_summary(summary)
    return 0 if summary["ok"] else 1


def _differences(record, values, policy, shift, grooming):
    """How ``record`` differs from what the supervisor last saved; late and early by the floor's own rule."""
    from attendance.derive import derive, moment

    zone = record.club.zone

    def hhmm(moment):
        return moment.astimezone(zone).strftime("%H:%M") if moment else None

    found = {}
    if record.note != values["note"]:
        found["note"] = (record.note, values["note"])
    if values["presence"] == "absent":
        if record.status != "absent" or record.arrived_at is not None:
            found["status"] = (record.status, "absent")
        return found
    arrived, left = values["arrived"], values["left"]
    def at(hh_mm):
        return moment(record.date, datetime.time.fromisoformat(hh_mm), zone, shift) if hh_mm else None

    status, late, early = derive(
        shift=shift, day=record.date, zone=zone, arrived_at=at(arrived), left_at=at(left),
        arrival_grace=policy.arrival_grace_minutes, leaving_grace=policy.leaving_grace_minutes,
    )
    actual = (hhmm(record.arrived_at), hhmm(record.left_at), record.late_minutes, record.early_minutes, record.status)
    if actual != (arrived, left, late, early, status):
        found["values"] = (actual, (arrived, left, late, early, status))
    failed = {values["failed"]} if values["failed"] else set()
    if grooming is None or grooming[1] != failed:
        found["grooming"] = (grooming and sorted(grooming[1]), sorted(failed))
    return found


def _messages(path):
    """The messages of one file of Django's file e-mail backend (separated by a line of dashes)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for chunk in re.split(r"\n-{79}\n", text):
        if chunk.strip():
            yield email.message_from_string(chunk.strip())


def _print_summary(summary):
    print(f"\nload: {summary['supervisors']} supervisors x {summary['team_size']} technicians, "
          f"{summary['seconds']} s, {summary['saves']} saves")
    print(f"{'request':<14}{'count':>8}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in summary["requests"].items():
        print(f"{name:<14}{row['requests']:>8}{row['failures']:>8}{row['rps']:>8}"
              f"{row['p50_ms'] or '-':>9}{row['p95_ms'] or '-':>9}")
    print("jobs run by the workers: " + ", ".join(f"{name.replace('.tasks.', '.')} {count}"
                                                   for name, count in sorted(summary["tasks_succeeded"].items())))
    for item in summary["checks"]:
        print(f"  {'ok  ' if item['ok'] else 'FAIL'} {item['check']}" + ("" if item["ok"] else f": {item['detail']}"))
    print("load: " + ("no loss" if summary["ok"] else "LOSS OR ERRORS (see above)"), flush=True)


if __name__ == "__main__":
    sys.exit(main())
