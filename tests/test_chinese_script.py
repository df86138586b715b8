"""What ClubOps ships in Chinese is written in one script: a reader of traditional Chinese reads no
simplified character (并, 们, 这 ...) nor a mixed word (關系, 對于), a reader of simplified Chinese no
traditional-only character. Text a person typed stays as typed and is not checked here.

The lists come from ``kernel/data/chinese_script.json`` (``scripts/derive_chinese_script.py``).
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from duties.catalogue import default_catalogue
from kernel.chinese_script import wrong_script

pytestmark = pytest.mark.timeless  # reads no clock

SCRIPTS = {"zh-hant": "zh_Hant", "zh-hans": "zh_Hans"}


def report(strings, language):
    """``where: string — what is wrong`` for each string of ``language`` that is not in its script."""
    lines = []
    for where, text in strings:
        found = wrong_script(text, language)
        if found:
            lines.append(f"{where}: {text!r} — {', '.join(found)}")
    return lines


def catalogue_texts(language):
    return [(f"duties/data/catalogue.json {entry['key']}", entry["text"][language])
            for entries in default_catalogue().values() for entry in entries]


def po_texts(language):
    path = Path(settings.BASE_DIR) / "locale" / SCRIPTS[language] / "LC_MESSAGES" / "django.po"
    texts = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        where = f"{path.relative_to(settings.BASE_DIR)} msgid {entry.msgid!r}"
        if entry.msgctxt:
            where += f" msgctxt {entry.msgctxt!r}"
        texts += [(where, text) for text in [entry.msgstr, *entry.msgstr_plural.values()] if text]
    return texts


def test_the_checker_finds_what_a_reader_would_notice():
    assert wrong_script("協調店員之間的關系,并且對于顧客", "zh-hant") == ["并", "關系 → 關係", "對于 → 對於"]
    assert wrong_script("协调店员之间的关系，并且对于顾客", "zh-hans") == []
    assert wrong_script("考核與了解，批准，台北，床單，群組，為了", "zh-hant") == []  # valid traditional, whatever OpenCC prefers
    assert wrong_script("们這個", "zh-hans") == ["這", "個"]


@pytest.mark.parametrize("language", SCRIPTS)
def test_the_duty_catalogue_is_in_one_script(language):
    wrong = report(catalogue_texts(language), language)
    assert not wrong, f"{len(wrong)} {language} duties:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", SCRIPTS)
def test_the_translations_are_in_one_script(language):
    texts = po_texts(language)
    assert len(texts) > 500  # the whole catalog was read
    wrong = report(texts, language)
    assert not wrong, f"{len(wrong)} {language} translations:\n" + "\n".join(wrong)
