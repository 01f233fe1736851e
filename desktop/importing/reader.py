"""A CSV / TSV / Excel file becomes a Table of text cells, numbered as the operator's spreadsheet
numbers its rows.

Nothing here interprets a cell (values.py parses phones, dates, amounts) and nothing is dropped
silently: ragged rows are padded or widened and reported in `Table.warnings`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from desktop.errors import UserFacingError
from desktop.importing.report import RowIssue

# Every codec detect_encoding can answer is listed, so a drop-down can always show the guess.
ENCODING_CHOICES: list[tuple[str, str]] = [
    ("utf-8-sig", "UTF-8"),
    ("gb18030", "GBK / GB18030"),
    ("utf-16", "UTF-16（Excel Unicode 文本）"),
    ("big5", "Big5（繁体）"),
    ("utf-16-le", "UTF-16 LE（无 BOM）"),
    ("utf-16-be", "UTF-16 BE（无 BOM）"),
]
DELIMITER_CHOICES: list[tuple[str, str]] = [
    (",", "逗号"), ("\t", "制表符"), (";", "分号"), ("|", "竖线")]

_ZIP_MAGIC = b"PK\x03\x04"          # .xlsx .xlsm .xlsb .ods
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"    # .xls, and password-protected .xlsx
_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta", b"<?xml")
_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_SNIFF_CHARS = 32_768
_SNIFF_RECORDS = 30
_SHARE_SAMPLE = 1000  # rows read before deciding which columns repeat
_TITLE_LOOKAHEAD = 5


class ReadError(UserFacingError):
    """The file cannot be read as a table; the message names it and says what to do."""


@dataclass
class Table:
    headers: list[str]          # unique, non-empty: '' → '列3', repeated '手机号' → '手机号 (2)'
    source_headers: list[str]   # header cells as in the file ('' for columns added for long rows)
    rows: list[list[str]]       # each exactly len(headers) cells
    row_numbers: list[int]      # the spreadsheet's row number of each row (header row = 1)
    encoding: str | None = None  # codec used (text files), None for Excel
    delimiter: str | None = None
    sheet: str | None = None     # Excel sheet read
    sheets: list[str] = field(default_factory=list)  # all Excel sheet names, [] for text
    warnings: list[RowIssue] = field(default_factory=list)
    truncated: bool = False      # max_rows stopped reading before the end


def read_table(path: Path, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None, max_rows: int | None = None) -> Table:
    """Read the header and up to `max_rows` data rows. Raises ReadError only.

    Excel is recognised by content (zip / OLE magic) or suffix; anything else is delimited text.
    `encoding` and `delimiter` are guessed when None; `sheet` defaults to the first visible one.
    """
    path = Path(path)
    try:
        with path.open("rb") as file:
            head = file.read(512)
    except OSError as exc:
        raise _os_error(path, exc) from None
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS):
        raise ReadError(f"“{path.name}”其实是网页或 XML 格式（网页系统导出的 .xls 常这样），不是"
                        "真正的表格文件：请用 Excel 打开它，另存为 .xlsx 或 CSV 后再导入。")
    if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or path.suffix.lower() in _EXCEL_SUFFIXES:
        return _read_excel(path, sheet, max_rows)
    return _read_text(path, encoding, delimiter, max_rows)


def detect_encoding(data: bytes) -> str:
    """The codec (one of ENCODING_CHOICES) that decodes `data`: BOM, UTF-16 without BOM, strict
    UTF-8, then GB18030 (LIBRARY-FACTS: this order was right on every mainland sample; Big5 is
    never guessed because it decodes as GB18030 garbage). Raises ValueError when none fits."""
    return _decode(data)[1]


def sniff_delimiter(text_sample: str) -> str:
    """The candidate whose count outside quotes is the same on most of the first records;
    ties go to the one appearing more often per record, then to the earlier in
    DELIMITER_CHOICES. A sample with no candidate at all is one column: ','."""
    candidates = [d for d, _ in DELIMITER_CHOICES]
    records: list[list[int]] = []
    current = [0] * len(candidates)
    has_text = in_quotes = False
    for char in text_sample[:_SNIFF_CHARS]:
        if char == '"':
            in_quotes = not in_quotes
        elif in_quotes:
            continue
        elif char in "\r\n":
            if has_text:
                records.append(current)
                if len(records) == _SNIFF_RECORDS:
                    break
            current, has_text = [0] * len(candidates), False
            continue
        elif char in candidates:
            current[candidates.index(char)] += 1
        has_text = True
    if has_text and not records:  # a one-line sample without its line end
        records.append(current)
    best, best_key = ",", (0.0, 0, 0)
    for position, candidate in enumerate(candidates):
        counts = [record[position] for record in records if record[position]]
        if not counts:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n))
        key = (counts.count(mode) / len(records), mode, -position)
        if key > best_key:
            best, best_key = candidate, key
    return best


def cell_text(value: object) -> str:
    """An Excel cell value as the text the sheet shows, so phones and IDs keep every digit.

    None → ''; numbers to Excel's 15 significant digits without '.0' or exponent
    (13800138000.0 → '13800138000', 1e-07 → '0.0000001'); bool → 'TRUE' / 'FALSE' as Excel
    displays them; datetime → 'YYYY-MM-DD HH:MM:SS' (rounded to the second), date → 'YYYY-MM-DD',
    time → 'HH:MM:SS'; strings lose a trailing '\\r'.
    """
    if isinstance(value, str):
        return value.rstrip("\r")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(format(value, ".15g")).normalize(), "f")
    if isinstance(value, datetime):
        if value.microsecond:  # serial-number float error: 14:04:59.999999 is 14:05:00
            value = (value + timedelta(microseconds=500_000)).replace(microsecond=0)
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        if value.microsecond:
            moment = datetime.combine(date(2000, 1, 1), value) + timedelta(microseconds=500_000)
            value = moment.time().replace(microsecond=0)
        return value.isoformat()
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return str(value)


# --- text files ------------------------------------------------------------------------------

def _read_text(path: Path, encoding: str | None, delimiter: str | None,
               max_rows: int | None) -> Table:
    """Bytes, text and rows are each let go as soon as the next form exists."""
    if delimiter is not None and (len(delimiter) != 1 or delimiter in '"\r\n'):
        raise ReadError(f"分隔符“{delimiter}”无效：请选择逗号、制表符、分号或竖线。")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _os_error(path, exc) from None
    if encoding is None:
        try:
            text, encoding = _decode(data)
        except ValueError:
            raise ReadError(f"无法识别“{path.name}”的文字编码，它可能不是文本表格：请确认文件是 "
                            "CSV / TXT / Excel，或用 Excel 打开后另存为“CSV UTF-8”再导入。"
                            ) from None
    else:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise ReadError(f"无法用 {_encoding_label(encoding)} 编码读取“{path.name}”：请换一种"
                            "编码（中文 Windows 上 Excel 另存的 CSV 通常是 GBK）。") from None
    del data
    text = text.removeprefix("\ufeff")
    if "\x00" in text:  # the csv module refuses NUL; it is never meaningful in a table
        text = text.replace("\x00", "")
    if delimiter is None:
        delimiter = sniff_delimiter(text[:_SNIFF_CHARS])
    source = io.StringIO(text, newline="")  # newline='': the csv module handles CR, LF, CRLF
    del text
    records = csv.reader(source, delimiter=delimiter)
    try:
        table = _assemble(records, max_rows, first_column=1)
    except csv.Error as exc:
        raise ReadError(f"“{path.name}”第 {records.line_num} 行附近无法解析（{exc}）：可能有未"
                        "配对的英文双引号，请检查后重试。") from None
    if table is None:
        raise ReadError(f"“{path.name}”是空的：文件里没有表头，也没有数据。")
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _decode(data: bytes) -> tuple[str, str]:
    """(text, codec) by the first candidate that decodes all of `data`; ValueError if none."""
    candidates = ["utf-8-sig", "gb18030"]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates.insert(0, "utf-16")
    elif not data.startswith(codecs.BOM_UTF8) and (utf16 := _utf16_without_bom(data)):
        candidates.insert(0, utf16)
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    raise ValueError("无法识别文件编码")


def _utf16_without_bom(data: bytes) -> str | None:
    """ASCII in UTF-16 is every other byte NUL: at odd offsets (LE) or even ones (BE)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if pairs and odd >= pairs / 5 and even * 8 <= odd:
        return "utf-16-le"
    if pairs and even >= pairs / 5 and odd * 8 <= even:
        return "utf-16-be"
    return None


