"""The translations stay complete: every language of settings.LANGUAGES, every string in the code.

* each ``locale/<lang>/LC_MESSAGES/django.po`` has no untranslated, fuzzy (header included)
  or obsolete entry, the right Plural-Forms, and keeps the placeholders of its msgids;
* each committed ``django.mo`` says the same as its ``.po`` (the ``.mo`` files are committed,
  so that a server without gettext still shows translated pages);
* ``makemessages``, run on a copy of the source tree, finds no msgid that the committed
  catalogs lack (needs GNU gettext: skipped on a laptop without it, a failure in CI);
* a real page comes out in the language the browser asks for.

When one of these fails: run ``scripts/update-translations``, fill the new msgstr in the
three .po files, and run it again to compile.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation import get_language_info, to_locale

from conftest import need_service

pytestmark = pytest.mark.timeless  # reads no clock: a --clock replay leaves it out

BASE_DIR = Path(settings.BASE_DIR)
LOCALE_DIR = BASE_DIR / "locale"
LOCALES = [to_locale(code) for code, _name in settings.LANGUAGES]  # zh_Hans, zh_Hant, en
PLURAL_FORMS = {
    "zh_Hans": "nplurals=1; plural=0;",
    "zh_Hant": "nplurals=1; plural=0;",
    "en": "nplurals=2; plural=(n != 1);",
}
# The same options as scripts/update-translations.
MAKEMESSAGES_IGNORES = [".venv", "var", "tests", "conftest.py"]
# Never copied into the scratch tree for makemessages (big, or not source).
NOT_SOURCE = {".git", ".venv", "var", "locale", "node_modules", ".pytest_cache", ".ruff_cache", "staticfiles", "media"}

# %(name)s, %s, %d, %5.2f ... but not %% ; then {{ name }} and {name} style.
PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +\-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?(?P<kind>[diouxXeEfFgGcrsa%])"
)
TEMPLATE_VAR = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")
BRACE_FORMAT = re.compile(r"(?<!\{)\{(\w*)(?:[!:][^{}]*)?\}(?!\})")


def po_path(locale):
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def load_po(locale):
    path = po_path(locale)
    assert path.is_file(), f"{path.relative_to(BASE_DIR)} is missing: run scripts/update-translations"
    return polib.pofile(str(path))


def key(entry):
    return (entry.msgctxt, entry.msgid)


def label(entry):
    return f"{entry.msgid!r}" + (f" (context {entry.msgctxt!r})" if entry.msgctxt else "")


def placeholders(text, python_format=True):
    """The placeholders of ``text``: the set of named ones, and the positional %-directives in order.

    Unnamed %-directives only count in python-format entries; elsewhere "50% off" is just text.
    """
    named, positional = set(), []
    for match in PYTHON_FORMAT.finditer(text):
        if match["kind"] == "%":
            continue
        if match["name"] is not None:
            named.add("%(" + match["name"] + ")")
        elif python_format:
            positional.append(match["kind"])
    named.update("{{" + name + "}}" for name in TEMPLATE_VAR.findall(text))
    named.update("{" + name + "}" for name in BRACE_FORMAT.findall(text))
    return named, positional


def translations(entry):
    """(msgstr, the msgid it translates) pairs. With one plural form, that form stands for every n."""
    if not entry.msgid_plural:
        return [(entry.msgstr, entry.msgid)]
    return [
        (text, entry.msgid if index == 0 and len(entry.msgstr_plural) > 1 else entry.msgid_plural)
        for index, text in sorted(entry.msgstr_plural.items())
    ]


def test_every_language_has_a_catalog():
    assert sorted(LOCALES) == sorted(PLURAL_FORMS), "LANGUAGES changed: update PLURAL_FORMS in this test"
    for locale in LOCALES:
        assert po_path(locale).is_file(), f"no catalog for {locale}: run scripts/update-translations"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_has_no_fuzzy_or_obsolete_entry(locale):
    po = load_po(locale)
    text = po_path(locale).read_text(encoding="utf-8")
    assert not po.metadata_is_fuzzy, f"{locale}: the header is marked fuzzy; remove '#, fuzzy' above msgid \"\""
    fuzzy = [label(e) for e in po.fuzzy_entries()]
    assert not fuzzy, f"{locale}: fuzzy entries (check the translation, then remove the flag): {fuzzy}"
    assert not re.search(r"^#,.*\bfuzzy\b", text, re.MULTILINE), f"{locale}: a '#, fuzzy' flag is left in the file"
    obsolete = [label(e) for e in po.obsolete_entries()]
    assert not obsolete and not re.search(r"^#~", text, re.MULTILINE), (
        f"{locale}: obsolete (#~) entries, remove them (makemessages --no-obsolete): {obsolete}"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_fully_translated(locale):
    po = load_po(locale)
    assert po.metadata.get("Plural-Forms") == PLURAL_FORMS[locale], f"{locale}: wrong Plural-Forms header"
    assert po.metadata.get("Content-Type") == "text/plain; charset=UTF-8"
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[locale])[1])
    assert len(po) > 0, f"{locale}: the catalog is empty"
    untranslated, wrong_forms = [], []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if sorted(entry.msgstr_plural) != list(range(nplurals)):
                wrong_forms.append(label(entry))
            if not all(text.strip() for text in entry.msgstr_plural.values()):
                untranslated.append(label(entry))
        elif not entry.msgstr.strip():
            untranslated.append(label(entry))
    assert not untranslated, f"{locale}: {len(untranslated)} untranslated entries: {untranslated}"
    assert not wrong_forms, f"{locale}: plural entries need exactly msgstr[0..{nplurals - 1}]: {wrong_forms}"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_the_placeholders(locale):
    problems = []
    for entry in load_po(locale):
        if entry.obsolete:
            continue
        for msgstr, msgid in translations(entry):
            if not msgstr:
                continue  # reported by test_catalog_is_fully_translated
            python_format = "python-format" in entry.flags
            if placeholders(msgstr, python_format) != placeholders(msgid, python_format):
                problems.append(f"{label(entry)} -> {msgstr!r}")
            elif python_format:
                names, positional = placeholders(msgid)
                values = {name[2:-1]: 1 for name in names if name.startswith("%(")}
                try:
                    msgstr % (values or tuple(1 for _ in positional))
                except (TypeError, ValueError, KeyError) as error:
                    problems.append(f"{label(entry)} -> {msgstr!r}: {error}")
    assert not problems, f"{locale}: placeholders differ from the msgid:\n" + "\n".join(problems)


def test_every_catalog_has_the_same_msgids():
    """A string added to one language only (e.g. makemessages -l zh_Hans alone) shows untranslated elsewhere."""
    reference = {key(entry) for entry in load_po(LOCALES[0]) if not entry.obsolete}
    for locale in LOCALES[1:]:
        have = {key(entry) for entry in load_po(locale) if not entry.obsolete}
        missing, extra = sorted(reference - have, key=str), sorted(have - reference, key=str)
        assert not missing and not extra, (
            f"{locale} differs from {LOCALES[0]}: missing {missing}, extra {extra}; run scripts/update-translations"
        )


def catalog_messages(catalog):
    """(msgctxt, msgid) -> msgstr, or (msgid_plural, forms), of the entries msgfmt compiles."""
    messages = {}
    for entry in catalog:
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            forms = tuple(text for _index, text in sorted(entry.msgstr_plural.items()))
            if all(forms):
                messages[key(entry)] = (entry.msgid_plural, forms)
        elif entry.msgstr:
            messages[key(entry)] = entry.msgstr
    return messages


@pytest.mark.parametrize("locale", LOCALES)
def test_committed_mo_matches_po(locale):
    mo_path = po_path(locale).with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path.relative_to(BASE_DIR)} is missing: run scripts/update-translations"
    po, mo = load_po(locale), polib.mofile(str(mo_path))
    expected, compiled = catalog_messages(po), catalog_messages(mo)
    stale = sorted((k[1] for k in expected.keys() | compiled.keys() if expected.get(k) != compiled.get(k)), key=str)
    assert not stale, f"{locale}: django.mo differs from django.po (recompile): {stale}"
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms"), f"{locale}: .mo has another Plural-Forms"


def test_mo_files_are_not_git_ignored():
    git = shutil.which("git")
    if git is None or not (BASE_DIR / ".git").exists():
        pytest.skip("not a git checkout")
    for locale in LOCALES:
        mo_path = po_path(locale).with_suffix(".mo")
        result = subprocess.run([git, "check-ignore", "-q", str(mo_path)], cwd=BASE_DIR, check=False)
        assert result.returncode == 1, f"{mo_path.relative_to(BASE_DIR)} is git-ignored, but it must be committed"


def test_catalogs_hold_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the source tree: nothing it extracts is missing from zh_Hans."""
    missing_tools = [tool for tool in ("xgettext", "msguniq", "msgmerge") if shutil.which(tool) is None]
    if missing_tools:
        need_service("gettext (xgettext)", f"{', '.join(missing_tools)} not on PATH; install gettext")

    source = tmp_path / "src"

    def not_source(directory, names):
        top = Path(directory) == BASE_DIR
        return {
            name
            for name in names
            if (top and name in NOT_SOURCE) or name == "__pycache__" or name.endswith((".pyc", ".sqlite3"))
        }

    shutil.copytree(BASE_DIR, source, ignore=not_source, symlinks=True)
    (source / "locale").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clubops.settings_test",
        "CLUBOPS_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans"]
    command += [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES]
    result = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"

    extracted = polib.pofile(str(source / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {key(entry): entry for entry in load_po("zh_Hans") if not entry.obsolete}
    missing, plural_changed = [], []
    for entry in extracted:
        have = committed.get(key(entry))
        if have is None:
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:3])
            missing.append(f"{label(entry)} ({where})")
        elif have.msgid_plural != entry.msgid_plural:
            plural_changed.append(label(entry))
    assert not missing, (
        f"{len(missing)} strings in the code are not in the catalogs; run scripts/update-translations and "
        "translate them:\n" + "\n".join(missing)
    )
    assert not plural_changed, f"the plural of these msgids changed in the code: {plural_changed}"


