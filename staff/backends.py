"""Signing in: Django's ``ModelBackend``, with the signed-in user's person read in the same query.

Every request reads the user (``AuthenticationMiddleware``) and then their person, club, department
and team (``PersonMiddleware``). With ``PersonBackend`` in ``AUTHENTICATION_BACKENDS`` (in place of
``django.contrib.auth.backends.ModelBackend``) that is one query, not two; the middleware takes the
person from the user when it came with it and reads it itself otherwise. Sessions signed in through
``ModelBackend`` stay valid while it is listed too.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# What every page reads of the signed-in person (``PersonMiddleware``), seen from the user.
PERSON_RELATED = ("club", "department", "team", "team__supervisor")


class PersonBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        related = ["person", *(f"person__{name}" for name in PERSON_RELATED)]
        try:
            user = User._default_manager.select_related(*related).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
