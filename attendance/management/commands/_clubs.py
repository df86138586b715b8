"""Choosing clubs on the command line: ``--club`` by code or id, repeatable; none means every open club."""

from django.core.management.base import CommandError

from staff.models import Club


def add_club_argument(parser):
    parser.add_argument(
        "--club", action="append", default=[], help="club code or id (repeatable); default: every open club"
    )


def clubs_from(options):
    wanted = options["club"]
    if not wanted:
        return list(Club.objects.filter(is_active=True).order_by("pk"))
    clubs = []
    for value in wanted:
        club = Club.objects.filter(code=value).first()
        if club is None and value.isdigit():
            club = Club.objects.filter(pk=value).first()
        if club is None:
            raise CommandError(f"No club with code or id {value!r}.")
        clubs.append(club)
    return clubs
