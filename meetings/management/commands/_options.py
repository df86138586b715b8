"""Command-line options shared by the meetings' commands."""

import datetime

from django.core.management.base import CommandError

from staff.models import Club


def add_club_argument(parser):
    parser.add_argument("--club", action="append", default=[], help="club code or id (repeatable); default: every open club")


def add_date_argument(parser, help_text):
    parser.add_argument("--date", help=help_text)


def clubs_from(options):
    if not options["club"]:
        return None
    clubs = []
    for value in options["club"]:
        club = Club.objects.filter(code=value).first()
        if club is None and value.isdigit():
            club = Club.objects.filter(pk=value).first()
        if club is None:
            raise CommandError(f"No club with code or id {value!r}.")
        clubs.append(club)
    return clubs


def date_from(options):
    raw = options.get("date")
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--date {raw!r} is not a date (YYYY-MM-DD)") from None
