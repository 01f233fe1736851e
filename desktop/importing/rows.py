"""Shared steps of contact and order imports: checking the mapping, parsing each row's cells
into typed values, and finding the contact a row means."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from db import imports as imports_db
from desktop.errors import UserFacingError
from desktop.importing import values
from desktop.importing.fields import FIELDS_BY_KIND, MATCH_ORDER, missing_for
from desktop.importing.reader import Table
from desktop.importing.report import ImportReport, RowIssue
from desktop.progress import Cancelled, Progress

CHUNK = 5000  # rows between progress reports and cancel checks

_PARSERS: Mapping[str, Callable[[str], object]] = {
    "text": values.clean_text,
    "account": values.clean_text,
    "phone": values.parse_phone,
    "datetime": values.parse_datetime,
    "birthday": values.parse_birthday,
    "gender": values.parse_gender,
    "amount": values.parse_amount_fen,
    "tags": values.split_tags,
}


# Columns such as dates, tags, 添加人 or gender repeat the same few hundred texts over 100k rows:
# parse each distinct text once per import (the results are only read, never changed).
_REPEATING = ("datetime", "birthday", "gender", "tags", "account")


def _parser(kind: str) -> Callable[[str], object]:
    parse = _PARSERS[kind]
    if kind not in _REPEATING:
        return parse
    seen: dict[str, object] = {}

    def cached(text: str) -> object:
        try:
            return seen[text]
        except KeyError:
            value = seen[text] = parse(text)  # a ValueError is raised, not remembered
            return value
    return cached


@dataclass
class ParsedRow:
    row: int                    # the spreadsheet's row number
    values: dict[str, object]   # field key → parsed value; empty cells are left out
    index: int                  # position in Table.rows (for the original cells)


def check_mapping(table: Table, mapping: Mapping[str, str], kind: str) -> None:
    """Every mapped field is known, every mapped column exists and the fields an import needs
    are there; else UserFacingError."""
    known = {f.key: f for f in FIELDS_BY_KIND[kind]}
    for key, column in mapping.items():
        if key not in known:
            raise UserFacingError(f"未知字段“{key}”：可用的字段有 "
                                  + "、".join(f.header for f in known.values()))
        if column not in table.headers:
            raise UserFacingError(f"文件中没有“{column}”这一列（映射到 {known[key].header}）："
                                  f"文件的列有 {'、'.join(table.headers)}")
    missing = missing_for(kind, mapping)
    if missing:
        raise UserFacingError(missing)


def check_cancel(progress: Progress | None) -> None:
    if progress is not None and progress.cancel_event.is_set():
        raise Cancelled()


def parse_rows(table: Table, mapping: Mapping[str, str], kind: str, report: ImportReport,
               progress: Progress | None, *, total: int) -> list[ParsedRow]:
    """Typed values per row. A cell that does not parse rejects its row (all its bad cells are
    reported, with the original cells kept for the rejected-rows file)."""
    fields = {f.key: f for f in FIELDS_BY_KIND[kind]}
    columns = [(key, table.headers.index(column), _parser(fields[key].kind), column)
               for key, column in mapping.items()]
    parsed: list[ParsedRow] = []
    for n, (cells, row) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        if n % CHUNK == 0:
            check_cancel(progress)
            if progress is not None:
                progress.report(n, total)
        out: dict[str, object] = {}
        bad = False
        for key, index, parse, column in columns:
            text = cells[index]
            if not text or text.isspace():
                continue
            try:
                value = parse(text)
            except ValueError as error:
                report.rejected.append(RowIssue(row, column, str(error)))
                bad = True
                continue
            if value or value == 0 and key == "amount":
                out[key] = value
        if bad:
            report.rejected_cells[row] = list(cells)
        else:
            parsed.append(ParsedRow(row, out, n))
    return parsed


def reject(report: ImportReport, table: Table, parsed: ParsedRow, message: str,
           column: str = "") -> None:
    """A row that parsed but cannot be imported (no name, no matching contact, a duplicate)."""
    report.rejected.append(RowIssue(parsed.row, column, message))
    report.rejected_cells[parsed.row] = list(table.rows[parsed.index])


class Matcher:
    """Finds the contact a row means: by WeCom id, then WeChat ID, then phone (PRODUCT.md).

    Only live contacts are matched (a contact in the trash is not merged into). Contacts created
    earlier in the same file are registered, so the WeCom export's one row per (customer, 添加人)
    becomes one contact.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._index = {key: imports_db.key_index(conn, key) for key in MATCH_ORDER}

    def find(self, row_values: Mapping[str, object]) -> int | None:
        for key in MATCH_ORDER:
            value = row_values.get(key)
            if value and value in self._index[key]:
                return self._index[key][value]
        return None

    def others(self, row_values: Mapping[str, object], contact_id: int
               ) -> list[tuple[str, str, int]]:
        """(key, value, other contact) for keys of the row that name a different contact than
        `contact_id` (the one its first key found)."""
        found = []
        for key in MATCH_ORDER:
            value = row_values.get(key)
            if value:
                other = self._index[key].get(value)  # type: ignore[call-overload]
                if other is not None and other != contact_id:
                    found.append((key, str(value), other))
        return found

    def matched_by(self, row_values: Mapping[str, object], contact_id: int) -> str:
        """The key through which the row finds `contact_id` ('' when none does)."""
        for key in MATCH_ORDER:
            value = row_values.get(key)
            if value and self._index[key].get(value) == contact_id:  # type: ignore[call-overload]
                return key
        return ""

    def register(self, row_values: Mapping[str, object], contact_id: int) -> None:
        """Every row's keys, also of rows merged into a contact: a later row with only the key
        an earlier row added (row 1 phone, row 2 phone + WeCom id, row 3 WeCom id) finds the
        same contact. A key already known keeps its contact."""
        for key in MATCH_ORDER:
            value = row_values.get(key)
            if value:
                self._index[key].setdefault(str(value), contact_id)
