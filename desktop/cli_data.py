"""`siyu import …` and `siyu export …`: the import and export services without a window.

Exit codes: 0 done, 1 some rows rejected (a dry run lists them), 2 unusable input (a file that
cannot be read, an unknown column or field). Problems go to stderr, one line each, with the row.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.errors import UserFacingError

OK, REJECTED, UNUSABLE = 0, 1, 2


def add_parsers(commands: argparse._SubParsersAction) -> None:
    importing = commands.add_parser("import", help="从 CSV / Excel 导入客户或订单，或撤销一次导入")
    kinds = importing.add_subparsers(dest="import_command", required=True)
    for kind, caption in (("contacts", "客户"), ("orders", "订单")):
        sub = kinds.add_parser(kind, help=f"导入{caption}")
        sub.add_argument("file", type=Path)
        sub.add_argument("--mapping", metavar="名称", help="使用保存过的列映射")
        sub.add_argument("--map", action="append", default=[], metavar="字段=列",
                         help="指定某个字段取自哪一列，例如 --map 昵称=客户名称（可重复）")
        sub.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        if kind == "contacts":
            sub.add_argument("--overwrite", action="store_true",
                             help="合并时用文件中的值覆盖已有的非空字段")
            sub.add_argument("--full-snapshot", action="store_true",
                             help="这是某个账号的完整好友导出：与该账号上一次完整导出对比，"
                                  "不在名单里的好友标记为流失，新好友收到欢迎任务（不删除任何资料）")
            sub.add_argument("--account", metavar="账号",
                             help="--full-snapshot 导出的是哪个账号的好友（文件的添加人列只有一个"
                                  "账号时可省略）")
        _add_reading_options(sub)
        sub.add_argument("--json", action="store_true", help="以 JSON 输出报告")
    preview = kinds.add_parser("preview", help="显示文件读出的表头和前几行（JSON 可选）")
    preview.add_argument("file", type=Path)
    preview.add_argument("--rows", type=int, default=20, help="显示的行数（默认 20）")
    _add_reading_options(preview)
    preview.add_argument("--json", action="store_true")
    undo = kinds.add_parser("undo", help="撤销一次导入（删除它新建的记录，还原它合并的字段和标签）")
    undo.add_argument("batch", type=int, metavar="编号")
    kinds.add_parser("history", help="列出导入记录")

    exporting = commands.add_parser("export", help="导出客户到 CSV 或 Excel，或任务到 .ics 日历")
    what = exporting.add_subparsers(dest="export_command", required=True)
    contacts = what.add_parser("contacts", help="导出全部客户（不含回收站）")
    contacts.add_argument("-o", "--output", type=Path, required=True, metavar="文件")
    contacts.add_argument("--format", choices=("csv", "xlsx"), default=None,
                          help="默认按文件扩展名，否则 csv")
    contacts.add_argument("--columns", nargs="+", metavar="列", help="要导出的列（默认常用列）")
    contacts.add_argument("--mask-phone", action="store_true", help="手机号打码：138****0000")
    contacts.add_argument("--segment", metavar="分组", help="只导出这个已保存分组里的客户")
    contacts.add_argument("--search", metavar="文字", help="只导出搜索到的客户（与分组可同时使用）")
    tasks = what.add_parser("tasks", help="导出未完成且有截止时间的任务到 .ics（手机日历可导入）")
    tasks.add_argument("-o", "--output", type=Path, required=True, metavar="文件")
    lost = what.add_parser("lost-friends", help="导出流失好友名单（已删除我们、尚未重新添加）")
    lost.add_argument("-o", "--out", "--output", dest="output", type=Path, required=True,
                      metavar="文件")
    lost.add_argument("--format", choices=("csv", "xlsx"), default=None,
                      help="默认按文件扩展名，否则 csv")
    lost.add_argument("--mask-phone", action="store_true", help="手机号打码：138****0000")
    moments = what.add_parser("moments", help="导出今天起待发的朋友圈计划到 .ics（手机日历可导入）")
    moments.add_argument("-o", "--output", type=Path, required=True, metavar="文件")


def _add_reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--encoding", help="文件编码（默认自动识别），例如 gb18030")
    parser.add_argument("--delimiter", help="分隔符（默认自动识别），例如 ',' 或 '\\t'")
    parser.add_argument("--sheet", help="Excel 工作表名称（默认第一个）")


def run(args: argparse.Namespace, opened: Callable) -> int:
    """`opened(db_path)` yields the workspace or None (see desktop.cli)."""
    try:
        if args.command == "export":
            return _export(args, opened)
        if args.import_command == "preview":
            return _preview(args)
        return _import(args, opened)
    except UserFacingError as error:
        print(str(error), file=sys.stderr)
        return UNUSABLE


def _read(args: argparse.Namespace, max_rows: int | None = None):
    from desktop.importing.reader import read_table

    delimiter = args.delimiter.replace("\\t", "\t") if args.delimiter else None
    return read_table(args.file, encoding=args.encoding, delimiter=delimiter, sheet=args.sheet,
                      max_rows=max_rows)


def _preview(args: argparse.Namespace) -> int:
    from desktop.importing.fields import recognise

    table = _read(args, max_rows=max(args.rows, 0))
    data = {"file": str(args.file), "encoding": table.encoding, "delimiter": table.delimiter,
            "sheet": table.sheet, "sheets": table.sheets, "headers": table.headers,
            "source_headers": table.source_headers,
            "rows": [{"row": n, "cells": cells}
                     for n, cells in zip(table.row_numbers, table.rows, strict=True)],
            "truncated": table.truncated,
            "warnings": [dataclasses.asdict(w) for w in table.warnings],
            "recognised": recognise(table.headers, "contacts")}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return OK
    print(f"编码 {table.encoding or '-'}，分隔符 {table.delimiter!r}，工作表 {table.sheet or '-'}")
    print("\t".join(table.headers))
    for cells in table.rows:
        print("\t".join(cells))
    for warning in table.warnings:
        print(f"第 {warning.row} 行：{warning.message}", file=sys.stderr)
    return OK


def _mapping(args: argparse.Namespace, conn, kind: str, headers: list[str]) -> dict[str, str]:
    """--map pairs over a --mapping by name, over the mapping saved for these columns, over the
    recognised header names."""
    from desktop.importing import batches, fields

    if args.mapping:
        saved = {m.name: m for m in batches.list_mappings(conn, kind=kind)}
        if args.mapping not in saved:
            raise UserFacingError(f"没有名为“{args.mapping}”的保存映射；"
                                  f"已有：{'、'.join(saved) or '无'}")
        mapping = dict(saved[args.mapping].mapping)
    else:
        found = batches.find_mapping(conn, kind=kind, headers=headers)
        mapping = dict(found.mapping) if found else fields.recognise(headers, kind)
    for pair in args.map:
        name, sep, column = pair.partition("=")
        field = fields.field_named(kind, name)
        if not sep or field is None:
            raise UserFacingError(f"--map {pair}：应写成 字段=列，字段可以是 "
                                  + "、".join(f.header for f in fields.FIELDS_BY_KIND[kind]))
        mapping = {k: v for k, v in mapping.items() if v != column}
        mapping[field.key] = column
    return mapping


def _import(args: argparse.Namespace, opened: Callable) -> int:
    from desktop.importing import batches

    with opened(args.db_path) as workspace:
        if workspace is None:
            return UNUSABLE
        if args.import_command == "undo":
            result = workspace.execute(lambda c: batches.undo_batch(c, batch_id=args.batch))
            print(f"已{result.label}：删除新建记录 {result.count} 条，已还原合并的字段和标签。")
            recompute_layering(workspace)
            return OK
        if args.import_command == "history":
            return _history(workspace.conn)
        return _import_file(args, workspace)


def _import_file(args: argparse.Namespace, workspace) -> int:
    from desktop.importing.contacts_import import import_contacts
    from desktop.importing.orders_import import import_orders

    table = _read(args)
    kind = args.import_command
    mapping = _mapping(args, workspace.conn, kind, table.headers)
    if kind == "contacts":
        account = _snapshot_account(args, table, mapping)

        def operation(c):
            return import_contacts(c, table=table, mapping=mapping, overwrite=args.overwrite,
                                   dry_run=args.dry_run, file_name=args.file.name,
                                   snapshot_account=account)
    else:
        def operation(c):
            return import_orders(c, table=table, mapping=mapping, dry_run=args.dry_run,
                                 file_name=args.file.name)
    report = workspace.execute(operation).value
    if args.json:
        data = dataclasses.asdict(report)
        data.pop("rejected_cells")
        data["mapping"] = mapping
        data["summary"] = report.lines()
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print("\n".join(report.lines()))
        if report.batch_id is not None:
            print(f"导入编号 #{report.batch_id}；撤销：siyu import undo {report.batch_id}")
    for issue in report.rejected:
        column = f"［{issue.column}］" if issue.column else ""
        print(f"第 {issue.row} 行{column}：{issue.message}", file=sys.stderr)
    if not args.dry_run:  # a follow-up of its own: the import's transaction stays short
        recompute_layering(workspace, quiet=args.json)
    return REJECTED if report.rejected else OK


def _snapshot_account(args: argparse.Namespace, table, mapping: dict[str, str]) -> str:
    """The account of --full-snapshot: --account, else the only one in the file's 添加人 column."""
    from desktop.snapshots import file_account

    if not args.full_snapshot:
        if args.account:
            raise UserFacingError("--account 只与 --full-snapshot 一起使用")
        return ""
    account = (args.account or "").strip() or file_account(table, mapping)
    if not account:
        raise UserFacingError("--full-snapshot 需要知道是哪个账号的完整导出：请加上 "
                              "--account 账号名（文件的添加人列没有、或不止一个账号）")
    return account


