"""The marketing side of a club: its customers (members, VIP and key accounts), the contacts its customer
managers make with them, its events and its outside visits, and the log of who opened whose personal data.

Personal data (PIPL): a customer's name, phone, birthday, preferences and health notes are kept on
``Customer`` only. Their change history (django-simple-history) leaves these fields out, so that
anonymising a customer (``services.anonymise``) removes the person everywhere and keeps the rest:
level, source, customer manager, dates, contacts and event counts — the month's figures stay as they were.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from staff.models import Club, Person

# The customer's own data: never in the history, removed by anonymisation.
PERSONAL_FIELDS = ("name", "phone", "birthday", "preferences", "health_notes")


class Level(models.TextChoices):
    MEMBER = "member", _("Member")
    VIP = "vip", _("VIP")
    KEY_ACCOUNT = "key_account", _("Key account")


class Source(models.TextChoices):
    WALK_IN = "walk_in", _("Walk-in")
    REFERRAL = "referral", _("Referral")
    EVENT = "event", pgettext_lazy("customer source", "Event")
    PROMOTION = "promotion", _("Outside promotion")
    ONLINE = "online", _("Online")


class Event(models.Model):
    """A forum, lecture, member event or holiday promotion: its plan, budget and owner, then its results."""

    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        LECTURE = "lecture", _("Lecture")
        MEMBER_EVENT = "member_event", _("Member event")
        PROMOTION = "promotion", _("Holiday promotion")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="customer_events", verbose_name=_("club"))
    title = models.CharField(pgettext_lazy("event", "title"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                              verbose_name=pgettext_lazy("event", "owner"))
    plan = models.TextField(_("plan"), blank=True)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    invited = models.PositiveIntegerField(_("invited"), default=0)
    signed_up = models.PositiveIntegerField(_("signed up"), default=0)
    attended = models.PositiveIntegerField(_("attended"), default=0)
    topups = models.DecimalField(_("top-ups (yuan)"), max_digits=12, decimal_places=2, default=0)
    results = models.TextField(_("results"), blank=True)
    held = models.BooleanField(_("held"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"


class Customer(models.Model):
    """A customer of one club, looked after by a customer manager."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="customers", verbose_name=_("club"))
    name = models.CharField(pgettext_lazy("customer", "name"), max_length=60)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.MEMBER)
    source = models.CharField(_("came through"), max_length=20, choices=Source.choices, default=Source.WALK_IN)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="new_customers",
                              verbose_name=pgettext_lazy("customer source", "event"))
    manager = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="customers",
                                verbose_name=_("customer manager"))
    technicians = models.ManyToManyField(Person, blank=True, related_name="preferred_by",
                                         verbose_name=_("preferred technicians"))
    preferences = models.TextField(_("preferences"), blank=True,
                                   help_text=_("What matters for the service, e.g. pressure, room, music."))
    health_notes = models.TextField(_("health notes"), blank=True,
                                    help_text=_("What a technician must know, e.g. areas to avoid."))
    birthday = models.DateField(_("birthday"), null=True, blank=True)
    consent = models.BooleanField(_("agrees to be contacted"), default=False)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"))
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("created by"))
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=list(PERSONAL_FIELDS))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return str(_("Anonymised customer")) + f" #{self.pk}" if self.anonymised_at else self.name

    @property
    def masked_phone(self):
        return mask_phone(self.phone)


def mask_phone(phone):
    """138****5678: the first three and the last four digits; a short number keeps only its last two."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) >= 8:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "*" * max(len(phone) - 2, 1) + phone[-2:]


class Contact(models.Model):
    """A contact with a customer by a customer manager, its outcome, and the next step with its due date.

    A next step is open until the next contact with the same customer is logged (``next_done``)."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call")
        MESSAGE = "message", _("Message")
        VISIT = "visit", pgettext_lazy("contact", "Visit")
        COMPLAINT = "complaint", _("Complaint handling")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts",
                                 verbose_name=_("customer"))
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_due = models.DateField(_("next step due"), null=True, blank=True)
    next_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("next step by"))
    next_done = models.BooleanField(_("next step done"), default=False)
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"


class Arrival(models.Model):
    """A VIP or key customer expected on a day: who receives them, what was arranged, notes for next time."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="arrivals",
                                 verbose_name=_("customer"))
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    receiver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=pgettext_lazy("arrival", "received by"))
    arranged = models.TextField(_("what was arranged"), blank=True)
    arrived = models.BooleanField(pgettext_lazy("arrival", "arrived"), default=False)
    notes_next_time = models.TextField(_("notes for next time"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "time", "pk"]
        verbose_name = _("expected arrival")
        verbose_name_plural = _("expected arrivals")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.customer_id}"


class OutsideVisit(models.Model):
    """A visit to a key account, a chamber of commerce or an association."""

    class Kind(models.TextChoices):
        KEY_ACCOUNT = "key_account", _("Key account")
        CHAMBER = "chamber", _("Chamber of commerce")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="outside_visits", verbose_name=_("club"))
    date = models.DateField(_("date"))
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("visited by"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=120)
    person_visited = models.CharField(_("person visited"), max_length=60, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_due = models.DateField(_("next step due"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("outside visit")
        verbose_name_plural = _("outside visits")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.organisation}"


class Access(models.Model):
    """Who opened a customer's full file, exported the list or anonymised a customer, and when (PIPL)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Opened the full file")
        EDIT = "edit", _("Changed the file")
        EXPORT = "export", _("Exported the list")
        ANONYMISE = "anonymise", _("Anonymised")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="+", verbose_name=_("club"))
    customer = models.ForeignKey(Customer, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses",
                                 verbose_name=_("customer"))
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), default=timezone.now)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"
