"""reader.read_table: encodings, delimiters, quoting, ragged rows, Excel cells, broken input."""

from __future__ import annotations

import codecs
import datetime as dt
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.importing.reader import (
    DELIMITER_CHOICES,
    ENCODING_CHOICES,
    ReadError,
    Table,
    cell_text,
    detect_encoding,
    read_table,
    sniff_delimiter,
)

HEADER = ["昵称", "手机号", "备注"]
ROWS = [["张三", "13800138000", "老客户"], ["李四䶮", "02188886666", "𠀀 罕见字"]]


def write(tmp_path: Path, text: str, encoding: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def lines(rows: list[list[str]], sep: str = ",", end: str = "\n") -> str:
    return "".join(sep.join(row) + end for row in rows)


# --- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "expected"), [
    ("utf-8", "utf-8-sig"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("utf-16", "utf-16"),          # with BOM, native order (LE here)
    ("utf-16-be", "utf-16-be"),    # no BOM: found by the NUL bytes
    ("utf-16-le", "utf-16-le"),
])
def test_encodings_are_detected(tmp_path, encoding, expected):
    rows = [HEADER, *ROWS]
    path = write(tmp_path, lines(rows), encoding)
    table = read_table(path)
    assert table.encoding == expected
    assert table.headers == HEADER and table.source_headers == HEADER
    assert table.rows == ROWS
    assert table.row_numbers == [2, 3]
    assert expected in [codec for codec, _ in ENCODING_CHOICES]


def test_gbk_file_without_rare_characters(tmp_path):
    path = write(tmp_path, lines([HEADER, ["王五", "13900139000", "普通"]]), "gbk")
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert table.rows == [["王五", "13900139000", "普通"]]


def test_gb18030_character_outside_gbk(tmp_path):
    with pytest.raises(UnicodeEncodeError):
        "𠀀".encode("gbk")
    path = write(tmp_path, lines([HEADER, ["𠀀䶮", "13800138000", ""]]), "gb18030")
    assert read_table(path).rows[0][0] == "𠀀䶮"


def test_utf16_bom_with_big_endian(tmp_path):
    path = tmp_path / "be.txt"
    path.write_bytes(codecs.BOM_UTF16_BE + lines([HEADER, *ROWS], "\t").encode("utf-16-be"))
    table = read_table(path)
    assert table.encoding == "utf-16" and table.delimiter == "\t" and table.rows == ROWS


def test_excel_unicode_text(tmp_path):
    """Excel's 'Unicode text' is UTF-16 LE with a BOM, tab-separated, CRLF."""
    path = tmp_path / "unicode.txt"
    path.write_bytes(lines([HEADER, *ROWS], "\t", "\r\n").encode("utf-16"))
    assert path.read_bytes().startswith(codecs.BOM_UTF16_LE)
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.headers == HEADER and table.rows == ROWS


def test_bom_is_stripped_from_the_first_header_even_with_a_chosen_encoding(tmp_path):
    path = write(tmp_path, lines([HEADER, ROWS[0]]), "utf-8-sig")
    for encoding in (None, "utf-8", "utf-8-sig"):
        table = read_table(path, encoding=encoding)
        assert table.headers[0] == "昵称" and table.source_headers[0] == "昵称"


def test_chosen_encoding_is_used(tmp_path):
    path = write(tmp_path, lines([["姓名", "城市"], ["陳大文", "臺北"]]), "big5")
    table = read_table(path, encoding="big5")
    assert table.encoding == "big5" and table.rows == [["陳大文", "臺北"]]


def test_chosen_encoding_that_does_not_fit_names_file_and_encoding(tmp_path):
    path = write(tmp_path, lines([HEADER, *ROWS]), "gb18030")
    with pytest.raises(ReadError, match="UTF-8.*data.csv|data.csv.*UTF-8"):
        read_table(path, encoding="utf-8-sig")
    with pytest.raises(ReadError, match="data.csv"):
        read_table(path, encoding="no-such-codec")


