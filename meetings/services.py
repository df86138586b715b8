"""Changing meetings: series, meetings made ahead, attendance, minutes, decisions, action items, reports.

Each function takes keyword arguments, runs in one transaction and leaves the rules of the
models intact. Views, tasks, commands and the demo all change meetings through here.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kernel import bulk
from kernel.clock import club_today
from staff import locks as month_lock
from staff.models import Department, Person, Role

from . import recurrence
from .defaults import DEFAULT_SERIES
from .models import SUMMARY_KINDS, ActionItem, Attendee, Correction, Decision, Meeting, MeetingSeries, Report

AHEAD_DAYS = 14  # meetings are made this many days ahead; longer cadences also get their next one


class MeetingError(ValueError):
    """A change the meeting's state does not allow; the message is for the person who tried."""


# --- Series ---------------------------------------------------------------------------------------


@transaction.atomic
def series_install_defaults(*, club, today=None):
    """Give ``club`` the default series (``defaults.DEFAULT_SERIES``); those it already has (by key) stay as they are.

    The chair is the club's active head of that position (none yet: no chair, to be set in
    the app). Safe to run twice at once: the database holds one series per club and key.
    Returns the number of series created.
    """
    today = today or club_today(club)
    departments = {d.kind: d for d in Department.objects.filter(club=club)}
    heads = {}
    for person in Person.objects.active().filter(club=club).order_by("pk"):
        heads.setdefault(person.position, person)
    existing = set(MeetingSeries.objects.filter(club=club).exclude(key="").values_list("key", flat=True))
    wanted = [
        MeetingSeries(
            club=club, department=departments.get(spec["department"]), starts_on=today,
            chair=heads.get(spec["chair"]), **{k: v for k, v in spec.items() if k not in ("department", "chair")},
        )
        for spec in DEFAULT_SERIES
        if spec["key"] not in existing and spec["department"] in departments
    ]
    bulk.bulk_create(MeetingSeries, wanted, ignore_conflicts=True)
    return MeetingSeries.objects.filter(club=club).exclude(key="").count() - len(existing)


SERIES_FIELDS = [
    "department", "title", "kind", "frequency", "weekdays", "day_rule", "day_of_month", "month_in_period", "time",
    "duration_minutes", "place", "chair", "positions", "agenda_template", "starts_on", "ends_on", "is_active",
]


@transaction.atomic
def series_create(*, club, by, teams=(), people=(), **values):
    series = MeetingSeries(club=club, **{k: v for k, v in values.items() if k in SERIES_FIELDS})
    series._change_reason = f"created by {by}"
    series.save()
    series.teams.set(teams)
    series.people.set(people)
    meetings_create_ahead(series=series)
    return series


@transaction.atomic
def series_update(*, series, by, teams=None, people=None, now=None, **values):
    """Save a series; the change applies to the meetings still to come, never to those already begun.

    Meetings not yet begun that nobody has touched (no attendance, minutes, decisions or
    action items; not moved by hand) are re-timed, re-placed and re-chaired, get the new
    agenda if theirs was the old template's, or are removed when the new recurrence no
    longer meets on their day. Then the meetings ahead are made again and everyone expected
    is put on the lists of the meetings to come.
    """
    now = now or timezone.now()
    series = MeetingSeries.objects.select_for_update().get(pk=series.pk)
    old_agenda = series.agenda_template
    for name, value in values.items():
        if name in SERIES_FIELDS:
            setattr(series, name, value)
    series._change_reason = f"changed by {by}"
    series.save()
    if teams is not None:
        series.teams.set(teams)
    if people is not None:
        series.people.set(people)

    untouched = _untouched_future(series, now)
    today = club_today(series.club, now)
    wanted = set(_wanted_occurrences(series, today)) if series.is_active else set()
    gone = [m.pk for m in untouched if m.occurrence not in wanted]
    Meeting.objects.filter(pk__in=gone).delete()
    for meeting in untouched:
        if meeting.pk in gone:
            continue
        meeting.starts_at = recurrence.local_start(meeting.occurrence, series.time, series.club.zone)
        meeting.duration_minutes, meeting.place, meeting.chair = series.duration_minutes, series.place, series.chair
        meeting.title, meeting.kind, meeting.department = series.title, series.kind, series.department
        if meeting.agenda == old_agenda:
            meeting.agenda = series.agenda_template
        meeting._change_reason = "series changed"
        meeting.save()
    created = meetings_create_ahead(series=series, today=today, now=now)
    return series, created


