"""Pinyin search keys: surnames, mixed scripts, normalisation, and bulk == single."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop import pinyin_keys
from desktop.pinyin_keys import SURNAMES, bulk_name_keys, name_keys, plain_reading


def test_plain_name():
    assert name_keys("张小花") == ("zhangxiaohua", "zxh")


@pytest.mark.parametrize(("surname", "reading"), [
    ("单", "shan"), ("曾", "zeng"), ("仇", "qiu"), ("解", "xie"), ("区", "ou"), ("查", "zha"),
    ("朴", "piao"), ("覃", "qin"), ("盖", "ge"), ("缪", "miao"), ("乐", "yue"), ("秘", "bi"),
    ("种", "chong"), ("繁", "po"), ("员", "yun"), ("翟", "zhai"), ("句", "gou"), ("阚", "kan"),
    ("黑", "he"), ("适", "kuo"),
])
def test_polyphonic_surname_at_the_start(surname, reading):
    assert name_keys(surname + "小明") == (reading + "xiaoming", reading[0] + "xm")


@pytest.mark.parametrize(("name", "keys"), [
    ("万俟小明", ("moqixiaoming", "mqxm")),
    ("尉迟恭", ("yuchigong", "ycg")),
    ("长孙无忌", ("zhangsunwuji", "zswj")),
    ("单于飞", ("chanyufei", "cyf")),       # the compound wins over 单 → shan
    ("欧阳娜娜", ("ouyangnana", "oynn")),
])
def test_compound_surnames(name, keys):
    assert name_keys(name) == keys


def test_surname_reading_only_at_the_start():
    assert name_keys("小单") == ("xiaodan", "xd")
    assert name_keys("单") == ("shan", "s")


def test_latin_and_digits_pass_through():
    assert name_keys("Amy王") == ("amywang", "amyw")
    assert name_keys("王先生 138") == ("wangxiansheng138", "wxs138")


def test_full_width_is_normalised():
    assert name_keys("ＡＢ１２") == ("ab12", "ab12")


def test_emoji_punctuation_and_spaces_are_dropped():
    assert name_keys("🌸花花") == ("huahua", "hh")
    assert name_keys("~花 花!✨") == ("huahua", "hh")
    assert name_keys("张姐-美容卡(老客)") == ("zhangjiemeirongkalaoke", "zjmrklk")


def test_empty_and_nothing_to_keep():
    assert name_keys("") == ("", "")
    assert name_keys("🌸✨!") == ("", "")
    assert bulk_name_keys([]) == []
    assert bulk_name_keys(["", "张三", ""]) == [("", ""), ("zhangsan", "zs"), ("", "")]


def test_surname_table_is_consistent():
    for surname, readings in SURNAMES.items():
        assert len(surname) == len(readings) and 1 <= len(surname) <= 2
        assert all(r.isascii() and r.isalpha() and r.islower() for r in readings)


def test_importing_the_module_does_not_import_pypinyin():
    code = "import sys, desktop.pinyin_keys; assert 'pypinyin' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_table_agrees_with_pypinyin():
    """The JSON read directly is pypinyin's table, and tone stripping matches its NORMAL style."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    assert pinyin_keys._load_readings() == pinyin_dict
    full, initials = pinyin_keys._get_tables()
    for code, readings in pinyin_dict.items():
        first = to_normal(readings.split(",")[0])
        assert full.get(code, "") == first, chr(code)
        assert initials.get(code, "") == first[:1]
    assert plain_reading("lǜ") == "lv" and plain_reading("zhāng") == "zhang"


NAME_CHARS = st.sampled_from(
    list("张王李赵小花明芳静磊单曾仇解区查朴覃盖缪乐万俟尉迟长孙于欧阳")
    + list("AbZz09 ＡＢ１２-_~!。，🌸✨👍\t") + ["\u3000", "\u0301", "ß", "İ", "Σ"])
NAMES = st.text(NAME_CHARS, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAMES, max_size=30))
def test_bulk_equals_single(names):
    assert bulk_name_keys(names) == [name_keys(n) for n in names]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=6), max_size=20))
def test_bulk_equals_single_on_any_text(names):
    """Any Unicode, including "\\n" (which takes the per-string path)."""
    assert bulk_name_keys(names) == [name_keys(n) for n in names]


@settings(max_examples=100, deadline=None)
@given(NAMES)
def test_keys_are_lowercase_ascii_and_initials_no_longer(name):
    full, initials = name_keys(name)
    assert full == "".join(c for c in full if c.isascii() and (c.islower() or c.isdigit()))
    assert len(initials) <= len(full)
