"""``/healthz``: the database and the broker, as a load balancer sees them.

It lives with the outbox because the outbox is what makes a broker outage survivable: while the
broker is down, saves still succeed and their jobs wait here, so the answer is "degraded", not
"error", and the web machines stay in the load balancer.
"""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .services import _app


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers, 503 when it does not; "degraded" (still 200) when the broker does not."""
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
        with _app().connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:  # noqa: BLE001
        return f"error: {error.__class__.__name__}"
    return "ok"
