"""`siyu backup -o FILE` and `siyu restore FILE | --latest`: backups without a window.

Exit codes: 0 done, 1 not done (the database cannot be opened, or the restore was not
confirmed), 2 the archive or the output file cannot be used. Restoring replaces the database,
so it asks first; `--yes` confirms in scripts (without a terminal, it is required).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from desktop.errors import UserFacingError

OK, NOT_DONE, UNUSABLE = 0, 1, 2


def add_parsers(commands: argparse._SubParsersAction) -> None:
    making = commands.add_parser("backup", help="把数据库和图片备份到一个文件（.siyubak）")
    making.add_argument("-o", "--output", type=Path, required=True, metavar="文件")
    restoring = commands.add_parser(
        "restore", help="从备份文件恢复（先把当前数据库另存到 backups 文件夹）")
    source = restoring.add_mutually_exclusive_group(required=True)
    source.add_argument("file", type=Path, nargs="?", help="用“备份到…”或 siyu backup 保存的文件")
    source.add_argument("--latest", action="store_true",
                        help="用 backups 文件夹里最新的完好自动备份（数据库损坏时使用）")
    restoring.add_argument("--yes", action="store_true", help="不再询问，直接恢复")


def run(args: argparse.Namespace, opened: Callable) -> int:
    """`opened(db_path)` yields the workspace or None (see desktop.cli)."""
    from desktop import backup

    try:
        if args.command == "backup":
            return _backup(args, opened)
        if args.latest:
            source = backup.newest_good_backup(args.db_path)
            question = f"用最新的完好备份“{source}”替换数据库“{args.db_path}”？" if source else ""
        else:
            info = backup.verify_archive(args.file)
            question = (f"用备份“{args.file}”（{info.summary()}）替换数据库“{args.db_path}”？"
                        f"当前数据库会先另存到 backups 文件夹。")
        if question and not _confirmed(question, args.yes):
            print("没有恢复，数据库没有改动。", file=sys.stderr)
            return NOT_DONE
        result = (backup.restore_latest(args.db_path) if args.latest
                  else backup.restore_archive(args.db_path, args.file))
    except UserFacingError as error:
        print(str(error), file=sys.stderr)
        return UNUSABLE
    print(f"已恢复数据库“{args.db_path}”。恢复前的数据库保存在“{result.kept}”。")
    return OK


def _backup(args: argparse.Namespace, opened: Callable) -> int:
    from desktop.backup import write_archive

    with opened(args.db_path) as workspace:
        if workspace is None:
            return NOT_DONE
        info = write_archive(workspace.conn, workspace.path, args.output)
    print(f"已备份到“{args.output}”：{info.summary()}。")
    return OK


def _confirmed(question: str, yes: bool) -> bool:
    print(question, file=sys.stderr)
    if yes:
        return True
    if not sys.stdin.isatty():
        print("没有终端可以确认；如确定要恢复，请加上 --yes。", file=sys.stderr)
        return False
    return input("输入 y 确认恢复：").strip().lower() in ("y", "yes", "是")
