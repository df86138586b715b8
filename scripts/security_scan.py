"""Outside scanners against ClubOps on 127.0.0.1: wapiti and sqlmap with a signed-in session.

Run through ``scripts/security-scan`` (``make security``). What it does:

1. a throwaway data directory ``var/security/data`` (SQLite unless SECURITY_SCAN_DATABASE_URL
   is set), migrated and loaded with the demo chain;
2. gunicorn on 127.0.0.1:8101 with DEBUG off and production settings, except that HTTPS is
   not forced (plain HTTP on the loopback address);
3. signs in as demo people with a real POST to the sign-in form;
4. wapiti (only modules that stay on 127.0.0.1) over the main screens;
5. sqlmap on the forms that take free text and on the search / month parameters;
6. a check that no sign-in or language-switch redirect leaves the site;
7. one table per tool; a high-severity finding that scripts/security-accepted.json does not
   accept makes the exit status 1. A scan that could not run exits 2.

Everything stays on 127.0.0.1; nothing is fetched from or sent to another machine.
"""

import argparse
import csv
import fnmatch
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import requests

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "security"
DATA = VAR / "data"
STATIC = VAR / "staticfiles"
ACCEPTED_FILE = ROOT / "scripts" / "security-accepted.json"
PASSWORD = "clubops-demo"
SEVERITIES = ["info", "low", "medium", "high"]

# wapiti 3.0.4 modules. Left out on purpose:
#   ssrf, xxe   - they plant URLs of an outside server (wapiti3.ovh) and ask it what it saw;
#   wapp, nikto - they download their databases from GitHub;
#   redirect    - it proves an open redirect by following it to openbugbounty.org; the
#                 redirect check below does the same without leaving the machine;
#   brute_login_form - password guessing: sign-in throttling stops it, and it would lock the
#                 demo logins the scan uses;
#   buster      - guesses thousands of file names; Django answers 404 to anything not routed;
#   blindsql    - time-based SQL injection: it waits on every payload of every field and does
#                 not heed --max-attack-time within a form; sqlmap's time-based tests cover
#                 the free-text forms instead.
WAPITI_MODULES = [
    "http_headers", "csp", "cookieflags", "csrf", "methods", "htaccess", "backup",
    "shellshock", "crlf", "sql", "xss", "permanentxss", "exec", "file",
]

# The screens wapiti starts from (as the store manager, who sees most of club 1).
WAPITI_START = [
    "/", "/people/", "/people/add/", "/clubs/", "/attendance/team/", "/attendance/roster/",
    "/attendance/hygiene/", "/attendance/consumables/", "/attendance/consumables/issues/",
    "/attendance/quality/", "/attendance/quality/feedback/", "/attendance/quality/check/",
    "/attendance/stats/daily/", "/attendance/stats/monthly/", "/attendance/followup/",
    "/duties/", "/duties/review/", "/duties/catalogue/", "/training/", "/training/plans/",
    "/training/questions/", "/training/rewards/", "/meetings/", "/meetings/series/",
    "/meetings/action-items/", "/meetings/reports/", "/reports/monthly/",
]

# Never crawled or attacked: they end the session, change its language, hand out logins or
# take people off the books (which would also end a demo session).
WAPITI_EXCLUDE = [
    "/accounts/logout/*", "/i18n/setlang/*", "/admin/*", "/people/*/deactivate/*",
    "/people/*/login/*", "/people/*/move/*", "/accounts/password_change/*", "/static/*",
]

INJECTION_CATEGORIES = {
    "SQL Injection", "Blind SQL Injection", "Cross Site Scripting", "Command execution",
    "Path Traversal", "CRLF Injection", "XML External Entity", "Server Side Request Forgery",
    "Weak credentials", "Potentially dangerous file",
}


class ScanError(Exception):
    """The scan itself could not run (exit status 2)."""


def log(message):
    print(f"[security] {message}", flush=True)


# --- the server ------------------------------------------------------------------------

