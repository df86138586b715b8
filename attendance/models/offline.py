"""Submissions the server took from a floor page that works offline, by their idempotency key.

The pages: the team screen, the hygiene check and the consumables hand-out (``kind``).

A phone that lost its signal keeps the team's entries and sends them when the signal is back; it may
send the same submission twice (a reply lost on the way back). Each submission carries a key made on
the phone; the first one is saved with the answer it got, and a repeat gets that answer again,
without saving anything a second time.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from staff.models import Club, Person

__all__ = ["TeamSubmission"]


class TeamSubmission(models.Model):
    """One submission of a floor page, known by the key the phone gave it, and the answer it got."""

    class Kind(models.TextChoices):
        TEAM = "team", _("Team screen")
        HYGIENE = "hygiene", _("Area hygiene")
        CONSUMABLES = "consumables", _("Consumables")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TEAM)
    key = models.UUIDField(_("idempotency key"), unique=True)
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    date = models.DateField(_("date"))
    sent_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("sent by"))
    answer = models.JSONField(_("reply sent back"), default=dict)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("team screen submission")
        verbose_name_plural = _("team screen submissions")

    def __str__(self):
        return f"{self.sent_by} {self.date} {self.key}"
