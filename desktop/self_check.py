"""`siyu --self-check`: does this installation work? For the built app (`make test-dist`) above
all: a bundle that lacks a data file, a Qt plugin or a native library fails here, with the step
that needed it, instead of on an operator's machine.

In a new temporary folder (removed afterwards; the operator's data is never touched): a fresh
database, demo data, an import of the bundled WeCom-style sample, a pinyin search, a full
recompute, the automatic rules, a backup archive (written and verified), encryption (a
SQLCipher copy, or a clear note that this machine cannot encrypt — the app then keeps the
switch disabled) and the main window, built offscreen on that database and painted once.

One line per step ("✓ 演示数据 300 位客户 0.4 s"); the first failing step is printed with its
error (traceback on stderr) and ends the check with exit code 1.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop import paths

if TYPE_CHECKING:
    from desktop.workspace import Workspace

DEMO_SIZE = 300
SAMPLE = ("samples", "wecom-sample.csv")
# What the sample file holds (resources/samples/wecom-sample.csv, GB18030 as Excel on Chinese
# Windows saves it): 50 rows, 2 of them the same customer added by a second account, 2 broken
# (a letter O in a phone number, a 30 February).
SAMPLE_ROWS, SAMPLE_FOLDED, SAMPLE_REJECTED = 50, 2, 2
# A customer of the sample whose surname has its own reading (曾 zeng, not ceng).
PINYIN_NAME, PINYIN_QUERIES = "曾娜英", ("zengnaying", "zny")
WINDOW_TIMEOUT_S = 60.0


class CheckFailed(Exception):
    """A step ran, but what it produced is wrong."""


@dataclass
class _State:
    folder: Path
    db_path: Path
    workspace: Workspace | None = None

    @property
    def conn(self):
        assert self.workspace is not None, "the database is not open"
        return self.workspace.conn

    def close_workspace(self) -> None:
        if self.workspace is not None:
            workspace, self.workspace = self.workspace, None
            workspace.close()


class _Skipped(Exception):
    """A step that cannot run on this machine, and the app copes (printed with '–')."""


def _open(state: _State) -> str:
    from db import migrations
    from desktop.workspace import open_workspace

    state.workspace = open_workspace(state.db_path)
    return f"新数据库，结构版本 {migrations.schema_version(state.conn)}"


def _demo(state: _State) -> str:
    from desktop.demo import fill_demo

    summary = fill_demo(state.conn, size=DEMO_SIZE)
    if summary.contacts != DEMO_SIZE:
        raise CheckFailed(f"应有 {DEMO_SIZE} 位示例客户，实际 {summary.contacts} 位")
    return f"{summary.contacts} 位客户，订单 {summary.orders} 笔，话术 {summary.scripts} 条"


def _import(state: _State) -> str:
    from desktop.importing.contacts_import import import_contacts
    from desktop.importing.fields import recognise
    from desktop.importing.reader import read_table

    sample = paths.resource(*SAMPLE)
    table = read_table(sample)
    mapping = recognise(table.headers, "contacts")
    report = state.workspace.execute(lambda conn: import_contacts(
        conn, table=table, mapping=mapping, file_name=sample.name)).value
    expected = (SAMPLE_ROWS, SAMPLE_FOLDED, SAMPLE_REJECTED)
    if (report.rows, report.folded, report.rejected_rows) != expected or report.created < 1:
        raise CheckFailed(
            f"样例应读出 {SAMPLE_ROWS} 行、同一客户合并 {SAMPLE_FOLDED} 行、拒绝 "
            f"{SAMPLE_REJECTED} 行；实际 {report.rows} 行、合并 {report.folded} 行、拒绝 "
            f"{report.rejected_rows} 行、新建 {report.created} 位（编码 {table.encoding}）")
    return (f"{report.rows} 行（{table.encoding}）：新建 {report.created} 位，合并 "
            f"{report.merged + report.folded} 位，拒绝 {report.rejected_rows} 行（样例中的坏行）")


def _search(state: _State) -> str:
    from desktop.contact_query import ContactQuery, matching_ids

    data = _pinyin_data()
    if not data.is_file():  # pinyin_keys would fall back to importing pypinyin: a bundle bug
        raise CheckFailed(f"找不到拼音数据 {data}（打包时漏掉了 pypinyin 的 pinyin_dict.json）")
    found = []
    for text in PINYIN_QUERIES:
        ids = matching_ids(state.conn, ContactQuery(text=text)).tolist()
        names = {row[0] for row in state.conn.execute(
            f"SELECT nickname FROM contacts WHERE id IN ({','.join('?' * len(ids))})", ids)}
        if PINYIN_NAME not in names:
            raise CheckFailed(f"拼音“{text}”没有找到客户“{PINYIN_NAME}”（找到 {len(ids)} 位）")
        found.append(f"“{text}” {len(ids)} 位")
    return f"{PINYIN_NAME}：拼音 " + "，".join(found)


def _pinyin_data() -> Path:
    """Where desktop/pinyin_keys.py reads pypinyin's character table from."""
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or ()) if spec else []
    return Path(folders[0] if folders else ".", "pinyin_dict.json")


