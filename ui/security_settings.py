"""设置 → 安全: encryption at rest on/off, the app lock's PIN and idle minutes; and the dialogs
around encryption — the recovery passphrase shown once, and asked for on a new machine."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import app_lock, encryption
from desktop.errors import UserFacingError
from desktop.progress import Progress
from desktop.workspace import Workspace
from ui.lock_screen import AppLock
from ui.ops import OpRunner

T = TypeVar("T")
MAX_PASSPHRASE_TRIES = 5


class Reopenable(Protocol):
    """What ui/app.py's Running offers this module."""
    window: QWidget
    runner: OpRunner
    workspace: Workspace
    app_lock: AppLock

    def reopen_after(self, change: Callable[[Path], T]) -> T: ...


class RecoveryDialog(QDialog):
    """Asks for the recovery passphrase of an encrypted database whose key the keyring lacks;
    `key` is set when accepted. Gives up after MAX_PASSPHRASE_TRIES wrong ones."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._tries = 0
        self.key: bytes | None = None
        self.setWindowTitle(self.tr("Encrypted database"))
        self.passphrase = QLineEdit()
        self.passphrase.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.message = QLabel(wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.try_passphrase)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "The database “%1” is encrypted and this computer's keyring does not hold its key "
            "(for example on a new computer). Enter the recovery passphrase written down when "
            "encryption was turned on.").replace("%1", str(path)), wordWrap=True))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def try_passphrase(self) -> None:
        try:
            self.key = encryption.recover(self._path, self.passphrase.text())
        except UserFacingError as error:
            self._tries += 1
            left = MAX_PASSPHRASE_TRIES - self._tries
            if left <= 0:
                self.reject()
                return
            self.message.setText(str(error) + self.tr(" Tries left: %1").replace("%1", str(left)))
            return
        self.accept()


def ask_for_key(path: Path) -> bytes | None:
    """The key of the encrypted database at `path` from its recovery passphrase (modal)."""
    dialog = RecoveryDialog(path)
    return dialog.key if dialog.exec() == QDialog.DialogCode.Accepted else None


class PassphraseDialog(QDialog):
    """Shows the recovery passphrase once; closes only after "我已抄下" is ticked."""

    def __init__(self, passphrase: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery passphrase"))
        shown = QLabel(passphrase)
        font = QFont("monospace")
        font.setPointSize(font.pointSize() + 6)
        shown.setFont(font)
        shown.setTextInteractionFlags(shown.textInteractionFlags().TextSelectableByMouse)
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(passphrase))
        self.written_down = QCheckBox(self.tr("I have written it down"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.written_down.toggled.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "The database is now encrypted. Its key is kept in this computer's keyring. Write "
            "down this recovery passphrase and keep it safe: on another computer, or if the "
            "keyring is lost, it is the only way to open the database. It is shown only once."),
            wordWrap=True))
        layout.addWidget(shown)
        layout.addWidget(self.copy_button)
        layout.addWidget(self.written_down)
        layout.addWidget(self.buttons)

    def reject(self) -> None:
        if self.written_down.isChecked():
            super().reject()


def run_with_progress(parent: QWidget | None, label: str,
                      work: Callable[[Progress], T]) -> T:
    """Run `work` on a thread while a progress dialog shows how far it is; the UI stays
    painted. For work on a closed database, where the database thread of OpRunner is gone."""
    from PySide6.QtWidgets import QProgressDialog

    progress = Progress()
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def target() -> None:
        try:
            outcome["value"] = work(progress)
        except BaseException as error:  # handed to the UI thread below
            outcome["error"] = error
    thread = threading.Thread(target=target, name="siyu-rewrite")
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)  # half a rewrite is thrown away anyway; it is short
    dialog.setMinimumDuration(300)
    timer = QTimer(interval=50)

    def poll() -> None:
        if progress.total:
            dialog.setMaximum(progress.total)
            dialog.setValue(progress.done)
        if not thread.is_alive():
            loop.quit()
    timer.timeout.connect(poll)
    thread.start()
    timer.start()
    loop.exec()
    timer.stop()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def switch_encryption(running: Reopenable) -> None:
    """Encryption on (shows the recovery passphrase) or off: the window closes the database,
    the file is rewritten, and the window opens again."""
    key = running.workspace.key
    label = (QDialog.tr("Decrypting the database…") if key
             else QDialog.tr("Encrypting the database…"))

    def change(path: Path) -> str | None:
        if key:
            return run_with_progress(None, label,
                                     lambda p: encryption.disable(path, key, progress=p))
        return run_with_progress(None, label, lambda p: encryption.enable(path, progress=p))
    try:
        passphrase = running.reopen_after(change)
    except UserFacingError as error:
        QMessageBox.warning(running.window, label, str(error))
        return
    if passphrase:
        PassphraseDialog(passphrase, running.window).open()


class SecuritySettings(QDialog):
    """设置 → 安全. Writes go through the runner; encryption goes through `switch_encryption`."""

    def __init__(self, running: Reopenable) -> None:
        super().__init__(running.window)
        self._running = running
        self.setWindowTitle(self.tr("Security"))
        encrypted = running.workspace.key is not None
        encryption_box = QGroupBox(self.tr("Encryption at rest"))
        self.encryption_state = QLabel(
            self.tr("The database file is encrypted.") if encrypted
            else self.tr("The database file is not encrypted."), wordWrap=True)
        self.encryption_button = QPushButton(
            self.tr("Turn encryption off…") if encrypted else self.tr("Turn encryption on…"))
        self.encryption_button.clicked.connect(self._switch_encryption)
        reason = None if encrypted else encryption.unavailable_reason()
        self.encryption_button.setEnabled(reason is None)
        box_layout = QVBoxLayout(encryption_box)
        box_layout.addWidget(self.encryption_state)
        if reason:
            box_layout.addWidget(QLabel(reason, wordWrap=True))
        box_layout.addWidget(self.encryption_button)

        current = running.app_lock.settings
        lock_box = QGroupBox(self.tr("App lock"))
        self.lock_enabled = QCheckBox(self.tr("Ask for a PIN at start and when idle"),
                                      checked=current is not None)
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.pin_again = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        if current is not None:
            self.pin.setPlaceholderText(self.tr("unchanged"))
        self.idle_minutes = QSpinBox(minimum=1, maximum=240, suffix=self.tr(" min"))
        self.idle_minutes.setValue(current.idle_minutes if current
                                   else app_lock.DEFAULT_IDLE_MINUTES)
        self.save_lock_button = QPushButton(self.tr("Save app lock"))
        self.save_lock_button.clicked.connect(self.save_lock)
        self.lock_message = QLabel(wordWrap=True)
        form = QFormLayout(lock_box)
        form.addRow(self.lock_enabled)
        form.addRow(self.tr("New PIN or password"), self.pin)
        form.addRow(self.tr("Repeat"), self.pin_again)
        form.addRow(self.tr("Lock after idle"), self.idle_minutes)
        form.addRow(self.lock_message)
        form.addRow(self.save_lock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(encryption_box)
        layout.addWidget(lock_box)
        layout.addWidget(QLabel(self.tr(
            "The app lock only hides the window; whoever copies the database file can read it "
            "unless encryption is on."), wordWrap=True))

    def _switch_encryption(self) -> None:
        if self._running.workspace.key is None:
            title, text = self.tr("Turn encryption on"), self.tr(
                "The window closes, the database file is rewritten encrypted, and the window "
                "opens again (a large database takes a while).\n\nThen a recovery passphrase "
                "is shown once: write it down. Without it the data cannot be opened on another "
                "computer or after the system keyring is lost.\n\nContinue?")
        else:
            title, text = self.tr("Turn encryption off"), self.tr(
                "The window closes, the database file is rewritten unencrypted, and the window "
                "opens again.\n\nAfterwards anyone who copies the file can read your customers' "
                "data.\n\nContinue?")
        answer = QMessageBox.question(self, title, text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.close()
        # from the top of the event loop: the window this dialog belongs to is replaced
        QTimer.singleShot(0, lambda running=self._running: switch_encryption(running))

    def save_lock(self) -> None:
        pin = self.pin.text()
        if pin != self.pin_again.text():
            self.lock_message.setText(self.tr("The two PINs differ."))
            return
        minutes = self.idle_minutes.value()
        if self.lock_enabled.isChecked():
            def op(conn):
                return app_lock.set_lock(conn, pin=pin or None, idle_minutes=minutes)
        else:
            op = app_lock.remove_lock
        self._running.runner.run(self, op, on_done=lambda _result: self._reload_lock())

    def _reload_lock(self) -> None:
        def loaded(lock: app_lock.LockSettings | None) -> None:
            self._running.app_lock.configure(lock)
            self.pin.clear()
            self.pin_again.clear()
            self.lock_message.setText(self.tr("App lock saved.") if lock
                                      else self.tr("App lock turned off."))
        self._running.runner.call_on_db_thread(lambda ws: app_lock.load(ws.conn),
                                               on_done=loaded)