def _encoding_label(codec: str) -> str:
    return next((label for c, label in ENCODING_CHOICES if c == codec), codec)


# --- Excel -----------------------------------------------------------------------------------

def _read_excel(path: Path, sheet: str | None, max_rows: int | None) -> Table:
    """python-calamine reads .xlsx .xlsm .xlsb .xls .ods (~10× openpyxl, LIBRARY-FACTS)."""
    try:
        with CalamineWorkbook.from_path(path) as workbook:
            names = workbook.sheet_names
            if sheet is None:
                sheet = next((m.name for m in workbook.sheets_metadata
                              if m.visible == SheetVisibleEnum.Visible
                              and m.typ == SheetTypeEnum.WorkSheet), names[0] if names else None)
            if sheet is None:
                raise ReadError(f"“{path.name}”里没有工作表。")
            if sheet not in names:
                raise ReadError(f"“{path.name}”里没有名为“{sheet}”的工作表，"
                                f"现有：{'、'.join(names)}。")
            grid = workbook.get_sheet_by_name(sheet)
            first_column = (grid.start or (0, 0))[1] + 1
            # iter_rows starts at the sheet's row 1 (blank rows included) and the data's first
            # column, and converts lazily, so a preview stops early.
            rows = ([cell_text(value) for value in row] for row in grid.iter_rows())
            table = _assemble(rows, max_rows, first_column=first_column)
            if table is None:
                other = "：请选择其他工作表" if len(names) > 1 else ""
                raise ReadError(f"“{path.name}”的工作表“{sheet}”是空的{other}。")
    except ReadError:
        raise
    except OSError as exc:
        raise _os_error(path, exc) from None
    except Exception as exc:  # CalamineError and its kin, ValueError on malformed content
        raise _excel_error(path, exc) from None
    table.sheet, table.sheets = sheet, names
    return table


