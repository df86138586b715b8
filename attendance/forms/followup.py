"""Forms of the follow-up area: a talk about a month's attendance, and locking a month."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kernel.fields import SHORT_TEXT, DateField, limit_text
from kernel.months import parse_month
from kernel.widgets import DateInput

from ..models import AttendanceTalk

DATE = DateInput()


class TalkForm(forms.ModelForm):
    """What a manager writes after a talk: when, the real cause, the help agreed, when to look again."""

    lock_reason = forms.CharField(
        label=_("Reason for changing a locked month"), max_length=200, required=False,
        help_text=_("Only needed when the day of the talk is in a locked month."),
    )

    class Meta:
        model = AttendanceTalk
        fields = ["held_on", "cause", "help_agreed", "follow_up_on"]
        field_classes = {"held_on": DateField, "follow_up_on": DateField}
        widgets = {
            "held_on": DATE,
            "follow_up_on": DATE,
            "cause": forms.Textarea(attrs={"rows": 3}),
            "help_agreed": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "cause": {"required": _("Write down the real cause you found.")},
            "help_agreed": {"required": _("Write down the help you agreed on.")},
            "held_on": {"required": _("Give the day the talk was held.")},
        }
        help_texts = {
            "cause": _("What really keeps them from coming on time: in their words."),
            "help_agreed": _("What you agreed: a changed shift, a colleague's help, a date to talk again…"),
        }

    def __init__(self, *args, month, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.month, self.zone = month, zone
        if not self.instance.pk:
            self.fields["held_on"].initial = timezone.localdate(timezone=zone)

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate(timezone=self.zone):
            raise forms.ValidationError(_("A talk is recorded after it was held; this day has not come yet."))
        if held_on < self.month:
            raise forms.ValidationError(
                _("The talk is about %(month)s, so it cannot have been held before that month began.")
                % {"month": f"{self.month:%Y-%m}"}
            )
        return held_on

    def clean(self):
        data = super().clean()
        held_on, follow_up_on = data.get("held_on"), data.get("follow_up_on")
        if held_on and follow_up_on and follow_up_on < held_on:
            self.add_error("follow_up_on", _("The follow-up comes after the talk."))
        return data


@limit_text(month=SHORT_TEXT)
class LockForm(forms.Form):
    month = forms.CharField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("I have checked this month's attendance: nothing is missing that can still be recorded."),
        error_messages={"required": _("Tick the box to confirm you have checked the month.")},
    )

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months

    def clean_month(self):
        month = parse_month(self.cleaned_data["month"])
        if month is None or month not in self.months:
            raise forms.ValidationError(_("Choose one of the months listed."))
        return month
