"""Form widgets shared by every app."""

from html import escape as _escape

from django import forms
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


def esc(value):
    """Django's ``conditional_escape`` without its lazy-string wrapping: safe HTML as it is, the rest escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def _attrs(attrs):
    """Django's attrs.html: ``name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items() if value is not False
    )


class PlainInputMixin:
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value_attr = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
        return mark_safe(  # noqa: S308 - every value is escaped by esc()
            f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value_attr}{_attrs(widget["attrs"])}>')


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
                lines.append(f'\n  <optgroup label="{esc(group_name)}">')
            for option in options:
                lines.append(f'\n  <option value="{esc(option["value"])}"{_attrs(option["attrs"])}>'
                             f'{esc(option["label"])}</option>\n')
            if group_name:
                lines.append("\n  </optgroup>")
        return mark_safe(  # noqa: S308 - every value is escaped by esc()
            f'<select name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>{"".join(lines)}\n</select>')