def recompute_layering(workspace, *, quiet: bool = False) -> None:
    """A full recompute of tiers, stages and RFM, with its one-line summary (not under --json,
    whose output must stay one JSON document)."""
    from desktop import layering

    summary = workspace.execute(layering.recompute_all).value
    if not quiet:
        print(summary.line())


def _history(conn) -> int:
    from desktop import timefmt
    from desktop.importing import batches

    for b in batches.list_batches(conn):
        state = f"已撤销 {timefmt.local_text(b.undone_at)}" if b.undone_at else ""
        kind = "客户" if b.kind == "contacts" else "订单"
        print(f"#{b.id}\t{timefmt.local_text(b.started_at)}\t{kind}\t{b.file_name}\t"
              f"{b.row_count} 行\t新建 {b.created}\t合并 {b.merged}\t拒绝 {b.rejected}\t{state}")
    return OK


def _export(args: argparse.Namespace, opened: Callable) -> int:
    if args.export_command in ("tasks", "moments"):
        return _export_calendar(args, opened)
    if args.export_command == "lost-friends":
        return _export_lost(args, opened)
    from desktop import exporting

    fmt = args.format or ("xlsx" if args.output.suffix.lower() == ".xlsx" else "csv")
    columns = None
    if args.columns:  # by header (昵称) or key (nickname); export_contacts refuses unknown ones
        key_of = {header: key for key, header in exporting.EXPORT_COLUMNS}
        columns = [key_of.get(c, c) for c in args.columns]
    with opened(args.db_path) as workspace:
        if workspace is None:
            return UNUSABLE
        try:
            contact_ids = _chosen_contacts(workspace.conn, args.segment, args.search)
        except LookupError as exc:
            print(exc, file=sys.stderr)
            return UNUSABLE
        count = exporting.export_contacts(workspace.conn, args.output, fmt=fmt, columns=columns,
                                          mask_phone=args.mask_phone, contact_ids=contact_ids)
    print(f"已导出 {count} 位客户到 {args.output}")
    return OK


