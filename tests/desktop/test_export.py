"""Export: the files open in Excel as intended, never run formulas, and never half-exist."""

from __future__ import annotations

import csv
import errno
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from db import connection
from db import contacts as contacts_db
from desktop import exporting
from desktop.errors import UserFacingError
from desktop.exporting import (
    DEFAULT_COLUMNS,
    EXPORT_COLUMNS,
    export_contacts,
    mask_phone,
)
from desktop.progress import Cancelled, Progress

PAYLOADS = ['=HYPERLINK("http://evil.example","点我")', "+1", "-2", "@SUM(A1)", "\tx", "\rx"]
ALL_KEYS = [key for key, _header in EXPORT_COLUMNS]


@pytest.fixture
def conn(db_path):
    c = connection.connect(db_path)
    yield c
    c.close()


def add(conn, **values) -> int:
    return contacts_db.insert(conn, values)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def read_xlsx(path: Path) -> list[list[object]]:
    sheet = openpyxl.load_workbook(path)["客户"]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.fixture
def full_contact(conn) -> int:
    """One contact with every exported field filled, and tags in two groups whose display
    order (sort_order) differs from their id order."""
    conn.execute("INSERT INTO accounts (id, name) VALUES (7, '店长小号')")
    conn.execute("INSERT INTO tag_groups (id, name, sort_order) VALUES (1, '需求类型', 2), "
                 "(2, '消费能力', 1)")
    conn.execute("INSERT INTO tags (id, group_id, name, sort_order) VALUES (1, 1, '补水', 2), "
                 "(2, 1, '美白', 1), (3, 2, '高', 0)")
    contact_id = add(
        conn, nickname="张小花🌸", remark="张姐，美容卡", phone="13800138000",
        wechat_id="zhang_xh", wecom_external_id="wmABC123", channel="包裹卡",
        added_at="2025-03-07 06:05:09", owner_account_id=7, gender="female", city="杭州",
        birthday="--05-20", notes="喜欢\n“补水”套装", tier=3, stage="mature", order_count=4,
        total_spent_fen=123450, last_interaction_at="2026-11-22 16:30:00", last_order_at=None)
    conn.execute("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, 1), (?, 2), (?, 3)",
                 (contact_id, contact_id, contact_id))
    return contact_id


def test_csv_has_bom_crlf_and_the_import_headers(conn, full_contact, tmp_path):
    path = tmp_path / "客户.csv"
    assert export_contacts(conn, path) == 1
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].split(b"\r\n")[0].decode()
    expected = [header for key, header in EXPORT_COLUMNS if key in DEFAULT_COLUMNS]
    assert header == ",".join(expected)
    assert expected[:3] == ["昵称", "备注", "手机号"] and expected[-2:] == ["层级", "生命周期"]
    assert raw.endswith(b"\r\n") and raw.count(b"\r\n") == 2  # header and the one row
    assert "\"喜欢\n“补水”套装\"".encode() in raw  # a line break inside a quoted cell stays


def test_every_value_round_trips_through_csv(conn, full_contact, tmp_path):
    path = tmp_path / "out.csv"
    export_contacts(conn, path, columns=ALL_KEYS)
    header, row = read_csv(path)
    assert dict(zip(header, row, strict=True)) == {
        "昵称": "张小花🌸", "备注": "张姐，美容卡", "手机号": "13800138000", "微信号": "zhang_xh",
        "外部联系人ID": "wmABC123", "标签": "消费能力:高, 需求类型:美白, 需求类型:补水",
        "来源": "包裹卡", "添加时间": "2025-03-07 14:05:09", "所属员工": "店长小号",
        "性别": "女", "城市": "杭州", "生日": "05-20", "描述": "喜欢\n“补水”套装",
        "层级": "L3", "生命周期": "成熟期", "订单数": "4", "累计消费（元）": "1234.50",
        "最近互动": "2026-11-23 00:30:00", "最近下单": ""}


def test_chosen_columns_in_chosen_order(conn, full_contact, tmp_path):
    path = tmp_path / "out.csv"
    export_contacts(conn, path, columns=["total_spent", "nickname", "gender"])
    assert read_csv(path) == [["累计消费（元）", "昵称", "性别"], ["1234.50", "张小花🌸", "女"]]


