"""Import orders (消费记录) from a till/membership export: one undoable batch.

Each row is matched to an existing contact by the same keys as a contact import (WeCom id, then
WeChat ID, then phone); a row that matches nobody is rejected ("import the contacts first"), as
is an order the contact already has (same time, amount and item) — importing the same file twice
must not double anyone's spend. Contact totals (order count, spend, last order) are refreshed in
the same transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping

from db import bulk
from db import imports as imports_db
from db.connection import transaction
from desktop import timefmt
from desktop.changes import Changes, OpResult
from desktop.importing.batches import undo_batch
from desktop.importing.reader import Table
from desktop.importing.report import ImportReport
from desktop.importing.rows import Matcher, check_cancel, check_mapping, parse_rows, reject
from desktop.progress import Progress

_REQUIRED = {"ordered_at": "下单时间", "amount": "金额"}


def _plan(conn: sqlite3.Connection, table: Table, mapping: Mapping[str, str],
          report: ImportReport, progress: Progress | None) -> list[tuple]:
    """(contact, ordered_at, amount_fen, item, category, channel) per accepted row."""
    parsed = parse_rows(table, mapping, "orders", report, progress, total=2 * len(table.rows))
    matcher = Matcher(conn)
    targets = [matcher.find(row.values) for row in parsed]
    existing = imports_db.existing_orders(conn, sorted({t for t in targets if t is not None}))
    first_seen: dict[tuple, int] = {}
    orders: list[tuple] = []
    for row, contact_id in zip(parsed, targets, strict=True):
        missing = [caption for key, caption in _REQUIRED.items() if key not in row.values]
        if missing:
            reject(report, table, row, f"缺少{'和'.join(missing)}：请在文件中补上后再导入")
            continue
        if contact_id is None:
            reject(report, table, row, "没有找到这位客户（按外部联系人ID、微信号、手机号"
                                       "都没有匹配到）：请先导入客户，或检查这一行的号码")
            continue
        v = row.values
        key = (contact_id, v["ordered_at"], v["amount"], v.get("item", ""))
        if key in existing:
            reject(report, table, row,
                   "这笔订单已经存在（同一客户、同一时间、同一金额和商品），已跳过")
            continue
        if key in first_seen:
            reject(report, table, row, f"与第 {first_seen[key]} 行是同一笔订单，已跳过")
            continue
        first_seen[key] = row.row
        orders.append((*key, v.get("category", ""), v.get("channel", "")))
    report.created = len(orders)
    report.merged = len({o[0] for o in orders})
    return orders


def import_orders(conn: sqlite3.Connection, *, table: Table, mapping: Mapping[str, str],
                  dry_run: bool = False, file_name: str, progress: Progress | None = None,
                  clock: timefmt.Clock = timefmt.system_clock) -> OpResult:
    """Plan (dry run) or import order rows; OpResult.value is the ImportReport."""
    check_mapping(table, mapping, "orders")
    report = ImportReport("orders", file_name, dry_run, rows=len(table.rows),
                          headers=list(table.headers), warnings=list(table.warnings))
    if dry_run:
        _plan(conn, table, mapping, report, progress)
        return OpResult(Changes(), value=report)
    now = timefmt.to_db(clock())
    with transaction(conn):
        orders = _plan(conn, table, mapping, report, progress)
        check_cancel(progress)
        batch_id = imports_db.start_batch(conn, kind="orders", file_name=file_name,
                                          started_at=now)
        imports_db.insert_orders(conn, ((*order, batch_id) for order in orders))
        bulk.refresh_contact_activity(conn, sorted({o[0] for o in orders}))
        imports_db.finish_batch(conn, batch_id, finished_at=timefmt.to_db(clock()),
                                rows=report.rows, created=report.created, merged=report.merged,
                                rejected=report.rejected_rows)
    report.batch_id = batch_id
    return OpResult(Changes(contacts=True, contact_detail=True),
                    label=f"导入订单（{file_name}）", count=report.created,
                    undo=lambda c: undo_batch(c, batch_id=batch_id), value=report)
