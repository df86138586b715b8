"""The floor: shifts and roster, daily attendance, grooming checks, and the month lock."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Gender, Person

from .base import ClubCheckItem

__all__ = [
    "AttendancePolicy", "ShiftTemplate", "RosterEntry", "Status", "WORKED", "LeaveType",
    "Attendance", "GroomingItem", "GroomingCheck", "GroomingFailure", "MonthLock",
]


class AttendancePolicy(models.Model):
    """A club's attendance rules. Created with defaults the first time a club needs it."""

    club = models.OneToOneField(Club, on_delete=models.CASCADE, related_name="attendance_policy", verbose_name=_("club"))
    arrival_grace_minutes = models.PositiveSmallIntegerField(_("grace minutes for arrival"), default=5)
    leaving_grace_minutes = models.PositiveSmallIntegerField(_("grace minutes for leaving"), default=5)
    self_check_in = models.BooleanField(_("people check in and out on their own phone"), default=False)
    talk_after_late_count = models.PositiveSmallIntegerField(_("late arrivals in a month that call for a talk"), default=3)
    talk_after_absences = models.PositiveSmallIntegerField(_("absences in a month that call for a talk"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance policy")
        verbose_name_plural = _("attendance policies")

    def __str__(self):
        return str(self.club)

    @classmethod
    def for_club(cls, club):
        """The club's rules; the defaults (unsaved) until someone edits them.

        A club read with ``select_related("attendance_policy")`` (the team screen's teams, ``groups.open_teams``)
        already holds them, or holds that it has none: no query then.
        """
        reverse = Club.attendance_policy
        if reverse.is_cached(club):
            return reverse.related.get_cached_value(club) or cls(club=club)
        return cls.objects.filter(club=club).first() or cls(club=club)


class ShiftTemplate(models.Model):
    """A named shift of a club, e.g. 10:00–18:00; an end at or before the start is the next day."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("club"))
    name = models.CharField(_("name"), max_length=40)
    start = models.TimeField(_("start"))
    end = models.TimeField(_("end"))
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "name"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "name"], name="shift_name_unique_in_club",
                violation_error_message=_("This club already has a shift of this name."),
            )
        ]

    def __str__(self):
        return f"{self.name} {self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def crosses_midnight(self):
        return self.end <= self.start

    def bounds(self, day, zone):
        """The shift's start and end on ``day`` as aware datetimes in ``zone``."""
        start = datetime.datetime.combine(day, self.start, tzinfo=zone)
        end_day = day + datetime.timedelta(days=1) if self.crosses_midnight else day
        return start, datetime.datetime.combine(end_day, self.end, tzinfo=zone)


class RosterEntry(models.Model):
    """A person's plan for one day: a shift, or a day off."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roster", verbose_name=_("person"))
    date = models.DateField(_("date"))
    shift = models.ForeignKey(ShiftTemplate, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("shift"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("roster entry")
        verbose_name_plural = _("roster entries")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"], name="one_roster_entry_per_person_day",
                violation_error_message=_("This person already has a plan for this day."),
            )
        ]

    @property
    def is_day_off(self):
        return self.shift_id is None


class Status(models.TextChoices):
    PRESENT = "present", _("On time")
    LATE = "late", _("Late")
    LEFT_EARLY = "left_early", _("Left early")
    LATE_AND_LEFT_EARLY = "late_left_early", _("Late and left early")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On leave")
    DAY_OFF = "day_off", _("Day off")
    NOT_RECORDED = "not_recorded", _("Not recorded")


WORKED = (Status.PRESENT, Status.LATE, Status.LEFT_EARLY, Status.LATE_AND_LEFT_EARLY)


class LeaveType(models.TextChoices):
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    ANNUAL = "annual", _("Annual leave")
    OTHER = "other", _("Other leave")


class Attendance(models.Model):
    """One person's attendance on one day; late and early minutes are stored, not recomputed."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("person"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("club"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    leave_type = models.CharField(_("leave type"), max_length=10, choices=LeaveType.choices, blank=True)
    shift = models.ForeignKey(ShiftTemplate, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("shift"))
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    late_minutes = models.PositiveIntegerField(_("minutes late"), default=0)
    early_minutes = models.PositiveIntegerField(_("minutes left early"), default=0)
    overridden = models.BooleanField(_("status set by hand"), default=False)
    override_reason = models.CharField(_("reason for setting the status by hand"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "person__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"], name="one_attendance_per_person_day",
                violation_error_message=_("This person's attendance for this day is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(arrived_at__isnull=True) | Q(left_at__gt=models.F("arrived_at")),
                name="attendance_leaves_after_arriving",
                violation_error_message=_("Leaving must come after arriving."),
            ),
            models.CheckConstraint(
                condition=Q(overridden=False) | ~Q(override_reason=""),
                name="attendance_override_has_reason",
                violation_error_message=_("Give a reason for setting the status by hand."),
            ),
        ]
        indexes = [models.Index(fields=["club", "date", "status"])]

    def __str__(self):
        return f"{self.person} {self.date} {self.get_status_display()}"


class GroomingItem(ClubCheckItem):
    """One point of the grooming check (儀容儀表). Defaults carry a key and a translated label."""

    DEFAULTS = {
        "uniform": _("Uniform worn"),
        "badge": _("Name badge"),
        "hair": _("Hair tidy"),
        "nails": _("Nails short and clean"),
        "hygiene": _("Personal hygiene"),
        "makeup": _("Light make-up"),
        "spirit": _("Spirit and etiquette"),
    }

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="grooming_items", verbose_name=_("club"))
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=Gender.choices, blank=True, help_text=_("Empty: everyone.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("grooming item")
        verbose_name_plural = _("grooming items")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "key"], condition=~Q(key=""), name="grooming_item_key_unique_in_club",
                violation_error_message=_("This club already has this grooming item."),
            )
        ]

    def applies_to_person(self, person):
        return not self.applies_to or self.applies_to == person.gender

    @classmethod
    def default_fields(cls, key):
        return {"applies_to": Gender.FEMALE if key == "makeup" else ""}


