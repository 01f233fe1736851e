"""Export of contacts to CSV or Excel, streamed in chunks, for the operator's own list or all.

The file has the import's column names (desktop/importing/fields.py), tags as `组:标签` and
times in local time with seconds, so an exported file imports back with no mapping work.

Formula injection: CSV cells get the OWASP leading quote (`fields.neutralise`). Excel cells keep
the exact text and are stored as strings (`data_type = "s"`, an inline string, never a formula);
those that start like a formula also get Excel's own `quotePrefix` flag, the hidden equivalent
of typing a leading quote, so that editing the cell in Excel keeps it text. A visible quote in
an .xlsx would be a literal character of the value, not an escape, and would change the data.

Writes go to a temporary file next to the target, moved over it only when complete: a cancel or
an error never leaves half a file at `path` and never destroys the file that was there.
"""

from __future__ import annotations

import csv
import os
import re
import sqlite3
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from contextlib import closing
from datetime import timedelta
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from db import export as export_db
from db import tags as tags_db
from db.export import ExportRow
from desktop.errors import UserFacingError
from desktop.files import temp_beside, unwritable
from desktop.importing.fields import CONTACT_FIELDS, neutralise
from desktop.progress import Cancelled, Progress
from desktop.timefmt import DB_FORMAT, from_db

if TYPE_CHECKING:
    from openpyxl.cell import Cell

CHUNK = 5_000

EXPORT_COLUMNS: list[tuple[str, str]] = [
    *((f.key, f.header) for f in CONTACT_FIELDS),
    ("tier", "层级"),
    ("stage", "生命周期"),
    ("order_count", "订单数"),
    ("total_spent", "累计消费（元）"),
    ("last_interaction_at", "最近互动"),
    ("last_order_at", "最近下单"),
]
DEFAULT_COLUMNS: list[str] = [*(f.key for f in CONTACT_FIELDS), "tier", "stage"]

# The Chinese names the UI shows (ui/labels.py via the zh_CN translation); desktop has no Qt.
STAGE_NAMES = {"potential": "潜在", "new": "新客", "growing": "成长期", "mature": "成熟期",
               "declining": "衰退期", "churned": "流失"}
_GENDER_NAMES = {"male": "男", "female": "女"}

# Excel column widths (character units) for the longer values; others fit their header.
_WIDTHS = {"nickname": 16, "remark": 16, "phone": 14, "wechat_id": 18, "wecom_external_id": 24,
           "tags": 36, "channel": 12, "added_at": 20, "owner": 12, "city": 10, "birthday": 12,
           "notes": 36, "total_spent": 14, "last_interaction_at": 20, "last_order_at": 20}


