"""The widgets drawn without templates write exactly what Django's widget templates write."""

import datetime

import pytest
from django import forms

from kernel.widgets import PlainSelect, PlainTextInput, PlainTimeInput

CHOICES = [("", "—"), ("sick", "病假"), ("personal", "事假 <b>&</b>"), ("annual", 'Annual "paid"')]
GROUPED = [("", "—"), ("Leave", [("sick", "Sick"), ("annual", "Annual")]), ("other", "Other")]


@pytest.mark.parametrize("value", [None, "", "sick", "annual", "nothing-like-it"])
@pytest.mark.parametrize("choices", [CHOICES, GROUPED], ids=["flat", "grouped"])
def test_a_plain_select_is_django_s_select(value, choices):
    attrs = {"class": "form-select form-select-sm", "id": "id_row-3-leave_type", "disabled": True, "data-x": False}
    ours = PlainSelect(attrs=attrs, choices=choices).render("row-3-leave_type", value)
    django = forms.Select(attrs=attrs, choices=choices).render("row-3-leave_type", value)
    assert str(ours) == str(django)


@pytest.mark.parametrize("value", [None, "", "<script>alert(1)</script>", 'a "quoted" & <tagged> note', "迟到 5 分钟"])
def test_a_plain_text_input_is_django_s_text_input(value):
    attrs = {"class": "form-control form-control-sm", "placeholder": "Grooming: what's <wrong>", "required": True}
    ours = PlainTextInput(attrs=attrs).render("row-1-note", value)
    django = forms.TextInput(attrs=attrs).render("row-1-note", value)
    assert str(ours) == str(django)


@pytest.mark.parametrize("value", [None, "", datetime.time(9, 5), "25:99"])
def test_a_plain_time_input_is_django_s_time_input(value):
    attrs = {"type": "time", "class": "form-control form-control-sm", "id": "id_row-1-arrived"}
    ours = PlainTimeInput(attrs=attrs, format="%H:%M").render("row-1-arrived", value)
    django = forms.TimeInput(attrs=attrs, format="%H:%M").render("row-1-arrived", value)
    assert str(ours) == str(django)
