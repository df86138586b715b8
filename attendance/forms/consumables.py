from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.fields import SHORT_TEXT, DateField, limit_text
from kernel.widgets import DateInput
from staff.templatetags.form_words import BlanksInWords

from ..models import ConsumableItem


def _item_label(item):
    return f"{item.name} ({item.stock} {item.unit})"


def _person_label(person):
    team = f" · {person.team.name}" if person.team_id else ""
    return f"{person.name}{team}"


class ConsumableItemForm(forms.ModelForm):
    """Add or edit a consumable of the club's catalogue. The stock changes only by receiving and issuing."""

    class Meta:
        model = ConsumableItem
        fields = ["name", "unit", "low_stock_threshold", "is_active"]

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the consumable a name."))
        if ConsumableItem.objects.filter(club=self.club, name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This club already has a consumable of this name."))
        return name

    def save(self, commit=True):
        self.instance.club = self.club
        return super().save(commit)


class ReceiveForm(forms.Form):
    """Stock that came in."""

    item = forms.ModelChoiceField(label=_("Consumable"), queryset=None, empty_label=_("Choose a consumable"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    received_on = DateField(
        label=_("Received on"), widget=DateInput()
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    prefix = "receive"  # the stock page shows this form next to the issue form

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.fields["item"].queryset = ConsumableItem.objects.filter(club=club, is_active=True)
        self.fields["item"].label_from_instance = _item_label
        self.fields["received_on"].initial = timezone.localdate(timezone=club.zone)

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate(timezone=self.club.zone):
            raise forms.ValidationError(_("Stock cannot be received on a day that has not come yet."))
        return day


class IssueForm(BlanksInWords, forms.Form):
    """Consumables handed to a technician the viewer looks after."""

    item = forms.ModelChoiceField(label=_("Consumable"), queryset=None, empty_label=_("Choose a consumable"))
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None, empty_label=_("Choose a technician"))
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100000)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    prefix = "issue"  # the stock page shows this form next to the receive form

    def __init__(self, *args, club, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = ConsumableItem.objects.filter(club=club, is_active=True)
        self.fields["item"].label_from_instance = _item_label
        self.fields["technician"].queryset = technicians.select_related("team").order_by("name")
        self.fields["technician"].label_from_instance = _person_label
        self.fields["technician"].error_messages["invalid_choice"] = _(
            "Choose a technician you look after; this one is not in your list."
        )

    def clean(self):
        data = super().clean()
        item, quantity = data.get("item"), data.get("quantity")
        if item and quantity and quantity > item.stock:
            self.add_error("quantity", not_enough_message(item.stock, item.unit))
        return data


def not_enough_message(available, unit):
    return _("Only %(stock)s %(unit)s left in stock; issue at most that, or receive stock first.") % {
        "stock": available, "unit": unit,
    }


@limit_text(month=SHORT_TEXT)
class IssueFilterForm(forms.Form):
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None, required=False, empty_label=_("Everyone"))
    month = forms.CharField(
        label=_("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )

    def __init__(self, *args, technicians, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians.select_related("team").order_by("name")
        self.fields["technician"].label_from_instance = _person_label
