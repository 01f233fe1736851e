"""values: one cell at a time; bad cells raise ValueError with a Chinese message."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.importing.fields import neutralise
from desktop.importing.values import (
    TAG_NAME_LIMIT,
    clean_text,
    parse_amount_fen,
    parse_birthday,
    parse_datetime,
    parse_gender,
    parse_phone,
    split_tags,
)

# Tests run in Asia/Shanghai (tests/conftest.py): local = UTC + 8.


@pytest.mark.parametrize("text", [
    "13800138000", "1.38001380000E+10", "13800138000.0", "138 0013 8000", "138-0013-8000",
    "+86 138 0013 8000", "+8613800138000", "0086 13800138000", "１３８００１３８０００",
    "'13800138000", " 13800138000\t",
])
def test_phone_forms(text):
    assert parse_phone(text) == "13800138000"


def test_phone_keeps_leading_zeros_and_empty_is_empty():
    assert parse_phone("02188886666") == "02188886666"
    assert parse_phone("021-8888 6666") == "02188886666"
    assert parse_phone(neutralise("+86 13800138000")) == "13800138000"  # our own export
    assert parse_phone("") == "" and parse_phone("  ") == ""


@pytest.mark.parametrize("text", ["abc", "138001380001380013800138", "1e99999999", "12"])
def test_bad_phones(text):
    with pytest.raises(ValueError, match="手机号"):
        parse_phone(text)


@pytest.mark.parametrize(("text", "stored"), [
    ("2025/3/7", "2025-03-06 16:00:00"),
    ("2025-03-07", "2025-03-06 16:00:00"),
    ("2025-03-07 14:05", "2025-03-07 06:05:00"),
    ("2025-03-07 14:05:09", "2025-03-07 06:05:09"),
    ("2025/3/7 9:05", "2025-03-07 01:05:00"),
    ("2025年3月7日", "2025-03-06 16:00:00"),
    ("2025年3月7日 14:05", "2025-03-07 06:05:00"),
    ("2025年3月7日14时05分", "2025-03-07 06:05:00"),
    ("2025年3月7日 14点05分09秒", "2025-03-07 06:05:09"),
    ("2025/3/7 下午2:05", "2025-03-07 06:05:00"),
    ("2025.3.7", "2025-03-06 16:00:00"),
    ("20250307", "2025-03-06 16:00:00"),
    ("20250307140509", "2025-03-07 06:05:09"),
    ("２０２５－０３－０７", "2025-03-06 16:00:00"),
    ("2025-03-07T14:05:00", "2025-03-07 06:05:00"),
    ("2025-03-07T14:05:00Z", "2025-03-07 14:05:00"),
    ("2025-03-07T14:05:00+08:00", "2025-03-07 06:05:00"),
    ("2025-03-07T14:05:00-05:00", "2025-03-07 19:05:00"),
    ("2025-03-07 14:05:00", "2025-03-07 06:05:00"),   # cell_text of an Excel datetime
    ("45723", "2025-03-06 16:00:00"),                   # Excel serial of 2025-03-07
    ("45723.5", "2025-03-07 04:00:00"),
    ("45723.58403935185", "2025-03-07 06:01:01"),
    ("61", "1900-02-28 15:54:17"),  # 1900-03-01 local; Shanghai's 1900 offset was +8:05:43
    ("59", "1900-02-27 15:54:17"),  # before Excel's fictitious 1900-02-29
])
def test_datetime_forms(text, stored):
    assert parse_datetime(text) == stored


def test_datetime_empty():
    assert parse_datetime("") == "" and parse_datetime("  ") == ""


@pytest.mark.parametrize(("text", "message"), [
    ("2025-02-30", "日期“2025-02-30”不存在"),
    ("2025-13-01", "不存在"),
    ("2025年2月29日", "不存在"),
    ("2025-03-07 24:00", "时间“2025-03-07 24:00”不存在"),
    ("2025-03-07 14:60", "不存在"),
    ("60", "1900-02-29"),
    ("下周一", "无法识别.*2025-03-07"),
    ("3/7/2025", "无法识别"),
    ("13800138000", "无法识别"),
    ("0", "无法识别"),
    ("0001-01-01", "超出范围"),
])
def test_bad_datetimes(text, message):
    with pytest.raises(ValueError, match=message):
        parse_datetime(text)


@pytest.mark.parametrize(("text", "stored"), [
    ("1990-05-20", "1990-05-20"), ("1990/5/20", "1990-05-20"), ("1990/5/20 0:00:00", "1990-05-20"),
    ("1990-05-20 00:00:00", "1990-05-20"), ("1990年5月20日", "1990-05-20"),
    ("1990.5.20", "1990-05-20"), ("19900520", "1990-05-20"), ("32998", "1990-05-05"),
    ("05-20", "--05-20"), ("5月20日", "--05-20"), ("2-29", "--02-29"), ("", ""),
])
def test_birthday_forms(text, stored):
    assert parse_birthday(text) == stored


@pytest.mark.parametrize("text", ["1990", "1990-02-30", "13-01", "明天"])
def test_bad_birthdays(text):
    with pytest.raises(ValueError, match="生日") as caught:
        parse_birthday(text)
    assert type(caught.value) is ValueError


@pytest.mark.parametrize(("text", "gender"), [
    ("男", "male"), ("男性", "male"), ("M", "male"), ("male", "male"), ("先生", "male"),
    ("1", "male"), ("Ｍ", "male"), ("女", "female"), ("女性", "female"), ("f", "female"),
    ("Female", "female"), ("女士", "female"), ("2", "female"), ("", ""), ("未知", ""),
    ("0", ""), ("unknown", ""), (" 女 ", "female"),
])
def test_gender(text, gender):
    assert parse_gender(text) == gender


def test_bad_gender():
    with pytest.raises(ValueError, match="性别“不告诉你”.*男 或 女"):
        parse_gender("不告诉你")


@pytest.mark.parametrize(("text", "fen"), [
    ("128", 12800), ("128.5", 12850), ("¥128.50", 12850), ("￥1,299.00", 129900),
    ("128元", 12800), ("RMB 128", 12800), ("rmb128", 12800), ("1 299", 129900),
    ("１２８．５", 12850), ("1，299", 129900), ("0", 0), ("0.01", 1),
])
def test_amounts(text, fen):
    assert parse_amount_fen(text) == fen


@pytest.mark.parametrize(("text", "message"), [
    ("-128", "负数.*退款"), ("¥-5", "负数"), ("abc", "不是数字"), ("1.234", "两位小数"),
    ("", "空"), ("1e30", "太大"), ("NaN", "金额"), ("1e-999999999999999999", "金额"),
])
def test_bad_amounts(text, message):
    with pytest.raises(ValueError, match=message) as caught:
        parse_amount_fen(text)
    assert type(caught.value) is ValueError


def test_split_tags():
    assert split_tags("VIP，地区:上海；VIP") == [(None, "VIP"), ("地区", "上海")]
    assert split_tags("等级：A | 复购、老客户\n 新品 ;;") == [
        ("等级", "A"), (None, "复购"), (None, "老客户"), (None, "新品")]
    assert split_tags(" 地区 : 北京 ,地区:北京") == [("地区", "北京")]
    assert split_tags(":无组") == [(None, "无组")]
    assert split_tags("") == [] and split_tags(" , ，") == []
    assert split_tags("a" * TAG_NAME_LIMIT) == [(None, "a" * TAG_NAME_LIMIT)]


def test_bad_tags():
    with pytest.raises(ValueError, match="太长.*30"):
        split_tags("a" * (TAG_NAME_LIMIT + 1))
    with pytest.raises(ValueError, match="缺少标签名"):
        split_tags("地区:")


def test_clean_text():
    assert clean_text("  张三 \r\n") == "张三"
    assert clean_text("第一行\r\n第二行\r第三行") == "第一行\n第二行\n第三行"
    assert clean_text(neutralise("=1+1")) == "=1+1"
    assert clean_text("'普通引号") == "'普通引号"
    assert clean_text("Ｆｕｌｌ") == "Ｆｕｌｌ"  # full-width letters are the person's choice
    assert clean_text("e\u0301") == "\u00e9"  # NFC


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[-+]?[0-9０-９.,，eE:：/ 年月日时分T]{0,24}", fullmatch=True)))
def test_parsers_raise_only_value_error(text):
    for parse in (parse_phone, parse_datetime, parse_birthday, parse_gender, parse_amount_fen,
                  split_tags, clean_text):
        try:
            parse(text)
        except ValueError:
            pass
