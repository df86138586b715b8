"""Meeting series, the meetings made from them, and what is recorded at a meeting.

A series says what a recurring meeting is (kind, recurrence, time, place, chair, who is
expected, the agenda template); the tick turns it into meetings ahead of time. A meeting
keeps its own copy of time, place, chair, agenda and expected attendees, so that editing a
series changes the meetings still to come and never the ones already held.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kernel.wording import SystemWordsCharField, SystemWordsTextField
from staff.models import Club, Department, Person, Role, Team


class Kind(models.TextChoices):
    DAILY = "daily", _("Daily work meeting")
    WEEKLY = "weekly", _("Weekly department meeting")
    MONTH_END = "month_end", _("Month-end summary meeting")
    QUARTERLY = "quarterly", _("Quarterly summary meeting")
    ANNUAL = "annual", _("Annual summary and planning meeting")


# The kinds whose meetings produce a summary report, and the period the report covers.
SUMMARY_KINDS = {Kind.MONTH_END: "monthly", Kind.QUARTERLY: "quarterly", Kind.ANNUAL: "annual"}


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every day")
    WORKING_DAYS = "working_days", _("Every working day")
    WEEKLY = "weekly", _("Weekly, on the chosen weekdays")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUALLY = "annually", _("Annually")


# Frequencies that pick one day in a month (which month: every, the n-th of a quarter, of a year).
MONTH_BASED = (Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUALLY)


class DayRule(models.TextChoices):
    DAY_OF_MONTH = "day", _("On a day of the month")
    FIRST_WORKING_DAY = "first_working", _("On the first working day of the month")
    LAST_WORKING_DAY = "last_working", _("On the last working day of the month")


WEEKDAYS = [
    (1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")), (4, _("Thursday")),
    (5, _("Friday")), (6, _("Saturday")), (7, _("Sunday")),
]


class MeetingSeries(models.Model):
    """A recurring meeting of a department (or of the whole club when no department is given)."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="meeting_series", verbose_name=_("club"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_series",
        verbose_name=_("department"), help_text=_("Empty: a meeting of the whole club."),
    )
    key = models.SlugField(_("key"), max_length=40, blank=True, help_text=_("Set on the default series, e.g. marketing-daily."))
    title = SystemWordsCharField(_("title"), max_length=100, words="meetings.defaults.WORDS")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    frequency = models.CharField(_("repeats"), max_length=20, choices=Frequency.choices)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True, help_text=_("For weekly meetings: 1 is Monday, 7 is Sunday."))
    day_rule = models.CharField(_("day in the month"), max_length=20, choices=DayRule.choices, default=DayRule.DAY_OF_MONTH)
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"), default=1, help_text=_("1–31; in a shorter month the last day is taken.")
    )
    month_in_period = models.PositiveSmallIntegerField(
        _("month of the quarter or year"), default=1,
        help_text=_("Quarterly: 1–3 (1 = January, April, July, October). Annually: 1–12."),
    )
    time = models.TimeField(_("time (club time)"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    place = SystemWordsCharField(_("place"), max_length=100, blank=True, words="meetings.defaults.WORDS")
    chair = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_series", verbose_name=_("chair")
    )
    positions = models.JSONField(_("expected positions"), default=list, blank=True)
    teams = models.ManyToManyField(Team, blank=True, related_name="meeting_series", verbose_name=_("expected teams"))
    people = models.ManyToManyField(Person, blank=True, related_name="+", verbose_name=_("expected people"))
    agenda_template = SystemWordsTextField(_("agenda"), blank=True, words="meetings.defaults.WORDS", help_text=_("One item a line; every meeting starts with it."))
    starts_on = models.DateField(_("from"), default=datetime.date.today)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[teams, people])

    class Meta:
        ordering = ["club__name", "department__kind", "title"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "key"], condition=~Q(key=""), name="meeting_series_key_unique_in_club",
                violation_error_message=_("This club already has this default series."),
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=31), name="meeting_series_day_of_month_range",
                violation_error_message=_("The day of the month is 1–31."),
            ),
            models.CheckConstraint(
                condition=Q(month_in_period__gte=1, month_in_period__lte=12), name="meeting_series_month_range",
                violation_error_message=_("The month is 1–12."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_series_has_length",
                violation_error_message=_("A meeting lasts at least a minute."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name="meeting_series_dates_order",
                violation_error_message=_("The series ends before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:series_detail", args=[self.pk])

    @property
    def is_summary(self):
        return self.kind in SUMMARY_KINDS

    def weekday_labels(self):
        names = dict(WEEKDAYS)
        return [names[d] for d in sorted(self.weekdays or []) if d in names]

    def position_labels(self):
        return [Role(p).label for p in self.positions or [] if p in Role.values]


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("series"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("club"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings", verbose_name=_("department")
    )
    occurrence = models.DateField(
        _("occurrence"), null=True, blank=True, help_text=_("The series' date this meeting was made for; empty when added by hand.")
    )
    title = SystemWordsCharField(_("title"), max_length=100, words="meetings.defaults.WORDS")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    place = SystemWordsCharField(_("place"), max_length=100, blank=True, words="meetings.defaults.WORDS")
    chair = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="chaired_meetings", verbose_name=_("chair")
    )
    agenda = SystemWordsTextField(_("agenda"), blank=True, words="meetings.defaults.WORDS")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    moved_from = models.DateTimeField(_("first planned for"), null=True, blank=True)
    move_reason = models.CharField(_("reason for moving"), max_length=200, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    finalised_at = models.DateTimeField(_("minutes finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("finalised by")
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["reminded_at"])

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            # One meeting per series and occurrence: two ticks at once cannot make a meeting twice.
            models.UniqueConstraint(fields=["series", "occurrence"], name="one_meeting_per_series_occurrence"),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""), name="meeting_cancelled_with_reason",
                violation_error_message=_("Say why the meeting is cancelled."),
            ),
            models.CheckConstraint(
                condition=Q(moved_from__isnull=True) | ~Q(move_reason=""), name="meeting_moved_with_reason",
                violation_error_message=_("Say why the meeting is moved."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_has_length",
                violation_error_message=_("A meeting lasts at least a minute."),
            ),
        ]
        indexes = [models.Index(fields=["club", "starts_at"]), models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.title} {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("meetings:meeting_detail", args=[self.pk])

    @property
    def ends_at(self):
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def local_date(self):
        return self.starts_at.astimezone(self.club.zone).date()

    @property
    def is_finalised(self):
        return self.finalised_at is not None

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_summary(self):
        return self.kind in SUMMARY_KINDS

    def agenda_lines(self):
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class Attendee(models.Model):
    """One person at one meeting: expected (from the series) or a guest, and how they attended."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("meeting"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meeting_attendance", verbose_name=_("person"))
    expected = models.BooleanField(_("expected"), default=True, help_text=_("Not expected: came as a guest."))
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-expected", "person__name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="one_attendee_row_per_person",
                violation_error_message=_("This person is already on the meeting's list."),
            )
        ]

    def __str__(self):
        return f"{self.person} @ {self.meeting}"

    @property
    def is_guest(self):
        return not self.expected


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    text = models.TextField(_("decision"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.text[:60]


class ActionItem(models.Model):
    """Something a meeting asked someone to do; open items carry to the series' next meetings until closed."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action item", "Open")
        DONE = "done", pgettext_lazy("action item", "Done")
        DROPPED = "dropped", pgettext_lazy("action item", "Dropped")

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("series"))
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="raised_items", verbose_name=_("raised at"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("club"))
    what = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="action_items", verbose_name=pgettext_lazy("action item", "owner")
    )
    due = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.CharField(_("note"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_in = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="closed_items", verbose_name=_("closed at meeting")
    )
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="action_item_closed_when_not_open",
            ),
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(note=""), name="action_item_dropped_with_note",
                violation_error_message=_("Say in the note why the item is dropped."),
            ),
        ]
        indexes = [models.Index(fields=["owner", "status", "due"]), models.Index(fields=["series", "status"])]

    def __str__(self):
        return self.what

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_overdue(self, today):
        return self.is_open and self.due < today


