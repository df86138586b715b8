"""Factories for the meetings' tests: a series, and the meeting of a series on a day."""

import datetime

from django.utils import timezone

from meetings.models import DayRule, Frequency, Kind, Meeting, MeetingSeries


def make_series(club, department, chair, *, positions=(), title="Series", kind=Kind.DAILY, frequency=Frequency.DAILY,
                time=datetime.time(10, 0), starts_on=None, **fields):
    return MeetingSeries.objects.create(
        club=club, department=department, chair=chair, positions=list(positions), title=title, kind=kind,
        frequency=frequency, time=time, starts_on=starts_on or datetime.date(2020, 1, 1),
        agenda_template=fields.pop("agenda_template", "Yesterday\nToday"), duration_minutes=30, place="Room 1",
        day_rule=fields.pop("day_rule", DayRule.DAY_OF_MONTH), **fields,
    )


def today_of(club):
    return timezone.localdate(timezone=club.zone)


def meeting_on(series, day):
    return Meeting.objects.select_related("club", "series", "chair", "department").get(series=series, occurrence=day)
