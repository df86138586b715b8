"""Command-line options shared by every app's management commands: ``--club`` and ``--date``."""

from django.core.management.base import CommandError

from kernel.dates import FIRST_DAY, LAST_DAY, parse_date
from staff.models import Club


def add_club_argument(parser):
    parser.add_argument("--club", action="append", default=[], help="club code or id (repeatable); default: every open club")


def add_date_argument(parser, help_text):
    parser.add_argument("--date", help=help_text)


def clubs_from(options):
    """The clubs named by ``--club`` (code or id), or None when none was named."""
    if not options.get("club"):
        return None
    clubs = []
    for value in options["club"]:
        club = Club.objects.filter(code=value).first()
        if club is None and value.isdecimal():
            club = Club.objects.filter(pk=value).first()
        if club is None:
            raise CommandError(f"No club with code or id {value!r}.")
        clubs.append(club)
    return clubs


def open_clubs_from(options):
    """The clubs named by ``--club``, or every open club."""
    return clubs_from(options) or list(Club.objects.filter(is_active=True).order_by("pk"))


def date_from(options):
    """``--date`` as a date, or None when not given; a clear error when it is not YYYY-MM-DD."""
    raw = options.get("date")
    if not raw:
        return None
    day = parse_date(raw)
    if day is None:
        raise CommandError(f"--date {raw!r} is not a date (YYYY-MM-DD) between {FIRST_DAY} and {LAST_DAY}")
    return day