def mask_phone(phone: str) -> str:
    """'13800138000' → '138****8000'. Shorter numbers keep a quarter (at least one character)
    at each end; one or two characters are masked entirely, as nothing could be kept safely."""
    n = len(phone)
    if n < 3:
        return "*" * n
    keep_head, keep_tail = (3, 4) if n >= 11 else (max(1, n // 4),) * 2
    return phone[:keep_head] + "*" * (n - keep_head - keep_tail) + phone[n - keep_tail:]


def export_contacts(conn: sqlite3.Connection, path: Path, *, fmt: str = "csv",
                    columns: Sequence[str] | None = None, mask_phone: bool = False,
                    contact_ids: Sequence[int] | None = None,
                    progress: Progress | None = None) -> int:
    """Write the contacts (`contact_ids` in that order, else every live one by id) to `path`
    and return how many were written. Only reads the database; raises UserFacingError for bad
    columns or an unwritable file, Cancelled when `progress` is cancelled."""
    keys = list(DEFAULT_COLUMNS if columns is None else columns)
    headers = _headers(keys)
    path = _checked_target(path, fmt)
    progress = progress or Progress()
    with export_db.read_snapshot(conn):
        ids = (export_db.live_ids(conn) if contact_ids is None
               else list(dict.fromkeys(contact_ids)))
        return _write_through_temp(path, fmt, keys, headers, lambda sink: _write_chunks(
            conn, ids, sink, keys, masked=mask_phone, progress=progress))


def write_table(path: Path, fmt: str, keys: Sequence[str], headers: Sequence[str],
                rows: list[list[str]]) -> int:
    """A small table already in memory (text cells) as the contact export writes it: CSV with
    BOM or .xlsx (`keys` name the columns for their widths), all or nothing."""
    return _write_through_temp(_checked_target(path, fmt), fmt, keys, headers,
                               lambda sink: sink.write(rows) or len(rows))


def _checked_target(path: Path, fmt: str) -> Path:
    if fmt not in ("csv", "xlsx"):
        raise UserFacingError(f"不支持的导出格式“{fmt}”，请选择 CSV 或 Excel（xlsx）。")
    path = Path(path)
    if path.is_dir():
        raise UserFacingError(f"“{path}”是一个文件夹，请换一个文件名再导出。")
    return path


def _write_through_temp(path: Path, fmt: str, keys: Sequence[str], headers: Sequence[str],
                        fill: Callable[[_CsvSink | _XlsxSink], int]) -> int:
    """`fill` writes rows into a sink on a temporary file beside `path`, which then replaces
    `path`; returns what `fill` returns (rows written)."""
    temp = temp_beside(path)
    try:
        sink = _CsvSink(temp, headers) if fmt == "csv" else _XlsxSink(temp, keys, headers)
    except OSError as error:
        raise unwritable(path, error) from error
    try:
        with closing(sink):  # closes (and cleans up) after a cancel or error too
            written = fill(sink)
            sink.finish()
        os.replace(temp, path)
    except OSError as error:
        raise unwritable(path, error) from error
    finally:
        temp.unlink(missing_ok=True)  # gone already after a successful replace
    return written


def _headers(keys: Sequence[str]) -> list[str]:
    if not keys:
        raise UserFacingError("请至少选择一列再导出。")
    header_of = dict(EXPORT_COLUMNS)
    unknown = [k for k in keys if k not in header_of]
    if unknown:
        raise UserFacingError(f"没有这样的导出列：{'、'.join(unknown)}。可用的列："
                              + "、".join(header for _key, header in EXPORT_COLUMNS))
    return [header_of[k] for k in keys]


def _write_chunks(conn: sqlite3.Connection, ids: Sequence[int], sink: _CsvSink | _XlsxSink,
                  keys: Sequence[str], *, masked: bool, progress: Progress) -> int:
    """Read and write CHUNK contacts at a time, so memory stays flat whatever the count."""
    total = len(ids)
    progress.report(0, total)
    tag_texts: dict[int, str] = {}  # of the current chunk; read by the "tags" column
    values = _value_getters(keys, masked=masked, tag_texts=tag_texts)
    with_tags = "tags" in keys
    labels, catalogue = _tag_labels(conn) if with_tags else ({}, {})
    written = 0
    for start in range(0, total, CHUNK):
        if progress.cancel_event.is_set():
            raise Cancelled
        chunk = ids[start:start + CHUNK]
        rows = export_db.rows_by_id(conn, chunk)
        if with_tags:
            tag_texts.clear()
            for contact_id, tags in tags_db.tags_of_contacts(conn, rows, catalogue).items():
                tag_texts[contact_id] = ", ".join(labels[t.id] for t in tags)
        ordered = [rows[i] for i in chunk if i in rows]
        sink.write([[value(row) for value in values] for row in ordered])
        written += len(ordered)
        progress.report(min(start + CHUNK, total), total)
    if progress.cancel_event.is_set():
        raise Cancelled
    return written


def _tag_labels(conn: sqlite3.Connection) -> tuple[dict[int, str], tags_db.TagCatalogue]:
    """'组:标签' per tag id: import puts each tag back into its group by that prefix."""
    labels = {tag.id: f"{group.name}:{tag.name}"
              for group in tags_db.groups_with_tags(conn) for tag in group.tags}
    return labels, tags_db.tag_catalogue(conn)


def _value_getters(keys: Iterable[str], *, masked: bool, tag_texts: dict[int, str]
                   ) -> list[Callable[[ExportRow], str]]:
    """One text-producing function per chosen column, looked up once rather than per cell."""
    local = _LocalTimes()
    special: dict[str, Callable[[ExportRow], str]] = {
        "phone": (lambda r: mask_phone(r.phone)) if masked else attrgetter("phone"),
        "tags": lambda r: tag_texts.get(r.id, ""),
        "added_at": lambda r: local(r.added_at),
        "gender": lambda r: _GENDER_NAMES.get(r.gender, ""),
        "birthday": lambda r: r.birthday.removeprefix("--"),
        "tier": lambda r: f"L{r.tier}",
        "stage": lambda r: STAGE_NAMES.get(r.stage, r.stage),
        "order_count": lambda r: str(r.order_count),
        "total_spent": lambda r: yuan(r.total_spent_fen),
        "last_interaction_at": lambda r: local(r.last_interaction_at),
        "last_order_at": lambda r: local(r.last_order_at),
    }
    return [special.get(key) or attrgetter(key) for key in keys]


class _LocalTimes:
    """Stored UTC text → local 'YYYY-MM-DD HH:MM:SS' with seconds (timefmt.local_text drops
    them, and import reads them back).

    Exact, but one zone conversion per UTC hour instead of per value: within an hour whose
    offset is whole hours and does not change, only the hour differs. Other hours (a change of
    offset, zones such as +05:30) are converted value by value. Saves ~0.5 s per 100k values.
    """

    def __init__(self) -> None:
        self._hours: dict[str, str | None] = {}

    def __call__(self, stored: str | None) -> str:
        if not stored:
            return ""
        hour = stored[:13]
        if hour not in self._hours:
            self._hours[hour] = self._local_hour(hour)
        prefix = self._hours[hour]
        if prefix is None:
            return from_db(stored).astimezone().strftime(DB_FORMAT)
        return prefix + stored[13:19]

    @staticmethod
    def _local_hour(hour: str) -> str | None:
        """'2026-04-26 14' → '2026-04-26 22' in Shanghai; None where minutes would shift."""
        start = from_db(hour + ":00:00").astimezone()
        offset = start.utcoffset()
        end_offset = from_db(hour + ":59:59").astimezone().utcoffset()
        if offset != end_offset or offset % timedelta(hours=1):
            return None
        return start.strftime("%Y-%m-%d %H")


def yuan(fen: int) -> str:
    """12345 → '123.45': exact, no float on the way."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole}.{cents:02d}"


# The characters `neutralise` quotes at the start of a cell, found by asking it, so that one
# search per row can skip the per-cell calls (~0.4 s per 100k rows) for the rows without any.
_QUOTED_STARTS = "".join(c for c in map(chr, range(128)) if neutralise(c) != c)
_ROW_NEEDS_QUOTE = re.compile(f"(?:^|\x1f)[{re.escape(_QUOTED_STARTS)}]")


def _may_need_quote(row: list[str]) -> bool:
    """True if some cell may start like a formula. A unit separator inside a value may raise a
    false alarm, which only costs the per-cell check."""
    return _ROW_NEEDS_QUOTE.search("\x1f".join(row)) is not None


class _CsvSink:
    """UTF-8 with BOM (Excel on Chinese Windows needs it), CRLF, every cell neutralised."""

    def __init__(self, temp: Path, headers: Sequence[str]) -> None:
        self._file = open(temp, "x", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._file)
        self.write([list(headers)])

    def write(self, rows: list[list[str]]) -> None:
        self._writer.writerows([[neutralise(v) for v in row] if _may_need_quote(row) else row
                                for row in rows])

    def finish(self) -> None:
        self._file.close()

    def close(self) -> None:
        self._file.close()


class _XlsxSink:
    """One write-only sheet "客户": rows stream to openpyxl's own temporary file."""

    def __init__(self, temp: Path, keys: Sequence[str], headers: Sequence[str]) -> None:
        # Imported here: openpyxl costs ~200 ms, and only this export path needs it.
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self._new_cell = WriteOnlyCell
        self._illegal = ILLEGAL_CHARACTERS_RE  # openpyxl refuses control characters
        self._error_texts = frozenset(ERROR_CODES)  # text openpyxl would store as an error
        self._file = open(temp, "xb")  # reserves the name; closed in close()
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet("客户")
        for index, (key, header) in enumerate(zip(keys, headers, strict=True), start=1):
            width = max(_WIDTHS.get(key, 0), _text_width(header) + 2)
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header_cells = []
        for header in headers:
            cell = self._text_cell(header)
            cell.font = bold
            header_cells.append(cell)
        self._sheet.append(header_cells)
        self._saved = False

    def write(self, rows: list[list[str]]) -> None:
        for row in rows:
            if self._illegal.search("".join(row)):
                row = [self._illegal.sub("", v) for v in row]
            self._sheet.append([self._cell(v) for v in row])

    def _cell(self, text: str) -> str | Cell | None:
        """Plain text as is (openpyxl types it 's'); formula-like or error-like text as an
        explicit string cell. Empty cells are left out of the sheet."""
        if not text:
            return None
        if neutralise(text) != text or text in self._error_texts:
            cell = self._text_cell(text)
            cell.quotePrefix = True
            return cell
        return text

    def _text_cell(self, text: str) -> Cell:
        cell = self._new_cell(self._sheet, value=text)
        cell.data_type = "s"
        return cell

    def finish(self) -> None:
        self._book.save(self._file)
        self._saved = True

    def close(self) -> None:
        """After a cancel or error also remove openpyxl's temporary sheet file, which it would
        otherwise keep until the process exits."""
        self._file.close()
        if not self._saved:
            if not self._sheet.closed:
                self._sheet.close()  # ends openpyxl's row generator, which writes on exit
            # `_writer` is private, but the only handle on that file; a failed save may
            # already have removed it.
            Path(self._sheet._writer.out).unlink(missing_ok=True)


def _text_width(text: str) -> int:
    """Width in Excel character units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