def _recompute(state: _State) -> str:
    from desktop import layering

    summary = state.workspace.execute(layering.recompute_all).value
    live = state.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL"
                              ).fetchone()[0]
    if summary.contacts != live:
        raise CheckFailed(f"重新计算了 {summary.contacts} 位，应为 {live} 位")
    unset = state.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND "
                               "(tier IS NULL OR stage IS NULL)").fetchone()[0]
    if unset:
        raise CheckFailed(f"{unset} 位客户没有层级或阶段")
    return f"{summary.contacts} 位客户的层级、阶段和 RFM"


def _sop(state: _State) -> str:
    from desktop.sop import run_sop

    report = state.workspace.execute(run_sop).value
    return f"{len(report.created)} 条规则，新建任务 {report.total} 个"


def _backup(state: _State) -> str:
    from desktop.backup import verify_archive, write_archive

    target = state.folder / "self-check.siyubak"
    written = write_archive(state.conn, state.db_path, target)
    checked = verify_archive(target)
    if checked.counts != written.counts:
        raise CheckFailed(f"备份校验的数量 {checked.counts} 与写入时 {written.counts} 不一致")
    return f"{target.stat().st_size / 1024:.0f} KB，已校验：{checked.summary().split('；', 1)[1]}"


def _encryption(state: _State) -> str:
    from db import cipher, connection

    state.close_workspace()  # rewrite reads the closed file
    reason = cipher.unavailable_reason()
    if reason:
        raise _Skipped(f"{reason}（加密开关停用）")
    key = secrets.token_bytes(cipher.KEY_BYTES)
    target = state.folder / "encrypted.db"
    cipher.rewrite(state.db_path, target, source_key=None, target_key=key)
    conn = connection.connect(target, key=key)
    try:
        contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
    finally:
        connection.close(conn)
    if not connection.is_encrypted(target):
        raise CheckFailed("加密副本仍是明文")
    return f"SQLCipher 加密副本可读（{contacts} 位客户）"


def _window(state: _State) -> str:
    state.close_workspace()  # the window opens the database itself, with its own lock
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # never on the operator's screen
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as exc:
        raise CheckFailed(f"无法加载 Qt（{exc}）") from exc
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui import app as ui_app

    dialogs: list[str] = []
    with _settings_in(state.folder), _dismissing_dialogs(dialogs), _quiet_offscreen_notes(), \
            _environment(SIYU_HOUSEKEEPING_DELAY_MS="0"):  # the daily chores run at once too
        running = ui_app.start(state.db_path, language="zh_CN")
        if isinstance(running, int):
            raise CheckFailed(f"窗口没有打开（{'；'.join(dialogs) or running}）")
        try:
            worker = running.window.contacts_page.worker
            _wait_until(app, lambda: running.runner.pending == 0 and worker.pending == 0,
                        "窗口启动后的后台任务")
            rows = running.window.contacts_page.model.rowCount()
            pages = running.window.navigation
            for row in [*range(pages.count()), pages.currentRow()]:  # 数据 draws pyqtgraph
                pages.setCurrentRow(row)
                _wait_until(app, lambda: running.runner.pending == 0 and worker.pending == 0,
                            f"第 {row + 1} 页的读取")
                running.window.grab()  # paints every visible widget once
            title = app.applicationDisplayName()
        finally:
            running.close()
            app.processEvents()
    if dialogs:
        raise CheckFailed("窗口弹出了提示：" + "；".join(dialogs))
    live = _count_live(state.db_path)
    if rows != live:
        raise CheckFailed(f"客户列表显示 {rows} 行，数据库中有 {live} 位客户")
    if title != "私域工作台":
        raise CheckFailed(f"界面没有中文翻译（标题“{title}”）：resources/i18n 缺少 .qm 文件？")
    return f"{app.platformName()}，{pages.count()} 个页面，客户列表 {rows} 行，界面中文"


