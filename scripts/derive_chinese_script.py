"""Write kernel/data/chinese_script.json: which characters and words belong to only one Chinese script.

Run with any Python that has OpenCC's dictionaries (``pip install opencc-python-reimplemented``);
ClubOps itself does not need OpenCC, it reads the file this writes::

    python scripts/derive_chinese_script.py

* ``simplified_only``: characters OpenCC turns from simplified into traditional that no traditional
  text uses — not a traditional form in OpenCC's tables, nor a Taiwan or Hong Kong standard form
  (群, 床, 為 are; 并, 们, 这 are not).
* ``traditional_only``: the reverse, for simplified text (們, 這, 個, 係 ...).
* ``mixed_in_traditional``: words a traditional text gets wrong with characters that are valid in
  traditional text on their own, e.g. 關系 (關係), 對于 (對於), 戰斗 (戰鬥): from OpenCC's phrase table,
  each traditional phrase with one character left in its simplified form, for the characters whose
  usual traditional form is another one (于 → 於, 后 → 後, 里 → 裏, 干 → 幹 ...) and is not a Taiwan or
  Hong Kong standard form (温, 床 are), and for 系. Not for
  the characters both scripts use in most words (准 in 批准, 台 in 台北, ...), nor for OpenCC's variant
  preferences (考核 stays 考核, 了解 stays 了解): those would flag correct text.
"""

import json
import os
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent.parent / "kernel" / "data" / "chinese_script.json"
DICTIONARY = Path(os.path.dirname(opencc.__file__)) / "dictionary"
# Valid in traditional text in most words, though OpenCC's first traditional form is another one.
COMMON_TO_BOTH = set("准台吃占凶唇岩咨")
ALSO_MIXED = set("系")  # 系 stays 系 in 系統, but 關系 and 聯系 are simplified


def load(name):
    table = {}
    for line in (DICTIONARY / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, values = line.split("\t")
            table[key] = values.split(" ")
    return table


def derive():
    st, ts, phrases = load("STCharacters.txt"), load("TSCharacters.txt"), load("STPhrases.txt")
    regional = {c for name in ("TWVariants.txt", "HKVariants.txt") for forms in load(name).values() for c in forms}
    traditional = set(ts) | {c for forms in st.values() for c in forms} | regional
    simplified = set(st) | {c for forms in ts.values() for c in forms}
    simplified_only = sorted(c for c in st if c not in traditional)
    traditional_only = sorted(c for c in set(ts) | regional if c not in simplified)
    usually_other = {c for c in st if c in traditional and st[c][0] != c} - regional - COMMON_TO_BOTH | ALSO_MIXED
    mixed = {}
    for source, targets in phrases.items():
        target = targets[0]
        if len(source) != len(target):
            continue
        for i, (s, t) in enumerate(zip(source, target)):
            if s != t and s in usually_other:
                word = target[:i] + s + target[i + 1:]
                if not any(c in simplified_only for c in word):
                    mixed[word] = target
    # A word that holds a shorter one of the list is found by the shorter one.
    shortest = {w: t for w, t in mixed.items() if not any(o != w and o in w for o in mixed if len(o) < len(w))}
    return {
        "_how": "Written by scripts/derive_chinese_script.py from OpenCC's dictionaries; do not edit by hand.",
        "simplified_only": "".join(simplified_only),
        "traditional_only": "".join(traditional_only),
        "mixed_in_traditional": dict(sorted(shortest.items())),
    }


if __name__ == "__main__":
    data = derive()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(data['simplified_only'])} simplified-only, {len(data['traditional_only'])} traditional-only "
          f"characters, {len(data['mixed_in_traditional'])} mixed words")
