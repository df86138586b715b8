"""Read the numbered duties out of the seed's wellness-club part (seed_wellness_roles.txt).

The part has five sections, each headed ``N、<club><role>崗位職責``; under each heading an
optional lead-in paragraph, then the duties numbered ``1、`` … or ``一、`` … ``十五、``.
``numbered_duties(text)`` returns them keyed by position code, in the seed's order, with only
the leading number and the whitespace around the text removed. Standard library only, so a
test can check the shipped catalogue (catalogue.json) against the seed it came from.
"""

import re

PART_START = "客戶經理崗位職責范文1"
_NEXT_PART = re.compile(r"^客戶經理崗位職責范文\d+\s*$")
_HEADING = re.compile(r"^\s*(\d+)\s*、\s*(.+?崗位職責)\s*$")
_NUMBERED = re.compile(r"^\s*([0-9]+|[一二三四五六七八九十]+)\s*、\s*(.*?)\s*$")

# Checked in this order: the supervisor's heading also names the technician department.
_POSITION_WORDS = (
    ("店長", "store_manager"),
    ("營銷總監", "marketing_director"),
    ("技術經理", "technical_manager"),
    ("主管", "supervisor"),
    ("部門經理", "technician_manager"),
)

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def ordinal(token):
    """The value of ``"12"`` or ``"十二"`` (Chinese numerals 1–99)."""
    if token.isdigit():
        return int(token)
    if "十" not in token:
        if len(token) != 1:
            raise ValueError(f"not a number: {token!r}")
        return _DIGITS[token]
    tens, _, units = token.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        raise ValueError(f"not a number: {token!r}")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


def position_of(heading):
    """The position code a section heading such as ``養生會所營銷總監崗位職責`` is about."""
    for word, code in _POSITION_WORDS:
        if word in heading:
            return code
    raise ValueError(f"no known position in heading {heading!r}")


def numbered_duties(text):
    """``{position code: [duty text, ...]}`` for the five sections of the wellness part.

    ``text`` is seed_wellness_roles.txt, or the whole seed (then only the part from
    ``客戶經理崗位職責范文1`` up to the next ``客戶經理崗位職責范文N`` is read). Raises
    ValueError when a section's numbering skips or repeats, or when a section heading repeats.
    """
    lines = text.splitlines()
    if any(line.strip() == PART_START for line in lines):
        lines = lines[[line.strip() for line in lines].index(PART_START) + 1:]
    duties = {}
    current = None
    for line in lines:
        if _NEXT_PART.match(line.strip()):
            break
        if not line.strip():
            continue
        heading = _HEADING.match(line)
        if heading:
            current = position_of(heading.group(2))
            if current in duties:
                raise ValueError(f"second section for {current}: {line!r}")
            duties[current] = []
            continue
        if current is None:
            continue  # anything before the first heading
        numbered = _NUMBERED.match(line)
        if numbered is None:
            if duties[current]:
                raise ValueError(f"unnumbered line after duty {len(duties[current])} of {current}: {line!r}")
            continue  # the section's lead-in paragraph
        number = ordinal(numbered.group(1))
        if number != len(duties[current]) + 1:
            raise ValueError(f"{current}: duty {number} follows duty {len(duties[current])}: {line!r}")
        duties[current].append(numbered.group(2))
    return duties
