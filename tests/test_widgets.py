"""Every form's widgets are drawn by kernel.widgets.PlainWidgetRenderer: exactly what Django's templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kernel import widgets
from kernel.widgets import PlainWidgetRenderer

pytestmark = pytest.mark.timeless

OURS, DJANGO = PlainWidgetRenderer(), DjangoTemplates()

CHOICES = [("", "—"), ("sick", "病假"), ("personal", "事假 <b>&</b>"), ("annual", 'Annual "paid"')]
GROUPED = [("", "—"), ("Leave", [("sick", "Sick"), ("annual", "Annual")]), ("other", "Other")]
TEXTS = [None, "", "<script>alert(1)</script>", 'a "quoted" & <tagged> note', "迟到 5 分钟", mark_safe("<b>kept</b>"),
         gettext_lazy("Note")]
ATTRS = {"class": "form-control form-control-sm", "placeholder": "Grooming: what's <wrong>", "required": True,
         "disabled": False, "maxlength": 200, "aria-label": gettext_lazy("Reason"), "id": "id_row-1-note"}


def both(widget, name, value):
    ours = widget.render(name, value, renderer=OURS)
    django = widget.render(name, value, renderer=DJANGO)
    return str(ours), str(django)


def test_every_form_is_drawn_by_the_plain_renderer_and_it_draws_the_common_widgets():
    renderer = get_default_renderer()
    assert isinstance(renderer, PlainWidgetRenderer)
    # Fails after a Django upgrade that changes these templates: compare them again and update widgets.SOURCES.
    assert {"django/forms/widgets/text.html", "django/forms/widgets/select.html",
            "django/forms/widgets/textarea.html", "django/forms/widgets/checkbox.html"} <= set(renderer.drawn)


@pytest.mark.parametrize("value", [None, "", "sick", "annual", "nothing-like-it"])
@pytest.mark.parametrize("choices", [CHOICES, GROUPED], ids=["flat", "grouped"])
def test_a_select_is_django_s_select(value, choices):
    attrs = {"class": "form-select form-select-sm", "id": "id_row-3-leave_type", "disabled": True, "data-x": False}
    ours, django = both(forms.Select(attrs=attrs, choices=choices), "row-3-leave_type", value)
    assert ours == django


@pytest.mark.parametrize("value", [[], ["sick"], ["sick", "annual"]])
def test_a_multiple_select_is_django_s(value):
    ours, django = both(forms.SelectMultiple(choices=CHOICES), "kinds", value)
    assert ours == django


def test_a_model_choice_is_django_s(world):
    field = forms.ModelChoiceField(queryset=type(world.technician).objects.order_by("pk"), empty_label="— <none> —")
    value = world.technician.pk
    ours, django = both(field.widget, "owner", value)
    assert ours == django and f'value="{value}" selected' in ours


def test_a_label_that_is_not_a_text_is_left_to_the_template():
    """A date as a choice's label is written in the reader's format by the template: drawn by it, not here."""
    day = datetime.date(2026, 12, 4)
    ours, django = both(forms.Select(choices=[("a", day), ("b", 5)]), "when", "a")
    assert ours == django


@pytest.mark.parametrize("value", TEXTS)
@pytest.mark.parametrize("widget", [forms.TextInput, forms.EmailInput, forms.PasswordInput, forms.HiddenInput,
                                    forms.URLInput, forms.Textarea])
def test_a_text_input_is_django_s(widget, value):
    ours, django = both(widget(attrs=ATTRS), "row-1-note", value)
    assert ours == django


@pytest.mark.parametrize("value", [None, "", datetime.time(9, 5), "25:99"])
def test_a_time_input_is_django_s(value):
    attrs = {"type": "time", "class": "form-control form-control-sm", "id": "id_row-1-arrived"}
    ours, django = both(forms.TimeInput(attrs=attrs, format="%H:%M"), "row-1-arrived", value)
    assert ours == django


@pytest.mark.parametrize("value", [None, 0, 12, 3.5, "7"])
def test_a_number_and_a_date_are_django_s(value):
    ours, django = both(forms.NumberInput(attrs={"min": 0, "step": "any"}), "count", value)
    assert ours == django
    ours, django = both(widgets.DateInput(), "day", datetime.date(2026, 12, 4))
    assert ours == django


@pytest.mark.parametrize("value", [True, False, None, "on"])
def test_a_checkbox_is_django_s(value):
    ours, django = both(forms.CheckboxInput(attrs={"class": "btn-check"}), "item_3", value)
    assert ours == django


def test_a_template_not_as_django_writes_it_is_rendered_as_a_template(monkeypatch):
    """An app's own copy of a widget template (or a Django that changed one) is never drawn over."""
    with monkeypatch.context() as patched:
        patched.setitem(widgets.SOURCES, "select_option.html", widgets.SOURCES["select_option.html"] + " ")
        assert PlainWidgetRenderer().drawn == {}
    monkeypatch.setattr(widgets, "_INCLUDES_INPUT", "{% include 'something else' %}")
    drawn = PlainWidgetRenderer().drawn
    assert "django/forms/widgets/input.html" in drawn and "django/forms/widgets/text.html" not in drawn


def test_a_radio_list_is_drawn_by_its_templates():
    widget = forms.RadioSelect(choices=CHOICES)
    ours, django = both(widget, "presence", "sick")
    assert ours == django
