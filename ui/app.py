"""Starting the window: translation, one instance per database, opening the workspace.

Only desktop/cli.py imports this module, and only when no subcommand was given, so the
headless commands never load Qt.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFont, QIcon
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop import app_lock, demo, paths
from desktop.changes import Changes, OpResult
from desktop.workspace import Workspace, WorkspaceError, corrupt_message, open_workspace
from ui.backup_actions import (
    LATEST,
    ask_restore_latest,
    back_up_daily,
    back_up_on_close,
    restore_requested,
)
from ui.layering_settings import recompute_all
from ui.lock_screen import AppLock
from ui.main_window import MainWindow
from ui.ops import OpRunner
from ui.reminders import TaskLoops
from ui.security_settings import SecuritySettings, ask_for_key

T = TypeVar("T")


def app_title() -> str:
    return QCoreApplication.translate("MainWindow", "Siyu Workstation")


@dataclass
class Running:
    """What `start` built; `close` releases it in the right order."""
    app: QApplication
    window: MainWindow
    runner: OpRunner
    workspace: Workspace
    reader: sqlite3.Connection
    server: QLocalServer
    loops: TaskLoops  # reminders and automation rules; they stop with the window
    app_lock: AppLock

    def close(self) -> None:
        """Window first (it stops painting, so nothing reads the closed connections later),
        then the database thread, then the connections and the lock."""
        self.window.close()
        self.runner.shutdown()
        back_up_on_close(self.workspace)
        self.window.contacts_page.worker.shutdown()
        self.server.close()
        self.window.deleteLater()
        self.reader.close()
        self.workspace.close()

    def reopen_after(self, change: Callable[[Path], T]) -> T:
        """Close the database (window, threads, connections, lock), run `change(path)` on the
        closed file, then open it again in a new window — also when `change` fails. For
        rewriting the file (encryption on/off), which no open connection may see."""
        path = self.workspace.path
        self.app.setQuitOnLastWindowClosed(False)  # the event loop goes on between windows
        try:
            self.close()
            try:
                return change(path)
            finally:
                again = start(path)
                if isinstance(again, int):
                    self.app.quit()
                else:
                    for item in fields(self):
                        setattr(self, item.name, getattr(again, item.name))
                    _connect_security_menu(self)
        finally:
            self.app.setQuitOnLastWindowClosed(True)


def instance_name(db_path: Path) -> str:
    """A local-socket name per database, so two different databases may be open at once."""
    digest = hashlib.sha1(str(db_path.resolve()).encode()).hexdigest()[:16]
    return f"siyu-{digest}"


def ask_running_instance_to_raise(db_path: Path) -> bool:
    socket = QLocalSocket()
    socket.connectToServer(instance_name(db_path))
    if not socket.waitForConnected(1000):
        return False
    socket.write(b"raise\n")
    socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()
    return True


def _listen_for_second_starts(db_path: Path, window: MainWindow) -> QLocalServer:
    server = QLocalServer(window)
    name = instance_name(db_path)
    QLocalServer.removeServer(name)  # a stale socket of a crashed run; we hold the lock now
    server.listen(name)

    def on_connection() -> None:
        while server.hasPendingConnections():
            server.nextPendingConnection().deleteLater()
            window.raise_to_front()
    server.newConnection.connect(on_connection)
    return server


def ui_settings() -> QSettings:
    """Per-user UI settings (language, window geometry) beside the default database."""
    return QSettings(str(paths.data_dir() / "ui.ini"), QSettings.Format.IniFormat)


def install_translators(app: QApplication, language: str) -> None:
    """zh_CN by default: our strings and Qt's own (OK/Cancel buttons). 'en' is the source text.

    Replaces translators a previous start in this process installed (tests start many times).
    """
    for old in app.findChildren(QTranslator, "siyu-translator"):
        app.removeTranslator(old)
        old.deleteLater()
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for loaded in (_load(app, str(paths.resource("i18n", f"siyu_{language}.qm"))),
                   _load(app, f"qtbase_{language}", qt_folder)
                   or _load(app, f"qt_{language}", qt_folder)):
        if loaded is not None:
            app.installTranslator(loaded)


def _load(app: QApplication, name: str, folder: str = "") -> QTranslator | None:
    translator = QTranslator(app, objectName="siyu-translator")
    if translator.load(name, folder):
        return translator
    translator.deleteLater()
    return None


def start(db_path: Path, *, language: str | None = None, demo_size: int | None = None
          ) -> Running | int:
    """Build and show the window. Returns an exit code instead when it must not open."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("SiyuWorkstation")
    settings = ui_settings()
    install_translators(app, language or str(settings.value("language", "zh_CN")))
    app.setApplicationDisplayName(app_title())
    app.setWindowIcon(QIcon(str(paths.resource("icons", "siyu.png"))))
    font = QFont(app.font())
    font.setFamilies(["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", font.family()])
    app.setFont(font)

    try:
        workspace = _open(db_path)
    except WorkspaceError as error:
        if error.kind == "already_running" and ask_running_instance_to_raise(db_path):
            print(error.message + QCoreApplication.translate(
                "MainWindow", " The open window was brought to the front."))
            return 0
        if error.kind == "corrupt" and ask_restore_latest(None, db_path, error.message) \
                and restore_requested(LATEST, db_path):
            return start(db_path, language=language)
        return _refuse(error.message)

    runner = OpRunner(workspace)
    reader = workspace.open_reader()
    try:
        window = MainWindow(workspace, runner, reader, settings)
    except sqlite3.DatabaseError:  # a damaged page met before the deferred check reported it
        reader.close()
        runner.shutdown()
        workspace.close()
        return _refuse(corrupt_message(workspace.path))
    lock = AppLock(window, app_lock.load(reader))
    server = _listen_for_second_starts(workspace.path, window)
    window.show()
    lock.lock_now()  # before the event loop paints the data (nothing happens without a PIN)
    _verify_integrity_after_showing(runner, window)
    if demo_size:
        _fill_demo(window, runner, demo_size)
    _install_starter_scripts(window, runner)
    loops = TaskLoops(window, runner, reader)
    QTimer.singleShot(housekeeping_delay_ms(), window,
                      lambda: _housekeeping(window, runner, loops))
    running = Running(app, window, runner, workspace, reader, server, loops, lock)
    _connect_security_menu(running)
    return running


