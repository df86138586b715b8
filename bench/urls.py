"""Mounted at /bench/ only when ``settings.BENCHMARK`` is on (``clubops/urls.py``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path


@login_required
def bare(request):
    """Nothing but the middleware and the sign-in check: the stack's limit the pages are compared with."""
    return HttpResponse(b"ok", content_type="text/plain")


def minimal(request):
    """A minimal Django view: no sign-in, nothing read; asked without a cookie, so the session and the user are
    never loaded. The bare page is compared with it (issue 18: the bare page >= 0.5x of this)."""
    return HttpResponse(b"ok", content_type="text/plain")


app_name = "bench"
urlpatterns = [path("bare/", bare, name="bare"), path("minimal/", minimal, name="minimal")]
