"""A club's grooming items and hygiene items: the wording a supervisor checks against, its place in the
list, who it applies to (grooming) and whether it is still in use.

A default item (``key``) reads the standard wording in each reader's language until the store
manager writes their own; an item of the club's own always has its wording.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from staff.templatetags.form_words import BlanksInWords

from ..models import GroomingItem, HygieneItem


class CheckItemForm(BlanksInWords, forms.ModelForm):
    """Add or edit one item of a club's check list (``model`` is GroomingItem or HygieneItem)."""

    class Meta:
        fields = ["name", "order", "is_active"]
        labels = {"name": _("Wording")}  # the order and "in use" keep the model's labels
        help_texts = {
            "order": _("Items are listed by this number, smallest first."),
            "is_active": _("Untick to retire the item: it leaves the check, its past records are kept."),
        }

    def __init__(self, *args, club, **kwargs):
        super().__init__(*args, **kwargs)
        self.club = club
        self.instance.club = club
        name = self.fields["name"]
        if self.instance.key:
            name.required = False
            name.widget.attrs["placeholder"] = str(self.instance.DEFAULTS.get(self.instance.key, ""))
            name.help_text = _("Leave it empty to keep the standard wording “%(label)s”, shown in each reader's "
                               "language.") % {"label": self.instance.DEFAULTS.get(self.instance.key, "")}
        else:
            name.required = True
            name.error_messages["required"] = _("Write what is checked, e.g. “Shoes clean”.")
        if self.instance.pk is None:
            del self.fields["is_active"]
            last = type(self.instance).objects.filter(club=club).order_by("-order").values_list("order", flat=True)
            self.fields["order"].initial = (last.first() or 0) + 1

    def clean_name(self):
        name = " ".join((self.cleaned_data.get("name") or "").split())
        if not name and not self.instance.key:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        if name:
            for other in type(self.instance).objects.filter(club=self.club, is_active=True).exclude(pk=self.instance.pk):
                if str(other.label).casefold() == name.casefold():
                    raise forms.ValidationError(_("The club already has an item worded “%(name)s”.") % {"name": name})
        return name


class GroomingItemForm(CheckItemForm):
    class Meta(CheckItemForm.Meta):
        model = GroomingItem
        fields = ["name", "applies_to", "order", "is_active"]
        labels = CheckItemForm.Meta.labels
        help_texts = {**CheckItemForm.Meta.help_texts, "applies_to": ""}  # the first choice says "Everyone"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_to"].choices = [("", _("Everyone")), *GroomingItem._meta.get_field("applies_to").choices]


class HygieneItemForm(CheckItemForm):
    class Meta(CheckItemForm.Meta):
        model = HygieneItem
