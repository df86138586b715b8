#!/usr/bin/env python3
"""The ClubOps benchmark: chain-size data, then throughput, latency and query counts under gunicorn.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--small] [--duration 10] [--no-floor | --floor-only]

For each database: seed the chain (``manage.py seed_scale``; kept under ``var/bench/`` and
reused while the arguments are the same), count each page's queries and time the jobs
(``bench/probe.py``), start gunicorn (3 workers, ``DEBUG`` off, persistent database
connections, benchmark mode), sign in once per simulated user, and measure each page with
wrk. Prints a table (requests/s, p50, p95, queries per request, throughput as a ratio to the
bare page of the same run), checks the targets (PASS/MISS) and writes
``var/bench/<db>-<timestamp>.json``. Then the floor's pages at the size of one big club
(``bench/floor.py``: 1,000 and 3,000 people × a month on SQLite, in-process), with their own
targets; ``--small`` measures 1,000 people only, ``--floor-only`` nothing else. Last the report's first
build of a month of one club of 1,000 people (``bench/report_build.py``), with its target. Last, every page
of the demo as the people who open it (``bench/pages.py``): the slowest ten, pages <= 300 ms, exports <= 1 s.
The bare page is compared with a minimal Django view on the same server (no sign-in, no cookie).

PostgreSQL: ``BENCH_POSTGRES_URL`` (default postgres://postgres@127.0.0.1:5432/clubops_bench);
skipped with a message when the server cannot be reached. The database is dropped and
created again when it must be seeded anew.
"""

import argparse
import datetime
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
VAR = BASE / "var" / "bench"
PYTHON = sys.executable
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/clubops_bench")
FULL = {"clubs": 50, "staff": 40, "months": 12}
SMALL = {"clubs": 3, "staff": 40, "months": 2}
PASSWORD = "clubops-bench"  # demo.scale.SCALE_PASSWORD
ORDER = ["minimal", "bare", "team_10", "team_30", "team_save_10", "duties", "meeting", "chain_report", "scorecard"]
LABELS = {
    "minimal": "minimal Django view (no sign-in)",
    "bare": "bare page (middleware + sign-in only)",
    "team_10": "team screen GET, 10 technicians",
    "team_30": "team screen GET, 30 technicians",
    "team_save_10": "team save POST, 10 rows",
    "duties": "/duties/ (a technician)",
    "meeting": "meeting page (weekly, ~35 people)",
    "chain_report": "owner's chain report, closed month",
    "scorecard": "technician scorecard",
}


def say(text=""):
    print(text, flush=True)


# --- Databases -------------------------------------------------------------------------------------


def postgres_reachable(url):
    parsed = urllib.parse.urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), timeout=2):
            return True
    except OSError:
        return False


def postgres_recreate(url):
    import psycopg2

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"refusing to recreate a database called {name!r}")
    admin = psycopg2.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres",
                             password=parsed.password or None, dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def environment(db, profile_key, port):
    env = dict(os.environ)
    for name in ("DJANGO_SETTINGS_MODULE",):
        env.pop(name, None)
    var_dir = VAR / f"{db}-{profile_key}"
    var_dir.mkdir(parents=True, exist_ok=True)
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": "clubops-benchmark-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "BENCHMARK": "1",
        "DB_CONN_MAX_AGE": "3600",  # persistent for the run (SQLite is always per request, see settings)
        "CLUBOPS_VAR_DIR": str(var_dir),
        "STATIC_ROOT": str(VAR / "static"),
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": POSTGRES_URL if db == "postgres" else f"sqlite:///{VAR / f'sqlite-{profile_key}.sqlite3'}",
    })
    return env


def manage(env, *args, quiet=False):
    command = [PYTHON, str(BASE / "manage.py"), *args]
    result = subprocess.run(command, env=env, cwd=BASE, text=True,
                            stdout=subprocess.PIPE if quiet else None, stderr=subprocess.STDOUT if quiet else None)
    if result.returncode:
        if quiet:
            say(result.stdout)
        raise SystemExit(f"failed: manage.py {' '.join(args)}")
    return result


def seeded_one_club(key, port, size, seed_args, label):
    """The environment of one club of ``size`` people x a month on SQLite (``var/bench/sqlite-<key>.sqlite3``),
    seeded once with ``seed_scale`` and ``seed_args`` and reused while ``var/bench/sqlite-<key>.seeded`` exists."""
    env = environment("sqlite", key, port)
    marker = VAR / f"sqlite-{key}.seeded"
    if marker.exists():
        manage(env, "migrate", "--noinput", "-v0")
        return env
    Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    say(f"[{label}] migrating and seeding one club of {size} people x 1 month (SQLite; a few minutes)")
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(env, "seed_scale", "--clubs", "1", "--staff", str(size), "--months", "1", *seed_args, quiet=True)
    marker.write_text(f"on {datetime.date.today()} in {time.perf_counter() - started:.0f} s\n")
    return env


