from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from .celery import app as celery_app


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not.

    A broker that does not answer makes the status "degraded" but keeps 200: saves still
    succeed (their jobs wait in the outbox), so a load balancer must not take every web
    machine out during a Redis outage.
    """
    state = {"database": _check_database(), "broker": _check_broker()}
    if state["database"] != "ok":
        status = "error"
    else:
        status = "ok" if state["broker"] == "ok" else "degraded"
    return JsonResponse({"status": status, **state}, status=503 if status == "error" else 200)


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure means "down"; the reason is shown
        return f"error: {error.__class__.__name__}"
    return "ok"


def _check_broker():
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001
        return f"error: {error.__class__.__name__}"
    return "ok"


@require_POST
def set_language(request):
    """Django's language switch, and remembered on the person for their next sign-in."""
    language = request.POST.get("language")
    person = getattr(request, "person", None)
    if person is not None and language in dict(settings.LANGUAGES):  # not any language Django knows, e.g. fr
        person.language = language
        person.save_without_historical_record(update_fields=["language"])  # a preference, not in the history
    return django_set_language(request)
