"""The customer's file, a contact, an event, an outside visit, anonymisation's confirmation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kernel import fields as kfields
from kernel.fields import NOTE, SHORT_TEXT, limit_text
from staff.templatetags.form_words import BlanksInWords

from . import access
from .models import Arrival, Contact, Customer, Event, Level, OutsideVisit


@limit_text(name=60, phone=20, preferences=NOTE, health_notes=NOTE)
class CustomerForm(BlanksInWords, forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["name", "phone", "level", "source", "event", "manager", "technicians", "preferences",
                  "health_notes", "birthday", "joined_on", "consent", "consent_on"]
        field_classes = {"birthday": kfields.HireDateField, "joined_on": kfields.DateField,
                         "consent_on": kfields.DateField}
        widgets = {"preferences": forms.Textarea(attrs={"rows": 2}), "health_notes": forms.Textarea(attrs={"rows": 2}),
                   "technicians": forms.CheckboxSelectMultiple}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.filter(club=club).order_by("-date")
        self.fields["manager"].queryset = access.marketing_people(club)
        self.fields["technicians"].queryset = access.technicians(club)
        self.fields["joined_on"].required = False
        self.fields["joined_on"].help_text = _("Empty: today.")
        self.fields["consent_on"].help_text = _("Empty with consent: today.")
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "").replace("-", "")
        if phone and not phone.lstrip("+").isdigit():
            raise forms.ValidationError(_("A phone number has only digits (and a leading +)."))
        return phone

    def clean(self):
        data = super().clean()
        if data.get("source") == "event" and not data.get("event"):
            self.add_error("event", _("Choose the event the customer came from."))
        return data


@limit_text(outcome=NOTE, next_step=SHORT_TEXT)
class ContactForm(BlanksInWords, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["date", "kind", "outcome", "next_step", "next_due"]
        field_classes = {"date": kfields.DateField, "next_due": kfields.DateField}
        widgets = {"outcome": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].initial = today

    def clean(self):
        data = super().clean()
        if data.get("date") and data["date"] > self.today:
            self.add_error("date", _("A contact that has not happened yet is a next step."))
        if data.get("next_step") and not data.get("next_due"):
            self.add_error("next_due", _("Give the day the next step is due."))
        if data.get("next_due") and data.get("date") and data["next_due"] < data["date"]:
            self.add_error("next_due", _("The next step cannot be due before the contact."))
        return data

    def contact_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


@limit_text(title=120, plan=NOTE, results=NOTE)
class EventForm(BlanksInWords, forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "date", "owner", "plan", "budget", "invited", "signed_up", "attended", "topups",
                  "results", "held"]
        field_classes = {"date": kfields.DateField}
        widgets = {"plan": forms.Textarea(attrs={"rows": 3}), "results": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = access.event_owners(club)


@limit_text(organisation=120, person_visited=60, outcome=NOTE, next_step=SHORT_TEXT)
class VisitForm(BlanksInWords, forms.ModelForm):
    class Meta:
        model = OutsideVisit
        fields = ["date", "kind", "organisation", "person_visited", "outcome", "next_step", "next_due"]
        field_classes = {"date": kfields.DateField, "next_due": kfields.DateField}
        widgets = {"outcome": forms.Textarea(attrs={"rows": 2})}


@limit_text(arranged=NOTE, notes_next_time=NOTE)
class ArrivalForm(BlanksInWords, forms.ModelForm):
    class Meta:
        model = Arrival
        fields = ["customer", "date", "time", "receiver", "arranged", "arrived", "notes_next_time"]
        field_classes = {"date": kfields.DateField}
        widgets = {"arranged": forms.Textarea(attrs={"rows": 2}), "notes_next_time": forms.Textarea(attrs={"rows": 2}),
                   "time": forms.TimeInput(attrs={"type": "time"})}

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.filter(
            club=club, level__in=[Level.VIP, Level.KEY_ACCOUNT], anonymised_at__isnull=True).order_by("name")
        self.fields["receiver"].queryset = access.event_owners(club)


class AnonymiseForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm the customer asked to be removed; this cannot be undone."))