def _untouched_future(series, now):
    return list(
        Meeting.objects.filter(series=series, status=Meeting.Status.SCHEDULED, starts_at__gt=now,
                               occurrence__isnull=False, moved_from__isnull=True, minutes="")
        .annotate(
            recorded=Count("attendees", filter=~Q(attendees__status=""), distinct=True),
            n_decisions=Count("decisions", distinct=True),
            n_items=Count("raised_items", distinct=True),
        )
        .filter(recorded=0, n_decisions=0, n_items=0)
    )


# --- Meetings made ahead --------------------------------------------------------------------------


def _wanted_occurrences(series, today, calendar=None):
    """The series' dates from ``today`` to ``today + AHEAD_DAYS``, and its next date after that
    for a cadence longer than a week (so a quarterly meeting is on the list a quarter ahead)."""
    end = today + datetime.timedelta(days=AHEAD_DAYS)
    if calendar is None:
        calendar = recurrence.holiday_calendar(series.club, today, today + datetime.timedelta(days=recurrence.HORIZON_DAYS))
    days = recurrence.occurrences(series, today, end, club=series.club, calendar=calendar)
    if series.frequency in recurrence.MONTH_BASED:
        later = recurrence.next_occurrence(series, end + datetime.timedelta(days=1), club=series.club, calendar=calendar)
        if later:
            days.append(later)
    return days


def expected_people(series):
    """Everyone ``series`` expects: its positions and teams in the club, the people named, and the chair."""
    q = Q(position__in=series.positions or []) | Q(team__in=series.teams.all()) | Q(pk__in=series.people.all())
    if series.chair_id:
        q |= Q(pk=series.chair_id)
    return Person.objects.active().filter(club_id=series.club_id).filter(q)


def meetings_make(*, series, days):
    """Make the series' meetings on ``days`` (local dates) that it does not have yet; returns how many.

    Idempotent and safe to run twice at once: the database holds one meeting per series and
    occurrence and one list row per meeting and person; inserts that meet a row are skipped.
    Each new meeting copies the series' title, time, place, chair and agenda template, and
    gets everyone the series expects on its list.
    """
    club = series.club
    existing = set(Meeting.objects.filter(series=series, occurrence__in=days).values_list("occurrence", flat=True))
    new = [
        Meeting(
            series=series, club=club, department_id=series.department_id, occurrence=day, title=series.title,
            kind=series.kind, starts_at=recurrence.local_start(day, series.time, club.zone),
            duration_minutes=series.duration_minutes, place=series.place, chair_id=series.chair_id,
            agenda=series.agenda_template,
        )
        for day in days
        if day not in existing
    ]
    if not new:
        return 0
    with transaction.atomic():
        bulk.bulk_create(Meeting, new, ignore_conflicts=True)
    fresh = list(
        Meeting.objects.filter(series=series, occurrence__in=[m.occurrence for m in new], status=Meeting.Status.SCHEDULED)
        .annotate(n=Count("attendees")).filter(n=0).values_list("pk", flat=True)
    )
    people = list(expected_people(series).values_list("pk", flat=True))
    with transaction.atomic():
        bulk.bulk_create(
            Attendee, [Attendee(meeting_id=meeting, person_id=person) for meeting in fresh for person in people],
            ignore_conflicts=True,
        )
    return Meeting.objects.filter(series=series, occurrence__in=days).count() - len(existing)


