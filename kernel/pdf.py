"""The font every PDF of ClubOps writes Chinese with (the meeting minutes, the owner's report).

Chinese needs a CJK font in a PDF, and fpdf2 brings none. It is found at run time, in this order:

1. ``settings.REPORTS_PDF_FONT``: a ``.ttf``, ``.otf`` or ``.ttc`` file, ``REPORTS_PDF_FONT_INDEX``
   its face in a collection; a file that does not exist is logged and looked for instead, so a
   wrong setting never stops a PDF;
2. well-known places of Noto Sans CJK (Debian's ``fonts-noto-cjk``), WenQuanYi, PingFang, YaHei;
3. ``fc-match`` for a font covering Chinese, where fontconfig is installed.

Only the setting is read, never the environment: settings.py is the one place that does.
Without a font, ``find_font`` answers None and the caller makes the PDF in a core font.
"""

import functools
import logging
import shutil
import subprocess
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
