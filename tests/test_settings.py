"""The real settings (``clubops.settings``), imported in a fresh Python with a controlled environment."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

ROOT = Path(__file__).resolve().parent.parent
# Variables the settings read; none of them leaks in from the environment running the tests.
READ_BY_SETTINGS = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "BEHIND_PROXY", "DJANGO_SETTINGS_MODULE", "STATIC_ROOT", "MEDIA_ROOT", "EMAIL_USE_TLS",
}


def random_secret_key():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(50))


def run(args, tmp_path, **env):
    clean = {key: value for key, value in os.environ.items() if key not in READ_BY_SETTINGS}
    clean.update(CLUBOPS_VAR_DIR=str(tmp_path / "var"), DJANGO_SETTINGS_MODULE="clubops.settings", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=False
    )


def import_settings(tmp_path, **env):
    return run(["-c", "import clubops.settings"], tmp_path, **env)


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = import_settings(tmp_path, DEBUG="0")

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is missing" in result.stderr


def test_it_refuses_the_development_key_in_production(tmp_path):
    result = import_settings(tmp_path, DEBUG="0", SECRET_KEY="clubops-insecure-development-key")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is missing or is the development default" in result.stderr


def test_it_starts_without_a_secret_key_on_a_development_machine(tmp_path):
    assert import_settings(tmp_path, DEBUG="1").returncode == 0


@pytest.mark.parametrize("name, value", [("DEBUG", "maybe"), ("SECURE_SSL_REDIRECT", "sometimes")])
def test_it_fails_loudly_on_a_boolean_it_cannot_read(tmp_path, name, value):
    env = {"DEBUG": "0", "SECRET_KEY": random_secret_key(), name: value}

    result = import_settings(tmp_path, **env)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name}={value!r} is not a boolean" in result.stderr


def test_it_fails_loudly_on_a_number_it_cannot_read(tmp_path):
    result = import_settings(tmp_path, DEBUG="1", TEAM_SIZE_WARNING="twelve")

    assert result.returncode != 0
    assert "ImproperlyConfigured: TEAM_SIZE_WARNING='twelve' is not an integer" in result.stderr


def test_it_passes_the_deployment_checks_when_configured_for_production(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": random_secret_key(), "ALLOWED_HOSTS": "example.com"}

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_fails_the_deployment_checks_with_a_short_secret_key(tmp_path):
    env = {"DEBUG": "0", "SECRET_KEY": "short", "ALLOWED_HOSTS": "example.com"}

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path, **env)

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout
