"""Test settings: the real settings with a fast hasher, eager Celery and in-memory e-mail."""

import os

os.environ.setdefault("SECRET_KEY", "clubops-test-secret-key-not-for-production-0123456789")
os.environ.setdefault("DEBUG", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
AXES_VERBOSE = False
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
