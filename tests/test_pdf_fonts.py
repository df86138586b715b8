"""The working copies of the PDF font's faces (kernel.pdf): cut once, used by every PDF, never at a character's cost."""

import ast
import io
import logging
import os
import pathlib
import re
import time

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from pypdf import PdfReader

from kernel import pdf as fonts
from meetings import pdf as meeting_pdf

pytestmark = pytest.mark.timeless  # fonts and files: nothing here reads the day

FEW = "ClubOps 0123456789-:/·会议纪要正文出席标题"  # the characters the small documents below write


@pytest.fixture
def regular():
    font = fonts.find_font("zh-hans")
    if font is None:
        pytest.skip("no font with Chinese glyphs on this machine (apt-get install fonts-noto-cjk)")
    return font


@pytest.fixture
def var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def few_characters(monkeypatch):
    """Working copies that keep only ``FEW``: cut in a second or two instead of ten."""
    monkeypatch.setattr(fonts, "working_chars", lambda: tuple(sorted(map(ord, FEW))))


def text_of(content):
    return "".join(re.sub(r"[\s\x00]+", "", page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages)


def files_of(pdf):
    return sorted(str(font.ttffile) for font in pdf.fonts.values() if hasattr(font, "ttffile"))


def small_document(text, made):
    def make():
        made.append(1)
        document = meeting_pdf.Document("会议纪要")
        document.write_heading("标题")
        document.write_text(text)
        return document
    return make


def test_a_pdf_uses_the_working_copy_once_it_is_cut(var, regular, few_characters):
    made = []
    before = small_document("会议纪要正文", made)()
    assert files_of(before)[-1].endswith(".ttc")  # not cut yet: the whole face
    assert not before.cjk_working

    (face, path, seconds), = fonts.prepare_working_faces([regular])
    assert seconds is not None and path.startswith(str(var / "fonts"))
    assert fonts.prepare_working_faces([regular])[0][2] is None  # cut once: the second time it is ready

    made.clear()
    content = fonts.draw(small_document("会议纪要正文", made))
    assert made == [1]  # drawn once
    assert "会议纪要正文" in text_of(content)
    after = small_document("会议纪要正文", [])()
    assert after.cjk_working and path in files_of(after)


def test_a_character_the_working_copy_lacks_has_the_pdf_drawn_again_with_the_whole_face(var, regular, few_characters):
    fonts.prepare_working_faces([regular])
    made = []
    content = fonts.draw(small_document("出席：张喆", made))  # 喆 (a name) and 张 are not among FEW
    assert made == [1, 1]
    assert "张喆" in text_of(content)

    first = small_document("出席：张喆", [])()
    first.output()
    assert set(fonts.lacks_glyphs(first)) == set("张喆：")  # what the working copy lacked, noted by fpdf2


def test_a_new_font_file_or_set_of_characters_is_a_new_copy_and_the_old_one_goes(var, regular, monkeypatch):
    monkeypatch.setattr(fonts, "working_chars", lambda: tuple(map(ord, "会议")))
    (_face, old, _seconds), = fonts.prepare_working_faces([regular])
    monkeypatch.setattr(fonts, "working_chars", lambda: tuple(map(ord, "会议纪要")))
    (_face, new, _seconds), = fonts.prepare_working_faces([regular])
    assert new != old
    assert [p.name for p in (var / "fonts").iterdir()] == [new.rsplit("/", 1)[-1]]


def test_a_face_another_process_is_cutting_is_left_to_it(var, regular, few_characters):
    target = fonts.working_path(regular)
    target.parent.mkdir(parents=True)
    lock = target.with_suffix(".building")
    lock.touch()
    now = time.time()  # the process's clock, which a suite run at another instant moves; the file's time follows it
    os.utime(lock, (now, now))
    assert fonts.prepare_working_faces([regular])[0][2] is None
    assert not target.exists() and fonts.working_face(regular) is None


def test_the_command_cuts_every_face_in_use_and_the_worker_queues_it_when_it_starts(var, regular, few_characters,
                                                                                    monkeypatch):
    from reports import tasks

    out = io.StringIO()
    call_command("prepare_pdf_fonts", stdout=out)
    faces = fonts.faces_in_use()
    assert len(faces) >= 2  # simplified and traditional Chinese at least (and their bold faces)
    assert out.getvalue().count("cut in") == len(faces)
    out = io.StringIO()
    call_command("prepare_pdf_fonts", stdout=out)
    assert out.getvalue().count(": ready") == len(faces)

    queued = []
    monkeypatch.setattr(tasks.prepare_pdf_fonts, "delay", lambda: queued.append(1))
    tasks.prepare_pdf_fonts_when_a_worker_starts()
    assert queued == [1]


def test_drawing_a_pdf_writes_no_glyph_lists_to_the_log(var, regular, caplog):
    caplog.set_level(logging.INFO)
    fonts.draw(small_document("会议纪要正文", []))
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]


def test_the_real_working_copy_holds_every_character_of_the_minutes_in_simplified_chinese(var, regular, settings):
    """The characters kept (GB 2312, Big5's frequent set, the translations) cover a real document: no second drawing."""
    fonts.prepare_working_faces([regular])  # the regular face only: ~10 s
    made = []
    with meeting_pdf.translation.override("zh-hans"):
        def make():
            made.append(1)
            document = meeting_pdf.Document(meeting_pdf._("Minutes"))
            document.write_pairs([(meeting_pdf._("Club"), "静安旗舰店"), (meeting_pdf._("Chair"), "陈晓燕（店长）"),
                                  (meeting_pdf._("Status"), meeting_pdf._("Draft: these minutes are not final yet."))])
            document.write_text("技师考勤、仪容检查与服务质量；培训计划 3/5 项已完成。會員回訪 VIP")
            return document
        content = fonts.draw(make)
    assert made == [1]
    assert "静安旗舰店" in text_of(content) and "會員回訪" in text_of(content)


def test_a_lock_left_by_a_cutter_that_died_is_taken_over(var, regular, few_characters):
    target = fonts.working_path(regular)
    target.parent.mkdir(parents=True)
    lock = target.with_suffix(".building")
    lock.touch()
    old = time.time() - fonts.BUILDING_STALE_SECONDS - 60
    os.utime(lock, (old, old))
    assert fonts.prepare_working_faces([regular])[0][2] is not None
    assert fonts.working_face(regular) == str(target) and not lock.exists()


def pdf_calls():
    """(file, method, line) of every ``.output(`` and ``.add_font(`` call in the product's code."""
    root = pathlib.Path(__file__).resolve().parent.parent
    for label in [*django_settings.PRODUCT_APPS, "kernel"]:
        for path in sorted((root / label).rglob("*.py")):
            rel = path.relative_to(root)
            if {"tests", "migrations"} & set(rel.parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                        and node.func.attr in ("output", "add_font"):
                    yield rel.as_posix(), node.func.attr, node.lineno


def test_every_pdf_adds_its_faces_and_is_output_through_kernel_pdf():
    """A PDF that added its faces or wrote its bytes itself would skip the working copies, or the second drawing
    with the whole faces when a copy lacks a character: only ``add_faces`` and ``draw`` call fpdf2 for those."""
    calls = list(pdf_calls())
    assert {(path, method) for path, method, _line in calls} == {("kernel/pdf.py", "add_font"),
                                                                ("kernel/pdf.py", "output")}, calls
