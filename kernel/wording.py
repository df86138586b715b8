"""Words the system writes into a row (a default meeting's title, its agenda, its place).

They are stored as their message id and read in the language that is active when the row is
loaded, i.e. the reader's; what a person types is stored and shown as typed. A value that
reads exactly like one of the known words in any language of the site (the default left as
it was, or saved back unchanged through a form) is stored as that word's id again, so a
manager who edits a series' time does not fix its title in their own script.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.module_loading import import_string

_known = {}


def known_words(path):
    """``{msgid: msgid, translation: msgid, ...}`` for the words listed at ``path`` (a dotted name)."""
    if path not in _known:
        words = {}
        for msgid in import_string(path):
            words[msgid] = msgid
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    words.setdefault(translation.gettext(msgid), msgid)
        _known[path] = words
    return _known[path]


def as_stored(value, path):
    """``value`` as it is stored: a known word's id, anything else unchanged."""
    if isinstance(value, str):
        # A text area sends its lines back with CR LF.
        return known_words(path).get(value.replace("\r\n", "\n").strip(), value)
    return value


class _SystemWords:
    def __init__(self, *args, words, **kwargs):
        self.words = words  # a dotted name of a list of msgids, imported when first needed
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["words"] = self.words
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value and value in known_words(self.words):
            return translation.gettext(known_words(self.words)[value])
        return value

    def get_prep_value(self, value):
        return as_stored(super().get_prep_value(value), self.words)


class SystemWordsCharField(_SystemWords, models.CharField):
    """A ``CharField`` whose known words are shown in the reader's language."""


class SystemWordsTextField(_SystemWords, models.TextField):
    """A ``TextField`` whose known words (whole texts) are shown in the reader's language."""
