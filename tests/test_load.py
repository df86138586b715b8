"""Load without loss, the short variant: 20 supervisors save their team screens for 10 s.

``bench/load.py`` starts gunicorn (3 workers, DEBUG off), two Celery workers and beat against
its own PostgreSQL database and Redis database 9, and checks afterwards that no request failed,
that every person-day has exactly one attendance record holding the last saved values, and that
the jobs that ran meanwhile ran once. ``make bench`` runs the full 60 s with 50 supervisors.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from conftest import need_service

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres
@pytest.mark.redis
def test_twenty_supervisors_saving_at_once_lose_nothing(tmp_path):
    if connection.vendor != "postgresql":
        need_service("PostgreSQL", f"this run's database is {connection.vendor}; set DATABASE_URL=postgres://...")
    if not os.environ.get("REDIS_URL"):
        need_service("Redis", "REDIS_URL is not set")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--seconds", "10", "--supervisors", "20",
         "--json", str(tmp_path / "load.json")],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-5000:]
    result = json.loads((tmp_path / "load.json").read_text())
    assert result["ok"] and result["saves"] >= 20
    passed = {check["check"] for check in result["checks"] if check["ok"]}
    assert {"0 errors", "exactly one attendance record per person-day",
            "each record holds its supervisor's last saved values", "no task raised in a worker"} <= passed