def ensure_seeded(db, profile, profile_key, env):
    marker = VAR / f"{db}-{profile_key}.seeded"
    if marker.exists():
        say(f"[{db}] reusing the chain seeded {marker.read_text().strip()} ({marker.name})")
        manage(env, "migrate", "--noinput", "-v0")
        return False
    if db == "postgres":
        postgres_recreate(POSTGRES_URL)
    else:
        Path(env["DATABASE_URL"].removeprefix("sqlite:///")).unlink(missing_ok=True)
    say(f"[{db}] migrating and seeding {profile}")
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    manage(env, "seed_scale", "--clubs", str(profile["clubs"]), "--staff", str(profile["staff"]),
           "--months", str(profile["months"]))
    seconds = time.perf_counter() - started
    marker.write_text(f"on {datetime.date.today()} in {seconds:.0f} s\n")
    return seconds


# --- gunicorn, sign-in, wrk ------------------------------------------------------------------------


class Server:
    def __init__(self, env, port, workers=3):
        self.port = port
        self.log = open(VAR / f"gunicorn-{port}.log", "w")
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "clubops.wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{port}", "--chdir", str(BASE), "--graceful-timeout", "5", "--timeout", "120"],
            env=env, cwd=BASE, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise SystemExit(f"gunicorn did not answer on port {port}; see {self.log.name}")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.log.close()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(port, username):
    """Sign in over HTTP like a browser; returns (Cookie header, CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    try:
        opener.open(f"{base}/accounts/login/", data=data.encode())
        raise SystemExit(f"sign-in of {username} did not redirect (wrong password?)")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        raise SystemExit(f"sign-in of {username} gave no session")
    return "; ".join(f"{k}={v}" for k, v in cookies.items()), cookies["csrftoken"]


def check(port, url, cookie, method="GET", body=None):
    """One request with the cookie: a page must answer 200 (a save 302), never the sign-in page."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", data=body, method=method,
                                     headers={"Cookie": cookie} if cookie != "-" else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=120)
        status, location = response.status, ""
    except urllib.error.HTTPError as error:
        status, location = error.code, error.headers.get("Location", "")
    wanted = 302 if method == "POST" else 200
    if status != wanted or "login" in location:
        raise SystemExit(f"{method} {url} answered {status} {location} before the load; nothing measured")


