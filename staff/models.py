"""Clubs, departments, teams and people: who works where, in which position, under whom."""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kernel.wording import SystemWordsCharField


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone, e.g. Asia/Shanghai."), params={"value": value})


class Role(models.TextChoices):
    """The positions of a club and the chain. One person holds one position at a time."""

    OWNER = "owner", _("Owner")
    STORE_MANAGER = "store_manager", _("Store manager")
    MARKETING_DIRECTOR = "marketing_director", _("Marketing director")
    CARE_MANAGER = "care_manager", _("Health-care manager")
    TECHNICIAN_MANAGER = "technician_manager", _("Technician department manager")
    TECHNICAL_MANAGER = "technical_manager", _("Technical manager")
    SUPERVISOR = "supervisor", _("Supervisor")
    CUSTOMER_MANAGER = "customer_manager", _("Customer manager")
    TECHNICIAN = "technician", _("Technician")


DEPARTMENT_HEADS = (
    Role.MARKETING_DIRECTOR,
    Role.CARE_MANAGER,
    Role.TECHNICIAN_MANAGER,
    Role.TECHNICAL_MANAGER,
)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class Level(models.TextChoices):
    JUNIOR = "junior", _("Junior (初級)")
    INTERMEDIATE = "intermediate", _("Intermediate (中級)")
    SENIOR = "senior", _("Senior (高級)")


class Club(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True, help_text=_("Short name used in exports, e.g. sh-jingan."))
    address = models.CharField(_("address"), max_length=255, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone])
    is_active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("club")
        verbose_name_plural = _("clubs")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:club_detail", args=[self.pk])

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone)


class Department(models.Model):
    class Kind(models.TextChoices):
        MARKETING = "marketing", _("Marketing / front office")
        CARE = "care", _("Health care")
        MASSAGE = "massage", _("Massage technicians")
        ADMIN = "admin", _("Administration")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="departments", verbose_name=_("club"))
    kind = models.CharField(_("department"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["club__name", "kind"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "kind"],
                name="one_department_of_a_kind_per_club",
                violation_error_message=_("This club already has this department."),
            )
        ]

    def __str__(self):
        return f"{self.club} · {self.get_kind_display()}"


class Team(models.Model):
    """A supervisor's team of about ten technicians."""

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="teams", verbose_name=_("club"))
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams", verbose_name=_("department"))
    name = models.CharField(_("name"), max_length=50)
    supervisor = models.OneToOneField(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_team",
        verbose_name=_("supervisor"),
        limit_choices_to={"position": Role.SUPERVISOR},
    )
    # A closed team leaves every picker but keeps its history and the records made while it ran.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["club__name", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "name"],
                name="team_name_unique_in_club",
                violation_error_message=_("This club already has a team of this name."),
            )
        ]

    def __str__(self):
        return f"{self.name}"

    def get_absolute_url(self):
        return reverse("staff:team_detail", args=[self.pk])

    @property
    def is_closed(self):
        return self.closed_on is not None

    def clean(self):
        if self.department_id and self.club_id and self.department.club_id != self.club_id:
            raise ValidationError({"department": _("The department belongs to another club.")})
        if self.supervisor_id and self.club_id and self.supervisor.club_id != self.club_id:
            raise ValidationError({"supervisor": _("The supervisor works in another club.")})


class PersonQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Person.Status.ACTIVE)


class Person(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("login"),
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    hire_date = models.DateField(_("hire date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    club = models.ForeignKey(
        Club, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("club")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("department")
    )
    position = models.CharField(_("position"), max_length=30, choices=Role.choices)
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports", verbose_name=_("reports to")
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members", verbose_name=_("team")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, help_text=_("Empty: follow the browser.")
    )
    history = HistoricalRecords(excluded_fields=["language"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=Q(position=Role.OWNER) | Q(club__isnull=False),
                name="only_the_owner_works_outside_a_club",
                violation_error_message=_("Everyone but the owner works in a club."),
            ),
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(position=Role.TECHNICIAN),
                name="only_technicians_are_team_members",
                violation_error_message=_("Only technicians belong to a supervisor's team."),
            ),
            models.UniqueConstraint(
                fields=["club", "phone"],
                condition=~Q(phone=""),
                name="phone_unique_in_club",
                violation_error_message=_("Another person in this club already has this phone number."),
            ),
        ]
        indexes = [models.Index(fields=["club", "position", "status"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("staff:person_detail", args=[self.pk])

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def role(self):
        return Role(self.position)

    @property
    def is_department_head(self):
        return self.position in DEPARTMENT_HEADS

    def clean(self):
        errors = {}
        if self.position != Role.OWNER and not self.club_id:
            errors["club"] = _("Everyone but the owner works in a club.")
        if self.department_id and self.club_id and self.department.club_id != self.club_id:
            errors["department"] = _("The department belongs to another club.")
        if self.team_id:
            if self.position != Role.TECHNICIAN:
                errors["team"] = _("Only technicians belong to a supervisor's team.")
            elif self.team.club_id != self.club_id:
                errors["team"] = _("The team belongs to another club.")
        if self.level and self.position != Role.TECHNICIAN:
            errors["level"] = _("Only technicians have a level.")
        if self.reports_to_id:
            if self.pk and self.reports_to_id == self.pk:
                errors["reports_to"] = _("A person cannot report to themselves.")
            elif self.reports_to.club_id not in (None, self.club_id):
                errors["reports_to"] = _("This person works in another club.")
        if self.status == self.Status.LEFT and not self.left_on:
            errors["left_on"] = _("Give the date this person left.")
        if errors:
            raise ValidationError(errors)


# --- The calendar and notices (kernel: every app reads them) -----------------------------------


class Holiday(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WORKDAY = "workday", _("Make-up workday (调休)")

    club = models.ForeignKey(Club, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("club"))
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The names ClubOps fills in are read in each reader's language; a typed name stays as typed.
    name = SystemWordsCharField(_("name"), max_length=60, words="staff.holidays.WORDS")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        constraints = [
            models.UniqueConstraint(
                fields=["club", "date"], name="one_holiday_entry_per_club_day",
                violation_error_message=_("This day is already in the club's calendar."),
            )
        ]


class Notice(models.Model):
    """An in-app notice for a person, e.g. the evening reminder to a supervisor who recorded nothing."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=40)
    date = models.DateField()
    text = models.CharField(max_length=300)
    # What the system wrote, in every language of the site ({"zh-hant": ...}), so that each
    # reader reads it in theirs; ``text`` is the person's language when it was written.
    texts = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["person", "kind", "date"], name="one_notice_per_kind_per_day")]

    def text_in(self, language):
        """The text in ``language`` when the system wrote it in every language, else as stored."""
        return self.texts.get(language) or self.text

    @property
    def shown_text(self):
        """The text in the language of the page being drawn."""
        return self.text_in(translation.get_language())
