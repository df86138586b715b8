"""Supervisors loading and saving their team screen over and over (run by ``bench/load.py``).

Each simulated supervisor takes one signed-in session from ``LOAD_CREDENTIALS`` (``load.py``
signs every supervisor in once through the sign-in page), then loops: open the team screen
for ``LOAD_DAY``, fill every row with new values (arrival times that make people late by a
varying number of minutes, now and then an absence or a failed grooming item with its note,
a note that names this save) and save. A save counts only when it redirects back to the
screen; a page with form errors is a failure. The values of each person's last successful
save are written to ``LOAD_RESULTS`` at the end, for ``load.py`` to compare with the database.
"""

import json
import os
import random
import re

from locust import HttpUser, constant, events, task

CREDENTIALS = json.loads(open(os.environ["LOAD_CREDENTIALS"], encoding="utf-8").read())
DAY = CREDENTIALS["day"]
SESSIONS = list(CREDENTIALS["sessions"])
RESULTS = os.environ["LOAD_RESULTS"]
SCREEN = f"/attendance/team/?date={DAY}"

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PRESENCE = re.compile(r'name="(p\d+)-presence"')
ITEM = re.compile(r'name="(p\d+)-item_(\d+)"')

# person id -> what their supervisor's last successful save said
LAST_SAVED = {}
COUNTS = {"saves": 0, "bad_saves": 0, "bad_loads": 0}


class Supervisor(HttpUser):
    wait_time = constant(0)

    def on_start(self):
        account = SESSIONS.pop()
        self.username = account["username"]
        self.client.cookies.update(account["cookies"])
        self.random = random.Random(self.username)
        self.round = 0

    @task
    def load_and_save(self):
        with self.client.get(SCREEN, name="team screen", catch_response=True) as page:
            people = list(dict.fromkeys(PRESENCE.findall(page.text))) if page.status_code == 200 else []
            token = CSRF.search(page.text) if page.status_code == 200 else None
            if not people or token is None:
                COUNTS["bad_loads"] += 1
                page.failure(f"no team screen (status {page.status_code}, {page.url})")
                return
        self.round += 1
        items = {}
        for prefix, item in ITEM.findall(page.text):
            items.setdefault(prefix, []).append(item)
        data, saved = {"csrfmiddlewaretoken": token.group(1)}, {}
        failing = self.random.choice(people)  # one failed grooming item per save
        for prefix in people:
            note = f"{self.username} save {self.round}"
            if self.random.random() < 0.1:
                data.update({f"{prefix}-presence": "absent", f"{prefix}-note": note})
                saved[prefix[1:]] = {"presence": "absent", "note": note}
                continue
            late = self.random.choice([0, 0, 3, 8, 15, 25, 40])
            arrived = f"{10 + (late // 60):02d}:{late % 60:02d}"
            left = self.random.choice(["18:00", "18:00", "17:40", "18:20"])
            data.update({f"{prefix}-presence": "worked", f"{prefix}-arrived": arrived, f"{prefix}-left": left,
                         f"{prefix}-note": note})
            failed = None
            for item in items.get(prefix, []):
                if prefix == failing and failed is None:
                    failed = int(item)  # left unticked: failed
                    data[f"{prefix}-grooming_note"] = f"hair, round {self.round}"
                else:
                    data[f"{prefix}-item_{item}"] = "on"
            saved[prefix[1:]] = {"presence": "worked", "arrived": arrived, "left": left, "note": note, "failed": failed}
        headers = {"Referer": self.host + SCREEN}
        with self.client.post(SCREEN, data=data, headers=headers, name="team save", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code == 302 and "/attendance/team/" in response.headers.get("Location", ""):
                COUNTS["saves"] += 1
                LAST_SAVED.update(saved)
            else:
                COUNTS["bad_saves"] += 1
                response.failure(f"save not taken (status {response.status_code})")


@events.test_stop.add_listener
def write_results(environment, **kwargs):
    """After the last user stopped (and finished its save): the figures and what each person's last save said."""
    stats = environment.stats
    figures = {}
    for entry in [*stats.entries.values(), stats.total]:
        figures[entry.name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "rps": round(entry.total_rps, 1),
            "p50_ms": round(entry.get_response_time_percentile(0.5) or 0),
            "p95_ms": round(entry.get_response_time_percentile(0.95) or 0),
        }
    errors = [f"{error.name}: {error.error} x{error.occurrences}" for error in stats.errors.values()]
    with open(RESULTS, "w", encoding="utf-8") as out:
        json.dump({"counts": COUNTS, "last_saved": LAST_SAVED, "requests": figures, "failure_messages": errors}, out)
