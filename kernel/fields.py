"""Form fields shared by every app."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import FIRST_DAY, LAST_DAY
from .widgets import DateInput


class DateField(forms.DateField):
    """A date within ``kernel.dates``' bounds, picked with the browser's date picker.

    Every form's date goes through this field (model forms name it in ``Meta.field_classes``;
    tests/test_form_fields.py checks that no form has another kind of date field), so year 1 or 9999
    is refused with a message instead of failing further on.
    """

    widget = DateInput
    first = FIRST_DAY

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("min", self.first.isoformat())
        self.widget.attrs.setdefault("max", LAST_DAY.isoformat())

    def validate(self, value):
        super().validate(value)
        if value and not (self.first <= value <= LAST_DAY):
            raise ValidationError(
                _("Give a date between %(first)s and %(last)s."), code="out_of_range",
                params={"first": self.first.isoformat(), "last": LAST_DAY.isoformat()},
            )


class HireDateField(DateField):
    """A hire date: the records ClubOps keeps start in 2000, but a long-serving person joined earlier."""

    first = datetime.date(1950, 1, 1)


# The longest text a field takes, by what it is for: enough for its purpose, small enough that
# nobody fills the database, a page or a PDF with megabytes of it. A longer text is refused with
# Django's "at most N characters (it has M)" message, and the form keeps what was typed.
SHORT_TEXT = 200
NOTE = 2000
LONG_TEXT = 10000
MINUTES = 50000  # a long meeting's minutes, several pages


def limit_text(**limits):
    """Class decorator for a form: the longest text each named field takes (``tests/test_form_fields.py``
    checks that every text field of every form has one)."""
    from django.core.validators import MaxLengthValidator

    def apply(form_class):
        for name, limit in limits.items():
            field = form_class.base_fields[name]
            field.max_length = limit
            field.validators.append(MaxLengthValidator(limit))
            field.widget.attrs["maxlength"] = str(limit)
        return form_class
    return apply
