"""The `siyu` command: opens the window, or runs a headless subcommand without loading Qt."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import cli_backup, cli_data, paths

if TYPE_CHECKING:
    from desktop.workspace import Workspace


def _size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 1_000_000:
        raise argparse.ArgumentTypeError(f"“{text}”不是 1 到 1000000 之间的整数")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="siyu", description="私域工作台：客户、标签、分层、话术、朋友圈与任务，离线可用。")
    parser.add_argument("--db", type=Path, default=None,
                        help=f"数据库文件（默认：{paths.default_db_path()}）")
    parser.add_argument("--demo", action="store_true",
                        help="在新的空数据库里填入示例数据后打开")
    parser.add_argument("--demo-size", type=_size, default=2000, metavar="N",
                        help="示例客户数量（默认 2000）")
    parser.add_argument("--lang", choices=("zh_CN", "en"), default=None,
                        help="界面语言（默认跟随设置，初始为简体中文）")
    parser.add_argument("--self-check", action="store_true",
                        help="在临时文件夹里自检（示例数据、导入、搜索、分层、备份、窗口），"
                             "不动你的数据；全部通过时退出码为 0")
    commands = parser.add_subparsers(dest="command")
    demo = commands.add_parser("demo", help="不打开窗口，只填入示例数据")
    demo.add_argument("--size", type=_size, default=2000, metavar="N")
    commands.add_parser("check", help="不打开窗口，检查数据库并显示客户数量")
    commands.add_parser("recompute", help="重新计算全部客户的层级、生命周期阶段和 RFM")
    cli_data.add_parsers(commands)
    cli_backup.add_parsers(commands)
    return parser


def _db_first(argv: list[str]) -> list[str]:
    """`siyu demo --db x.db` works like `siyu --db x.db demo`: people put --db anywhere."""
    front: list[str] = []
    rest = list(argv)
    for i, arg in enumerate(rest):
        if arg == "--db" and i + 1 < len(rest):
            front = rest[i:i + 2]
            del rest[i:i + 2]
            break
        if arg.startswith("--db="):
            front = [rest.pop(i)]
            break
    return front + rest


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(_db_first(sys.argv[1:] if argv is None else argv))
    if args.self_check:
        from desktop import self_check
        return self_check.run()
    db_path = (args.db or paths.default_db_path()).expanduser()
    if args.command == "demo":
        return _demo(db_path, args.size)
    if args.command == "check":
        return _check(db_path)
    if args.command == "recompute":
        return _recompute(db_path)
    if args.command in ("import", "export"):
        args.db_path = db_path
        return cli_data.run(args, _opened)
    if args.command in ("backup", "restore"):
        args.db_path = db_path
        return cli_backup.run(args, _opened)
    if _no_display():
        print("没有找到图形界面（DISPLAY 未设置），无法打开窗口。请在桌面环境中运行，"
              "或使用 siyu demo / siyu check 等命令行功能。", file=sys.stderr)
        return 2
    from ui.app import run  # lazily: the subcommands above never load Qt
    return run(db_path, language=args.lang, demo_size=args.demo_size if args.demo else None)


def _no_display() -> bool:
    """On Linux without X11/Wayland, Qt would abort with an English plugin error."""
    return (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"))


@contextmanager
def _opened(db_path: Path) -> Iterator[Workspace | None]:
    """The workspace, or None after printing why it cannot be opened."""
    from desktop.workspace import WorkspaceError, open_workspace

    try:
        workspace = open_workspace(db_path)
    except WorkspaceError as error:
        print(error.message, file=sys.stderr)
        yield None
        return
    try:
        yield workspace
    finally:
        workspace.close()


def _demo(db_path: Path, size: int) -> int:
    from desktop.demo import fill_demo
    from desktop.errors import UserFacingError

    with _opened(db_path) as workspace:
        if workspace is None:
            return 1
        try:
            summary = fill_demo(workspace.conn, size=size)
        except UserFacingError as error:
            print(error, file=sys.stderr)
            return 1
    print(f"已在 {db_path} 填入示例数据：{summary.contacts} 位客户。")
    return 0


def _check(db_path: Path) -> int:
    from desktop import reads

    with _opened(db_path) as workspace:
        if workspace is None:
            return 1
        print(f"数据库 {db_path} 完好：{reads.count_contacts(workspace.conn)} 位客户，"
              f"回收站 {reads.count_contacts(workspace.conn, trashed=True)} 位。")
    return 0


def _recompute(db_path: Path) -> int:
    with _opened(db_path) as workspace:
        if workspace is None:
            return 1
        cli_data.recompute_layering(workspace)
    return 0
