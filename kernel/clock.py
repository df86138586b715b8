""""Now" and "today" in a club's own time zone: the one place code asks for them.

A club in Shanghai starts 1 January while UTC is still on 31 December; a club in London
lives through a 23- and a 25-hour day each year. Ask these helpers, never ``date.today()``
(the server's zone) or ``timezone.localdate()`` without a zone (the chain's default zone).
Tests pin the clock with time-machine (``tests/clock.py``), which these helpers follow.
"""

from django.utils import timezone


def now():
    """The current instant, aware (UTC)."""
    return timezone.now()


def club_now(club, at=None):
    """The current instant (or ``at``) as the club's wall clock shows it."""
    return timezone.localtime(at or timezone.now(), timezone=club.zone)


def club_today(club, at=None):
    """The club's local date now (or at the instant ``at``)."""
    return timezone.localdate(at or timezone.now(), timezone=club.zone)


def chain_today(at=None):
    """The date in the chain's default zone (``TIME_ZONE``), for pages that span clubs."""
    return timezone.localdate(at or timezone.now())
