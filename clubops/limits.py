"""A request body larger than any form of ClubOps needs is refused before it is read.

The largest thing anyone sends is a training material (``training.forms.MAX_UPLOAD_MB``); a
body announced as larger than ``MAX_REQUEST_MB`` is answered 413 from its ``Content-Length``,
without reading it. The reverse proxy's ``client_max_body_size`` (docs/deployment.md) refuses it
even earlier; Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` caps what is read of the form fields.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_MB * 1024 * 1024:
            message = _("What was sent is too large: at most %(mb)s MB.") % {"mb": settings.MAX_REQUEST_MB}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
