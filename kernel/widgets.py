"""Form widgets shared by every app."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    """The browser's date picker. It takes and shows ISO dates only (YYYY-MM-DD): a date in the
    language's own format (e.g. 2026/11/29 in Chinese) would be dropped and the field shown empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format)


# --- Widgets drawn without the template engine ----------------------------------------------------
# A screen with many rows (the supervisor's team screen: 30 people x 7 widgets) spends most of its
# time rendering each widget's template. These widgets write the same HTML as Django's templates
# (input.html, select.html, select_option.html, attrs.html) directly; tests/test_widgets.py checks
# that the two are identical.


def _attrs(attrs):
    """Django's attrs.html: ``name="value"``, a bare name for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped by format_html


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_attr = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value_attr,
                           _attrs(widget["attrs"]))


class PlainTextInput(PlainInputMixin, forms.TextInput):
    pass


class PlainTimeInput(PlainInputMixin, forms.TimeInput):
    pass


class PlainSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        lines = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                lines.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                lines.append(format_html('\n  <option value="{}"{}>{}</option>\n', option["value"],
                                         _attrs(option["attrs"]), option["label"]))
            if group_name:
                lines.append(mark_safe("\n  </optgroup>"))
        return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]),
                           mark_safe("".join(lines)))  # noqa: S308 - each line is escaped above
