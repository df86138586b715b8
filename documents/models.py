"""Rules, SOPs, service scripts, grooming standards and research reports: versioned documents of a club.

A ``Document`` belongs to a club and one of its departments (or the whole club) and names its
approver. Its text lives in ``DocumentVersion`` rows: a version is drafted (Markdown text and
attachments), then published by the approver; a published version never changes, and the newest
published one is the document's ``current``. A rule or SOP may require acknowledgement: each
active person of the positions and departments it applies to confirms the current version
(``Acknowledgement``); a new version asks everyone again, because a confirmation is of a version.
"""

import os
import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from staff.models import Club, Department, Person


class Kind(models.TextChoices):
    RULE = "rule", _("Department rule")
    SOP = "sop", _("Technique procedure (SOP)")
    SCRIPT = "script", _("Service script")
    STANDARD = "standard", _("Grooming and etiquette standard")
    MARKET = "market", _("Market research report")
    COMPETITOR = "competitor", _("Competitor research report")
    ACQUISITION = "acquisition", _("Customer-acquisition research report")


# Research reports are filed in a month (``Document.period``) and read by the club's managers;
# the other kinds are the staff's rules and may require acknowledgement.
RESEARCH_KINDS = (Kind.MARKET, Kind.COMPETITOR, Kind.ACQUISITION)
RULE_KINDS = (Kind.RULE, Kind.SOP, Kind.SCRIPT, Kind.STANDARD)


class Document(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="documents", verbose_name=_("club"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="documents",
        verbose_name=_("department"), help_text=_("Empty: the whole club."),
    )
    kind = models.CharField(pgettext_lazy("document", "kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    approver = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="documents_to_approve", verbose_name=_("approver"),
        help_text=_("Publishes each version."),
    )
    # Research reports: the month they are about (its first day).
    period = models.DateField(_("month"), null=True, blank=True)
    requires_acknowledgement = models.BooleanField(_("requires acknowledgement"), default=False)
    # Whom an acknowledgement is asked of: positions (``staff.models.Role`` values) and department
    # kinds (``Department.Kind`` values) of the club; an empty list means every one.
    positions = models.JSONField(_("positions"), default=list, blank=True)
    department_kinds = models.JSONField(_("for departments"), default=list, blank=True)
    current = models.ForeignKey(
        "DocumentVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("current version"),
    )
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["club", "kind", "period"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.pk])

    @property
    def is_research(self):
        return self.kind in RESEARCH_KINDS

    def applies_to(self, person):
        """Whether ``person`` is asked to confirm this document (active, of its club, positions and departments)."""
        if not self.requires_acknowledgement or not person.is_active or person.club_id != self.club_id:
            return False
        if self.positions and person.position not in self.positions:
            return False
        if self.department_kinds:
            kind = person.department.kind if person.department_id else None
            if kind not in self.department_kinds:
                return False
        return True

    def applies_filter(self):
        """A Q over Person: the people asked to confirm this document."""
        if not self.requires_acknowledgement:
            return Q(pk__in=[])
        scope = Q(club_id=self.club_id, status=Person.Status.ACTIVE)
        if self.positions:
            scope &= Q(position__in=self.positions)
        if self.department_kinds:
            scope &= Q(department__kind__in=self.department_kinds)
        return scope


class DocumentVersion(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions",
                                 verbose_name=_("document"))
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.DRAFT)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown: # heading, **bold**, - list, 1. steps."))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    drafted_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("drafted by")
    )
    published_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("published by")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document"),
            models.UniqueConstraint(fields=["document"], condition=Q(state="draft"),
                                    name="one_draft_per_document"),
        ]

    def __str__(self):
        return f"{self.document} · v{self.number}"

    @property
    def is_draft(self):
        return self.state == self.State.DRAFT


def attachment_path(instance, filename):
    """Uploaded files are stored under a random name; the name the uploader gave is kept in the row."""
    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"documents/{instance.version.document.club_id}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("version"))
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Acknowledgement(models.Model):
    """``person`` has read ``version`` and will follow it (我已閱讀並遵守)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="acknowledgements",
                                verbose_name=_("version"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="acknowledgements",
                               verbose_name=_("person"))
    acknowledged_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["acknowledged_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["version", "person"], name="one_acknowledgement_per_version_person"),
        ]

    def __str__(self):
        return f"{self.person} · {self.version}"