class GroomingCheck(models.Model):
    """A technician's grooming check on a day; a re-check the same day is a new round."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grooming_checks", verbose_name=_("person"))
    date = models.DateField(_("date"))
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    passed = models.BooleanField(_("passed"))
    checked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now=True)
    failed_items = models.ManyToManyField(GroomingItem, through="GroomingFailure", related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "round"]
        verbose_name = _("grooming check")
        verbose_name_plural = _("grooming checks")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date", "round"], name="one_grooming_check_per_round",
                violation_error_message=_("This grooming check is already recorded."),
            )
        ]


class GroomingFailure(models.Model):
    """A failed item of a grooming check, with the note that says what was wrong."""

    check_record = models.ForeignKey(GroomingCheck, verbose_name=_("grooming check"), on_delete=models.CASCADE, related_name="failures")
    item = models.ForeignKey(GroomingItem, on_delete=models.CASCADE, related_name="failures", verbose_name=_("item"))
    note = models.CharField(_("note"), max_length=200)

    class Meta:
        verbose_name = _("failed grooming item")
        verbose_name_plural = _("failed grooming items")
        constraints = [models.UniqueConstraint(fields=["check_record", "item"], name="one_failure_per_item_per_check")]


class MonthLock(models.Model):
    """A month the store manager has checked and locked; later changes need the store manager and a reason."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="month_locks", verbose_name=_("club"))
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    locked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("locked by")
    )
    locked_at = models.DateTimeField(_("locked at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("locked month")
        verbose_name_plural = _("locked months")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "month"], name="one_lock_per_club_month",
                violation_error_message=_("This month is already locked."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="month_lock_on_first_day"),
        ]

    @classmethod
    def is_locked(cls, club_id, day):
        return cls.objects.filter(club_id=club_id, month=day.replace(day=1)).exists()
