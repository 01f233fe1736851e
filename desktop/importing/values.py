"""One imported cell at a time: text as the file has it → the value stored.

Every parser takes the cell text from reader.Table (what the operator sees in the spreadsheet),
returns '' (or raises for amounts) when the cell is empty, and raises ValueError with a Chinese
message that says what to write instead.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from desktop import contacts, timefmt
from desktop.importing.fields import unneutralise
from desktop.phones import normalise_phone

TAG_NAME_LIMIT = 30  # WeCom's own limit for a tag name; longer cells are usually notes

_DATE_FORMS = ("2025-03-07、2025/3/7、2025年3月7日、2025.3.7、20250307，可带时间如 2025-03-07 14:05"
               "，或 Excel 日期")
_DATE_TIME = re.compile(r"""
    (\d{4}) \s* [-/.年] \s* (\d{1,2}) \s* [-/.月] \s* (\d{1,2}) \s* [日号]?
    (?: (?: \s+ | T | (?<=[日号]) ) \s*
        (上午|下午)? \s*
        (\d{1,2}) \s* [:：时点] \s* (\d{1,2}) \s*
        (?: [:：分] \s* (\d{1,2}) (?: \.\d+ )? \s* 秒? | 分 )?
    )?
""", re.VERBOSE)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?")
_HUGE_EXPONENT = re.compile(r"[eE]\+?\d{3,}")
_SERIAL = re.compile(r"\d+(\.\d+)?")
_SERIAL_MAX = 2958465  # 9999-12-31, Excel's last day
_TRAILING_TIME = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")

_MALE = frozenset({"男", "男性", "m", "male", "man", "先生", "1"})
_FEMALE = frozenset({"女", "女性", "f", "female", "woman", "女士", "小姐", "2"})
_UNKNOWN = frozenset({"", "未知", "0", "unknown", "保密", "不详"})

_AMOUNT_NOISE = re.compile(r"[¥元,\s]|rmb|cny|人民币", re.IGNORECASE)
_AMOUNT_LIMIT = Decimal(10) ** 12  # keeps Decimal.quantize in range; no order costs this much
_TAG_SEPARATORS = re.compile(r"[,，;；|、\n]+")


def clean_text(text: str) -> str:
    """Trimmed, NFC, line ends as '\\n', our export's formula guard removed. Not NFKC: full-width
    letters in a nickname are the person's own choice."""
    # Called for ~1M cells per 100k-row import, hence the cheap tests before each step.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.strip()
    return unneutralise(text).strip() if text[:1] == "'" else text


def parse_phone(text: str) -> str:
    """'1.38001380000E+10', '13800138000.0', '+86 138-0013-8000', full-width digits →
    '13800138000'; leading zeros kept ('02188886666'). A leading "'" (Excel's text mark) is
    ignored."""
    if text.isdigit() and text.isascii() and 5 <= len(text) <= 20 \
            and not text.startswith("0086"):
        return text  # the common case, ~10× faster than the general path
    text = clean_text(text).lstrip("'")
    if _HUGE_EXPONENT.search(unicodedata.normalize("NFKC", text)):  # '1e999999' would expand
        raise ValueError(f"手机号“{text}”不是有效号码：只能包含数字（可带 +86、空格或横线）")
    return normalise_phone(text)


def parse_datetime(text: str) -> str:
    """A local date/time in the usual Chinese forms (or an Excel serial number, or ISO 8601 with
    an offset honoured) → stored UTC text. A date alone means local midnight."""
    text = clean_text(text)
    if not text:
        return ""
    normal = unicodedata.normalize("NFKC", text)
    if _SERIAL.fullmatch(normal) and 1 <= float(normal) <= _SERIAL_MAX:
        moment = _from_serial(normal, text)
    else:
        moment = _local_datetime(normal, text)
    try:
        return timefmt.to_db(moment)
    except (OverflowError, ValueError):  # years 1 and 9999 leave the range in UTC
        raise ValueError(f"日期“{text}”超出范围：请检查年份") from None


def parse_birthday(text: str) -> str:
    """'1990-05-20' (full date) or '--05-20' (month and day only) as contacts store birthdays;
    also '1990/5/20 0:00:00', '1990.5.20', '19900520' and Excel serial numbers of 10000 and up
    (from 1927-05-18: a four-digit number in a birthday column is a year, not a serial)."""
    text = clean_text(text)
    if not text:
        return ""
    normal = unicodedata.normalize("NFKC", text)
    if _SERIAL.fullmatch(normal) and 10_000 <= float(normal) <= _SERIAL_MAX:
        return _from_serial(normal, text).date().isoformat()
    normal = _TRAILING_TIME.sub("", normal)
    if compact := _COMPACT.fullmatch(normal):
        normal = "-".join(compact.group(1, 2, 3))
    try:
        return contacts._normalise_birthday(normal.replace(".", "-"))
    except contacts.ValidationError as exc:
        raise ValueError(str(exc)) from None


