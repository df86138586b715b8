import copy
import functools

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kernel.clock import now

from ..derive import derive, moment
from ..models import LeaveType, Status
from ..selectors.daily import WORKED

# What the supervisor taps first; the exact status of a worked day comes from the times.
PRESENCE_CHOICES = [
    ("worked", _("Worked")),
    (Status.ABSENT, _("Absent")),
    (Status.LEAVE, _("Leave")),
    (Status.DAY_OFF, _("Off")),
]
OVERRIDE_CHOICES = [("", _("as derived"))] + [
    (value, label) for value, label in Status.choices if value not in (Status.NOT_RECORDED,)
]

TIME = forms.TimeInput(attrs={"type": "time", "class": "form-control form-control-sm"}, format="%H:%M")
SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class TeamRowForm(forms.Form):
    """One technician's row on the team screen: attendance, grooming and a note.

    The row knows the person's shift for the day, the club's zone and grace minutes, and the
    grooming items that apply to them, so it can check the times and derive the status.
    """

    presence = forms.ChoiceField(label=_("Attendance"), choices=PRESENCE_CHOICES, widget=forms.RadioSelect)
    arrived = forms.TimeField(label=_("Arrived"), required=False, widget=TIME)
    left = forms.TimeField(label=pgettext_lazy("clock time", "Left"), required=False, widget=TIME)
    leave_type = forms.ChoiceField(
        label=_("Leave type"), choices=[("", "—")] + LeaveType.choices, required=False, widget=SELECT
    )
    override_status = forms.ChoiceField(
        label=_("Set status by hand"), choices=OVERRIDE_CHOICES, required=False, widget=SELECT
    )
    override_reason = forms.CharField(
        label=_("Reason"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": _("Reason")}),
    )
    grooming_note = forms.CharField(
        label=_("What was wrong"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": _("Grooming: what was wrong")}),
    )
    note = forms.CharField(
        label=_("Note"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": _("Note")}),
    )

    def __init__(self, *args, person, day, zone, shift, policy, items, **kwargs):
        self.base_fields = _fields_in(get_language())  # copied by Django for this form, as the class's would be
        super().__init__(*args, **kwargs)
        self.person, self.day, self.zone, self.shift, self.policy = person, day, zone, shift, policy
        self.items = [item for item in items if item.applies_to_person(person)]
        for item in self.items:
            self.fields[f"item_{item.pk}"] = field = _copy_field(_ITEM)
            field.label = item.label

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    def folds(self):
        """A day off or a leave folds to its head line, unless something to fix is in the folded part."""
        if self["presence"].value() not in (Status.LEAVE, Status.DAY_OFF):
            return False
        return not any(name != "leave_type" for name in self.errors)

    def leave_kind(self):
        """The kind of leave the row shows (as entered, or as saved), for its folded line; "" for none."""
        value = self["leave_type"].value()
        return dict(LeaveType.choices).get(value, "") if self["presence"].value() == Status.LEAVE else ""

    def clean(self):
        data = super().clean()
        presence = data.get("presence")
        arrived, left = data.get("arrived"), data.get("left")
        if presence is None:
            return data
        if presence != "worked":
            if arrived or left:
                self.add_error("arrived", _("No arrival or leaving time for someone who did not work."))
            if presence == Status.LEAVE and not data.get("leave_type"):
                self.add_error("leave_type", _("Leave is chosen: choose which kind of leave, e.g. sick leave."))
            data["derived"] = None
        else:
            arrived_at = moment(self.day, arrived, self.zone, self.shift) if arrived else None
            left_at = moment(self.day, left, self.zone, self.shift) if left else None
            if arrived_at and left_at and left_at <= arrived_at:
                self.add_error("left", _("Leaving must come after arriving."))
                return data
            # The club's wall clock decides: a time that has not come yet is a typo or a guess.
            current = now()
            for name, moment_at in (("arrived", arrived_at), ("left", left_at)):
                if moment_at and moment_at > current:
                    self.add_error(name, _("%(time)s has not come yet (it is %(now)s now); enter the time it really was.") % {
                        "time": moment_at.astimezone(self.zone).strftime("%H:%M"),
                        "now": current.astimezone(self.zone).strftime("%H:%M"),
                    })
            if self.errors:
                return data
            data["arrived_at"], data["left_at"] = arrived_at, left_at
            data["derived"] = derive(
                shift=self.shift, day=self.day, zone=self.zone, arrived_at=arrived_at, left_at=left_at,
                arrival_grace=self.policy.arrival_grace_minutes, leaving_grace=self.policy.leaving_grace_minutes,
            )
        if data.get("override_status") and not data.get("override_reason", "").strip():
            self.add_error("override_reason", _("Give a reason for setting the status by hand."))
        failed = [item for item in self.items if not data.get(f"item_{item.pk}")]
        data["failed_items"] = failed if presence == "worked" else []
        if data["failed_items"] and not data.get("grooming_note", "").strip():
            self.add_error("grooming_note", _("Say what was wrong with the failed grooming items."))
        return data


@functools.lru_cache(maxsize=8)
def _fields_in(language):
    """The row's fields with their labels, choices and placeholders in ``language``, translated once per process.

    A team screen of 30 rows would otherwise translate the same ~40 labels and choices 30 times over (half of
    the time of drawing a row). ``language`` is the active one: the texts below are translated in it.
    """
    fields = _Fields(copy.deepcopy(TeamRowForm.base_fields))
    for field in fields.values():
        field.label = str(field.label)
        if isinstance(field, forms.ChoiceField):
            field.choices = [(value, str(label)) for value, label in field.choices]
        if "placeholder" in field.widget.attrs:
            field.widget.attrs["placeholder"] = str(field.widget.attrs["placeholder"])
    return fields


class _Fields(dict):
    """The translated fields, copied for each row's form the way Django copies a form's fields, but for the choices.

    ``Form.__init__`` deep-copies its ``base_fields``; Django's ``ChoiceField.__deepcopy__`` deep-copies the
    choices too, tuple by tuple, which was two thirds of the time of making a row's form. Here every choice is a
    tuple of two strings, which cannot change, so a new list of the same tuples is a copy as good as Django's.
    Everything else is copied as ``Field.__deepcopy__`` and ``Widget.__deepcopy__`` do.
    """

    def __deepcopy__(self, memo):
        return {name: _copy_field(field) for name, field in self.items()}


def _copy_field(field):
    copied = _shallow(field)
    copied.widget = widget = _shallow(field.widget)
    widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    if isinstance(field, forms.ChoiceField):
        copied._choices = list(field._choices)  # normalized already: the property's setter would do it again
        widget._choices = list(widget._choices)
    return copied


# A grooming item's tick box: each row's are copies of this one, with the item's label.
_ITEM = forms.BooleanField(required=False, initial=True)


def _shallow(thing):
    """``copy.copy`` of a field or widget (plain objects with a ``__dict__``), without its generic machinery."""
    copied = object.__new__(type(thing))
    copied.__dict__.update(thing.__dict__)
    return copied


def initial_for(row, items, zone):
    """What the row's form shows: the saved values, or an ordinary day for a new row."""
    saved = row.attendance
    if saved is None:
        presence = "day_off" if row.day_off else "worked"
        initial = {"presence": presence}
    else:
        def zone_time(moment):
            return moment.astimezone(zone).time().replace(second=0, microsecond=0) if moment else None

        initial = {
            "presence": "worked" if saved.status in WORKED else saved.status,
            "arrived": zone_time(saved.arrived_at),
            "left": zone_time(saved.left_at),
            "leave_type": saved.leave_type,
            "override_status": saved.status if saved.overridden else "",
            "override_reason": saved.override_reason,
            "note": saved.note,
        }
    for item in items:
        initial[f"item_{item.pk}"] = item.pk not in row.failed_item_ids
    if row.grooming is not None:
        initial["grooming_note"] = "; ".join(f.note for f in row.grooming.failures.all() if f.note)
    return initial
