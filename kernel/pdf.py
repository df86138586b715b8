"""The font every PDF of ClubOps writes Chinese with (the meeting minutes, the owner's report).

Chinese needs a CJK font in a PDF, and fpdf2 brings none. It is found at run time, in this order:

1. ``settings.REPORTS_PDF_FONT``: a ``.ttf``, ``.otf`` or ``.ttc`` file, ``REPORTS_PDF_FONT_INDEX``
   its face in a collection; a file that does not exist is logged and looked for instead, so a
   wrong setting never stops a PDF;
2. well-known places of Noto Sans CJK (Debian's ``fonts-noto-cjk``), WenQuanYi, PingFang, YaHei;
3. ``fc-match`` for a font covering Chinese, where fontconfig is installed.

Only the setting is read, never the environment: settings.py is the one place that does.
Without a font, ``find_font`` answers None and the caller makes the PDF in a core font.

**The working faces.** A CJK face holds ~65,000 glyphs, and fpdf2 reads the whole face for every
PDF and then cuts the glyphs the PDF uses out of it: about 0.6 s a face, 1.2 s for a regular and a
bold one, before a line is drawn. ``prepare_working_faces`` (the Celery worker runs it when it
starts; ``manage.py prepare_pdf_fonts`` by hand) cuts each face once to ``working_chars``: the
Chinese characters in common use (GB 2312 and Big5's frequent set), Latin, punctuation and every
character of ClubOps' translations, ~11,000 glyphs with the same shapes and widths, kept under
``VAR_DIR/fonts/``. ``add_faces`` uses a face's working copy when it is there. ``draw`` makes a
PDF and, when the working copy lacked a character the PDF writes (a rare character in a name),
makes it again with the whole face, so a PDF never loses a character to the working copy.
"""

import contextvars
import functools
import gettext
import hashlib
import logging
import os
import shutil
import subprocess
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
]
FONT_FILES = (".ttf", ".otf", ".ttc")
PROBE = "会议纪要月报"  # a font that has these characters can write the minutes and the report


def find_font(language="zh-hans"):
    """``(path, face index)`` of a font that writes Chinese, or None. See the module's docstring."""
    return _find(language, settings.REPORTS_PDF_FONT, settings.REPORTS_PDF_FONT_INDEX)


@functools.lru_cache(maxsize=16)  # keyed by the setting too, so a changed setting is read again
def _find(language, configured, configured_index):
    if configured:
        if Path(configured).is_file():
            return configured, configured_index
        logger.warning("REPORTS_PDF_FONT=%s does not exist; looking for a Chinese font instead", configured)
    for path in [*CANDIDATES, _fc_match()]:
        if path and Path(path).is_file():
            index = _face_index(path, language)
            if _covers_chinese(path, index):
                return path, index
    logger.warning("No font with Chinese glyphs found; PDFs use a core font")
    return None


def bold_face(font):
    """``(path, face index)`` of the bold face that goes with ``font`` (Noto's "…-Bold" beside "…-Regular"), or None.

    The faces of Noto CJK's Regular and Bold collections come in the same order, so the index is kept.
    """
    if font is None:
        return None
    path = Path(font[0])
    for regular in ("-Regular.", "-Medium.", "-Light."):
        if regular in path.name:
            bold = path.with_name(path.name.replace(regular, "-Bold."))
            if bold.is_file():
                return str(bold), font[1]
    return None


def _covers_chinese(path, index):
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(path, fontNumber=index, lazy=True)
        cmap = font.getBestCmap() or {}
        return all(ord(ch) in cmap for ch in PROBE)
    except Exception:  # noqa: BLE001 - any unreadable file is simply not a usable font
        return False


def _face_index(path, language):
    """For a collection, the face for the language (Noto's "… SC" or "… TC"); else 0."""
    if not path.lower().endswith(".ttc"):
        return 0
    try:
        from fontTools.ttLib import TTCollection

        faces = [font["name"].getDebugName(1) or "" for font in TTCollection(path, lazy=True).fonts]
    except Exception:  # noqa: BLE001
        return 0
    wanted = " TC" if language == "zh-hant" else " SC"
    for index, name in enumerate(faces):
        if name.endswith(wanted) and "Mono" not in name:
            return index
    return 0