def parse_gender(text: str) -> str:
    """'' | 'male' | 'female'. 男 / M / 先生 / 1 (WeCom's code) are male, 女 / F / 女士 / 2 female;
    empty, 未知, 0 and 保密 are unknown."""
    key = unicodedata.normalize("NFKC", clean_text(text)).lower()
    if key in _MALE:
        return "male"
    if key in _FEMALE:
        return "female"
    if key in _UNKNOWN:
        return ""
    raise ValueError(f"性别“{text.strip()}”无法识别：请写 男 或 女，不清楚就留空")


def parse_amount_fen(text: str) -> int:
    """Yuan as written ('¥1,299.00', '128元', 'RMB 128', full-width digits) → fen.
    Empty is an error (an order needs an amount); negative amounts are refunds, not imported."""
    original = clean_text(text)
    cleaned = _AMOUNT_NOISE.sub("", unicodedata.normalize("NFKC", original))
    if not cleaned:
        raise ValueError("金额是空的：请填写金额，例如 128 或 128.50")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"金额“{original}”不是数字：请写成 128 或 128.50") from None
    if amount.is_finite() and amount < 0:
        raise ValueError(f"金额“{original}”是负数：暂不支持导入退款，请删掉这一行或改为实付金额")
    if amount.is_finite() and amount >= _AMOUNT_LIMIT:
        raise ValueError(f"金额“{original}”太大了：请检查是否多写了数字，金额以元为单位")
    try:
        return contacts.parse_amount_fen(cleaned)
    except contacts.ValidationError as exc:
        raise ValueError(str(exc).replace(f"“{cleaned}”", f"“{original}”")) from None
    except ArithmeticError:  # an exponent like 1e-999999999999 is beyond Decimal's context
        raise ValueError(f"金额“{original}”不是数字：请写成 128 或 128.50") from None


def split_tags(cell: str) -> list[tuple[str | None, str]]:
    """'VIP，地区:上海；VIP' → [(None, 'VIP'), ('地区', '上海')]: split on , ， ; ； | 、 and line
    breaks, trimmed, repeats dropped. Names (and groups) longer than TAG_NAME_LIMIT raise."""
    tags: list[tuple[str | None, str]] = []
    for part in _TAG_SEPARATORS.split(clean_text(cell)):
        part = part.strip()
        if not part:
            continue
        group, sep, name = part.replace("：", ":").partition(":")
        tag = (group.strip() or None, name.strip()) if sep else (None, part)
        if not tag[1]:
            raise ValueError(f"标签“{part}”缺少标签名：请写成 组:标签，例如 地区:上海")
        for word in tag:
            if word and len(word) > TAG_NAME_LIMIT:
                raise ValueError(f"标签“{word[:TAG_NAME_LIMIT]}…”太长（{len(word)} 个字），最多 "
                                 f"{TAG_NAME_LIMIT} 个字：较长的内容请放到备注或描述里")
        if tag not in tags:
            tags.append(tag)
    return tags


def _from_serial(normal: str, text: str) -> datetime:
    """Excel's day number (fraction = time of day), keeping its 1900 leap-year bug: serial 60
    is the non-existent 1900-02-29 and days before it are one off from the 1899-12-30 epoch."""
    serial = float(normal)
    if 60 <= serial < 61:
        raise ValueError(f"日期“{text}”是 Excel 的 1900-02-29，这一天不存在：请写成 {_DATE_FORMS}")
    epoch = datetime(1899, 12, 31) if serial < 60 else datetime(1899, 12, 30)
    return epoch + timedelta(seconds=round(serial * 86400))


def _local_datetime(normal: str, text: str) -> datetime:
    """Naive (local) or, for ISO text with an offset, aware datetime. Raises ValueError."""
    if match := _DATE_TIME.fullmatch(normal):
        year, month, day, half, hour, minute, second = match.groups()
    elif match := _COMPACT.fullmatch(normal):
        year, month, day, hour, minute, second = match.groups()
        half = None
    else:
        try:
            return datetime.fromisoformat(normal)
        except ValueError:
            raise ValueError(f"日期“{text}”无法识别：请写成 {_DATE_FORMS}") from None
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"日期“{text}”不存在：请检查年、月、日（例如 2 月没有 30 日）") from None
    hours = int(hour or 0)
    if half == "下午" and hours < 12:
        hours += 12
    elif half == "上午" and hours == 12:
        hours = 0
    if hours > 23 or int(minute or 0) > 59 or int(second or 0) > 59:
        raise ValueError(f"时间“{text}”不存在：小时应为 0–23，分和秒应为 0–59")
    return datetime(day_value.year, day_value.month, day_value.day, hours, int(minute or 0),
                    int(second or 0))
