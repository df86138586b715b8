"""Signing in: Django's ``ModelBackend``, with the signed-in user's person read in the same query.

Every request reads the user (``AuthenticationMiddleware``) and then their person, club, department
and team (``PersonMiddleware``). With ``PersonBackend`` in ``AUTHENTICATION_BACKENDS`` (in place of
``django.contrib.auth.backends.ModelBackend``) that is one query, not two; the middleware takes the
person from the user when it came with it and reads it itself otherwise. Sessions signed in through
``ModelBackend`` stay valid while it is listed too.

The query is turned into SQL once per process, not on every request (``kernel.compiled``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import router

from kernel.compiled import CompiledLookup

# What every page reads of the signed-in person (``PersonMiddleware``), seen from the user.
PERSON_RELATED = ("club", "department", "team", "team__supervisor")


def _user_with_person(pk):
    related = ["person", *(f"person__{name}" for name in PERSON_RELATED)]
    return get_user_model()._default_manager.select_related(*related).filter(pk=pk)


USER_WITH_PERSON = CompiledLookup(_user_with_person)


class PersonBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            pk = int(User._meta.pk.to_python(user_id))
        except (TypeError, ValueError, ValidationError):  # a session naming no user is no user
            return None
        user = USER_WITH_PERSON.get(router.db_for_read(User), pk)
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