def test_unknown_or_no_column_is_refused_by_name(conn, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UserFacingError, match="salary"):
        export_contacts(conn, folder / "out.csv", columns=["nickname", "salary"])
    with pytest.raises(UserFacingError):
        export_contacts(conn, folder / "out.csv", columns=[])
    assert not list(folder.iterdir())


@pytest.mark.parametrize(("phone", "masked"), [
    ("13800138000", "138****8000"), ("8613800138000", "861******8000"),
    ("02112345678", "021****5678"), ("12345678", "12****78"), ("1234567", "1*****7"),
    ("123", "1*3"), ("12", "**"), ("", "")])
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


def test_phone_masked_on_request(conn, full_contact, tmp_path):
    path = tmp_path / "out.csv"
    export_contacts(conn, path, columns=["phone"], mask_phone=True)
    assert read_csv(path) == [["手机号"], ["138****8000"]]


def test_formula_payloads_are_quoted_in_csv(conn, tmp_path):
    for payload in PAYLOADS:
        add(conn, nickname=payload, notes="普通文字")
    path = tmp_path / "out.csv"
    export_contacts(conn, path, columns=["nickname", "notes"])
    rows = read_csv(path)
    assert [r[0] for r in rows[1:]] == ["'" + p for p in PAYLOADS]
    assert {r[1] for r in rows[1:]} == {"普通文字"}


def test_formula_payloads_stay_plain_text_in_xlsx(conn, tmp_path):
    """data_type 's' keeps the exact text (no visible quote); quotePrefix keeps Excel from
    turning it into a formula when the cell is edited. XML reads a carriage return back as a
    line feed, and openpyxl drops control characters it cannot store."""
    texts = [*PAYLOADS, "=1+1", "#N/A", "普通文字", "控制\x01字符"]
    for text in texts:
        add(conn, nickname=text)
    path = tmp_path / "out.xlsx"
    assert export_contacts(conn, path, fmt="xlsx", columns=["nickname"]) == len(texts)
    sheet = openpyxl.load_workbook(path)["客户"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == [*(t.replace("\r", "\n") for t in texts[:-1]), "控制字符"]
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True] * (len(PAYLOADS) + 2) + [False, False]


def test_xlsx_layout_bold_header_frozen_widths(conn, full_contact, tmp_path):
    path = tmp_path / "out.xlsx"
    export_contacts(conn, path, fmt="xlsx", columns=ALL_KEYS)
    sheet = openpyxl.load_workbook(path)["客户"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b and cell.data_type == "s" for cell in sheet[1])
    assert sheet.column_dimensions["F"].width >= 30  # 标签
    assert sheet.column_dimensions["Q"].width >= 14  # 累计消费（元）
    values = dict(zip(*read_xlsx(path), strict=True))
    assert values["标签"] == "消费能力:高, 需求类型:美白, 需求类型:补水"
    assert values["添加时间"] == "2025-03-07 14:05:09" and values["累计消费（元）"] == "1234.50"
    assert values["最近下单"] is None  # empty cells are left out of the sheet


def test_xlsx_reads_back_as_text_with_the_import_reader(conn, tmp_path):
    """The import reads .xlsx with python-calamine: a formula-like cell must come back as its
    text, not as a computed value."""
    calamine = pytest.importorskip("python_calamine")
    add(conn, nickname="=1+1", phone="13800138000")
    path = tmp_path / "out.xlsx"
    export_contacts(conn, path, fmt="xlsx", columns=["nickname", "phone"])
    rows = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("客户").to_python()
    assert rows == [["昵称", "手机号"], ["=1+1", "13800138000"]]


def test_only_the_given_ids_in_their_order(conn, tmp_path):
    ids = [add(conn, nickname=name) for name in ("甲", "乙", "丙", "丁")]
    conn.execute("UPDATE contacts SET deleted_at = '2026-01-01 00:00:00' WHERE id = ?",
                 (ids[1],))
    path = tmp_path / "out.csv"
    written = export_contacts(conn, path, columns=["nickname"],
                              contact_ids=[ids[3], ids[1], ids[0], 9999])
    assert written == 3  # a trashed id passed on purpose is written; a missing one is not
    assert read_csv(path) == [["昵称"], ["丁"], ["乙"], ["甲"]]


