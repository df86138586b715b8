"""Training's scheduled jobs: session reminders and re-certification reminders.

Both are idempotent: a reminder is an ``staff.models.Notice``, and the database holds one
notice per person, kind and date, so a second run finds them made and creates nothing. A
notice that is new is also e-mailed when the person's login has an address (after commit,
through ``staff.notices.notify``). Each club is judged on its own local date.

* ``session_reminders``: the day before a session, its trainer and everyone expected get a
  notice dated the session's day (several sessions that day: one notice naming them all).
* ``recertification_reminders``: from ``levels.RECERTIFY_DAYS`` days before a technician's
  level expires, the technician and the club's technical manager get a notice dated the expiry.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from staff.models import Club, Person, Role
from staff.notices import in_every_language, notify

from . import levels
from .models import TrainingSession

SESSION_NOTICE = "training_session"
RECERT_NOTICE = "training_recert"
RECERT_TEAM_NOTICE = "training_recert_team"


def _club_day(club, day, now):
    return day or timezone.localdate(now or timezone.now(), timezone=club.zone)


@transaction.atomic
def session_reminders(*, day=None, now=None):
    """Remind trainers and attendees of tomorrow's sessions in every open club. Returns {club code: notices made}."""
    result = {}
    for club in Club.objects.filter(is_active=True).order_by("pk"):
        tomorrow = _club_day(club, day, now) + datetime.timedelta(days=1)
        sessions = (
            TrainingSession.objects.filter(club=club, date=tomorrow, status=TrainingSession.Status.SCHEDULED)
            .select_related("trainer__user")
            .prefetch_related("attendance__person__user")
            .order_by("start")
        )
        people, theirs = {}, defaultdict(list)
        for session in sessions:
            for person in [session.trainer, *(row.person for row in session.attendance.all())]:
                if person.is_active and session not in theirs[person.pk]:
                    people[person.pk] = person
                    theirs[person.pk].append(session)
        made = 0
        for pk, person in people.items():
            def lines(pk=pk):
                return "; ".join(
                    f"{s.start:%H:%M} {s.subject} @ {s.place}" + (f" ({_('you train')})" if s.trainer_id == pk else "")
                    for s in theirs[pk]
                )

            text = in_every_language(lambda: _("Training tomorrow, %(day)s: %(sessions)s")
                                     % {"day": tomorrow.isoformat(), "sessions": lines()})
            made += notify(person, SESSION_NOTICE, tomorrow, text)
        result[club.code] = made
    return result


@transaction.atomic
def recertification_reminders(*, day=None, now=None):
    """Remind technicians whose level expires within the re-certification window, and the technical manager."""
    result = {}
    for club in Club.objects.filter(is_active=True).order_by("pk"):
        today = _club_day(club, day, now)
        due = [a for a in levels.expiring(club_ids=[club.pk], today=today) if a.expires_on >= today]
        made = 0
        by_expiry = defaultdict(list)
        for award in due:
            person = award.person
            text = in_every_language(lambda: _(
                "Your level %(level)s expires on %(day)s. Retake its assessments to re-certify."
            ) % {"level": award.get_level_display(), "day": award.expires_on.isoformat()})
            made += notify(person, RECERT_NOTICE, award.expires_on, text)
            by_expiry[award.expires_on].append(person.name)
        managers = Person.objects.active().filter(club=club, position=Role.TECHNICAL_MANAGER).select_related("user")
        for manager in managers:
            for expires_on, names in sorted(by_expiry.items()):
                text = in_every_language(lambda: _("Levels expiring on %(day)s, re-certification due: %(names)s")
                                    % {"day": expires_on.isoformat(), "names": ", ".join(sorted(names))})
                made += notify(manager, RECERT_TEAM_NOTICE, expires_on, text)
        result[club.code] = made
    return result
