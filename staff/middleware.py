"""Attach the signed-in person to the request and use their language and club time zone.

One query for the person, club, department and team (none when ``backends.PersonBackend`` read them
with the user); the month-lock decisions are remembered for the request (``locks.remembered``).
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.utils import timezone, translation

from . import locks
from .backends import PERSON_RELATED
from .models import Person

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


def person_of(user):
    """The person of a signed-in ``user``, or None; no query when it came with the user."""
    if get_user_model().person.is_cached(user):
        return getattr(user, "person", None)
    return Person.objects.select_related(*PERSON_RELATED).filter(user=user).first()


class PersonMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.person = None
        if request.user.is_authenticated:
            request.person = person_of(request.user)
        person = request.person
        ended = False
        if person and not person.is_active:
            # Marked as left while their login stayed on (e.g. in the admin): signed out at once, and what their
            # browser kept for the site (pages, entries made offline) is cleared as at signing out.
            logout(request)
            request.person = person = None
            ended = True
        if person and person.language in LANGUAGE_CODES:
            translation.activate(person.language)
            request.LANGUAGE_CODE = person.language
        if person and person.club_id:
            timezone.activate(zoneinfo.ZoneInfo(person.club.time_zone))
        else:
            timezone.deactivate()
        with locks.remembered():  # each club's month looked up once per request, however many rows are saved
            response = self.get_response(request)
        if ended:
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
