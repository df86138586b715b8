"""Choices in words, for every app's forms: a required choice shown as radio buttons offers its
choices only (no "---------" button); a list's empty entry says "Choose…" when a choice is needed
and "(none)" when it may stay empty, instead of Django's "---------".

``BlanksInWords`` is a form mixin (first among the bases); ``{{ form|blanks_in_words }}`` does the
same to a form in a template.
"""

from django import forms, template
from django.utils.translation import gettext_lazy as _

register = template.Library()
DASHES = "---------"


def blanks_in_words(form):
    for field in form.fields.values():
        if not hasattr(field, "choices"):
            continue
        word = _("Choose…") if field.required else _("(none)")
        if isinstance(field.widget, forms.RadioSelect) and field.required:
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            else:
                field.choices = [choice for choice in field.choices if choice[0] not in ("", None)]
        elif isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DASHES:
                field.empty_label = word
        elif any(label == DASHES for _value, label in field.choices):
            field.choices = [(value, word if label == DASHES else label) for value, label in field.choices]
    return form


register.filter("blanks_in_words", blanks_in_words)


class BlanksInWords:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blanks_in_words(self)
