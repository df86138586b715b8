from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.fields import DateField
from kernel.widgets import DateInput
from staff.models import Holiday
from staff.templatetags.form_words import BlanksInWords

from ..models import AttendancePolicy, ShiftTemplate
from ..roster import OFF


class ShiftForm(forms.ModelForm):
    class Meta:
        model = ShiftTemplate
        fields = ["name", "start", "end", "is_active"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }
        help_texts = {"end": _("An end at or before the start is the next day, e.g. 18:00–02:00.")}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = ShiftTemplate.objects.filter(club=self.club, name=name).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This club already has a shift of this name."))
        return name

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("start") == data.get("end"):
            self.add_error("end", _("A shift cannot start and end at the same time."))
        return data

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)


class HolidayForm(BlanksInWords, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["date", "kind", "name"]
        widgets = {"date": DateInput()}
        field_classes = {"date": DateField}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club

    def clean_date(self):
        day = self.cleaned_data["date"]
        if Holiday.objects.filter(club=self.club, date=day).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This day is already in the club's calendar."))
        return day

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)


class PolicyForm(forms.ModelForm):
    class Meta:
        model = AttendancePolicy
        fields = [
            "arrival_grace_minutes", "leaving_grace_minutes", "self_check_in",
            "talk_after_late_count", "talk_after_absences",
        ]


class RosterWeekForm(forms.Form):
    """A week's plan for a group: one choice per person and day (a shift, day off, or no plan)."""

    def __init__(self, *args, people, days, shifts, grid, **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.days = people, days
        self.shifts = {str(s.pk): s for s in shifts}
        choices = [("", "—"), (OFF, _("Off"))] + [(str(s.pk), s.name) for s in shifts]
        for person in people:
            for day in days:
                entry = grid.get((person.pk, day))
                initial = "" if entry is None else (str(entry.shift_id) if entry.shift_id else OFF)
                self.fields[self.key(person, day)] = forms.ChoiceField(
                    choices=choices, required=False, initial=initial,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm", "aria-label": f"{person.name} {day}"}),
                )

    @staticmethod
    def key(person, day):
        return f"c-{person.pk}-{day:%Y%m%d}"

    def rows(self):
        return [(person, [self[self.key(person, day)] for day in self.days]) for person in self.people]

    def cells(self):
        result = {}
        for person in self.people:
            for day in self.days:
                value = self.cleaned_data.get(self.key(person, day)) or None
                result[(person, day)] = self.shifts.get(value, OFF) if value and value != OFF else value
        return result
