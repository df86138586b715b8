"""Business figures a club's till or booking system holds, per club per day and per technician per day.

* ``ClubDay``: the club's figures of one day (customers served, revenue, add-on and product sales,
  new members, member top-ups). A figure left empty is not known (not the same as 0).
* ``TechnicianDay``: one technician's service count (鐘數) and requested-by-name services (點鐘) that day.
* ``Entry``: one save of figures — a form, an imported file or a call of the JSON endpoint — with who
  (or which token), how and when. Each figure row points to the entry that last changed it; the
  history of the rows (django-simple-history) keeps every earlier value, so a late correction shows
  what was there before and which entry changed it.
* ``ApiToken``: a club's token for the import endpoint, kept only as its SHA-256 digest.
"""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from staff.models import Club, Person

COUNT = {"max_digits": 7, "decimal_places": 0}
MONEY = {"max_digits": 12, "decimal_places": 2}
SERVICES = {"max_digits": 5, "decimal_places": 1}


class Source(models.TextChoices):
    FORM = "form", _("Entry form")
    IMPORT = "import", _("Imported file")
    API = "api", _("Import endpoint (token)")


class ApiToken(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="business_tokens", verbose_name=_("club"))
    name = models.CharField(pgettext_lazy("token", "name"), max_length=60,
                            help_text=_("What uses it, e.g. the till or the booking system."))
    prefix = models.CharField(_("starts with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("revoked by"))
    history = HistoricalRecords(excluded_fields=["digest"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import token")
        verbose_name_plural = _("import tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class Entry(models.Model):
    """One save of figures: who or which token, how, when, from which file, how many rows."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="business_entries", verbose_name=_("club"))
    source = models.CharField(_("entered through"), max_length=10, choices=Source.choices)
    by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                           verbose_name=_("entered by"))
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="entries",
                              verbose_name=_("import token"))
    at = models.DateTimeField(_("entered at"), default=timezone.now)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    days = models.PositiveIntegerField(_("days"), default=0)
    rows = models.PositiveIntegerField(_("rows changed"), default=0)
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("figures entry")
        verbose_name_plural = _("figures entries")

    def __str__(self):
        who = self.by.name if self.by_id and self.by else (str(self.token) if self.token_id and self.token else "")
        at = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M")
        return " · ".join(part for part in (str(self.get_source_display()), at, who, self.file_name) if part)


class ClubDay(models.Model):
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="business_days", verbose_name=_("club"))
    date = models.DateField(_("date"))
    customers_served = models.DecimalField(_("customers served"), null=True, blank=True, **COUNT)
    revenue = models.DecimalField(_("revenue"), null=True, blank=True, **MONEY)
    addon_sales = models.DecimalField(_("add-on sales"), null=True, blank=True, **MONEY)
    product_sales = models.DecimalField(_("product sales"), null=True, blank=True, **MONEY)
    new_members = models.DecimalField(_("new members"), null=True, blank=True, **COUNT)
    member_topups = models.DecimalField(_("member top-ups"), null=True, blank=True, **MONEY)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="club_days",
                              verbose_name=_("last entered"))
    # 1 when first entered; one more each time a save changes a figure of the day (the club's or a technician's).
    revision = models.PositiveIntegerField(_("revision"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["club", "date"]
        verbose_name = _("club's day figures")
        verbose_name_plural = _("club's day figures")
        constraints = [
            models.UniqueConstraint(fields=["club", "date"], name="business_one_day_per_club",
                                    violation_error_message=_("This club already has figures for this day."))
        ]

    def __str__(self):
        return f"{self.club} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("business:day") + f"?club={self.club_id}&date={self.date:%Y-%m-%d}"

    @property
    def corrections(self):
        return max(self.revision - 1, 0)


class TechnicianDay(models.Model):
    day = models.ForeignKey(ClubDay, on_delete=models.CASCADE, related_name="technicians",
                            verbose_name=_("club's day figures"))
    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    date = models.DateField(_("date"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="business_days",
                               verbose_name=_("technician"))
    services = models.DecimalField(_("services (鐘數)"), null=True, blank=True, **SERVICES)
    requested_services = models.DecimalField(_("requested services (點鐘)"), null=True, blank=True, **SERVICES)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="technician_days",
                              verbose_name=_("last entered"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "person__name"]
        verbose_name = _("technician's day figures")
        verbose_name_plural = _("technicians' day figures")
        constraints = [
            models.UniqueConstraint(fields=["person", "date"], name="business_one_day_per_technician",
                                    violation_error_message=_("This technician already has figures for this day."))
        ]
        indexes = [models.Index(fields=["club", "date"])]

    def __str__(self):
        return f"{self.person} · {self.date:%Y-%m-%d}"