def test_detect_encoding():
    assert detect_encoding("昵称".encode()) == "utf-8-sig"
    assert detect_encoding(codecs.BOM_UTF8 + "昵称".encode()) == "utf-8-sig"
    assert detect_encoding("昵称".encode("gbk")) == "gb18030"
    assert detect_encoding("a,b\n1,2\n".encode("utf-16-le")) == "utf-16-le"
    assert detect_encoding(b"") == "utf-8-sig"
    with pytest.raises(ValueError):
        detect_encoding(b"\xff\x80\x81\xfe\xff\xff")


def test_undecodable_bytes_are_a_read_error(tmp_path):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x80\xff" * 100)
    with pytest.raises(ReadError, match="binary.csv"):
        read_table(path)


# --- delimiters and quoting ------------------------------------------------------------------

@pytest.mark.parametrize("sep", [d for d, _ in DELIMITER_CHOICES])
def test_delimiters_are_sniffed(tmp_path, sep):
    others = "".join(d for d, _ in DELIMITER_CHOICES if d != sep)  # once, in one cell
    rows = [HEADER, ["张三", "13800138000", f"a{others}b"], ["李四", "13900139000", "c"]]
    path = write(tmp_path, lines(rows, sep), "utf-8")
    table = read_table(path)
    assert table.delimiter == sep
    assert table.headers == HEADER and table.rows == rows[1:]


def test_chosen_delimiter_is_used(tmp_path):
    path = write(tmp_path, "a;b,c\n1;2,3\n", "utf-8")
    table = read_table(path, delimiter=";")
    assert table.delimiter == ";" and table.headers == ["a", "b,c"] and table.rows == [["1", "2,3"]]


@pytest.mark.parametrize("delimiter", ["", ";;", '"', "\n"])
def test_unusable_delimiter_is_a_read_error(tmp_path, delimiter):
    with pytest.raises(ReadError, match="分隔符"):
        read_table(write(tmp_path, "a,b\n1,2\n", "utf-8"), delimiter=delimiter)


def test_sniff_prefers_the_consistent_delimiter():
    sample = "昵称,备注\n张三,a;b\n李四,c\n王五,d;e;f\n"
    assert sniff_delimiter(sample) == ","
    assert sniff_delimiter("a\tb\tc\n1\t2\t3\n") == "\t"
    assert sniff_delimiter('"x,y";b\n"1,2";3\n') == ";"  # commas inside quotes do not count
    assert sniff_delimiter("只有一列\n张三\n") == ","
    assert sniff_delimiter("") == ","


def test_quoted_fields_with_commas_quotes_and_newlines(tmp_path):
    text = ('昵称,备注,手机号\r\n'
            '"张,三","他说""你好""",13800138000\r\n'
            '李四,"第一行\r\n第二行\r\n第三行",13900139000\r\n'
            '王五,普通,13700137000\r\n')
    table = read_table(write(tmp_path, text, "utf-8"))
    assert table.rows == [["张,三", '他说"你好"', "13800138000"],
                          ["李四", "第一行\r\n第二行\r\n第三行", "13900139000"],
                          ["王五", "普通", "13700137000"]]
    assert table.row_numbers == [2, 3, 4]  # the multi-line cell is one spreadsheet row


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_line_ends(tmp_path, end):
    table = read_table(write(tmp_path, lines([HEADER, *ROWS], ",", end), "utf-8"))
    assert table.rows == ROWS and table.row_numbers == [2, 3]


def test_empty_lines_are_skipped_but_counted(tmp_path):
    text = "\n\n昵称,手机号\n\n张三,13800138000\n,\n   ,  \n李四,13900139000\n\n"
    table = read_table(write(tmp_path, text, "utf-8"))
    assert table.headers == ["昵称", "手机号"]
    assert table.rows == [["张三", "13800138000"], ["李四", "13900139000"]]
    assert table.row_numbers == [5, 8]
    assert table.warnings == []


