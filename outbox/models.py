"""One row per Celery job that could not be handed to the broker when it was queued."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxJob(models.Model):
    """A job waiting for the broker: the task's name and its JSON arguments, sent once the broker is back.

    An operational queue, not a record of the clubs' work: it keeps no history
    (django-simple-history) on purpose; a sent row is only kept for a while to show what happened.
    """

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("queued job")
        verbose_name_plural = _("queued jobs")
        ordering = ["created", "pk"]
        indexes = [
            models.Index(
                fields=["created"], name="outbox_pending_idx", condition=models.Q(sent_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"

    @property
    def is_pending(self):
        return self.sent_at is None
