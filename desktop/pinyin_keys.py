"""Pinyin search keys for names, computed when a contact is written (never at query time).

`name_keys('张小花')` → ('zhangxiaohua', 'zxh'). Rules, the same for both keys:
  * NFKC first (full-width 'ＡＢ１２' → 'AB12'), then lowercase;
  * a Chinese character becomes its most common reading without tone (initials: its first
    letter); Latin letters a–z and digits pass through unchanged;
  * everything else (emoji, punctuation, spaces, other scripts) is dropped;
  * a surname at the very start is read as a surname (单 shan, not dan), see `SURNAMES`.

Why a table and not `pypinyin.lazy_pinyin` per name: per string it costs 6.4 s for 200k names,
a per-character table applied with `str.translate` 138 ms (LIBRARY-FACTS "Speed facts"). The
table is built once, lazily, from pypinyin's own character data, read on first use (never at
app start).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import unicodedata
from collections.abc import Iterable

# pypinyin has no surname mode (python-pinyin issue #297) and reads polyphonic surnames with
# their everyday reading: 单→dan, 曾→ceng, 仇→chou, 解→jie, 区→qu, 查→cha, 朴→pu, 覃→tan … So
# the app owns this table. It applies only to the first character(s) of a name; two-character
# (compound) surnames are tried first so that 单于 is chanyu, not shanyu. The price: a net name
# that merely starts with such a character also gets the surname reading (乐乐 → yuele).
SURNAMES: dict[str, tuple[str, ...]] = {
    # compound surnames
    "万俟": ("mo", "qi"), "尉迟": ("yu", "chi"), "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"), "澹台": ("tan", "tai"), "乐正": ("yue", "zheng"),
    "令狐": ("ling", "hu"), "欧阳": ("ou", "yang"), "诸葛": ("zhu", "ge"),
    # single-character surnames whose surname reading is not the everyday one
    "单": ("shan",), "曾": ("zeng",), "仇": ("qiu",), "解": ("xie",), "区": ("ou",),
    "查": ("zha",), "朴": ("piao",), "覃": ("qin",), "盖": ("ge",), "缪": ("miao",),
    "乐": ("yue",), "秘": ("bi",), "种": ("chong",), "繁": ("po",), "员": ("yun",),
    "翟": ("zhai",), "句": ("gou",), "阚": ("kan",), "黑": ("he",), "适": ("kuo",),
    "召": ("shao",), "折": ("she",), "藏": ("zang",), "蕃": ("pi",), "粘": ("nian",),
    "隗": ("wei",), "蔚": ("yu",), "乜": ("nie",), "卜": ("bu",), "重": ("chong",),
    "薄": ("bo",), "祭": ("zhai",), "颉": ("xie",), "么": ("yao",), "都": ("du",),
    "能": ("nai",), "长": ("chang",), "尉": ("wei",), "沈": ("shen",), "柏": ("bai",),
}

_SURNAME_FIRST_CHARS = frozenset(s[0] for s in SURNAMES)
_DROP = re.compile(r"[^a-z0-9\n]+")   # keeps "\n", the separator of the bulk path
_SEP = "\n"

_tables: tuple[dict[int, str], dict[int, str]] | None = None


def _load_readings() -> dict[int, str]:
    """pypinyin's character table, codepoint → 'zhāng,cháng' (most common reading first).

    Read from the package's own JSON file without importing the package: `import pypinyin`
    also loads its phrase dictionary (+0.4 s, +55 MB here), which per-character keys never use.
    Falls back to the import if the file is not where pypinyin 0.55 keeps it.
    """
    try:
        spec = importlib.util.find_spec("pypinyin")
        folder = next(iter(spec.submodule_search_locations or ()))
        with open(os.path.join(folder, "pinyin_dict.json"), encoding="utf-8") as fh:
            return {int(code): readings for code, readings in json.load(fh).items()}
    except (AttributeError, OSError, StopIteration, TypeError, ValueError):
        from pypinyin.pinyin_dict import pinyin_dict
        return pinyin_dict


def plain_reading(reading: str) -> str:
    """'zhāng' → 'zhang', 'lǜ' → 'lv' (pypinyin's NORMAL style); anything else is dropped."""
    decomposed = unicodedata.normalize("NFD", reading.lower()).replace("u\u0308", "v")
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


def _build_tables() -> tuple[dict[int, str], dict[int, str]]:
    """codepoint → full reading / its first letter, from the first (most common) reading."""
    full: dict[int, str] = {}
    initials: dict[int, str] = {}
    for code, readings in _load_readings().items():
        if code < 0x80:
            continue
        reading = plain_reading(readings.split(",")[0])
        if reading:
            full[code] = reading
            initials[code] = reading[0]
    return full, initials


def _get_tables() -> tuple[dict[int, str], dict[int, str]]:
    global _tables
    if _tables is None:
        _tables = _build_tables()
    return _tables


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _fix_surname(norm: str, full: str, initials: str,
                 full_table: dict[int, str]) -> tuple[str, str]:
    """Replace the default reading of a leading surname by its surname reading."""
    for length in (2, 1):
        readings = SURNAMES.get(norm[:length])
        if readings is not None:
            default_len = sum(len(full_table[ord(ch)]) for ch in norm[:length])
            return ("".join(readings) + full[default_len:],
                    "".join(r[0] for r in readings) + initials[length:])
    return full, initials


def name_keys(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of `text`, lowercase, without separators."""
    full_table, initials_table = _get_tables()
    norm = _normalise(text or "")
    full = _DROP.sub("", norm.translate(full_table)).replace(_SEP, "")
    initials = _DROP.sub("", norm.translate(initials_table)).replace(_SEP, "")
    if norm[:1] in _SURNAME_FIRST_CHARS:
        full, initials = _fix_surname(norm, full, initials, full_table)
    return full, initials


def bulk_name_keys(texts: Iterable[str]) -> list[tuple[str, str]]:
    """`name_keys` of many strings at once (100k names in well under a second).

    All strings are joined with "\\n" so that normalising, translating and dropping run once
    over one big string in C; a string that itself contains "\\n" falls back to `name_keys`.
    """
    items = [t or "" for t in texts]
    if not items:
        return []
    joined = _SEP.join(items)
    if joined.count(_SEP) != len(items) - 1:
        return [name_keys(t) for t in items]
    full_table, initials_table = _get_tables()
    norm = _normalise(joined)
    norms = norm.split(_SEP)
    fulls = _DROP.sub("", norm.translate(full_table)).split(_SEP)
    inits = _DROP.sub("", norm.translate(initials_table)).split(_SEP)
    if not (len(norms) == len(fulls) == len(inits) == len(items)):  # defensive, never seen
        return [name_keys(t) for t in items]
    out = list(zip(fulls, inits, strict=True))
    first = _SURNAME_FIRST_CHARS
    for i, n in enumerate(norms):
        if n[:1] in first:
            out[i] = _fix_surname(n, fulls[i], inits[i], full_table)
    return out


NAME_KEY_COLUMNS = ("nickname_pinyin", "nickname_initials", "remark_pinyin", "remark_initials",
                    "sort_name")


def name_key_rows(nicknames: Iterable[str], remarks: Iterable[str]
                  ) -> list[tuple[str, str, str, str, str]]:
    """The stored search keys of contacts, in NAME_KEY_COLUMNS order, many at once. The list
    sorts by the name the operator reads: the remark's pinyin, else the nickname's."""
    return [(nick_full, nick_initials, remark_full, remark_initials, remark_full or nick_full)
            for (nick_full, nick_initials), (remark_full, remark_initials)
            in zip(bulk_name_keys(nicknames), bulk_name_keys(remarks), strict=True)]