class Server:
    def __init__(self, port, workers):
        self.port = port
        self.workers = workers
        self.base = f"http://127.0.0.1:{port}"
        self.proc = None
        self.env = self._env()

    def _env(self):
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            ALLOWED_HOSTS="127.0.0.1",
            # Plain HTTP on the loopback address: no redirect to HTTPS and no Secure-only
            # cookies, or no browser (and no scanner) could keep a session.
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            CLUBOPS_VAR_DIR=str(DATA),
            STATIC_ROOT=str(STATIC),
            LOG_LEVEL="WARNING",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            PYTHONUNBUFFERED="1",
        )
        if os.environ.get("SECURITY_SCAN_DATABASE_URL"):
            env["DATABASE_URL"] = os.environ["SECURITY_SCAN_DATABASE_URL"]
        return env

    def manage(self, *args):
        started = time.monotonic()
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise ScanError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        log(f"manage.py {' '.join(args)} ({time.monotonic() - started:.0f}s)")
        return result.stdout

    def prepare(self, days, use_cache=True):
        if DATA.exists():
            shutil.rmtree(DATA)
        cache = None if "DATABASE_URL" in self.env or not use_cache else self._cache_dir(days)
        if cache is not None and cache.exists():
            shutil.copytree(cache, DATA)
            log(f"demo data copied from {cache.relative_to(ROOT)} (same code, same day)")
        else:
            DATA.mkdir(parents=True)
            if "DATABASE_URL" in self.env:
                self.manage("flush", "--noinput")
            self.manage("migrate", "--noinput", "-v", "0")
            self.manage("seed_demo", "--days", str(days), "-v", "0")
            if cache is not None:
                shutil.rmtree(cache.parent, ignore_errors=True)  # one cached copy at most
                shutil.copytree(DATA, cache)
        if self._static_out_of_date():
            self.manage("collectstatic", "--noinput", "-v", "0")
        else:
            log("static files up to date (var/security/staticfiles)")

    @staticmethod
    def _cache_dir(days):
        """Where a migrated, seeded copy of the data directory is kept, named after the code
        that made it and the chain's date (the demo history ends today)."""
        digest = hashlib.sha256()
        today = datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Asia/Shanghai"))).date()
        digest.update(f"{today} {days}".encode())
        apps = [d for d in sorted(ROOT.iterdir()) if (d / "__init__.py").exists()]
        for path in sorted(p for app in apps for p in app.rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" not in relative.parts:
                digest.update(str(relative).encode() + path.read_bytes())
        digest.update((ROOT / "requirements.txt").read_bytes())
        return VAR / "seeded" / digest.hexdigest()[:16]

    @staticmethod
    def _static_out_of_date():
        manifest = STATIC / "staticfiles.json"
        if not manifest.exists():
            return True
        built = manifest.stat().st_mtime
        sources = [ROOT / "requirements.txt", ROOT / ".venv" / ".runtime"]
        sources += [p for p in ROOT.glob("*/static/**/*") if p.is_file() and ".venv" not in p.parts]
        sources += [p for p in (ROOT / "static").rglob("*") if p.is_file()]
        return any(p.exists() and p.stat().st_mtime > built for p in sources)

    def start(self):
        try:
            requests.get(self.base + "/healthz", timeout=2)
        except requests.ConnectionError:
            pass
        else:
            raise ScanError(f"something already answers on {self.base}; stop it or pass --port")
        gunicorn = shutil.which("gunicorn") or str(ROOT / ".venv" / "bin" / "gunicorn")
        self.proc = subprocess.Popen(
            [gunicorn, "clubops.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(self.workers), "--timeout", "120", "--access-logfile", str(VAR / "access.log"),
             "--error-logfile", str(VAR / "server.log")],
            cwd=ROOT, env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ScanError(f"gunicorn stopped at start-up; see {VAR / 'server.log'}")
            try:
                response = requests.get(self.base + "/healthz", timeout=5)
                if response.status_code == 200:
                    log(f"ClubOps answers on {self.base} (/healthz: {response.json()})")
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise ScanError(f"/healthz did not answer 200 within 90 s; see {VAR / 'server.log'}")

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the process group gunicorn leads
            self.proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log("server stopped")


# --- signing in and reading forms -----------------------------------------------------

class FormParser(HTMLParser):
    """The forms of a page: attributes and fields, enough to submit them as a browser would."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def _owner(self, attrs):
        """The form a field belongs to: the one its ``form`` attribute names, else the one around it."""
        if attrs.get("form"):
            return next((f for f in self.forms if f["attrs"].get("id") == attrs["form"]), None)
        return self._form

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"attrs": attrs, "fields": []}
            self.forms.append(self._form)
            return
        if tag == "option" and self._select is not None:
            self._select["options"].append(attrs)
            return
        form = self._owner(attrs)
        if form is None:
            return
        if tag == "input":
            form["fields"].append({"tag": "input", **attrs})
        elif tag == "button" and attrs.get("name"):
            form["fields"].append({"tag": "button", **attrs})
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", "value": "", **attrs}
            form["fields"].append(self._textarea)
        elif tag == "select":
            self._select = {"tag": "select", "options": [], **attrs}
            form["fields"].append(self._select)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html):
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def form_body(form, choose=()):
    """The name/value pairs a browser would send for the form as the page shows it; for the
    selects named in ``choose``, the first real choice instead of an empty "---------"."""
    body, radios = [], {}
    for field in form["fields"]:
        name = field.get("name")
        if not name or "disabled" in field:
            continue
        kind = field.get("type", "text").lower()
        if field["tag"] == "button" or kind in ("submit", "button", "reset", "file", "image"):
            continue
        if field["tag"] == "select":
            options = field["options"]
            if name in choose:
                options = [o for o in options if o.get("value")]
            chosen = [o for o in options if "selected" in o] or options
            if chosen:
                body.append((name, chosen[0].get("value", "")))
        elif kind == "radio":
            if "checked" in field:
                radios[name] = field.get("value", "on")
            elif field.get("value"):
                radios.setdefault(name, field["value"])
        elif kind == "checkbox":
            if "checked" in field:
                body.append((name, field.get("value", "on")))
        elif field["tag"] == "textarea":
            body.append((name, field["value"].removeprefix("\n")))  # HTML drops that newline
        else:
            body.append((name, field.get("value", "")))
    body += list(radios.items())
    buttons = [f for f in form["fields"] if f["tag"] == "button" or f.get("type") == "submit"]
    named = [b for b in buttons if b.get("name")]
    if named:
        body.append((named[0]["name"], named[0].get("value", "")))
    return body


def sign_in(base, username):
    session = requests.Session()
    page = session.get(base + "/accounts/login/", timeout=30)
    token = dict(form_body(forms_of(page.text)[-1])).get("csrfmiddlewaretoken")
    if page.status_code != 200 or not token:
        raise ScanError(f"the sign-in page did not answer with a form ({page.status_code})")
    response = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + "/accounts/login/"}, allow_redirects=False, timeout=30,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise ScanError(f"signing in as {username} failed (HTTP {response.status_code})")
    if not signed_in(session, base):
        raise ScanError(f"the session of {username} does not open the home page")
    return session


def signed_in(session, base):
    response = session.get(base + "/", allow_redirects=False, timeout=30)
    return response.status_code == 200


def cookie_header(session):
    return "; ".join(f"{c.name}={c.value}" for c in session.cookies)


# --- wapiti -------------------------------------------------------------------------------

def severity_of_wapiti(section, category, level):
    level = int(level or 0)
    by_level = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "high"}[min(level, 4)]
    if section == "vulnerabilities" and category in INJECTION_CATEGORIES:
        return "high"  # wapiti rates a reflected XSS "medium"; an injection is high here
    if section == "vulnerabilities" and category == "Open Redirect":
        return max(by_level, "medium", key=SEVERITIES.index)
    if section == "additionals":
        return "info"
    return by_level


def run_wapiti(server, session, args):
    out = VAR / "wapiti"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    cookies = {"127.0.0.1": {"/": {
        c.name: {"value": c.value, "expires": None, "secure": False, "port": None, "version": 0}
        for c in session.cookies
    }}}
    (out / "cookies.json").write_text(json.dumps(cookies))
    report = out / "report.json"
    # Debian's wapiti 3.0.4 needs a fix to honour -x on Python 3.11 (scripts/security_wapiti.py),
    # so it runs through that script with the Python that holds wapitiCore.
    shebang = Path(args.wapiti).read_text(errors="replace").splitlines()[0]
    interpreter = shebang[2:].strip().split()[0] if shebang.startswith("#!") else "python3"
    command = [
        interpreter, str(ROOT / "scripts" / "security_wapiti.py"), "-u", server.base + "/", "--scope", "folder",
        "-c", str(out / "cookies.json"), "-m", ",".join(WAPITI_MODULES),
        # Few links per page, so that the crawl reaches the forms of the main screens (queued
        # before the links) within its time rather than dozens of look-alike detail pages.
        "--depth", str(args.wapiti_depth), "--max-links-per-page", "4",
        "--max-files-per-dir", "6", "--max-parameters", "40",
        "--max-scan-time", str(args.wapiti_crawl_seconds),
        "--max-attack-time", str(args.wapiti_attack_seconds),
        "--timeout", "30", "--flush-session", "--no-bugreport",
        # No module left needs an endpoint; point it at a closed local port all the same.
        "--endpoint", f"http://127.0.0.1:{server.port + 8}/",
        "--store-session", str(out / "session"), "--store-config", str(out / "config"),
        "-f", "json", "-o", str(report), "-v", "1",
    ]
    for path in WAPITI_START:
        command += ["-s", server.base + path]
    for pattern in WAPITI_EXCLUDE:
        command += ["-x", server.base + pattern]
    (out / "config").mkdir()
    log(f"wapiti: {len(WAPITI_START)} start screens, modules {','.join(WAPITI_MODULES)}")
    started, lines_before = time.monotonic(), access_log_lines()
    limit = args.wapiti_crawl_seconds + args.wapiti_attack_seconds * len(WAPITI_MODULES) + 300
    env = {**os.environ, "LANG": "C.UTF-8", "LANGUAGE": "en", "LC_ALL": "C.UTF-8"}
    with open(out / "wapiti.log", "w") as stdout:
        try:
            result = subprocess.run(command, stdout=stdout, stderr=subprocess.STDOUT, env=env,
                                    cwd=out, timeout=limit)
        except subprocess.TimeoutExpired:
            raise ScanError(f"wapiti ran longer than {limit} s; see {out / 'wapiti.log'}") from None
    seconds = time.monotonic() - started
    if result.returncode != 0 or not report.exists():
        raise ScanError(f"wapiti failed (exit {result.returncode}); see {out / 'wapiti.log'}")
    data = json.loads(report.read_text())
    findings = []
    for section in ("vulnerabilities", "anomalies", "additionals"):
        for category, entries in (data.get(section) or {}).items():
            for entry in entries:
                findings.append({
                    "tool": "wapiti", "category": category,
                    "severity": severity_of_wapiti(section, category, entry.get("level")),
                    "method": entry.get("method", ""), "path": entry.get("path", ""),
                    "parameter": entry.get("parameter", "") or "",
                    "info": " ".join((entry.get("info") or "").split()),
                })
    crawled = wapiti_crawled(out / "wapiti.log", access_log_lines() - lines_before)
    log(f"wapiti finished in {seconds:.0f}s ({crawled})")
    return findings, seconds


def wapiti_crawled(log_path, requests_sent):
    text = log_path.read_text(errors="replace")
    found = re.search(r"Wapiti found (\d+) URLs and forms", text)
    dropped = re.search(r"(\d+) URLs and forms having more than", text)
    attacked, module = {}, None
    for line in text.splitlines():
        if line.startswith("[*] Launching module "):
            module = line.split()[-1]
            attacked[module] = 0
        elif line.startswith("[+] ") and module:
            attacked[module] += 1
    crawled = {}
    for database in (log_path.parent / "session").glob("*.db"):
        with sqlite3.connect(database) as connection:
            crawled.update(connection.execute(
                "SELECT method, COUNT(*) FROM paths WHERE http_status IS NOT NULL GROUP BY method"))
    return (f"{found.group(1) if found else '?'} URLs and forms found, {crawled.get('GET', 0)} pages "
            f"and {crawled.get('POST', 0)} forms crawled, "
            f"{dropped.group(1) if dropped else 0} forms with too many fields left to sqlmap, "
            f"{requests_sent} requests; URLs and forms each module tried: "
            + ", ".join(f"{name} {count}" for name, count in attacked.items() if count))


def access_log_lines():
    path = VAR / "access.log"
    return sum(1 for _ in path.open(errors="replace")) if path.exists() else 0


# --- sqlmap -------------------------------------------------------------------------------

def find_form(session, base, pages, testid=None, action=None):
    """The first form on one of ``pages`` with that data-testid / action: (page, form)."""
    for page in pages:
        response = session.get(base + page, timeout=60)
        if response.status_code != 200:
            continue
        for form in forms_of(response.text):
            attrs = form["attrs"]
            if attrs.get("method", "get").lower() != "post":
                continue
            if re.search(r"/accounts/logout/|/i18n/", attrs.get("action") or ""):
                continue  # the top bar's sign-out and language forms
            if testid and attrs.get("data-testid") != testid:
                continue
            if action and not re.search(action, attrs.get("action") or page):
                continue
            return page, form
    return None, None


def meeting_pages(session, base, limit=25):
    response = session.get(base + "/meetings/", timeout=60)
    ids = list(dict.fromkeys(re.findall(r'href="/meetings/(\d+)/"', response.text)))
    return [f"/meetings/{pk}/" for pk in ids[:limit]]


def sqlmap_targets(sessions, base):
    """(name, user, url, POST body or None, parameters, page with the CSRF token, baseline).

    The baseline is what the untouched request gets: a POST that saves answers 302, one that
    the form turns down answers 200 (its text then never reaches a query)."""
    targets = []

    def post_target(name, user, pages, params, testid=None, action=None, values=None, choose=()):
        page, form = find_form(sessions[user], base, pages, testid=testid, action=action)
        if form is None:
            raise ScanError(f"sqlmap target '{name}': no such form on {pages[:3]} as {user}")
        # what a person would type or pick, so that the untouched request saves (302)
        values = values or {}
        body = [(key, values.get(key, value)) for key, value in form_body(form, choose)]
        body += [(key, value) for key, value in values.items() if key not in dict(body)]
        names = [key for key, _ in body]
        chosen = []
        for pattern in params:
            match = next((n for n in names if re.fullmatch(pattern, n)), None)
            if match is None:
                raise ScanError(f"sqlmap target '{name}': no field {pattern} in the form on {page}")
            chosen.append(match)
        body = [(k, "clubops" if k in chosen and not v else v) for k, v in body]
        url = base + (form["attrs"].get("action") or page)
        response = sessions[user].post(url, data=body, allow_redirects=False, timeout=60)
        baseline = "saves" if response.status_code == 302 else f"form error ({response.status_code})"
        targets.append((name, user, url, urlencode(body), chosen, base + page, baseline))

    def get_target(name, user, path, query, params):
        url = f"{base}{path}?{urlencode(query)}"
        response = sessions[user].get(url, allow_redirects=False, timeout=60)
        targets.append((name, user, url, None, params, None, f"answers {response.status_code}"))

    post_target("team screen notes", "supervisor", ["/attendance/team/"],
                [r"p\d+-note", r"p\d+-grooming_note"], testid="team-form")
    post_target("area hygiene note", "supervisor", ["/attendance/hygiene/"], [r"a\d+-note"],
                testid="hygiene-form")
    post_target("customer feedback", "storemanager", ["/attendance/quality/feedback/"],
                ["said", "action"], testid="feedback-form", values={"kind": "praise"},
                choose=["technician"])
    meetings = meeting_pages(sessions["storemanager"], base)
    post_target("meeting minutes", "storemanager", meetings, ["minutes"], testid="minutes-form")
    # The minutes, a new decision and a new action item are one form (fields joined by form="…").
    post_target("meeting action item", "storemanager", meetings, ["what", "note"], testid="minutes-form",
                choose=["owner"])
    # Only the name: a phone number must be unique in the club, so repeating one request
    # would turn it down as a duplicate before anything else.
    post_target("new person", "storemanager", ["/people/add/"], ["name"],
                values={"position": "technician", "phone": "",
                        "hire_date": time.strftime("%Y-%m-%d")},
                choose=["gender", "department", "reports_to", "team", "level"])
    month = time.strftime("%Y-%m")
    get_target("people search", "storemanager", "/people/", {"q": "王", "status": "active"}, ["q"])
    get_target("monthly statistics", "storemanager", "/attendance/stats/monthly/",
               {"club": "1", "month": month}, ["club", "month"])
    get_target("towels handed out", "storemanager", "/attendance/consumables/issues/",
               {"month": month, "technician": ""}, ["month"])
    return targets


def sqlmap_dbms(server):
    url = server.env.get("DATABASE_URL", "sqlite")
    return "PostgreSQL" if url.startswith(("postgres", "psql")) else "SQLite"


def run_sqlmap(server, sessions, args):
    out = VAR / "sqlmap"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    findings, ran = [], []
    started = time.monotonic()
    for index, (name, user, url, body, params, csrf_page, baseline) in enumerate(
            sqlmap_targets(sessions, server.base)):
        results = out / f"{index:02d}.csv"
        command = [
            args.sqlmap, "-u", url, "-p", ",".join(params), "--cookie", cookie_header(sessions[user]),
            "--batch", "--level", str(args.sqlmap_level), "--risk", str(args.sqlmap_risk),
            "--dbms", sqlmap_dbms(server), "--skip-waf", "--flush-session", "--disable-coloring",
            "--timeout", "60", "--retries", "1", "--output-dir", str(out),
            "--results-file", str(results),
        ]
        if body is not None:
            command += ["--data", body, "--csrf-token", "csrfmiddlewaretoken", "--csrf-url", csrf_page]
        target_started = time.monotonic()
        result = subprocess.run(command, capture_output=True, text=True, cwd=out, timeout=900)
        (out / f"{index:02d}.log").write_text(result.stdout + result.stderr)
        seconds = time.monotonic() - target_started
        text = result.stdout
        tested = [p for p in params if f"testing for SQL injection on {'POST' if body else 'GET'} parameter '{p}'" in text]
        critical = [line for line in text.splitlines() if "[CRITICAL]" in line]
        if result.returncode != 0 and not tested or len(tested) < len(params) and critical:
            raise ScanError(f"sqlmap could not test '{name}' ({url}): "
                            f"{critical[0] if critical else f'exit {result.returncode}'}; see {out / f'{index:02d}.log'}")
        injectable = set()
        if results.exists():
            with results.open() as handle:
                for row in csv.DictReader(handle):
                    if row.get("Parameter"):
                        injectable.add((row.get("Place", ""), row["Parameter"], row.get("Technique(s)", "")))
        for match in re.finditer(r"Parameter: (\S+) \((GET|POST|URI)\)", text):
            if not any(p == match.group(1) for _, p, _ in injectable):
                injectable.add((match.group(2), match.group(1), ""))
        for place, parameter, technique in sorted(injectable):
            findings.append({
                "tool": "sqlmap", "category": "SQL Injection", "severity": "high",
                "method": place or ("POST" if body else "GET"), "path": urlsplit(url).path,
                "parameter": parameter, "info": f"{name}: injectable ({technique})".strip(),
            })
        ran.append((name, user, ("POST " if body else "GET ") + urlsplit(url).path, ", ".join(params),
                    baseline, "INJECTABLE" if injectable else "not injectable", seconds))
        log(f"sqlmap: {name} ({', '.join(params)}) - {'INJECTABLE' if injectable else 'not injectable'} ({seconds:.0f}s)")
    return findings, ran, time.monotonic() - started


# --- redirects --------------------------------------------------------------------------

def check_redirects(server, session):
    """No redirect the sign-in page or the language switch gives may leave the site."""
    findings = []
    base = server.base
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"):
        attempts = [
            ("GET", "/accounts/login/", "next", lambda t: session.get(
                base + "/accounts/login/", params={"next": t}, allow_redirects=False, timeout=30)),
            ("POST", "/i18n/setlang/", "next", lambda t: session.post(
                base + "/i18n/setlang/", data={"language": "zh-hans", "next": t,
                                               "csrfmiddlewaretoken": session.cookies.get("csrftoken")},
                headers={"Referer": base + "/"}, allow_redirects=False, timeout=30)),
        ]
        for method, path, parameter, attempt in attempts:
            location = attempt(target).headers.get("Location", "")
            host = urlsplit(location.replace("\\", "/")).netloc
            if host and host != urlsplit(base).netloc:
                findings.append({"tool": "redirects", "category": "Open Redirect", "severity": "medium",
                                 "method": method, "path": path, "parameter": parameter,
                                 "info": f"{target!r} redirects to {location}"})
    return findings


# --- accepted findings and the report ----------------------------------------------------

def load_accepted():
    entries = json.loads(ACCEPTED_FILE.read_text())
    for entry in entries:
        missing = [k for k in ("tool", "category", "path", "reason") if not str(entry.get(k, "")).strip()]
        if missing:
            raise ScanError(f"{ACCEPTED_FILE.name}: an entry lacks {', '.join(missing)}: {entry}")
        entry.setdefault("parameter", "*")
        entry.setdefault("method", "*")
        entry.setdefault("info", "*")
        entry["used"] = 0
    return entries


def accepted_by(finding, accepted):
    for entry in accepted:
        if (entry["tool"] == finding["tool"] and fnmatch.fnmatchcase(finding["category"], entry["category"])
                and fnmatch.fnmatchcase(finding["path"], entry["path"])
                and fnmatch.fnmatchcase(finding["parameter"], entry["parameter"])
                and fnmatch.fnmatchcase(finding["method"], entry["method"])
                and fnmatch.fnmatchcase(finding["info"], entry["info"])):
            entry["used"] += 1
            return entry
    return None


def print_table(title, rows, headers):
    print(f"\n== {title}")
    if not rows:
        print("   (nothing found)")
        return
    widths = [min(max(len(str(r[i])) for r in rows + [headers]), 70) for i in range(len(headers))]
    print("   " + "  ".join(h.ljust(w) for h, w in zip(headers, widths)))
    print("   " + "  ".join("-" * w for w in widths))
    for row in rows:
        print("   " + "  ".join(str(c)[:w].ljust(w) for c, w in zip(row, widths)))


def summarise(findings, accepted):
    """Print one table per tool (repeated findings folded into one row); return the blocking ones."""
    blocking = []
    for tool in ("wapiti", "sqlmap", "redirects"):
        grouped = {}
        for finding in (f for f in findings if f["tool"] == tool):
            entry = accepted_by(finding, accepted)
            if entry is None and finding["severity"] == "high":
                blocking.append(finding)
            key = (finding["category"], finding["severity"], finding["method"], finding["path"],
                   finding["parameter"], "accepted" if entry else "NEW")
            grouped.setdefault(key, []).append(finding)
        rows = [(c, s, f"{m} {p}".strip(), par or "-", status, len(items))
                for (c, s, m, p, par, status), items in grouped.items()]
        rows.sort(key=lambda r: (-SEVERITIES.index(r[1]), r[0], r[2], r[3]))
        print_table(f"{tool}: findings", rows, ["finding", "severity", "URL", "parameter", "status", "times"])
    return blocking


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("SECURITY_SCAN_PORT", 8101)))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--days", type=int, default=40, help="days of demo history (default 40)")
    parser.add_argument("--wapiti", default=shutil.which("wapiti") or "/usr/bin/wapiti",
                        help="the wapiti launcher; its Python runs scripts/security_wapiti.py")
    parser.add_argument("--sqlmap", default=shutil.which("sqlmap") or "/usr/bin/sqlmap")
    parser.add_argument("--wapiti-depth", type=int, default=1,
                        help="links followed from the start screens (default 1)")
    parser.add_argument("--wapiti-crawl-seconds", type=int, default=150)
    parser.add_argument("--wapiti-attack-seconds", type=int, default=20,
                        help="time limit of each wapiti module")
    parser.add_argument("--sqlmap-level", type=int, default=1)
    parser.add_argument("--sqlmap-risk", type=int, default=1)
    parser.add_argument("--fresh", action="store_true",
                        help="migrate and seed even when a copy made by the same code today exists")
    parser.add_argument("--skip-wapiti", action="store_true")
    parser.add_argument("--skip-sqlmap", action="store_true")
    args = parser.parse_args()

    def stop_on_signal(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)

    for tool in ([] if args.skip_wapiti else [args.wapiti]) + ([] if args.skip_sqlmap else [args.sqlmap]):
        if not shutil.which(tool):
            print(f"[security] {tool} is not installed (Debian: apt-get install wapiti sqlmap)")
            return 2
    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)
    for name in ("access.log", "server.log"):
        (VAR / name).unlink(missing_ok=True)
    server = Server(args.port, args.workers)
    findings, timings = [], {}
    try:
        accepted = load_accepted()
        server.prepare(args.days, use_cache=not args.fresh)
        server.start()
        timings["set-up"] = time.monotonic() - started
        sessions = {user: sign_in(server.base, user) for user in ("storemanager", "supervisor")}
        log("signed in as storemanager and supervisor")
        if not args.skip_sqlmap:
            sqlmap_findings, ran, timings["sqlmap"] = run_sqlmap(server, sessions, args)
            findings += sqlmap_findings
            print_table("sqlmap: targets", [(*r[:6], f"{r[6]:.0f}s") for r in ran],
                        ["form", "as", "URL", "parameters", "untouched request", "result", "time"])
        if not args.skip_wapiti:
            wapiti_findings, timings["wapiti"] = run_wapiti(server, sessions["storemanager"], args)
            findings += wapiti_findings
            if not signed_in(sessions["storemanager"], server.base):
                raise ScanError("the store manager's session ended during the wapiti scan; "
                                "the scan did not cover the signed-in screens")
        # After wapiti, and as the supervisor: the language switch sets a cookie that would
        # otherwise end up in wapiti's cookie jar.
        findings += check_redirects(server, sessions["supervisor"])
    except ScanError as error:
        print(f"[security] SCAN FAILED: {error}", flush=True)
        return 2
    finally:
        server.stop()

    errors = [line for line in (VAR / "access.log").open(errors="replace") if re.search(r'" 5\d\d ', line)]
    (VAR / "findings.json").write_text(json.dumps(findings, indent=2, ensure_ascii=False))
    blocking = summarise(findings, accepted)
    unused = [e for e in accepted if not e["used"]]
    if unused:
        print("\n== accepted entries that matched nothing this run (keep them only if still needed)")
        for entry in unused:
            print(f"   {entry['tool']}: {entry['category']} {entry['path']} {entry['parameter']}")
    print(f"\n== server errors (5xx) during the scan: {len(errors)} (see {VAR / 'access.log'})")
    for line in errors[:10]:
        print("   " + line.strip()[:160])
    timings["total"] = time.monotonic() - started
    print("\n== time: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()))
    print(f"   reports: {VAR / 'wapiti' / 'report.json'}, {VAR / 'sqlmap'}, {VAR / 'findings.json'}")
    if blocking:
        print(f"\n[security] FAIL: {len(blocking)} high-severity finding(s) not accepted in "
              f"{ACCEPTED_FILE.relative_to(ROOT)}")
        return 1
    print("\n[security] OK: no high-severity finding that is not accepted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