def meetings_create_ahead(*, series, today=None, now=None, calendar=None):
    """Make the series' meetings from ``today`` (club time) for ``AHEAD_DAYS`` days, and the next one of a
    longer cadence; then put everyone expected on the lists of the meetings to come.

    Idempotent (see ``meetings_make``). The series' open action items are not copied: the
    meeting page shows every item still open when the meeting takes place. Returns the
    number of meetings created.
    """
    if not series.is_active:
        return 0
    now = now or timezone.now()
    today = today or club_today(series.club, now)
    created = meetings_make(series=series, days=_wanted_occurrences(series, today, calendar))
    attendees_sync(series=series, now=now)
    return created


def attendees_sync(*, series, now=None):
    """Put everyone the series expects on the lists of its meetings still to come, and take off
    those it no longer expects (people who left, moved, or were removed) whose attendance was not taken."""
    now = now or timezone.now()
    upcoming = list(
        Meeting.objects.filter(series=series, status=Meeting.Status.SCHEDULED, starts_at__gt=now).values_list("pk", flat=True)
    )
    if not upcoming:
        return 0
    people = set(expected_people(series).values_list("pk", flat=True))
    rows = set(Attendee.objects.filter(meeting_id__in=upcoming, expected=True).values_list("meeting_id", "person_id"))
    missing = [
        Attendee(meeting_id=meeting_id, person_id=person_id, expected=True)
        for meeting_id in upcoming
        for person_id in people
        if (meeting_id, person_id) not in rows
    ]
    if missing:
        with transaction.atomic():
            bulk.bulk_create(Attendee, missing, ignore_conflicts=True)
    stale = [pk for meeting_id, pk in rows if pk not in people]
    if stale:
        Attendee.objects.filter(meeting_id__in=upcoming, expected=True, status="", person_id__in=stale).delete()
    return len(missing)


