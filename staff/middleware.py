"""Attach the signed-in person to the request and use their language and club time zone."""

import zoneinfo

from django.conf import settings
from django.contrib.auth import logout
from django.utils import timezone, translation

from .models import Person

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class PersonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        if request.user.is_authenticated:
            request.person = (
                Person.objects.select_related("club", "department", "team", "team__supervisor")
                .filter(user=request.user)
                .first()
            )
        person = request.person
        if person and not person.is_active:
            # Marked as left while their login stayed on (e.g. in the admin): signed out at once.
            logout(request)
            request.person = person = None
        if person and person.language in LANGUAGE_CODES:
            translation.activate(person.language)
            request.LANGUAGE_CODE = person.language
        if person and person.club_id:
            timezone.activate(zoneinfo.ZoneInfo(person.club.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
