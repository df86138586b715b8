"""ClubOps settings, read from the environment.

Every setting that differs between a laptop, CI and a club's server comes from an
environment variable, read through the helpers below, which fail loudly on a value
they cannot understand. With nothing set, ClubOps runs on SQLite and a file-system
Celery broker under ``var/`` so that a fresh checkout just works.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CLUBOPS_VAR_DIR", BASE_DIR / "var"))

INSECURE_SECRET_KEY = "clubops-insecure-development-key"  # noqa: S105 - refused when DEBUG is off


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not an integer") from None


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == INSECURE_SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing or is the development default; set a long random "
            "SECRET_KEY in the environment (or DEBUG=1 on a development machine)."
        )
    SECRET_KEY = INSECURE_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "staff.views.csrf_failure"  # the app's own page, in the person's language

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS and JS, from PyPI
    "simple_history",
    "axes",
    "csp",  # django-csp: the Content-Security-Policy header (and its settings check)
    "django_celery_beat",
    "clubops",
    "staff",
    "attendance",
    "duties",
    "training",
    "meetings",
    "reports",  # reports: the owner's monthly report (issue 7)
    "plans",  # work plans, targets, business figures and actuals
    "documents",  # rules, SOPs and research reports, versioned, acknowledged
    "business",  # business figures from the till and bookings: served, revenue, service counts
    "customers",  # members, VIP and key customers, follow-ups, events, outside visits (PIPL-minded)
    "outbox",  # Celery jobs kept while the broker is down
    "demo",  # the demo chain and the benchmark's chain (seed_demo, seed_scale)
]

# ClubOps' own apps that hold club data: the history, audit, admin and access checks walk these.
PRODUCT_APPS = ["staff", "attendance", "duties", "training", "meetings", "reports", "plans", "documents", "business", "customers"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clubops.sessions.IdleDeadlineMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "clubops.limits.RequestSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "staff.middleware.PersonMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Request sizes (clubops/limits.py): a whole body above MAX_REQUEST_MB (a 20 MB training material
# and its form) is refused before it is read; the form fields of a request (files aside) may take
# 2 MB (50,000 characters of minutes are at most 450 KB); files above 2.5 MB go to a temporary file,
# not memory. Django's own cap of 1,000 fields a form stays.
MAX_REQUEST_MB = env_int("MAX_REQUEST_MB", 21)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = int(2.5 * 1024 * 1024)

ROOT_URLCONF = "clubops.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "staff.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "clubops.wsgi.application"

# --- Database -------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'clubops.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytic queries, not for ours (tens of milliseconds), where it
    # spent 0.1-0.5 s compiling the report's month grouping on its own.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one SQLite file; wait for a lock instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker, results and cache -------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
REDIS_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 1, "socket_timeout": 2}
# The monthly report's PDF and XLSX files, made ahead by the jobs and on a reader's first click.
REPORT_FILES_DIR = VAR_DIR / "report-files"
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A dead or hung Redis must fail a publish fast (the job then waits in the outbox): no
    # connection retries when a message is sent, and short socket timeouts. Workers and beat
    # still reconnect on their own (broker_connection_retry).
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
    CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
    CELERY_REDIS_SOCKET_TIMEOUT = 2
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    # A broker made of files, so that a worker and beat run with nothing installed.
    for sub in ("queue", "processed", "results", "control"):
        (CELERY_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "control_folder": str(CELERY_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_DIR / 'results'}"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TIMEZONE = env_str("TIME_ZONE", "Asia/Shanghai")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_TIMEOUT = 1

# --- Authentication --------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The user and their person (club, department, team) in one query per request (staff/backends.py).
    "staff.backends.PersonBackend",
    # Sessions signed in before PersonBackend was listed stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair waits AXES_COOLOFF_MINUTES. Never a permanent lock, so that
# nobody can lock a colleague out for good by typing their name wrong on purpose.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address comes from django-ipware (requirements.txt): without it axes silently uses
# REMOTE_ADDR, which behind a proxy is the proxy's, and one person's mistakes would lock out
# everyone. ``tests/test_proxy_throttling.py`` checks it through a real nginx.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = env_bool("AXES_VERBOSE", False)

# Sessions end after an idle shift (default 10 hours). The deadline moves on with the requests, written at
# most once a minute (``clubops/sessions.py``), not on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 600) * 60
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions, read with one plain query per request (clubops/sessions.py)
SESSION_ENGINE = "clubops.sessions"

# --- Languages and time -----------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# --- Static files: served by the app itself through WhiteNoise -------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Every form's widgets: the commonest drawn in Python with the same HTML as Django's templates (kernel/widgets.py).
FORM_RENDERER = "kernel.widgets.PlainWidgetRenderer"

# --- E-mail: files under var/mail by default --------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ClubOps <clubops@localhost>")

# --- Security headers ------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy: scripts, styles, fonts and images only from ClubOps itself (no inline
# script, no style attributes), charts are inline SVG, nothing may frame a page.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if not DEBUG:
    # Behind TLS in production; a club that serves plain HTTP on its intranet can
    # turn these off explicitly, never by accident.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Throttle sign-in per client address, not per proxy address. The proxy overwrites
        # X-Forwarded-For with the address it was reached from (docs/deployment.md), so the header
        # holds exactly one address; one that holds more (a client's own header passed on) is not
        # believed and the proxy's address counts instead, so nobody can pick the address that a
        # lockout falls on.
        AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
        AXES_IPWARE_PROXY_ORDER = "right-most"
        AXES_IPWARE_PROXY_COUNT = 0

# A supervisor's team should stay around ten; past this the club needs another supervisor.
TEAM_SIZE_WARNING = env_int("TEAM_SIZE_WARNING", 12)

CHAIN_NAME = env_str("CHAIN_NAME", "ClubOps")

# Benchmark mode (bench/run.py): also serves /bench/bare/, a page that does nothing behind the full middleware.
BENCHMARK = env_bool("BENCHMARK", False)

# --- PDFs (the report, the minutes): the font for Chinese, found by kernel/pdf.py ---------
# A TrueType/OpenType font (or collection) with Chinese glyphs; empty: found at run time with
# fontconfig (e.g. Debian's fonts-noto-cjk). REPORTS_PDF_FONT_INDEX picks a font in a collection.
REPORTS_PDF_FONT = env_str("REPORTS_PDF_FONT", "")
REPORTS_PDF_FONT_INDEX = env_int("REPORTS_PDF_FONT_INDEX", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # fontTools logs every glyph it keeps at INFO: hundreds of lines for each PDF drawn
    "loggers": {"fontTools": {"level": "WARNING"}},
}
