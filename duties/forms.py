from django import forms
from django.utils.translation import gettext_lazy as _

from kernel.fields import NOTE, SHORT_TEXT, DateField, limit_text

from .models import Cadence, ChecklistItem, Evidence

TEXTAREA = forms.Textarea(attrs={"rows": 2})


class ItemTickForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (ChecklistItem.State.DONE, _("Done")),
            (ChecklistItem.State.NOT_DONE, _("Not done")),
            (ChecklistItem.State.NOT_APPLICABLE, _("N/A")),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("state") in (ChecklistItem.State.NOT_DONE, ChecklistItem.State.NOT_APPLICABLE) and not data.get(
            "note", ""
        ).strip():
            self.add_error("note", _("Say why in a note."))
        return data


@limit_text(page=SHORT_TEXT, text_en=NOTE, text_zh_hans=NOTE, text_zh_hant=NOTE)
class DutyForm(forms.Form):
    text_zh_hans = forms.CharField(label=_("Simplified Chinese"), required=False, widget=TEXTAREA)
    text_zh_hant = forms.CharField(label=_("Traditional Chinese"), required=False, widget=TEXTAREA)
    text_en = forms.CharField(label=_("English"), required=False, widget=TEXTAREA)
    cadence = forms.ChoiceField(label=_("Cadence"), choices=Cadence.choices)
    evidence = forms.ChoiceField(
        label=_("Ticked automatically by"), choices=[("", _("nothing — ticked by hand"))] + Evidence.choices, required=False
    )
    page = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        for name in ("text_zh_hans", "text_zh_hant", "text_en"):
            data[name] = " ".join(data.get(name, "").split())
        if not any(data.get(name) for name in ("text_zh_hans", "text_zh_hant", "text_en")):
            raise forms.ValidationError(_("Give the duty's wording in at least one language."))
        return data


class SignOffForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=TEXTAREA, max_length=2000)


class CloseOpenItemsForm(forms.Form):
    """Close, for the whole list under review, the items still open after their period ended."""

    state = forms.ChoiceField(
        label=_("Mark them as"),
        choices=[(ChecklistItem.State.NOT_DONE, _("Not done")), (ChecklistItem.State.NOT_APPLICABLE, _("N/A"))],
    )
    note = forms.CharField(label=_("Note"), max_length=300)
    period = forms.ChoiceField(choices=[("day", "day"), ("week", "week"), ("month", "month")], widget=forms.HiddenInput)
    date = DateField(widget=forms.HiddenInput)

    def clean_note(self):
        note = " ".join(self.cleaned_data["note"].split())
        if not note:
            raise forms.ValidationError(_("Say why in a note."))
        return note