def _excel_error(path: Path, exc: Exception) -> ReadError:
    if isinstance(exc, PasswordError) or _looks_encrypted(path):
        return ReadError(f"“{path.name}”设置了打开密码，无法读取：请在 Excel 中打开它，去掉密码后"
                         "另存，再导入。")
    return ReadError(f"“{path.name}”不是有效的 Excel 文件，或文件已损坏：请用 Excel 打开并另存为"
                     f" .xlsx 或 CSV 后重试。（{str(exc)[:200]}）")


def _looks_encrypted(path: Path) -> bool:
    """A password-protected .xlsx is an OLE container holding an 'EncryptedPackage' stream."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return data.startswith(_OLE_MAGIC) and _ENCRYPTED_MARK in data


# --- shared ----------------------------------------------------------------------------------

def _assemble(records: Iterable[list[str]], max_rows: int | None, *,
              first_column: int) -> Table | None:
    """Header, rows and row numbers from the file's rows in order (the first is row 1).

    Blank rows are skipped but counted. A title row above the header (one filled cell, with a
    row of three or more filled cells just below, as WeCom exports have) is skipped with a
    warning. None when there is no non-blank row at all.
    """
    numbered: Iterator[tuple[int, list[str]]] = enumerate(records, start=1)
    warnings: list[RowIssue] = []
    head: list[tuple[int, list[str]]] = []
    for number, cells in numbered:
        if _blank(cells):
            continue
        head.append((number, cells))
        if len(head) == _TITLE_LOOKAHEAD or _filled(head[0][1]) != 1:
            break
    if not head:
        return None
    at = 0
    if _filled(head[0][1]) == 1:
        at = next((i for i, (_, cells) in enumerate(head) if _filled(cells) >= 3), 0)
    header_number, header = head[at]
    for number, cells in head[:at]:
        title = next(c for c in cells if c.strip())
        warnings.append(RowIssue(number, "", f"第 {number} 行“{title.strip()[:30]}”看起来是标题，"
                                             f"已跳过；表头取第 {header_number} 行。"))
    source_headers = [c.removeprefix("\ufeff") if i == 0 else c for i, c in enumerate(header)]
    header_width = width = len(source_headers)
    rows: list[list[str]] = []
    row_numbers: list[int] = []
    truncated = False
    pools: list[tuple[int, dict[str, str]]] | None = None
    for number, cells in itertools.chain(head[at + 1:], numbered):
        if _blank(cells):
            continue
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        if len(cells) != header_width:
            while len(cells) > header_width and not cells[-1].strip():
                cells.pop()  # empty cells past the header carry nothing
            if len(cells) < header_width:
                warnings.append(RowIssue(number, "", f"第 {number} 行只有 {len(cells)} 列，比表头"
                                                     f"少 {header_width - len(cells)} 列；缺少的列"
                                                     "按空白处理。"))
            elif len(cells) > header_width:
                warnings.append(RowIssue(number, "", f"第 {number} 行有 {len(cells)} 列，比表头多"
                                                     f" {len(cells) - header_width} 列；多出的内容"
                                                     "放在新增的无名列中，请检查是否错位。"))
                width = max(width, len(cells))
        if pools is not None:
            for column, pool in pools:
                if column < len(cells):
                    cells[column] = pool.setdefault(cells[column], cells[column])
        rows.append(cells)
        row_numbers.append(number)
        if len(rows) == _SHARE_SAMPLE:
            pools = _repeating_columns(rows, header_width)
    for cells in rows:
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
    source_headers.extend([""] * (width - header_width))
    return Table(headers=_unique_headers(source_headers, first_column),
                 source_headers=source_headers, rows=rows, row_numbers=row_numbers,
                 warnings=warnings, truncated=truncated)


def _repeating_columns(rows: list[list[str]], width: int) -> list[tuple[int, dict[str, str]]]:
    """Columns whose cells repeat (dates, 添加人, 来源, 城市…), judged on the first rows, with a
    pool in which they are shared from then on: one string object per distinct text instead of
    one per cell, ~30 MB less for a 100k-row WeCom export. The sample rows join the pools."""
    pools = []
    for column in range(width):
        texts = [cells[column] for cells in rows if column < len(cells)]
        if len(set(texts)) <= len(texts) // 4:
            pool: dict[str, str] = {}
            for cells in rows:
                if column < len(cells):
                    cells[column] = pool.setdefault(cells[column], cells[column])
            pools.append((column, pool))
    return pools


def _blank(cells: list[str]) -> bool:
    return not "".join(cells).strip()


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _unique_headers(source: list[str], first_column: int) -> list[str]:
    """Stripped names; '' → '列N' (N its spreadsheet column), repeats → 'name (2)', never
    colliding with a name the file itself uses."""
    bases = [name.strip() or f"列{first_column + i}" for i, name in enumerate(source)]
    taken = set(bases)
    used: set[str] = set()
    out = []
    for base in bases:
        name, n = base, 1
        while name in used or (n > 1 and name in taken):
            n += 1
            name = f"{base} ({n})"
        used.add(name)
        out.append(name)
    return out


def _os_error(path: Path, exc: OSError) -> ReadError:
    if isinstance(exc, FileNotFoundError):
        return ReadError(f"找不到文件“{path.name}”：它可能已被移动或删除，请重新选择。")
    if isinstance(exc, IsADirectoryError):
        return ReadError(f"“{path.name}”是一个文件夹，不是文件：请选择其中的 CSV 或 Excel 文件。")
    if isinstance(exc, PermissionError):
        return ReadError(f"无法读取“{path.name}”：没有权限，或文件正被其他程序（如 Excel）占用。"
                         "请关闭该文件后重试。")
    return ReadError(f"无法读取“{path.name}”：{exc.strerror or exc}。"
                     "请确认文件还在、能打开后重试。")