def _fc_match():
    if not shutil.which("fc-match"):
        return ""
    try:
        found = subprocess.run(  # noqa: S603 - fixed arguments
            ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""
    return found if found.lower().endswith(FONT_FILES) else ""


# --- the working faces (see the module's docstring) ----------------------------------------------

WORKING_FOLDER = "fonts"  # under VAR_DIR
BUILDING_STALE_SECONDS = 15 * 60  # a build lock older than this was left by a process that died
_whole_faces = contextvars.ContextVar("whole_faces", default=False)


def add_faces(pdf, family, language=None):
    """Add the Chinese font's regular face, and its bold face where there is one, to ``pdf`` as ``family``.

    Answers ``(has_cjk, has_bold)``; ``(False, False)`` when no font writes Chinese (the caller uses a core font).
    The working copy of a face is used where it is prepared (``draw`` falls back to the whole face).
    """
    pdf.cjk_working = False
    font = find_font(language or settings.LANGUAGE_CODE)
    if font is None:
        return False, False
    has_bold = False
    for style, face in (("", font), ("B", bold_face(font))):
        if face is None:
            continue
        working = None if _whole_faces.get() else working_face(face)
        path, index = (working, 0) if working else face
        try:
            pdf.add_font(family, style, fname=path, collection_font_number=index)
        except Exception:  # noqa: BLE001 - an unreadable bold file: headings in the regular face
            if not style:
                raise
            logger.warning("The bold font %r could not be read; headings use the regular face.", path)
            continue
        pdf.cjk_working = pdf.cjk_working or bool(working)
        has_bold = has_bold or style == "B"
    for added in pdf.fonts.values():
        if getattr(added, "ttfont", None) is not None:
            # fontTools would work out the bounding box of the glyphs a PDF keeps by running each one's outline
            # (a third of a report's drawing); the face's own box holds them all.
            added.ttfont.recalcBBoxes = False
    return True, has_bold


def draw(make):
    """The bytes of the PDF ``make()`` returns (an FPDF with its pages written, not yet output).

    When it was written with a working face that lacked a character it writes, it is made again with the
    whole faces: fpdf2 notes such characters in ``missing_glyphs`` while it lays the text out.
    """
    pdf = make()
    if getattr(pdf, "cjk_working", False) and lacks_glyphs(pdf):
        token = _whole_faces.set(True)
        try:
            pdf = make()
        finally:
            _whole_faces.reset(token)
    return bytes(pdf.output())


def lacks_glyphs(pdf):
    """The characters ``pdf`` wrote that its fonts do not have, as a sorted string."""
    return "".join(sorted({chr(code) for font in pdf.fonts.values() for code in getattr(font, "missing_glyphs", ())}))


@functools.cache
def working_chars():
    """The characters a working face keeps (as a sorted tuple of code points); see the module's docstring."""
    codes = set(range(0x20, 0x7F)) | set(range(0xA0, 0x250))  # Latin
    for first, last in ((0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF),
                        (0x2500, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)):
        codes.update(range(first, last + 1))  # punctuation, letterlike, arrows, maths, circled numbers,
        # box drawing and shapes, CJK punctuation, full-width forms
    for encoding, leads, trails in (
        ("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF)),  # the whole of GB 2312
        ("big5", range(0xA1, 0xC7), [*range(0x40, 0x7F), *range(0xA1, 0xFF)]),  # Big5's symbols and frequent set
    ):
        for lead in leads:
            for trail in trails:
                try:
                    codes.update(map(ord, bytes((lead, trail)).decode(encoding)))
                except UnicodeDecodeError:
                    continue
    for catalog in Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.mo"):
        with catalog.open("rb") as file:
            for text in gettext.GNUTranslations(file)._catalog.values():  # noqa: SLF001 - every translated string
                codes.update(map(ord, str(text)))
    return tuple(sorted(code for code in codes if code >= 0x20))


def working_path(face):
    """Where the working copy of ``face`` ``(path, index)`` is kept: named by the face's file, its size and time,
    and the characters kept, so a changed font or a new translation is a new copy."""
    source = Path(face[0])
    stat = source.stat()
    marks = repr((str(source), face[1], stat.st_size, int(stat.st_mtime), working_chars()))
    name = f"{source.stem}-{face[1]}-{hashlib.sha256(marks.encode()).hexdigest()[:16]}.otf"
    return Path(settings.VAR_DIR) / WORKING_FOLDER / name


def working_face(face):
    """The path of ``face``'s working copy when it is prepared, else None."""
    try:
        path = working_path(face)
    except OSError:
        return None
    return str(path) if path.is_file() else None


def faces_in_use():
    """Every face a PDF of ClubOps may be written with: the regular and bold face for each language."""
    faces = []
    for language, _name in settings.LANGUAGES:
        font = find_font(language)
        for face in (font, bold_face(font)):
            if face is not None and face not in faces:
                faces.append(face)
    return faces


def prepare_working_faces(faces=None):
    """Cut the working copy of every face in use that has none yet; answers ``[(face, path, seconds or None)]``,
    None for a face that was ready (or that another process is cutting now)."""
    done = []
    for face in faces_in_use() if faces is None else faces:
        target = working_path(face)
        if target.is_file():
            done.append((face, str(target), None))
            continue
        started = time.perf_counter()
        built = _cut(face, target)
        done.append((face, str(target), time.perf_counter() - started if built else None))
    return done


def _cut(face, target):
    from fontTools import subset
    from fontTools.ttLib import TTFont

    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_suffix(".building")
    if not _take(lock):
        return False  # another process is cutting it
    part = target.with_suffix(".part")
    try:
        font = TTFont(face[0], fontNumber=face[1], lazy=True, recalcTimestamp=False)
        cmap = font.getBestCmap() or {}
        options = subset.Options()
        options.layout_features = []  # fpdf2 lays text out by widths alone
        options.notdef_outline = True
        options.recommended_glyphs = True
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.desubroutinize = True  # a flat CFF: each PDF's own cut reads it faster
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[code for code in working_chars() if code in cmap])
        subsetter.subset(font)
        font.save(part)
        os.replace(part, target)
        for older in target.parent.glob(f"{Path(face[0]).stem}-{face[1]}-*.otf"):
            if older != target:
                older.unlink(missing_ok=True)
        logger.info("PDF font: working copy of %s (face %s) kept as %s", face[0], face[1], target)
    finally:
        part.unlink(missing_ok=True)
        lock.unlink(missing_ok=True)
    return True


def _take(lock):
    """Whether this process took ``lock`` (a file made only if it is not there); a lock left for
    ``BUILDING_STALE_SECONDS`` by a process that died is taken over."""
    for _attempt in range(2):
        try:
            os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            return True
        except FileExistsError:
            try:
                if time.time() - lock.stat().st_mtime < BUILDING_STALE_SECONDS:
                    return False
            except FileNotFoundError:
                return False  # its cutter has just finished
            lock.unlink(missing_ok=True)
    return False