def test_all_means_live_contacts_by_id(conn, tmp_path):
    ids = [add(conn, nickname=name) for name in ("甲", "乙", "丙")]
    conn.execute("UPDATE contacts SET deleted_at = '2026-01-01 00:00:00' WHERE id = ?",
                 (ids[1],))
    path = tmp_path / "out.csv"
    assert export_contacts(conn, path, columns=["nickname"]) == 2
    assert read_csv(path) == [["昵称"], ["甲"], ["丙"]]


def test_demo_database_in_chunks_with_progress_on_a_read_only_connection(demo_db, tmp_path,
                                                                        monkeypatch):
    monkeypatch.setattr(exporting, "CHUNK", 37)
    reader = connection.connect(demo_db, read_only=True)
    live = contacts_db.count(reader)
    progress = Progress()
    path = tmp_path / "out.xlsx"
    assert export_contacts(reader, path, fmt="xlsx", progress=progress) == live
    assert (progress.done, progress.total) == (live, live)
    assert len(read_xlsx(path)) == live + 1
    reader.close()


class CancelAfterFirstChunk(Progress):
    def report(self, done: int, total: int) -> None:
        super().report(done, total)
        if done:
            self.cancel()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cancel_leaves_no_file_and_keeps_the_old_one(conn, tmp_path, monkeypatch, fmt):
    monkeypatch.setattr(exporting, "CHUNK", 2)
    openpyxl_temp = tmp_path / "openpyxl-temp"
    openpyxl_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(openpyxl_temp))
    for i in range(5):
        add(conn, nickname=f"客户{i}")
    folder = tmp_path / "out"
    folder.mkdir()
    new, old = folder / f"new.{fmt}", folder / f"old.{fmt}"
    old.write_bytes(b"the operator's earlier export")
    for target in (new, old):
        with pytest.raises(Cancelled):
            export_contacts(conn, target, fmt=fmt, progress=CancelAfterFirstChunk())
    assert sorted(p.name for p in folder.iterdir()) == [old.name]
    assert old.read_bytes() == b"the operator's earlier export"
    assert not list(openpyxl_temp.iterdir())  # openpyxl's own sheet file removed as well


def test_missing_folder_is_a_message_naming_the_file(conn, tmp_path):
    target = tmp_path / "没有这个文件夹" / "客户.csv"
    with pytest.raises(UserFacingError, match="没有这个文件夹.*文件夹不存在"):
        export_contacts(conn, target)


def test_a_folder_as_target_is_refused(conn, tmp_path):
    with pytest.raises(UserFacingError, match="文件夹"):
        export_contacts(conn, tmp_path)


@pytest.mark.parametrize(("code", "advice"), [(errno.EACCES, "Excel"),
                                              (errno.ENOSPC, "磁盘空间不足")])
def test_unwritable_target_keeps_the_old_file(conn, tmp_path, monkeypatch, code, advice):
    """Running as root defeats chmod, so the failing rename is simulated."""
    add(conn, nickname="甲")
    target = tmp_path / "客户.csv"
    target.write_text("old")

    def refuse(src, dst):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(exporting.os, "replace", refuse)
    with pytest.raises(UserFacingError, match=f"客户.csv.*{advice}"):
        export_contacts(conn, target)
    assert [p.name for p in tmp_path.iterdir() if p.name != "siyu.db"
            and not p.name.startswith("siyu.db-")] == ["客户.csv"]
    assert target.read_text() == "old"


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "Asia/Kolkata", "Europe/Berlin"])
def test_local_times_per_hour_agree_with_converting_each_value(zone):
    """The per-hour shortcut gives the same text as timefmt's exact conversion, including
    half-hour zones and the hours around a daylight-saving change."""
    previous = os.environ["TZ"]
    os.environ["TZ"] = zone
    time.tzset()
    try:
        local = exporting._LocalTimes()
        start = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # Berlin moves at 01:00 UTC on 3-29
        for minutes in range(0, 6 * 60, 7):
            stored = (start + timedelta(minutes=minutes, seconds=minutes % 60)).strftime(
                "%Y-%m-%d %H:%M:%S")
            exact = datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone()
            assert local(stored) == exact.strftime("%Y-%m-%d %H:%M:%S")
    finally:
        os.environ["TZ"] = previous
        time.tzset()