def housekeeping_delay_ms() -> int:
    """How long after the window shows the daily chores start (tests set 0 through the
    environment). At 100,000 contacts the daily backup, recompute and rules keep the database
    thread (and, in Python code, the interpreter) busy for seconds; the operator's first moments —
    finding a customer, scrolling — come first."""
    return int(os.environ.get("SIYU_HOUSEKEEPING_DELAY_MS", HOUSEKEEPING_DELAY_MS))


HOUSEKEEPING_DELAY_MS = 20_000


def _housekeeping(window: MainWindow, runner: OpRunner, loops: TaskLoops) -> None:
    """The daily backup, the daily recompute, then the rules' first run and the reminders."""
    if not window.isVisible():  # closed before the chores began
        return
    back_up_daily(runner)
    # Once a day, people drift into 流失: queued before the rules' first run, which reads stages.
    recompute_all(window, runner, due_only=True)
    loops.start()


def _open(db_path: Path) -> Workspace:
    """open_workspace; an encrypted file whose key the keyring lacks asks for the recovery
    passphrase first (a new computer). Raises WorkspaceError."""
    try:
        return open_workspace(db_path, check_same_thread=False, defer_integrity_check=True)
    except WorkspaceError as error:
        if error.kind != "encrypted":
            raise
        key = ask_for_key(db_path)
        if key is None:
            raise
        return open_workspace(db_path, check_same_thread=False, defer_integrity_check=True,
                              key=key)


def _connect_security_menu(running: Running) -> None:
    running.window.security_action.triggered.connect(
        lambda: SecuritySettings(running).open())


def _refuse(message: str) -> int:
    QMessageBox.critical(None, app_title(), message)
    print(message, file=sys.stderr)
    return 1


def _verify_integrity_after_showing(runner: OpRunner, window: MainWindow) -> None:
    """quick_check on the database thread, queued before any edit the operator can make; a
    damaged file closes the window with the message naming the newest backup."""
    def check(_conn) -> OpResult:
        runner.workspace.verify_integrity()
        return OpResult(Changes())

    def failed(error: BaseException) -> None:
        print(error, file=sys.stderr)
        if ask_restore_latest(window, runner.workspace.path, str(error)):
            window.backup_actions.request_restore(LATEST)
            return
        QMessageBox.critical(window, app_title(), str(error))
        window.close()
    runner.run(window, check, on_error=failed)


def _fill_demo(window: MainWindow, runner: OpRunner, size: int) -> None:
    runner.run_long(window, lambda conn, progress: demo.fill_demo_op(conn, progress, size=size),
                    label=QCoreApplication.translate("MainWindow", "Creating sample data…"))


def _install_starter_scripts(window: MainWindow, runner: OpRunner) -> None:
    """A new database gets the starter script library once — queued after the demo, which
    brings its own copy and needs the database still empty."""
    from desktop.script_io import install_starter_if_new
    # Errors are left to the integrity check (a damaged file has its own message); a missing
    # starter library is not worth a second box.
    runner.run(window, lambda conn: install_starter_if_new(conn), on_error=lambda _error: None)


def run(db_path: Path, *, language: str | None = None, demo_size: int | None = None) -> int:
    started = start(db_path, language=language, demo_size=demo_size)
    while not isinstance(started, int):
        code = started.app.exec()
        started.close()
        request = started.window.backup_actions.restore_request
        if request is None:
            return code
        restore_requested(request, started.workspace.path)  # reports success or why not
        started = start(started.workspace.path, language=language)
    return started