def _chosen_contacts(conn, segment_name: str | None, search: str | None) -> list[int] | None:
    """The ids a segment and/or a search select, in list order — the same query object the
    window's list uses; None (everyone) when neither is given."""
    from desktop import contact_query, segments
    if not segment_name and not search:
        return None
    query = contact_query.ContactQuery()
    if segment_name:
        saved = {s.name: s for s in segments.list_segments(conn)}
        if segment_name not in saved:
            names = "、".join(saved) or "（还没有保存任何分组）"
            raise LookupError(f"找不到分组“{segment_name}”。已保存的分组：{names}")
        query = saved[segment_name].query
    if search:
        query = dataclasses.replace(query, text=search)
    return contact_query.matching_ids(conn, query).tolist()


def _export_calendar(args: argparse.Namespace, opened: Callable) -> int:
    """`export tasks` / `export moments`: the open tasks or the planned posts to an .ics file."""
    if args.export_command == "tasks":
        from desktop.ics_export import export_tasks_ics as export
        what = "个任务"
    else:
        from desktop.moments_ics import export_moments_ics as export
        what = "条朋友圈计划"
    with opened(args.db_path) as workspace:
        if workspace is None:
            return UNUSABLE
        count = export(workspace.conn, args.output)
    print(f"已导出 {count} {what}到 {args.output}")
    return OK


def _export_lost(args: argparse.Namespace, opened: Callable) -> int:
    from desktop.snapshots import export_lost_friends

    fmt = args.format or ("xlsx" if args.output.suffix.lower() == ".xlsx" else "csv")
    with opened(args.db_path) as workspace:
        if workspace is None:
            return UNUSABLE
        count = export_lost_friends(workspace.conn, args.output, fmt=fmt,
                                    mask_phone=args.mask_phone)
    print(f"已导出 {count} 位流失好友到 {args.output}")
    return OK
