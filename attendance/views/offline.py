"""The installable web app: the service worker at /sw.js (its scope is the whole site) and the manifest.

Both are served at the site's root by ``clubops/urls.py`` (``include("attendance.views.offline")``); both are
public (a browser fetches them without the session) and carry nothing personal.
"""

import hashlib
import json

from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# Files the pages that work offline need (team screen, area hygiene, consumables); the worker keeps them when
# it is installed.
OFFLINE_STATIC = [
    "bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js", "css/clubops.css",
    "css/team_day.css", "js/team_day.js", "js/offline_store.js", "js/offline.js", "js/offline_form.js",
    "icons/clubops-192.png", "icons/clubops-512.png", "favicon.svg",
]

OFFLINE_PAGES = ["attendance:team_day", "attendance:hygiene_day", "attendance:consumable_list"]


@require_safe
def service_worker(request):
    files = [static(name) for name in OFFLINE_STATIC]
    response = render(request, "attendance/sw.js", {
        # JSON of plain paths (no quote or markup in a static file's name): safe in a script.
        "static_files": mark_safe(json.dumps(files)),
        # The pages a phone keeps for offline use (each kept only when the server marks it, X-ClubOps-Offline).
        "offline_paths": mark_safe(json.dumps([reverse(name) for name in OFFLINE_PAGES])),
        # A new name for the kept files whenever a file's URL changes (a new release with hashed names).
        "version": hashlib.sha256("\n".join(files).encode()).hexdigest()[:12],
    }, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    response = JsonResponse({
        "name": _("ClubOps"),
        "short_name": _("ClubOps"),
        "lang": get_language(),
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#212529",
        "icons": [
            {"src": static("icons/clubops-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("icons/clubops-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("icons/clubops-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


urlpatterns = [
    path("sw.js", service_worker, name="service_worker"),
    path("manifest.webmanifest", manifest, name="web_manifest"),
]
