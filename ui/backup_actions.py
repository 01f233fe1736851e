"""Backups in the window: 备份到…, 从备份恢复…, backup settings, the automatic backups, and
永久删除此人数据 (erase on request).

A restore replaces the database file, which every open connection (the writer, the pages'
reader, the search worker) still points at. So the window does not swap it under itself: the
restore is verified and confirmed here, then the window closes, ui.app.run performs it with
nothing open, and the window opens again on the restored database.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from db.connection import transaction
from desktop import backup, privacy
from desktop.changes import Changes, OpResult
from desktop.workspace import Workspace
from ui.ops import OpRunner

LATEST = "latest"  # restore_request value: the newest good automatic backup


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackupActions", text)


class BackupActions(QObject):
    """The File menu's backup entries and the Settings menu's backup settings."""

    def __init__(self, window: QWidget, runner: OpRunner) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self.restore_request: Path | str | None = None  # performed by ui.app after closing
        self.backup_action = QAction(self.tr("Back up to…"), self)
        self.backup_action.triggered.connect(self.back_up_to_file)
        self.restore_action = QAction(self.tr("Restore from backup…"), self)
        self.restore_action.triggered.connect(self.restore_from_file)
        self.settings_action = QAction(self.tr("Backups…"), self)
        self.settings_action.triggered.connect(self.edit_retention)

    def back_up_to_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(folder) / f"私域工作台备份-{datetime.now():%Y%m%d-%H%M}" \
                                   f"{backup.ARCHIVE_SUFFIX}"
        name, _ = QFileDialog.getSaveFileName(
            self._window, self.tr("Back up to"), str(suggested),
            self.tr("Siyu Workstation backup (*{0})").format(backup.ARCHIVE_SUFFIX))
        if not name:
            return
        target = Path(name)
        if not target.suffix:
            target = target.with_suffix(backup.ARCHIVE_SUFFIX)
        db_path = self._runner.workspace.path

        def work(conn, progress) -> OpResult:
            return OpResult(Changes(), value=backup.write_archive(conn, db_path, target,
                                                                  progress=progress))

        def done(result: OpResult) -> None:
            QMessageBox.information(self._window, self.tr("Backup saved"), self.tr(
                "Backed up to “{0}”.\n{1}").format(target, result.value.summary()))
        self._runner.run_long(self._window, work, label=self.tr("Backing up…"), on_done=done)

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Restore from backup"), "",
            self.tr("Siyu Workstation backup (*{0});;All files (*)").format(
                backup.ARCHIVE_SUFFIX))
        if not name:
            return
        archive = Path(name)

        def check(_conn, _progress) -> OpResult:  # reads the whole archive: off the UI thread
            return OpResult(Changes(), value=backup.verify_archive(archive))

        def confirm(result: OpResult) -> None:
            answer = QMessageBox.question(
                self._window, self.tr("Restore from backup"), self.tr(
                    "Replace the current data with this backup?\n\n{0}\n\nThe current database "
                    "is kept in the backups folder first. The window closes and opens again "
                    "on the restored data.").format(result.value.summary()),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer == QMessageBox.StandardButton.Yes:
                self.request_restore(archive)
        self._runner.run_long(self._window, check, label=self.tr("Checking the backup…"),
                              on_done=confirm)

    def request_restore(self, source: Path | str) -> None:
        """Close the window; ui.app.run restores `source` once nothing has the file open."""
        self.restore_request = source
        self._window.close()

    def edit_retention(self) -> None:
        self._runner.call_on_db_thread(lambda ws: backup.retention(ws.conn),
                                       on_done=self._show_retention)

    def _show_retention(self, current: tuple[int, int]) -> None:
        dialog = QDialog(self._window, windowTitle=self.tr("Backups"))
        form = QFormLayout(dialog)
        daily = QSpinBox(minimum=1, maximum=365, value=current[0], objectName="keep_daily")
        weekly = QSpinBox(minimum=0, maximum=520, value=current[1], objectName="keep_weekly")
        form.addRow(self.tr("Daily backups kept"), daily)
        form.addRow(self.tr("Weekly backups kept"), weekly)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        keep = daily.value(), weekly.value()

        def save(conn) -> OpResult:
            with transaction(conn):
                backup.set_retention(conn, keep_daily=keep[0], keep_weekly=keep[1])
            return OpResult(Changes(settings=True))
        self._runner.run(self._window, save)


def back_up_daily(runner: OpRunner) -> None:
    """Queued on the database thread after the start's integrity check: once a local day."""
    def daily(ws: Workspace) -> None:
        if not ws.broken:
            backup.daily_backup_if_due(ws.conn, ws.path)
    runner.call_on_db_thread(daily)


def back_up_on_close(workspace: Workspace) -> None:
    """The automatic backup as the window closes (database thread stopped, connection open).
    A failure is reported but never keeps the app from closing."""
    if workspace.broken:
        return
    try:
        backup.auto_backup(workspace.conn, workspace.path)
    except Exception as error:  # whatever it was (a full disk…), the app still closes
        print(_tr("The automatic backup failed: {0}").format(error), file=sys.stderr)


def restore_requested(request: Path | str, db_path: Path, parent: QWidget | None = None
                      ) -> bool:
    """Perform a restore asked for in the window, now that it is closed. True if done."""
    try:
        result = (backup.restore_latest(db_path) if request == LATEST
                  else backup.restore_archive(db_path, Path(request)))
    except backup.BackupError as error:
        QMessageBox.warning(parent, _tr("Restore from backup"), str(error))
        return False
    QMessageBox.information(parent, _tr("Restore from backup"), _tr(
        "Restored. The database as it was before is kept at “{0}”.").format(result.kept))
    return True


def ask_restore_latest(parent: QWidget | None, db_path: Path, message: str) -> bool:
    """A damaged database: show `message` and offer the newest good backup. True if the
    operator chose to restore (there must be such a backup to offer)."""
    if backup.newest_good_backup(db_path) is None:
        return False
    box = QMessageBox(QMessageBox.Icon.Critical, _tr("Database damaged"), message, parent=parent)
    restore = box.addButton(_tr("Restore from the newest backup"),
                            QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    return box.clickedButton() is restore


def erase_person(parent: QWidget, runner: OpRunner, contact_id: int, name: str) -> None:
    """永久删除此人数据: two confirmations naming the person, No as the default of both."""
    first = QMessageBox.warning(
        parent, _tr("Erase this person's data"), _tr(
            "Erase “{0}” and everything recorded about them (tags, interactions, orders, "
            "tasks, tier history) for good? This cannot be undone, and the undo history is "
            "cleared. Backups made earlier still contain them.").format(name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if first != QMessageBox.StandardButton.Yes:
        return
    second = QMessageBox.critical(
        parent, _tr("Erase this person's data"),
        _tr("Last check: erase “{0}” permanently now?").format(name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    if second != QMessageBox.StandardButton.Yes:
        return
    runner.run_long(parent, lambda conn, _progress: privacy.erase_person(
        conn, contact_id=contact_id), label=_tr("Erasing…"))
