"""Forms of the meetings pages: they validate and normalise; services make the change."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.fields import LONG_TEXT, MINUTES, DateField, limit_text
from kernel.widgets import DateInput
from staff.models import Person, Role, Team
from staff.templatetags.form_words import BlanksInWords
from staff.templatetags.zones import zone_name

from . import recurrence
from .models import WEEKDAYS, ActionItem, Attendee, Frequency, MeetingSeries

TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CorrectionForm(forms.Form):
    """A form that, once the minutes are final, also asks why the record is corrected."""

    def __init__(self, *args, finalised=False, **kwargs):
        super().__init__(*args, **kwargs)
        if finalised:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the correction"), max_length=300,
                error_messages={"required": _("The minutes are final. Give a reason for the correction.")},
            )

    def correction_reason(self):
        return self.cleaned_data.get("reason", "").strip()


# --- Series -----------------------------------------------------------------------------------------


@limit_text(agenda_template=LONG_TEXT)
class SeriesForm(BlanksInWords, forms.ModelForm):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"), choices=WEEKDAYS, coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("For weekly meetings."),
    )
    positions = forms.MultipleChoiceField(
        label=_("Expected: everyone in these positions"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(value, label) for value, label in Role.choices if value != Role.OWNER],
    )

    class Meta:
        model = MeetingSeries
        fields = [
            "title", "kind", "department", "chair", "frequency", "weekdays", "day_rule", "day_of_month",
            "month_in_period", "time", "duration_minutes", "place", "positions", "teams", "people",
            "agenda_template", "starts_on", "ends_on", "is_active",
        ]
        field_classes = {"starts_on": DateField, "ends_on": DateField}
        widgets = {
            "time": TIME, "starts_on": DATE, "ends_on": DATE, "agenda_template": forms.Textarea(attrs={"rows": 4}),
            "teams": forms.CheckboxSelectMultiple, "people": forms.SelectMultiple(attrs={"size": 6}),
        }
        labels = {"teams": _("Expected: these teams"), "people": _("Expected: these people")}

    def __init__(self, *args, club, departments, club_wide_allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        people = Person.objects.active().filter(club=club).order_by("name")
        self.fields["department"].queryset = departments
        self.fields["department"].required = not club_wide_allowed
        self.fields["chair"].queryset = people
        # Closed teams are not offered; one the series already expects stays, so an edit does not fail on it.
        kept = self.instance.teams.all() if self.instance.pk else Team.objects.none()
        self.fields["teams"].queryset = Team.objects.filter(
            Q(closed_on__isnull=True) | Q(pk__in=kept.values("pk")), club=club).order_by("name")
        self.fields["people"].queryset = people
        self.fields["time"].help_text = _("In the club's time zone (%(zone)s).") % {"zone": zone_name(club.time_zone)}

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        if frequency == Frequency.WEEKLY and not data.get("weekdays"):
            self.add_error("weekdays", _("Choose at least one weekday."))
        if frequency == Frequency.QUARTERLY and (data.get("month_in_period") or 1) > 3:
            self.add_error("month_in_period", _("A quarter has three months: choose 1, 2 or 3."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The series ends before it starts."))
        if self.errors or not frequency or not starts_on:
            return data
        rule = MeetingSeries(club=self.club, **{k: data.get(k) for k in (
            "frequency", "weekdays", "day_rule", "day_of_month", "month_in_period", "starts_on", "ends_on")})
        if recurrence.next_occurrence(rule, starts_on, club=self.club) is None:
            raise forms.ValidationError(
                _("This recurrence never occurs: no date from %(start)s on fits it. Check the weekdays, the day "
                  "of the month and the dates."),
                params={"start": starts_on.isoformat()},
            )
        return data


# --- Meetings ----------------------------------------------------------------------------------------


class WhenForm(forms.Form):
    date = DateField(label=_("Date"), widget=DATE)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=1, max_value=600)
    place = forms.CharField(label=_("Place"), max_length=100, required=False)

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def starts_at(self):
        return recurrence.local_start(self.cleaned_data["date"], self.cleaned_data["time"], self.zone)


@limit_text(agenda=LONG_TEXT)
class MeetingAddForm(WhenForm):
    title = forms.CharField(label=_("Title"), max_length=100)
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class MoveForm(WhenForm):
    reason = forms.CharField(label=_("Why is it moved?"), max_length=200)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why is it cancelled?"), max_length=200)


@limit_text(minutes=MINUTES)
class MinutesForm(CorrectionForm):
    minutes = forms.CharField(label=_("Write the minutes"), required=False, widget=forms.Textarea(attrs={"rows": 8}))


RECORD_FORM = "record-form"  # the meeting page's one form (minutes, new decision, new action item)


def _in_record_form(form):
    """The fields sit elsewhere on the page than the minutes but are sent with them, in one form."""
    for field in form.fields.values():
        field.widget.attrs["form"] = RECORD_FORM


class DecisionForm(CorrectionForm):
    text = forms.CharField(label=_("New decision"), widget=TEXTAREA, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _in_record_form(self)


class DecisionEditForm(CorrectionForm):
    text = forms.CharField(label=_("Decision"), widget=TEXTAREA, max_length=2000, required=False,
                           help_text=_("Empty: take the decision back."))


class ActionItemForm(BlanksInWords, CorrectionForm):
    what = forms.CharField(label=_("New action item: what is to be done"), max_length=300)
    owner = forms.ModelChoiceField(
        label=pgettext_lazy("action item", "Owner"), queryset=Person.objects.none(),
        error_messages={"required": _("Name the person who will do it.")},
    )
    due = DateField(label=_("Due"), widget=DATE, error_messages={"required": _("Give a due date.")})
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, meeting, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["owner"].queryset = owners
        _in_record_form(self)

    def clean_due(self):
        due = self.cleaned_data["due"]
        day = self.meeting.local_date
        if due < day:
            raise forms.ValidationError(
                _("The due date is before the meeting (%(day)s)."), params={"day": day.isoformat()}
            )
        return due


class ActionItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == ActionItem.Status.DROPPED and not data.get("note", "").strip():
            self.add_error("note", _("Say in the note why the item is dropped."))
        return data


STATUS_CHOICES = Attendee.Status.choices


class AttendanceForm(BlanksInWords, CorrectionForm):
    """One row per person on the list (status and note), and one guest: someone not expected."""

    guest = forms.ModelChoiceField(label=_("Add a guest"), queryset=Person.objects.none(), required=False,
                                   help_text=_("Someone not expected who came: kept as a guest."))
    guest_status = forms.ChoiceField(label=_("Guest's attendance"), choices=STATUS_CHOICES, initial="present",
                                     required=False)
    guest_note = forms.CharField(label=_("Note on the guest"), max_length=200, required=False)

    def __init__(self, *args, attendees, guests, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendees = attendees
        self.fields["guest"].queryset = guests
        for row in attendees:
            self.fields[f"s{row.person_id}"] = forms.ChoiceField(
                label=row.person.name, choices=STATUS_CHOICES, required=False, initial=row.status,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )
            self.fields[f"n{row.person_id}"] = forms.CharField(
                label=_("Note"), max_length=200, required=False, initial=row.note
            )

    def rows(self):
        """(attendee, status field, note field) for the template."""
        return [(row, self[f"s{row.person_id}"], self[f"n{row.person_id}"]) for row in self.attendees]

    def marks(self):
        data = self.cleaned_data
        return {
            row.person_id: (data.get(f"s{row.person_id}") or "", data.get(f"n{row.person_id}", "").strip())
            for row in self.attendees
        }

    def guests(self):
        person = self.cleaned_data.get("guest")
        if person is None:
            return []
        return [(person, self.cleaned_data.get("guest_status") or Attendee.Status.PRESENT,
                 self.cleaned_data.get("guest_note", "").strip())]


# --- Reports ---------------------------------------------------------------------------------------


@limit_text(analysis=LONG_TEXT, plan=LONG_TEXT)
class ReportForm(forms.Form):
    analysis = forms.CharField(label=_("Analysis"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("What the figures say: results, problems and their causes."))
    plan = forms.CharField(label=_("Plan"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Targets and measures for the next period; support needed."))


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA, max_length=2000,
                              help_text=_("Needed when returning the report."))


def default_when(series, day):
    """Initial values for a meeting added by hand on ``day``."""
    return {"date": day, "time": series.time, "duration_minutes": series.duration_minutes, "place": series.place,
            "title": series.title, "agenda": series.agenda_template}