def wrk(port, url, *, cookies, duration, threads, connections, method="GET", bodies=(), paths=()):
    env = dict(os.environ, BENCH_COOKIES="|".join(cookies), BENCH_METHOD=method, BENCH_BODIES="|".join(bodies),
               BENCH_PATHS="|".join(paths))
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "30s",
               "-s", str(BASE / "bench" / "wrk.lua"), f"http://127.0.0.1:{port}{url}"]
    result = subprocess.run(command, env=env, text=True, capture_output=True)
    line = next((x for x in result.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result for {url}:\n{result.stdout}\n{result.stderr}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(data[k] for k in data if k.startswith("errors_"))
    return data


# --- One database ----------------------------------------------------------------------------------


def run_db(db, args, profile, profile_key):
    env = environment(db, profile_key, args.port)
    seeded = ensure_seeded(db, profile, profile_key, env)
    manage(env, "collectstatic", "--noinput", "-v0")
    probe_env = dict(env, DJANGO_SETTINGS_MODULE="clubops.settings")
    out = VAR / f"probe-{db}.json"
    say(f"[{db}] counting queries per page (Django test client + CaptureQueriesContext)")
    subprocess.run([PYTHON, str(BASE / "bench" / "probe.py"), "targets", str(out)], env=probe_env, cwd=BASE, check=True)
    probe = json.loads(out.read_text())
    jobs = {}
    if not args.skip_jobs:
        say(f"[{db}] timing the jobs (each in a transaction rolled back afterwards)")
        subprocess.run([PYTHON, str(BASE / "bench" / "probe.py"), "jobs", str(out)], env=probe_env, cwd=BASE,
                       check=True)
        jobs = json.loads(out.read_text())["jobs"]
    say(f"[{db}] gunicorn, 3 workers, on 127.0.0.1:{args.port}; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s per page")
    server = Server(env, args.port)
    pages = {}
    try:
        sessions = {}
        for spec in probe["targets"].values():
            for login in spec["logins"]:
                if login is None:
                    sessions[None] = ("-", "")  # wrk.lua sends no cookie for "-"
                elif login not in sessions:
                    sessions[login] = sign_in(args.port, login)
        for name in ORDER:
            spec = probe["targets"][name]
            cookies = [sessions[login][0] for login in spec["logins"]]
            paths = [spec.get("per_login_url", {}).get(login, spec["url"]) for login in spec["logins"]]
            bodies = []
            if spec["method"] == "POST":
                for login in spec["logins"]:
                    form = dict(spec["forms"][login], csrfmiddlewaretoken=sessions[login][1])
                    path = VAR / f"body-{db}-{login}.txt"
                    path.write_text(urllib.parse.urlencode(form))
                    bodies.append(str(path))
            for login, cookie, path, body in zip(spec["logins"], cookies, paths, bodies or [None] * len(cookies)):
                check(args.port, path, cookie, spec["method"], Path(body).read_bytes() if body else None)
            result = wrk(args.port, paths[0], cookies=cookies, duration=args.duration, threads=args.threads,
                         connections=args.connections, method=spec["method"], bodies=bodies, paths=paths)
            result["queries"] = probe["queries"][name]["queries"]
            result["users"] = len(cookies)
            pages[name] = result
            say(f"  {name:<14} {result['rps']:8.1f} req/s  p50 {result['p50_us'] / 1000:7.1f} ms  "
                f"p95 {result['p95_us'] / 1000:7.1f} ms  errors {result['errors']}  codes {result['codes']}")
    finally:
        server.stop()
    bare = pages["bare"]["rps"] or 1
    for result in pages.values():
        result["ratio"] = result["rps"] / bare
    return {"db": db, "vendor": probe["vendor"], "profile": profile, "seed_seconds": seeded or None,
            "pages": pages, "queries": probe["queries"], "jobs": jobs,
            "load": {"threads": args.threads, "connections": args.connections, "duration_s": args.duration,
                     "gunicorn_workers": 3}}


# --- Targets and the table -------------------------------------------------------------------------


def targets(result):
    pages, queries, jobs = result["pages"], result["queries"], result["jobs"]
    checks = []

    def add(name, ok, figure):
        checks.append({"target": name, "pass": bool(ok), "figure": figure})

    for size in ("10", "30"):
        ratio = pages[f"team_{size}"]["ratio"]
        add(f"team screen ({size}) >= 0.20x bare", ratio >= 0.20, f"{ratio:.2f}x")
    q10, q30 = queries["team_10"]["queries"], queries["team_30"]["queries"]
    add("team screen: same queries at 10 and 30", q10 == q30, f"{q10} vs {q30}")
    save, screen = pages["team_save_10"]["p95_us"], pages["team_10"]["p95_us"]
    add("team save p95 <= 3x team screen p95", save <= 3 * screen, f"{save / 1000:.0f} ms vs {screen / 1000:.0f} ms")
    ratio = pages["bare"]["rps"] / (pages["minimal"]["rps"] or 1)
    add("bare signed-in page >= 0.5x a minimal Django view", ratio >= 0.5,
        f"{ratio:.2f}x ({pages['bare']['rps']:.0f} vs {pages['minimal']['rps']:.0f} req/s)")
    ratio = pages["chain_report"]["ratio"]
    add("chain report (closed month) >= 0.10x bare", ratio >= 0.10, f"{ratio:.2f}x")
    report = queries["chain_report"]
    unbounded = len(report.get("attendance_unbounded", [])) + len(report.get("attendance_seq_scans", []))
    add("chain report: no attendance read without a date range", unbounded == 0,
        f"{report.get('reads_attendance', 0)} queries read attendance, {unbounded} without a range / seq scan")
    if jobs:
        month = jobs["snapshot_1_month"]
        add("monthly snapshot <= 1 s per month (whole chain)", month["seconds"] <= 1.0,
            f"{month['seconds']:.2f} s for 1 month; 12: {jobs['snapshot_12_months']['seconds_per_month']:.2f} s/month")
        lists = jobs["checklists"]
        add("daily checklist generation <= 2 s", lists["seconds"] <= 2.0,
            f"{lists['seconds']:.2f} s, {lists['created']} lists for {jobs['people_with_login']} people")
        add("checklist rerun creates 0 rows in <= 0.2 s",
            lists["rerun_rows_created"] == 0 and lists["rerun_seconds"] <= 0.2,
            f"{lists['rerun_rows_created']} rows, {lists['rerun_seconds']:.2f} s")
    errors = sum(p["errors"] for p in pages.values())
    add("no errors under load", errors == 0, f"{errors}")
    return checks


def table(result):
    lines = [f"== {result['db']} ({result['profile']['clubs']} clubs x {result['profile']['staff']} people, "
             f"{result['profile']['months']} months) ==",
             f"{'page':<38} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'x bare':>7}"]
    for name in ORDER:
        p = result["pages"][name]
        lines.append(f"{LABELS[name]:<38} {p['rps']:8.1f} {p['p50_us'] / 1000:8.1f} {p['p95_us'] / 1000:8.1f} "
                     f"{p['queries']:8d} {p['ratio']:7.2f}")
    jobs = result["jobs"]
    if jobs:
        lines.append("")
        lines.append(f"{'job':<52} {'seconds':>8}  note")
        c = jobs["checklists"]
        lines.append(f"{'daily checklists, all clubs':<52} {c['seconds']:8.2f}  {c['created']} lists, "
                     f"{c['rows_created']} rows")
        lines.append(f"{'  the same again':<52} {c['rerun_seconds']:8.2f}  {c['rerun_rows_created']} rows created")
        for key, label in (("snapshot_1_month", "monthly snapshots, 1 month, all clubs"),
                           ("snapshot_12_months", "monthly snapshots, 12 months, all clubs")):
            s = jobs[key]
            lines.append(f"{label:<52} {s['seconds']:8.2f}  {s['months']} month(s), {s['ms_per_club_month']:.0f} ms "
                         f"per club-month")
        d = jobs["close_day"]
        lines.append(f"{'evening close of day, all clubs':<52} {d['seconds']:8.2f}  {d['marked']} marked not "
                     f"recorded, {d['reminded']} reminded")
    lines.append("")
    for c in result["targets"]:
        lines.append(f"{'PASS' if c['pass'] else 'MISS'}  {c['target']:<56} {c['figure']}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--small", action="store_true", help="3 clubs, 2 months (CI size)")
    parser.add_argument("--clubs", type=int)
    parser.add_argument("--staff", type=int)
    parser.add_argument("--months", type=int)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page (default 10)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads = simulated users per page (default 2)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8201)))
    parser.add_argument("--skip-jobs", action="store_true", help="measure the pages only")
    parser.add_argument("--seed-only", action="store_true", help="seed (or check) the chain and stop; measure later")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the big club (bench/floor.py, bench/report_build.py)")
    parser.add_argument("--no-pages", action="store_true",
                        help="skip the walk of every page of the demo (bench/pages.py)")
    parser.add_argument("--floor-only", action="store_true",
                        help="measure only the big club (its floor pages and the report's first build)")
    args = parser.parse_args(argv)
    if args.floor_only:
        return run_floor(args)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    profile = dict(SMALL if args.small else FULL)
    for key in ("clubs", "staff", "months"):
        if getattr(args, key):
            profile[key] = getattr(args, key)
    profile_key = f"c{profile['clubs']}-s{profile['staff']}-m{profile['months']}"
    VAR.mkdir(parents=True, exist_ok=True)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    results = []
    for db in dbs:
        if db == "postgres" and not postgres_reachable(POSTGRES_URL):
            say(f"[postgres] {POSTGRES_URL} cannot be reached: PostgreSQL skipped")
            continue
        if args.seed_only:
            ensure_seeded(db, profile, profile_key, environment(db, profile_key, args.port))
            continue
        result = run_db(db, args, profile, profile_key)
        result["targets"] = targets(result)
        result["machine"] = {"cpus": os.cpu_count(), "load_average": os.getloadavg()}
        result["at"] = stamp
        path = VAR / f"{db}-{stamp}.json"
        path.write_text(json.dumps(result, indent=1))
        results.append(result)
        say("")
        say(table(result))
        say(f"(written to {path.relative_to(BASE)})")
    if not results and not args.seed_only:
        raise SystemExit("nothing measured")
    if not args.no_floor and not args.seed_only:
        run_floor(args)
    if not args.no_pages and not args.seed_only:
        run_pages(args)
    return 0


def run_pages(args):
    """Every page of the demo as the people who open it (bench/pages.py): the slowest ten and the targets."""
    if str(BASE) not in sys.path:
        sys.path.insert(0, str(BASE))
    from bench import pages

    say("")
    pages.main(["--depth", "2", "--repeats", "1"] if args.small else
               ["--json", str(VAR / f"pages-{datetime.datetime.now():%Y%m%d-%H%M%S}.json")])


def run_floor(args):
    """The floor's pages of one club of 1,000 (and 3,000) people: bench/floor.py, its table and targets; then the
    report's first build of a month of one club of 1,000 people (bench/report_build.py), its figures and target."""
    if str(BASE) not in sys.path:
        sys.path.insert(0, str(BASE))
    from bench import floor, report_build

    say("")
    floor.main(["--quick"] if args.small else [])
    say("")
    report_build.main(["--repeats", "3"] if args.small else [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
