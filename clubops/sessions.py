"""A signed-in session's idle deadline, moved on without writing the session on every request.

A session ends after ``SESSION_COOKIE_AGE`` without a request (a shift, ``settings.py``). Django's
``SESSION_SAVE_EVERY_REQUEST`` keeps that deadline by writing the session row (and sending its
cookie) on every request: one UPDATE per page view, most of them moving the deadline on by a few
seconds. ``IdleDeadlineMiddleware`` writes it at most once per ``TOUCH_SECONDS`` instead: the
deadline is then never more than ``TOUCH_SECONDS`` earlier than "the last request + the idle time".
A request that changes the session anyway (signing in, a message) saves it as before; signing in
counts as the first touch (``touched_at_sign_in``).

It sits after ``SessionMiddleware`` in ``MIDDLEWARE`` so that its response half runs first.
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

TOUCH_SECONDS = 60
TOUCHED = "_idle_touched"  # when the deadline was last moved on (seconds since the epoch)


class IdleDeadlineMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the request read and that holds something (a signed-in person): a visitor's empty
        # session is never created by this.
        if session is None or not session.accessed or session.modified or session.is_empty():
            return response
        if response.status_code >= 500 or settings.SESSION_SAVE_EVERY_REQUEST:
            return response
        now = int(time.time())
        if now - int(session.get(TOUCHED, 0)) >= TOUCH_SECONDS:
            session[TOUCHED] = now  # marks it modified: SessionMiddleware saves it with a new deadline
        return response


def touched_at_sign_in(sender, request, user, **kwargs):
    """``user_logged_in``: the sign-in writes the session anyway, with a fresh deadline."""
    session = getattr(request, "session", None)
    if session is not None:
        session[TOUCHED] = int(time.time())


# --- The session store (``SESSION_ENGINE = "clubops.sessions"``) ------------------------------------------------


class SessionStore(DatabaseSessionStore):
    """Django's database sessions, with the one read every request makes (the session's data, unless it has
    expired) asked in plain SQL: the ORM compiled the same query afresh on every request. Writing, deleting
    and clearing expired sessions are Django's own."""

    def _get_session_from_db(self):
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        quote = connection.ops.quote_name
        sql = (f"SELECT {quote('session_data')} FROM {quote(model._meta.db_table)} "
               f"WHERE {quote('session_key')} = %s AND {quote('expire_date')} > %s")
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0])