class Report(models.Model):
    """The summary report a month-end, quarterly or annual meeting hands to the chair's superior."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        RETURNED = "returned", _("Returned for changes")

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="report", verbose_name=_("meeting"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="meeting_reports", verbose_name=_("club"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    author = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports_written", verbose_name=_("written by")
    )
    to = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports_received", verbose_name=_("report to")
    )
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("figures as of"), null=True, blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    plan = models.TextField(_("plan"), blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("read by")
    )
    reviewed_at = models.DateTimeField(_("read at"), null=True, blank=True)
    review_comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_end", "pk"]
        verbose_name = _("summary report")
        verbose_name_plural = _("summary reports")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""), name="report_returned_with_comment",
                violation_error_message=_("Say what should change when returning a report."),
            ),
        ]
        indexes = [models.Index(fields=["to", "status"])]

    def __str__(self):
        return f"{self.meeting.title} {self.period_start:%Y-%m-%d}–{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("meetings:report", args=[self.meeting_id])

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Correction(models.Model):
    """A change to a meeting's record after its minutes were finalised, and why."""

    class Part(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        ATTENDANCE = "attendance", _("Attendance")
        DECISION = "decision", _("Decision")
        ACTION_ITEM = "action_item", _("Action item")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("meeting"))
    part = models.CharField(_("what was corrected"), max_length=20, choices=Part.choices)
    reason = models.CharField(_("reason"), max_length=300)
    by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("corrected by"))
    at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason",
                                   violation_error_message=_("Give a reason for the correction.")),
        ]

    def __str__(self):
        return f"{self.meeting} · {self.get_part_display()}"