@transaction.atomic
def meeting_add(*, series, by, starts_at, duration_minutes, place, title, agenda):
    """A meeting of the series added by hand (no occurrence: the tick never makes it again)."""
    meeting = Meeting(
        series=series, club=series.club, department_id=series.department_id, title=title, kind=series.kind,
        starts_at=starts_at, duration_minutes=duration_minutes, place=place, chair_id=series.chair_id,
        agenda=agenda, created_by=by,
    )
    meeting._change_reason = "added by hand"
    meeting.save()
    bulk.bulk_create(
        Attendee, [Attendee(meeting=meeting, person_id=pk) for pk in expected_people(series).values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    return meeting


def _lock(meeting):
    return Meeting.objects.select_for_update().select_related("club", "series").get(pk=meeting.pk)


@transaction.atomic
def meeting_move(*, meeting, by, starts_at, duration_minutes, place, reason):
    meeting = _lock(meeting)
    if meeting.is_cancelled or meeting.is_finalised:
        raise MeetingError(_("A cancelled meeting or one with finalised minutes cannot be moved."))
    if meeting.moved_from is None:
        meeting.moved_from = meeting.starts_at
    meeting.starts_at, meeting.duration_minutes, meeting.place = starts_at, duration_minutes, place
    meeting.move_reason = reason
    meeting.reminded_at = None
    meeting._change_reason = reason
    meeting.save()
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting, by, reason):
    meeting = _lock(meeting)
    if meeting.status == Meeting.Status.HELD or meeting.is_finalised:
        raise MeetingError(_("This meeting has been held; it can no longer be cancelled."))
    meeting.status, meeting.cancel_reason = Meeting.Status.CANCELLED, reason
    meeting._change_reason = reason
    meeting.save()
    return meeting


def ensure_recordable(meeting, today, *, reason=""):
    """A meeting is recorded from its day on, unless cancelled; finalised minutes change only with a reason."""
    if meeting.is_cancelled:
        raise MeetingError(_("This meeting was cancelled."))
    if meeting.local_date > today:
        raise MeetingError(
            _("This meeting is on %(day)s; record it on the day.") % {"day": meeting.local_date.isoformat()}
        )
    if meeting.is_finalised and not reason.strip():
        raise MeetingError(_("The minutes are final. Give a reason for the correction."))


def _correction(meeting, part, reason, by):
    """Keep why a finalised meeting's record changed (nothing to keep before finalisation)."""
    if meeting.is_finalised:
        Correction.objects.create(meeting=meeting, part=part, reason=reason.strip()[:300], by=by)


def _mark_held(meeting, reason):
    if meeting.status != Meeting.Status.HELD:
        meeting.status = Meeting.Status.HELD
        meeting._change_reason = reason or "held"
        meeting.save(update_fields=["status"])


@month_lock.changed_by()
@transaction.atomic
def attendance_record(*, meeting, by, marks, guests=(), reason="", now=None):
    """Record attendance: ``marks`` maps attendee rows' person ids to (status, note); ``guests``
    are (person, status, note) for people not expected, added to the list as guests. Attendance
    of a meeting in a locked month is the store manager's, with a reason (``staff.locks``)."""
    now = now or timezone.now()
    meeting = _lock(meeting)
    ensure_recordable(meeting, club_today(meeting.club, now), reason=reason)
    if problem := month_lock.lock_error(by, meeting.club_id, meeting.local_date, reason):
        raise MeetingError(problem)
    rows = {a.person_id: a for a in Attendee.objects.select_for_update().filter(meeting=meeting)}
    changed = 0
    for person_id, (status, note) in marks.items():
        row = rows.get(person_id)
        if row is None or (row.status, row.note) == (status, note):
            continue
        row.status, row.note, row.recorded_by, row.recorded_at = status, note, by, now
        row._change_reason = reason
        row.save()
        changed += 1
    for person, status, note in guests:
        row = rows.get(person.pk)
        if row is None:
            row = Attendee(meeting=meeting, person=person, expected=False)
        row.status, row.note, row.recorded_by, row.recorded_at = status, note, by, now
        row._change_reason = reason
        row.save()
        changed += 1
    if changed:
        _mark_held(meeting, reason)
        _correction(meeting, Correction.Part.ATTENDANCE, reason, by)
    return changed


@transaction.atomic
def minutes_save(*, meeting, by, minutes, reason="", now=None):
    meeting = _lock(meeting)
    ensure_recordable(meeting, club_today(meeting.club, now), reason=reason)
    if meeting.minutes == minutes:
        return meeting
    meeting.minutes = minutes
    meeting.status = Meeting.Status.HELD
    meeting._change_reason = reason or "minutes written"
    meeting.save()
    _correction(meeting, Correction.Part.MINUTES, reason, by)
    return meeting


@transaction.atomic
def decision_add(*, meeting, by, text, reason="", now=None):
    meeting = _lock(meeting)
    ensure_recordable(meeting, club_today(meeting.club, now), reason=reason)
    order = meeting.decisions.count() + 1
    decision = Decision(meeting=meeting, text=text, order=order, created_by=by)
    decision._change_reason = reason
    decision.save()
    _mark_held(meeting, reason)
    _correction(meeting, Correction.Part.DECISION, reason, by)
    return decision


@transaction.atomic
def decision_edit(*, decision, by, text, reason="", now=None):
    """Reword a decision, or take it back with an empty text."""
    meeting = _lock(decision.meeting)
    ensure_recordable(meeting, club_today(meeting.club, now), reason=reason)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    decision._change_reason = reason
    _correction(meeting, Correction.Part.DECISION, reason, by)
    if not text.strip():
        decision.delete()
        return None
    decision.text = text
    decision.save()
    return decision


@transaction.atomic
def action_item_add(*, meeting, by, what, owner, due, note="", reason="", now=None):
    meeting = _lock(meeting)
    ensure_recordable(meeting, club_today(meeting.club, now), reason=reason)
    if due < meeting.local_date:
        raise MeetingError(_("The due date is before the meeting."))
    item = ActionItem(series=meeting.series, meeting=meeting, club=meeting.club, what=what, owner=owner, due=due,
                      note=note, created_by=by)
    item._change_reason = reason
    item.save()
    _mark_held(meeting, reason)
    _correction(meeting, Correction.Part.ACTION_ITEM, reason, by)
    return item


@transaction.atomic
def meeting_record(*, meeting, by, minutes=None, decision=None, item=None, reason=""):
    """Save together what was typed on the meeting page: the minutes, a new decision, a new action item
    (each when given). All or nothing: a refusal of one keeps the others unsaved too."""
    if minutes is not None:
        minutes_save(meeting=meeting, by=by, minutes=minutes, reason=reason)
    if decision:
        decision_add(meeting=meeting, by=by, text=decision, reason=reason)
    if item:
        action_item_add(meeting=meeting, by=by, reason=reason, **item)


@transaction.atomic
def action_item_update(*, item, by, status, note, at_meeting=None, now=None):
    """Close (done or dropped) or reopen an item, with a note; its history keeps every step."""
    now = now or timezone.now()
    item = ActionItem.objects.select_for_update().get(pk=item.pk)
    if status == ActionItem.Status.DROPPED and not note.strip():
        raise MeetingError(_("Say in the note why the item is dropped."))
    if status == ActionItem.Status.OPEN:
        item.closed_at, item.closed_in = None, None
    elif item.status == ActionItem.Status.OPEN or item.status != status:
        item.closed_at = now
        item.closed_in = at_meeting
    item.status, item.note = status, note
    item._change_reason = f"{by}"
    item.save()
    return item


@transaction.atomic
def meeting_finalise(*, meeting, by, now=None):
    """Finalise the minutes: from now on they change only as a correction with a reason.

    A summary meeting (month-end, quarterly, annual) gets its report drafted for the chair.
    """
    now = now or timezone.now()
    meeting = _lock(meeting)
    if meeting.is_finalised:
        raise MeetingError(_("The minutes are already final."))
    ensure_recordable(meeting, club_today(meeting.club, now))
    if not meeting.minutes.strip() and not meeting.decisions.exists():
        raise MeetingError(_("Write the minutes or a decision before finalising."))
    meeting.status = Meeting.Status.HELD
    meeting.finalised_at, meeting.finalised_by = now, by
    meeting._change_reason = "minutes finalised"
    meeting.save()
    if meeting.is_summary:
        report_prepare(meeting=meeting, now=now)
    _prepare_minutes_pdf(meeting)
    return meeting


def _prepare_minutes_pdf(meeting):
    """Final minutes are what people download: their PDF is drawn ahead (``_prepare_pdf``); it follows a later
    correction by its own key."""
    _prepare_pdf("minutes", meeting.pk, f"finalised:{meeting.pk}")


def _prepare_report_pdf(report):
    """A summary report is read, and downloaded, once it is handed over and again once it is answered: its PDF is
    drawn ahead at each (``_prepare_pdf``)."""
    stamp = report.reviewed_at or report.submitted_at
    _prepare_pdf("report", report.meeting_id, f"{report.pk}:{report.status}:{stamp:%Y%m%d%H%M%S%f}")


def _prepare_pdf(kind, meeting_id, occasion):
    """Queue a meeting's PDF (``kind`` "minutes" or "report") to be drawn once the request commits, in each
    language ClubOps speaks, so that every reader finds it ready (``tasks.prepare_meeting_pdf``); once per
    ``occasion``."""
    from django.conf import settings

    from outbox.services import enqueue_once_on_commit

    for language, _name in settings.LANGUAGES:
        enqueue_once_on_commit(f"meetings:pdf:{kind}:{occasion}:{language}", "meetings.tasks.prepare_meeting_pdf",
                               kind, meeting_id, language)


# --- Summary reports -----------------------------------------------------------------------------


def report_period(meeting):
    return recurrence.covered_period(SUMMARY_KINDS[meeting.kind], meeting.local_date)


@transaction.atomic
def report_prepare(*, meeting, now=None):
    """The meeting's report, drafted with the period's figures if it has none yet."""
    from .selectors import report_figures

    now = now or timezone.now()
    existing = Report.objects.filter(meeting=meeting).first()
    if existing:
        return existing
    start, end = report_period(meeting)
    chair = meeting.chair
    report = Report(
        meeting=meeting, club=meeting.club, department_id=meeting.department_id, period_start=start, period_end=end,
        author=chair, to=report_recipient(chair, meeting.club),
        figures=report_figures(meeting=meeting, start=start, end=end, today=club_today(meeting.club, now)),
        figures_at=now,
    )
    report.save()
    return report


def _lock_report(report):
    return Report.objects.select_for_update().select_related("meeting", "meeting__club").get(pk=report.pk)


def _fill(report, analysis, plan, refresh, now):
    from .selectors import report_figures

    if not report.is_editable:
        raise MeetingError(_("This report has been submitted and can no longer change."))
    report.analysis, report.plan = analysis, plan
    if refresh:
        report.figures = report_figures(meeting=report.meeting, start=report.period_start, end=report.period_end,
                                        today=club_today(report.club, now))
        report.figures_at = now


@transaction.atomic
def report_save(*, report, by, analysis, plan, refresh=False, now=None):
    """Save the draft; ``refresh`` reads the period's figures again."""
    now = now or timezone.now()
    report = _lock_report(report)
    _fill(report, analysis, plan, refresh, now)
    report._change_reason = "saved"
    report.save()
    return report


@transaction.atomic
def report_submit(*, report, by, analysis, plan, now=None):
    """Hand the report to the superior, with the figures as of now."""
    now = now or timezone.now()
    if not (analysis.strip() and plan.strip()):
        raise MeetingError(_("Write the analysis and the plan before submitting."))
    report = _lock_report(report)
    _fill(report, analysis, plan, True, now)
    report.status, report.submitted_at, report.author = Report.Status.SUBMITTED, now, by
    report._change_reason = "submitted"
    report.save()
    _prepare_report_pdf(report)
    return report


@transaction.atomic
def report_review(*, report, by, acknowledge, comment, now=None):
    """The superior acknowledges the report or returns it with a comment."""
    now = now or timezone.now()
    report = _lock_report(report)
    if report.status != Report.Status.SUBMITTED:
        raise MeetingError(_("Only a submitted report can be acknowledged or returned."))
    if report.author_id == by.pk:
        raise MeetingError(_("Nobody acknowledges or returns their own report."))
    if not acknowledge and not comment.strip():
        raise MeetingError(_("Say what should change when returning a report."))
    report.status = Report.Status.ACKNOWLEDGED if acknowledge else Report.Status.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_comment = by, now, comment
    report._change_reason = report.status
    report.save()
    _prepare_report_pdf(report)
    return report


def report_recipient(chair, club):
    """The superior a summary report goes to, as the duty texts name them.

    Marketing director → the general manager (the owner); technical manager → the club's
    health-care manager; technician department manager → the store manager. Anyone else,
    or when that superior is missing, → the person the chair reports to, else the store
    manager, else the owner.
    """
    wanted = {
        Role.MARKETING_DIRECTOR: Q(position=Role.OWNER),
        Role.TECHNICAL_MANAGER: Q(position=Role.CARE_MANAGER, club=club),
        Role.TECHNICIAN_MANAGER: Q(position=Role.STORE_MANAGER, club=club),
    }.get(chair.position if chair else None)
    active = Person.objects.active()
    if wanted is not None:
        found = active.filter(wanted).exclude(pk=chair.pk).order_by("pk").first()
        if found:
            return found
    if chair and chair.reports_to_id and chair.reports_to.is_active:
        return chair.reports_to
    found = active.filter(position=Role.STORE_MANAGER, club=club).exclude(pk=getattr(chair, "pk", None)).first()
    return found or active.filter(position=Role.OWNER).order_by("pk").first()
