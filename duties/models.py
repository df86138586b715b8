"""The duty catalogue (崗位職責), versioned, and the checklists generated from it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kernel.periods import Cadence
from staff.models import Club, Person, Role

CHECKLIST_CADENCES = [Cadence.DAILY, Cadence.WEEKLY, Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.ANNUAL]


class Evidence(models.TextChoices):
    """Records that prove a duty done, so that its item ticks itself."""

    ATTENDANCE_RECORDED = "attendance_recorded", _("Attendance recorded for the team")
    GROOMING_CHECKED = "grooming_checked", _("Grooming checked for the team")
    HYGIENE_CHECKED = "hygiene_checked", _("Area hygiene checked")
    CONSUMABLES_ISSUED = "consumables_issued", _("Consumables handed out")
    QUALITY_CHECKED = "quality_checked", _("Service quality checked")
    STATS_VIEWED = "stats_viewed", _("Daily statistics opened")
    PLAN_SUBMITTED = "plan_submitted", _("Work plan submitted for approval")
    RESEARCH_FILED = "research_filed", _("Research report published")


class Duty(models.Model):
    """One duty of a position in a club; what it says lives in its versions."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="duties", verbose_name=_("club"))
    position = models.CharField(_("position"), max_length=30, choices=Role.choices)
    key = models.SlugField(_("key"), max_length=40, help_text=_("Stable name, e.g. supervisor-4."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)
    current = models.ForeignKey(
        "DutyVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("current wording")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["club", "position", "order", "pk"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "position", "key"], name="duty_key_unique_per_club_position",
                violation_error_message=_("This position already has a duty with this key."),
            )
        ]

    def __str__(self):
        return self.current.text if self.current_id else self.key


class DutyVersion(models.Model):
    """The wording and cadence of a duty from one edit on; checklists point at the version they were made from."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="versions", verbose_name=_("duty"))
    number = models.PositiveSmallIntegerField(_("version"))
    text_zh_hant = models.TextField(_("traditional Chinese"), blank=True)
    text_zh_hans = models.TextField(_("simplified Chinese"), blank=True)
    text_en = models.TextField(_("English"), blank=True)
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices)
    page = models.CharField(_("page where it is done"), max_length=60, blank=True)
    evidence = models.CharField(_("ticked by"), max_length=30, choices=Evidence.choices, blank=True)
    created_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["duty", "number"]
        verbose_name = _("duty version")
        verbose_name_plural = _("duty versions")
        constraints = [
            models.UniqueConstraint(fields=["duty", "number"], name="one_duty_version_number"),
            models.CheckConstraint(
                condition=~Q(text_zh_hant="", text_zh_hans="", text_en=""),
                name="duty_version_has_wording",
                violation_error_message=_("Give the duty's wording in at least one language."),
            ),
            models.CheckConstraint(
                condition=Q(cadence__in=Cadence.values), name="duty_version_cadence_known",
                violation_error_message=_("Choose one of the cadences."),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def page_url(self):
        """The page where the duty is done, if it names one that exists."""
        if not self.page:
            return ""
        try:
            return reverse(self.page)
        except NoReverseMatch:
            return ""

    @property
    def text(self):
        """The wording in the active language, falling back to the others."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        by_language = {"zh-hant": self.text_zh_hant, "zh-hans": self.text_zh_hans, "en": self.text_en}
        order = [language] + [code for code in ("zh-hans", "zh-hant", "en") if code != language]
        return next((by_language[code] for code in order if by_language.get(code)), "")


class Checklist(models.Model):
    """One person's duties of one cadence for one period (a day, a week, a month, a quarter, a year)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="checklists", verbose_name=_("person"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="checklists", verbose_name=_("club"))
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    comment = models.TextField(_("superior's comment"), blank=True)
    signed_off_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("signed off by")
    )
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Its items by state, kept by ``duties.counts`` with every write of an item (open = the rest of the total).
    items_total = models.PositiveIntegerField(_("items"), default=0, editable=False)
    items_done = models.PositiveIntegerField(_("items done"), default=0, editable=False)
    items_not_done = models.PositiveIntegerField(_("items not done"), default=0, editable=False)
    items_na = models.PositiveIntegerField(_("items not applicable"), default=0, editable=False)
    # The counts are derived from the items, whose own history says who changed what.
    history = HistoricalRecords(excluded_fields=["items_total", "items_done", "items_not_done", "items_na"])

    class Meta:
        ordering = ["-period_start", "cadence"]
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "cadence", "period_start"], name="one_checklist_per_person_cadence_period"
            ),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="checklist_period_order"),
        ]
        indexes = [models.Index(fields=["club", "period_start"])]

    def __str__(self):
        return f"{self.person} {self.get_cadence_display()} {self.period_start}"

    @property
    def is_signed_off(self):
        return self.signed_off_at is not None


class ChecklistItem(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Not ticked yet")
        DONE = "done", _("Done")
        NOT_DONE = "not_done", _("Not done")
        NOT_APPLICABLE = "na", _("Not applicable")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items", verbose_name=_("checklist"))
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="items", verbose_name=_("duty"))
    duty_version = models.ForeignKey(DutyVersion, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("duty version"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    note = models.CharField(_("note"), max_length=300, blank=True)
    ticked_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ticked by")
    )
    ticked_at = models.DateTimeField(_("ticked at"), null=True, blank=True)
    evidence_note = models.CharField(_("evidence"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "duty"], name="one_item_per_duty_in_checklist")
        ]

    def __str__(self):
        return str(self.duty_version)
