from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.fields import DateField
from kernel.widgets import DateInput
from staff.templatetags.form_words import BlanksInWords

from ..models import SCORE_RANGE, CustomerFeedback

LOW_SCORE = 2  # a score at or below this needs a note saying what to improve


def _person_label(person):
    team = f" · {person.team.name}" if person.team_id else ""
    return f"{person.name}{team}"


def _technician_field(field, technicians):
    field.queryset = technicians.select_related("team").order_by("name")
    field.label_from_instance = _person_label
    field.empty_label = _("Choose a technician")
    field.error_messages["invalid_choice"] = _("Choose a technician you look after; this one is not in your list.")


class _DayNotInFuture:
    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate(timezone=self.club.zone):
            raise forms.ValidationError(_("This day has not come yet."))
        return day


class ServiceCheckForm(BlanksInWords, _DayNotInFuture, forms.Form):
    """A spot check of one technician's service: a score of 1 to 5 for each criterion observed, and a note."""

    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None)
    date = DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was good, what to improve. Needed for a score of 2 or lower."),
    )

    def __init__(self, *args, club, technicians, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.club, self.criteria = club, criteria
        _technician_field(self.fields["technician"], technicians)
        self.fields["date"].initial = timezone.localdate(timezone=club.zone)
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.label, choices=[(n, str(n)) for n in SCORE_RANGE], coerce=int,
                required=False, empty_value=None, widget=forms.RadioSelect,
            )

    def score_fields(self):
        return [self[f"score_{criterion.pk}"] for criterion in self.criteria]

    def clean(self):
        data = super().clean()
        scores = {c: data[f"score_{c.pk}"] for c in self.criteria if data.get(f"score_{c.pk}") is not None}
        data["scores"] = scores
        if not scores and not any(self.errors.get(f"score_{c.pk}") for c in self.criteria):
            raise forms.ValidationError(_("Give at least one score (1 = poor, 5 = excellent)."))
        if any(score <= LOW_SCORE for score in scores.values()) and not data.get("note", "").strip():
            self.add_error("note", _("Say what to improve: a score of 2 or lower needs a note."))
        return data


class FeedbackForm(BlanksInWords, _DayNotInFuture, forms.ModelForm):
    """What a customer said about a technician, and what was done about it."""

    class Meta:
        model = CustomerFeedback
        fields = ["technician", "date", "kind", "said", "action", "customer"]
        field_classes = {"date": DateField}
        widgets = {
            "date": DateInput(),
            "kind": forms.RadioSelect,
            "said": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"action": _("Needed for a complaint: the apology, the redo, the talk with the technician…")}

    def __init__(self, *args, club, technicians, customers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        _technician_field(self.fields["technician"], technicians)
        # The customer it came from: offered only to those who may see the club's customers (``customers``);
        # for everyone else the field is not there at all, so no customer's name reaches their page.
        if customers is None:
            del self.fields["customer"]
        else:
            field = self.fields["customer"]
            field.queryset = customers
            field.required = False
            field.label = _("Customer (if known)")
            field.empty_label = _("Not named")
            field.label_from_instance = lambda customer: customer.display_name
            field.error_messages["invalid_choice"] = _("Choose one of this club's customers.")
        self.fields["date"].initial = timezone.localdate(timezone=club.zone)
        # Praise or complaint, nothing else: no "---------" button among the two.
        self.fields["kind"].choices = CustomerFeedback.Kind.choices

    def clean_said(self):
        said = self.cleaned_data["said"].strip()
        if not said:
            raise forms.ValidationError(_("Write what the customer said."))
        return said

    def clean(self):
        data = super().clean()
        if data.get("kind") == CustomerFeedback.Kind.COMPLAINT and not data.get("action", "").strip():
            self.add_error("action", _("Say what was done about the complaint."))
        return data

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)
