import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clubops.settings")

application = get_wsgi_application()

# Every view, form and template tag module is imported now (the URLconf imports them), and then the garbage
# collector is told to leave what exists at this point alone for good: Django's and the apps' modules, classes
# and translations live as long as the process. Without this, each full collection walks them all again, and a
# page that makes many objects (the team screen's forms) triggered several per request: ~10 % of its time
# in-process (docs/performance.md). Objects made later, per request, are collected as before.
get_resolver().url_patterns  # noqa: B018 - imports the URLconf and through it every app's views
gc.freeze()
