from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from staff.models import Person, Role
from staff.templatetags.form_words import BlanksInWords

from ..models import Area


class AreaForm(BlanksInWords, forms.ModelForm):
    """Add or edit one of the club's areas; the responsible technician is one of the club's technicians."""

    class Meta:
        model = Area
        fields = ["name", "responsible", "order", "is_active"]

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        technicians = Q(club=club, position=Role.TECHNICIAN, status=Person.Status.ACTIVE)
        if self.instance.responsible_id:
            technicians |= Q(pk=self.instance.responsible_id)  # keep someone who has left until replaced
        self.fields["responsible"].queryset = Person.objects.filter(technicians).select_related("team").order_by("name")
        self.fields["responsible"].label_from_instance = _technician_label
        self.fields["responsible"].empty_label = _("Choose a technician")
        self.fields["responsible"].error_messages["invalid_choice"] = _("Choose one of the club's technicians.")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the area a name."))
        if Area.objects.filter(club=self.club, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This club already has an area of this name."))
        return name

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)


def _technician_label(person):
    team = f" · {person.team.name}" if person.team_id else ""
    left = f" ({Person.Status.LEFT.label})" if not person.is_active else ""
    return f"{person.name}{team}{left}"


class AreaRowForm(forms.Form):
    """One area's row on the hygiene screen: an item ticked is passed, untick it to fail it."""

    note = forms.CharField(
        label=_("What was wrong"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": _("What was wrong")}),
    )
    skip = forms.BooleanField(label=_("Not checked now"), required=False)

    def __init__(self, *args, area, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.area, self.items = area, items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.BooleanField(label=item.label, required=False, initial=True)

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    def clean(self):
        data = super().clean()
        if data.get("skip"):
            data["failed_items"] = []
            return data
        data["failed_items"] = [item for item in self.items if not data.get(f"item_{item.pk}")]
        if data["failed_items"] and not data.get("note", "").strip():
            self.add_error("note", _("Say what was wrong with the failed items."))
        return data


def initial_for(row, items):
    """What the row's form shows: the saved check, or every item passed for an area not yet checked."""
    initial = {f"item_{item.pk}": item.pk not in row.failed_item_ids for item in items}
    initial["note"] = row.check.note if row.check else ""
    return initial