STEPS: tuple[tuple[str, Callable[[_State], str]], ...] = (
    ("打开数据库", _open),
    ("演示数据", _demo),
    ("导入样例", _import),
    ("搜索", _search),
    ("重新计算分层", _recompute),
    ("自动规则", _sop),
    ("备份", _backup),
    ("加密", _encryption),
    ("窗口", _window),
)


def run(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run every step in a new temporary folder; 0 when all passed, 1 at the first failure."""
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):  # a Windows console or pipe in GBK has no ✓: never crash on it
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    started = time.perf_counter()
    kind = "打包版" if getattr(sys, "frozen", False) else "源码"
    print(f"私域工作台自检（{kind}，Python {platform.python_version()}，{platform.system()} "
          f"{platform.machine()}）", file=out, flush=True)
    with tempfile.TemporaryDirectory(prefix="siyu-self-check-") as folder:
        state = _State(Path(folder), Path(folder) / "siyu.db")
        try:
            for name, step in STEPS:
                began = time.perf_counter()
                try:
                    detail = step(state)
                except _Skipped as note:
                    print(f"– {name}：{note}", file=out, flush=True)
                    continue
                except Exception as exc:
                    print(f"✗ {name}：{_describe(exc)}", file=out, flush=True)
                    traceback.print_exc(file=err)
                    return 1
                print(f"✓ {name} {detail} {time.perf_counter() - began:.1f} s", file=out,
                      flush=True)
        finally:
            state.close_workspace()
    print(f"自检通过，共 {time.perf_counter() - started:.1f} s", file=out, flush=True)
    return 0


def _describe(exc: BaseException) -> str:
    if isinstance(exc, CheckFailed):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _count_live(db_path: Path) -> int:
    from db import connection

    conn = connection.connect(db_path, read_only=True)
    try:
        return conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL"
                            ).fetchone()[0]
    finally:
        connection.close(conn)


@contextmanager
def _settings_in(folder: Path) -> Iterator[None]:
    """UI settings (ui.ini: language, window geometry) in `folder` for the check, not in the
    operator's data folder, whatever the platform."""
    original = paths.data_dir
    paths.data_dir = lambda: folder
    try:
        yield
    finally:
        paths.data_dir = original


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def _dismissing_dialogs(seen: list[str]) -> Iterator[None]:
    """A message box offscreen would wait forever for a click: close any modal dialog, and
    note what it said (a fresh database must open without one)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

    def dismiss() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
        seen.append(text)
        if isinstance(dialog, QDialog):
            dialog.reject()
        else:
            dialog.close()

    timer = QTimer(interval=100)
    timer.timeout.connect(dismiss)
    timer.start()
    try:
        yield
    finally:
        timer.stop()


@contextmanager
def _quiet_offscreen_notes() -> Iterator[None]:
    """The offscreen platform says "This plugin does not support propagateSizeHints()" for
    every window; any other Qt message still reaches stderr."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(_mode, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def _wait_until(app, condition: Callable[[], bool], what: str) -> None:
    """Deliver what is queued (timers due now start their work first), then wait."""
    deadline = time.monotonic() + WINDOW_TIMEOUT_S
    app.processEvents()
    while not condition():
        if time.monotonic() > deadline:
            raise CheckFailed(f"{what}在 {WINDOW_TIMEOUT_S:.0f} 秒内没有完成")
        time.sleep(0.01)
        app.processEvents()
    app.processEvents()
