"""Every form's dates stay within kernel.dates' bounds and every text field has a longest length."""

import importlib
import pkgutil

import pytest
from django.conf import settings
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from kernel import fields
from kernel.dates import parse_date, parse_year
from kernel.months import parse_month

APPS = settings.PRODUCT_APPS


def every_form():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".tests" not in module.name and ".migrations" not in module.name:
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    found = {f for f in subclasses(forms.BaseForm) if f.__module__.split(".")[0] in APPS}
    assert len(found) > 30
    return sorted(found, key=lambda f: (f.__module__, f.__name__))


def test_every_date_field_of_every_form_is_the_bounded_one():
    plain = [f"{form.__module__}.{form.__name__}.{name}" for form in every_form()
             for name, field in form.base_fields.items()
             if isinstance(field, forms.DateField) and not isinstance(field, fields.DateField)]
    assert plain == []


def test_every_text_field_of_every_form_has_a_longest_length():
    endless = [f"{form.__module__}.{form.__name__}.{name}" for form in every_form()
               for name, field in form.base_fields.items()
               if type(field) in (forms.CharField, forms.RegexField, forms.SlugField) and field.max_length is None]
    assert endless == []


@pytest.mark.parametrize("raw", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31", "10000-01-01"])
def test_a_date_outside_the_bounds_is_refused_with_a_message(raw):
    field = fields.DateField()
    with translation.override("en"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(raw)
        message = " ".join(refused.value.messages)
    assert "between 2000-01-01 and 2100-12-31" in message or "Enter a valid date." in message


def test_a_date_inside_the_bounds_is_taken():
    assert str(fields.DateField().clean("2000-01-01")) == "2000-01-01"
    assert str(fields.DateField().clean("2100-12-31")) == "2100-12-31"


@pytest.mark.parametrize("raw", ["0001-01", "1999-12", "2101-01", "9999-12", "10000-01", "", "2026-13", None])
def test_a_month_outside_the_bounds_is_none(raw):
    assert parse_month(raw) is None


@pytest.mark.parametrize("raw", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31", "10000-01-01", "20261120"])
def test_a_date_outside_the_bounds_is_none(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize("raw", ["1", "1999", "2101", "9999", "10000", "abc", "-2026"])
def test_a_year_outside_the_bounds_is_none(raw):
    assert parse_year(raw) is None


def test_the_bounds_are_inclusive():
    assert parse_month("2000-01") and parse_month("2100-12")
    assert parse_date("2000-01-01") and parse_date("2100-12-31")
    assert parse_year("2000") == 2000 and parse_year(2100) == 2100


def test_the_minutes_take_a_long_meeting_but_not_a_flood():
    from meetings.forms import MinutesForm

    assert MinutesForm(data={"minutes": "会" * fields.MINUTES}).is_valid()
    form = MinutesForm(data={"minutes": "会" * (fields.MINUTES + 1)})
    with translation.override("en"):
        assert not form.is_valid()
        assert f"at most {fields.MINUTES} characters" in form.errors["minutes"][0]
    assert form["minutes"].value() == "会" * (fields.MINUTES + 1)  # what was typed is kept


def test_a_long_serving_persons_hire_date_before_2000_is_taken_but_not_a_mistyped_year():
    assert str(fields.HireDateField().clean("1995-06-01")) == "1995-06-01"
    with pytest.raises(ValidationError):
        fields.HireDateField().clean("0195-06-01")
