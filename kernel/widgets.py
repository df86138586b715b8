"""Form widgets shared by every app, and the renderer that draws every form's widgets."""

from html import escape as _escape
from pathlib import Path

import django.forms
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise, cached_property


class DateInput(forms.DateInput):
    """The browser's date picker. It takes and shows ISO dates only (YYYY-MM-DD): a date in the
    language's own format (e.g. 2026/11/29 in Chinese) would be dropped and the field shown empty."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's argument name
        super().__init__(attrs=attrs, format=format)


# --- Widgets drawn without the template engine ----------------------------------------------------
# Django draws each widget through a template (input.html, select.html with one select_option.html per
# option, attrs.html for every attribute). A page with many inputs or a long list of choices spent most of
# its time there: the team screen (30 people x 7 widgets), a meeting's "owner" list of the club's people.
# ``PlainWidgetRenderer`` (settings.FORM_RENDERER: every form of every app) writes the same HTML for those
# templates directly, and renders any other template -- a radio list, a file input, a template an app
# overrides, one a later Django changes -- through the templates as before. tests/test_widgets.py checks that
# the two are identical, widget by widget.

WIDGETS = Path(django.forms.__file__).parent / "templates" / "django" / "forms" / "widgets"
_INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'


def esc(value):
    """What ``{{ value }}`` writes for a text: safe HTML as it is, the rest escaped (Django's ``conditional_escape``
    without its lazy-string wrapping)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def _attrs(attrs):
    """attrs.html: ``name="value"``, a bare name for True, nothing for False."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items() if value is not False
    )


def _text(value):
    """Whether the templates write ``value`` as it is: a text, not something they would localize (a number, a date)."""
    return isinstance(value, (str, Promise))


def draw_input(widget):
    """input.html (and text.html, number.html, checkbox.html ... which only include it)."""
    value = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
    return f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def draw_select(widget):
    """select.html with its select_option.html per option; None (draw it through the templates) for an option
    drawn by another template or a label that is not a text."""
    lines = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            lines.append(f'\n  <optgroup label="{esc(group_name)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html" or not _text(option["label"]):
                return None
            lines.append(f'\n  <option value="{esc(option["value"])}"{_attrs(option["attrs"])}>'
                         f'{esc(option["label"])}</option>\n')
        if group_name:
            lines.append("\n  </optgroup>")
    return f'<select name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>{"".join(lines)}\n</select>'


def draw_textarea(widget):
    """textarea.html; None for a value that is not a text."""
    value = widget["value"]
    if value and not _text(value):
        return None
    return f'<textarea name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>\n{esc(value) if value else ""}</textarea>'


# The templates drawn here, as Django 5.2 writes them: a template whose text differs (another Django, an
# app's own copy) is rendered as a template.
SOURCES = {
    "attrs.html": (
        "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}{% if value is not True %}"
        "=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
    ),
    "input.html": (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}{% include \"django/forms/widgets/attrs.html\" %}>\n"
    ),
    "select.html": (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>{% for group_name, '
        "group_choices, group_index in widget.optgroups %}{% if group_name %}\n  <optgroup label=\"{{ group_name }}\">"
        "{% endif %}{% for option in group_choices %}\n  {% include option.template_name with widget=option %}"
        "{% endfor %}{% if group_name %}\n  </optgroup>{% endif %}{% endfor %}\n</select>\n"
    ),
    "select_option.html": (
        "<option value=\"{{ widget.value|stringformat:'s' }}\"{% include \"django/forms/widgets/attrs.html\" %}>"
        "{{ widget.label }}</option>\n"
    ),
    "textarea.html": (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
}
INPUTS = ["input.html", "text.html", "number.html", "email.html", "url.html", "password.html", "hidden.html",
          "date.html", "datetime.html", "time.html", "checkbox.html", "search.html", "tel.html", "color.html"]


class PlainWidgetRenderer(DjangoTemplates):
    """Django's form renderer, with the commonest widget templates drawn in Python (the same HTML)."""

    @cached_property
    def drawn(self):
        """``{template name: draw}`` of the templates this renderer finds as written above, where Django keeps them."""
        def as_known(name, text):
            template = self.engine.get_template(f"django/forms/widgets/{name}").template
            return Path(template.origin.name) == WIDGETS / name and template.source == text

        if not all(as_known(name, text) for name, text in SOURCES.items() if name != "input.html"):
            return {}
        drawn = {"django/forms/widgets/select.html": draw_select, "django/forms/widgets/textarea.html": draw_textarea}
        if as_known("input.html", SOURCES["input.html"]):
            drawn.update({f"django/forms/widgets/{name}": draw_input for name in INPUTS
                          if name == "input.html" or as_known(name, _INCLUDES_INPUT)})
        return drawn

    def render(self, template_name, context, request=None):
        draw = self.drawn.get(template_name)
        if draw is not None and (html := draw(context["widget"])) is not None:
            return html
        return super().render(template_name, context, request=request)
