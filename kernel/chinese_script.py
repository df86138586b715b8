"""Which Chinese script a text is written in: characters and words that belong to only one of them.

A reader who chose traditional Chinese must not read simplified characters in what ClubOps ships or
writes, nor a reader of simplified Chinese traditional ones. The lists live in
``kernel/data/chinese_script.json``, written by ``scripts/derive_chinese_script.py`` from OpenCC's
dictionaries (OpenCC is not needed to read them).
"""

import functools
import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "chinese_script.json"


@functools.cache
def _lists():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return frozenset(data["simplified_only"]), frozenset(data["traditional_only"]), data["mixed_in_traditional"]


def wrong_script(text, language):
    """What in ``text`` is not written in ``language``'s script ("zh-hant" or "zh-hans"), in order:
    a character of the other script, or for traditional a word mixing the two (``"關系 → 關係"``)."""
    simplified_only, traditional_only, mixed = _lists()
    if language == "zh-hant":
        wrong, words = simplified_only, mixed
    elif language == "zh-hans":
        wrong, words = traditional_only, {}
    else:
        return []
    found = [c for c in text if c in wrong]
    longest = max(map(len, words), default=0)
    for start in range(len(text)):
        for end in range(start + 2, min(start + longest, len(text)) + 1):
            if text[start:end] in words:
                found.append(f"{text[start:end]} → {words[text[start:end]]}")
    return list(dict.fromkeys(found))
