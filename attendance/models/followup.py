"""Follow-up (technical manager duty 8): talks about a month's attendance, and the runs of the floor's jobs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Person

__all__ = ["AttendanceTalk", "JobRun"]


class AttendanceTalk(models.Model):
    """A manager's talk with someone often late or absent in a month: the real cause and the help agreed.

    One talk per person and month; a later conversation updates it, and the history keeps
    what was written before.
    """

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="attendance_talks", verbose_name=_("person")
    )
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="attendance_talks", verbose_name=_("club"))
    month = models.DateField(_("month"), help_text=_("The first day of the month the talk is about."))
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("held by")
    )
    cause = models.TextField(_("real cause found"), max_length=1000)
    help_agreed = models.TextField(_("help agreed"), max_length=1000)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "person__name"]
        verbose_name = _("attendance talk")
        verbose_name_plural = _("attendance talks")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month"], name="one_attendance_talk_per_person_month",
                violation_error_message=_("A talk about this month is already recorded for this person."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="attendance_talk_month_on_first_day"),
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=models.F("held_on")),
                name="attendance_talk_follow_up_after_talk",
                violation_error_message=_("The follow-up comes after the talk."),
            ),
        ]

    def __str__(self):
        return f"{self.person} {self.month:%Y-%m}"


class JobRun(models.Model):
    """That a job has run for a club and a period (a day closed, a month's follow-up built).

    The dispatcher reads these to know what is still due, so a job missed while the server
    was down runs on the next tick.
    """

    class Job(models.TextChoices):
        CLOSE_DAY = "close_day", _("Close the day")
        MONTHLY_FOLLOWUP = "monthly_followup", _("Monthly follow-up")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="job_runs", verbose_name=_("club"))
    job = models.CharField(_("job"), max_length=30, choices=Job.choices)
    period = models.DateField(_("day or month"))
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    summary = models.CharField(_("summary"), max_length=200, blank=True)

    class Meta:
        ordering = ["-period"]
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        constraints = [models.UniqueConstraint(fields=["club", "job", "period"], name="one_job_run_per_club_period")]

    def __str__(self):
        return f"{self.club} {self.job} {self.period}"