def test_nul_bytes_do_not_break_parsing(tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes("昵称,手机号\n张\x00三,13800138000\n".encode())
    assert read_table(path).rows == [["张三", "13800138000"]]


# --- headers and ragged rows -----------------------------------------------------------------

def test_empty_and_duplicate_headers_get_unique_names(tmp_path):
    text = "手机号,,手机号,手机号 (2), 昵称 ,手机号\n1,2,3,4,5,6\n"
    table = read_table(write(tmp_path, text, "utf-8"))
    assert table.headers == ["手机号", "列2", "手机号 (3)", "手机号 (2)", "昵称", "手机号 (4)"]
    assert table.source_headers == ["手机号", "", "手机号", "手机号 (2)", " 昵称 ", "手机号"]
    assert len(set(table.headers)) == len(table.headers)


def test_short_rows_are_padded_and_reported(tmp_path):
    text = "昵称,手机号,备注\n张三,13800138000\n李四\n王五,13700137000,好\n"
    table = read_table(write(tmp_path, text, "utf-8"))
    assert table.rows == [["张三", "13800138000", ""], ["李四", "", ""],
                          ["王五", "13700137000", "好"]]
    assert [(w.row, w.column) for w in table.warnings] == [(2, ""), (3, "")]
    assert "第 2 行" in table.warnings[0].message and "少 1 列" in table.warnings[0].message


def test_long_rows_add_columns_and_lose_nothing(tmp_path):
    text = "昵称,手机号\n张三,13800138000,多出来的,还有\n李四,13900139000\n王五,1,,,\n"
    table = read_table(write(tmp_path, text, "utf-8"))
    assert table.headers == ["昵称", "手机号", "列3", "列4"]
    assert table.source_headers == ["昵称", "手机号", "", ""]
    assert table.rows == [["张三", "13800138000", "多出来的", "还有"],
                          ["李四", "13900139000", "", ""],
                          ["王五", "1", "", ""]]  # trailing empty cells carry nothing
    assert [w.row for w in table.warnings] == [2]
    assert "多 2 列" in table.warnings[0].message


def test_every_row_has_as_many_cells_as_headers(tmp_path):
    text = "a,b,c\n1\n1,2,3,4,5\n1,2\n\n1,2,3\n"
    table = read_table(write(tmp_path, text, "utf-8"))
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert len(table.rows) == len(table.row_numbers) == 4


def test_title_row_above_the_header_is_skipped(tmp_path):
    text = "客户列表（导出时间 2025-03-07）,,,\n昵称,手机号,备注,标签\n张三,13800138000,,VIP\n"
    table = read_table(write(tmp_path, text, "utf-8"))
    assert table.headers == ["昵称", "手机号", "备注", "标签"]
    assert table.rows == [["张三", "13800138000", "", "VIP"]]
    assert table.row_numbers == [3]
    assert table.warnings[0].row == 1 and "标题" in table.warnings[0].message


def test_single_column_file_keeps_its_header(tmp_path):
    table = read_table(write(tmp_path, "手机号\n13800138000\n13900139000\n", "utf-8"))
    assert table.headers == ["手机号"] and len(table.rows) == 2 and table.warnings == []


def test_header_only_file_has_no_rows(tmp_path):
    table = read_table(write(tmp_path, "昵称,手机号\r\n", "utf-8-sig"))
    assert table.headers == ["昵称", "手机号"] and table.rows == [] and not table.truncated


@pytest.mark.parametrize("content", [b"", codecs.BOM_UTF8, b"\n\n\r\n", b",,,\n,,\n"])
def test_empty_file_is_a_read_error(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(ReadError, match="empty.csv.*空"):
        read_table(path)


def test_max_rows_stops_early(tmp_path):
    text = "a,b\n" + "".join(f"{i},x\n" for i in range(10))
    path = write(tmp_path, text, "utf-8")
    table = read_table(path, max_rows=3)
    assert len(table.rows) == 3 and table.truncated and table.row_numbers == [2, 3, 4]
    assert not read_table(path, max_rows=10).truncated
    assert read_table(path, max_rows=0).rows == []


# --- Excel -----------------------------------------------------------------------------------

def make_xlsx(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户"
    sheet.append(["昵称", "手机号", "座机", "添加时间", "生日", "备注", "金额", "是否"])
    sheet.append(["张三", 13800138000, "02188886666", dt.datetime(2025, 3, 7, 14, 5),
                  dt.date(1990, 5, 20), None, 128.5, True])
    formula_like = sheet.cell(row=2, column=6, value="=SUM(A1:A2)")
    formula_like.data_type = "s"  # text that only looks like a formula
    sheet.append(["李四", 13900139000.0, None, dt.datetime(2025, 3, 7, 9, 5, 9), None, "普通",
                  0.1, False])
    sheet.append([])
    sheet.append(["王五"])
    other = workbook.create_sheet("订单")
    other.append(["日期", "金额"])
    other.append([dt.date(2025, 1, 2), 99])
    workbook.create_sheet("空表")
    workbook.save(path)
    return path


def test_xlsx_cells_become_the_text_the_sheet_shows(tmp_path):
    table = read_table(make_xlsx(tmp_path / "客户.xlsx"))
    assert (table.sheet, table.sheets) == ("客户", ["客户", "订单", "空表"])
    assert table.encoding is None and table.delimiter is None
    assert table.headers[:4] == ["昵称", "手机号", "座机", "添加时间"]
    assert table.rows == [
        ["张三", "13800138000", "02188886666", "2025-03-07 14:05:00", "1990-05-20",
         "=SUM(A1:A2)", "128.5", "TRUE"],
        ["李四", "13900139000", "", "2025-03-07 09:05:09", "", "普通", "0.1", "FALSE"],
        ["王五", "", "", "", "", "", "", ""],
    ]
    assert table.row_numbers == [2, 3, 5]


def test_xlsx_sheet_by_name(tmp_path):
    path = make_xlsx(tmp_path / "book.xlsx")
    table = read_table(path, sheet="订单")
    assert table.sheet == "订单" and table.rows == [["2025-01-02", "99"]]
    with pytest.raises(ReadError, match="没有名为“不存在”的工作表"):
        read_table(path, sheet="不存在")
    with pytest.raises(ReadError, match="空表.*空的"):
        read_table(path, sheet="空表")


def test_xlsx_is_recognised_by_content_whatever_its_name(tmp_path):
    path = make_xlsx(tmp_path / "book.xlsx")
    renamed = path.rename(tmp_path / "export.csv")
    assert read_table(renamed).sheet == "客户"


def test_xlsx_data_away_from_the_corner_keeps_spreadsheet_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["C3"], sheet["E3"] = "昵称", "手机号"
    sheet["C4"], sheet["E4"] = "张三", 13800138000
    path = tmp_path / "offset.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert table.headers == ["昵称", "列4", "手机号"]  # D is the sheet's fourth column
    assert table.rows == [["张三", "", "13800138000"]] and table.row_numbers == [4]


def test_xlsx_title_row_and_max_rows(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["企业微信客户列表"])
    sheet.append(["客户名称", "添加人", "添加时间", "企业标签"])
    for i in range(5):
        sheet.append([f"客户{i}", "小王", "2025-03-07", "VIP"])
    path = tmp_path / "wecom.xlsx"
    workbook.save(path)
    table = read_table(path, max_rows=2)
    assert table.headers[0] == "客户名称" and table.row_numbers == [3, 4] and table.truncated
    assert table.warnings[0].row == 1


def test_hidden_first_sheet_is_not_the_default(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "隐藏"
    workbook.active.append(["x"])
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("数据").append(["昵称"])
    path = tmp_path / "hidden.xlsx"
    workbook.save(path)
    assert read_table(path).sheet == "数据"


@pytest.mark.parametrize(("value", "text"), [
    (None, ""), ("abc\r", "abc"), (13800138000.0, "13800138000"), (5, "5"), (-3.0, "-3"),
    (128.5, "128.5"), (1e-07, "0.0000001"), (0.1 + 0.2, "0.3"), (1e20, "100000000000000000000"),
    (123456789012345678.0, "123456789012346000"), (True, "TRUE"), (False, "FALSE"),
    (dt.datetime(2025, 3, 7, 14, 4, 59, 999_600), "2025-03-07 14:05:00"),
    (dt.date(2025, 3, 7), "2025-03-07"), (dt.time(9, 5), "09:05:00"),
    (dt.timedelta(hours=26, minutes=3), "26:03:00"),
])
def test_cell_text(value, text):
    assert cell_text(value) == text


# --- broken input ----------------------------------------------------------------------------

def test_missing_file(tmp_path):
    with pytest.raises(ReadError, match="找不到文件“nope.csv”"):
        read_table(tmp_path / "nope.csv")


def test_directory(tmp_path):
    (tmp_path / "folder.csv").mkdir()
    with pytest.raises(ReadError, match="folder.csv.*文件夹"):
        read_table(tmp_path / "folder.csv")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path):
    path = write(tmp_path, "a\n1\n", "utf-8")
    path.chmod(0)
    with pytest.raises(ReadError, match="data.csv.*权限"):
        read_table(path)


def test_file_locked_by_another_program(tmp_path, monkeypatch):
    """On Windows a workbook open in Excel cannot be read: PermissionError."""
    path = write(tmp_path, "a\n1\n", "utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ReadError, match="data.csv.*占用"):
        read_table(path)


def test_truncated_xlsx(tmp_path):
    data = make_xlsx(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="cut.xlsx.*损坏"):
        read_table(path)


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReadError, match="archive.xlsx"):
        read_table(path)


def test_xlsx_suffix_on_text_is_a_read_error(tmp_path):
    path = write(tmp_path, "a,b\n1,2\n", "utf-8", name="fake.xlsx")
    with pytest.raises(ReadError, match="fake.xlsx"):
        read_table(path)


def test_password_protected_xlsx(tmp_path):
    """Encrypted .xlsx files are OLE containers with an EncryptedPackage stream."""
    path = tmp_path / "secret.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
                     + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000)
    with pytest.raises(ReadError, match="secret.xlsx.*密码"):
        read_table(path)


def test_html_saved_as_xls(tmp_path):
    path = write(tmp_path, "<html><table><tr><td>昵称</td></tr></table></html>", "utf-8",
                 name="export.xls")
    with pytest.raises(ReadError, match="export.xls.*网页"):
        read_table(path)


def test_text_with_xls_suffix_is_read_as_text(tmp_path):
    """Web systems often save tab-separated text as .xls."""
    path = write(tmp_path, lines([HEADER, *ROWS], "\t"), "gb18030", name="export.xls")
    table = read_table(path)
    assert table.delimiter == "\t" and table.rows == ROWS


def test_unbalanced_quote_that_swallows_the_file(tmp_path):
    text = 'a,b\n"1,2\n' + "x" * 200_000 + "\n"
    with pytest.raises(ReadError, match="data.csv.*引号"):
        read_table(write(tmp_path, text, "utf-8"))


_fuzz = settings(max_examples=150, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@_fuzz
@given(data=st.binary(max_size=600))
def test_random_bytes_give_a_table_or_a_read_error(tmp_path, data):
    for name in ("fuzz.csv", "fuzz.xlsx"):
        path = tmp_path / name
        path.write_bytes(data)
        try:
            table = read_table(path)
        except ReadError:
            continue
        assert isinstance(table, Table)
        assert all(len(row) == len(table.headers) for row in table.rows)


@_fuzz
@given(cells=st.lists(st.lists(st.text(max_size=8), min_size=1, max_size=5), min_size=1,
                      max_size=6),
       sep=st.sampled_from([d for d, _ in DELIMITER_CHOICES]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_random_text_cells_give_a_table_or_a_read_error(tmp_path, cells, sep, encoding):
    text = lines([[c.replace(sep, "") for c in row] for row in cells], sep)
    path = tmp_path / "cells.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        table = read_table(path)
    except ReadError:
        return
    assert len(set(table.headers)) == len(table.headers) and all(table.headers)
    assert all(len(row) == len(table.headers) for row in table.rows)
    assert len(table.rows) == len(table.row_numbers)
    assert table.row_numbers == sorted(table.row_numbers)


def test_xlsx_written_and_read_keeps_every_row(tmp_path):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(["昵称", "手机号"])
    for i in range(2000):
        sheet.append([f"客户{i}", 13800000000 + i])
    path = tmp_path / "many.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert len(table.rows) == 2000 and table.rows[-1] == ["客户1999", "13800001999"]
    assert table.row_numbers[-1] == 2001