def msgstr_of(locale, msgid):
    entry = load_po(locale).find(msgid)
    assert entry is not None and entry.msgstr, f"{locale}: {msgid!r} is not translated"
    return entry.msgstr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "locale", "content_language"),
    [("zh-Hant", "zh_Hant", "zh-hant"), ("zh-CN", "zh_Hans", "zh-hans"), ("en", "en", "en")],
)
def test_login_page_comes_out_in_the_asked_language(client, accept_language, locale, content_language):
    expected = msgstr_of(locale, "Sign in")
    others = {msgstr_of(other, "Sign in") for other in LOCALES if other != locale}
    assert expected not in others, f"{locale}: 'Sign in' is translated the same as in another language"
    if locale == "en":
        assert expected == "Sign in"

    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    assert response["Content-Language"] == content_language
    html = response.content.decode()
    assert f'<html lang="{content_language}">' in html
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert heading and heading[1].strip() == expected, f"heading {heading and heading[1]!r}, expected {expected!r}"
    assert re.search(rf"<button[^>]*type=\"submit\"[^>]*>\s*{re.escape(expected)}\s*</button>", html)
    for other in others:
        assert other not in html, f"{accept_language}: the page also shows {other!r}"
    # The language switch names each language in that language, whatever the page's language.
    for code, _name in settings.LANGUAGES:
        native = get_language_info(code)["name_local"]
        assert re.search(rf'value="{code}"[^>]*>{re.escape(native)}</button>', html), f"switch button for {code}"


# gettext-family calls whose words are not written in the call, and where their words are marked instead.
DYNAMIC_MESSAGES = {
    ("kernel/wording.py", "translation.gettext(msgid)"): "a stored word's key, each marked in its list of words",
    ("kernel/wording.py", "translation.gettext(known_words(self.words)[value])"): "the same keys, read back",
    ("staff/history.py", "gettext(newer.history_change_reason)"): "a change's reason, as a person typed it when "
                                                                  "correcting a locked month: shown as typed",
}
GETTEXT_WORDS = {"gettext": 1, "gettext_lazy": 1, "_": 1, "gettext_noop": 1, "ngettext": 2, "ngettext_lazy": 2,
                 "pgettext": 2, "pgettext_lazy": 2, "npgettext": 3, "npgettext_lazy": 3}


def test_every_translated_text_is_written_in_its_call_so_makemessages_finds_it():
    """A gettext call that takes its words from a variable is invisible to makemessages: its words drop out of
    the catalogs and read in English on a Chinese page (the follow-up list's counts once did). Every call in
    the product's code spells its words out, but for the few listed in DYNAMIC_MESSAGES."""
    import ast

    root = Path(settings.BASE_DIR)
    found = set()
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if {".venv", "migrations", "tests", "var"} & set(relative.parts) or path.name.startswith("test_"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            words = node.args[:GETTEXT_WORDS.get(name, 0)]
            if any(not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)) for arg in words):
                found.add((str(relative), ast.unparse(node)))
    assert found - set(DYNAMIC_MESSAGES) == set()
    assert set(DYNAMIC_MESSAGES) <= found, "a listed call is gone: take it off DYNAMIC_MESSAGES"
