"""The app lock on screen: a PIN dialog over the main window, whose contents are hidden while
it is locked, and the idle timer that locks it again.

A screen guard, not encryption (see desktop/app_lock.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
)

from desktop.app_lock import LockSettings

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
             QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class LockScreen(QDialog):
    """Asks for the PIN. It cannot be closed without it; "退出" quits instead."""

    def __init__(self, window: QMainWindow, lock: LockSettings) -> None:
        super().__init__(window)
        self._lock = lock
        self._unlocked = False
        self.setWindowTitle(self.tr("Locked"))
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.pin = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(self.tr("PIN or password"))
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020")
        self.unlock_button = QPushButton(self.tr("Unlock"), default=True)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.unlock_button.clicked.connect(self.try_unlock)
        self.pin.returnPressed.connect(self.try_unlock)
        self.quit_button.clicked.connect(self._quit)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Siyu Workstation is locked. Enter the PIN to continue.")))
        layout.addWidget(self.pin)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def try_unlock(self) -> None:
        if self._lock.accepts(self.pin.text()):
            self._unlocked = True
            self.accept()
            return
        self.pin.clear()
        self.message.setText(self.tr("Wrong PIN. Try again."))

    def _quit(self) -> None:
        self._unlocked = True  # lets the dialog close; the window then closes and the app quits
        self.reject()
        self.parent().close()

    def reject(self) -> None:
        """Esc does nothing while locked."""
        if self._unlocked:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            super().closeEvent(event)
        else:
            event.ignore()


class AppLock(QObject):
    """Locks `window` now (if a PIN is set) and after the idle minutes without a key press or
    mouse movement anywhere in the application (an application-wide event filter restarts a
    single-shot timer). Without a PIN no filter is installed: every event of the application
    would pass through Python for nothing."""

    def __init__(self, window: QMainWindow, lock: LockSettings | None) -> None:
        super().__init__(window)
        self._window = window
        self.screen: LockScreen | None = None
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.lock_now)
        self.configure(lock)

    def configure(self, lock: LockSettings | None) -> None:
        """A new PIN or idle time (from the settings), or None to switch the lock off."""
        self.settings = lock
        self.timer.stop()
        app = QApplication.instance()
        app.removeEventFilter(self)  # Qt also drops it when this object is destroyed
        if lock is not None:
            app.installEventFilter(self)
            self.timer.setInterval(lock.idle_minutes * 60_000)
            self.timer.start()

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def lock_now(self) -> None:
        if self.settings is None or self.locked:
            return
        central = self._window.centralWidget()
        central.hide()  # the data is not merely covered: it is not painted at all
        self._window.menuBar().setEnabled(False)
        self.screen = LockScreen(self._window, self.settings)
        self.screen.accepted.connect(self._unlocked)
        self.screen.open()
        self.screen.pin.setFocus()

    def _unlocked(self) -> None:
        self.screen.deleteLater()
        self.screen = None
        self._window.centralWidget().show()
        self._window.menuBar().setEnabled(True)
        self.configure(self.settings)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.settings is not None and not self.locked:
            self.timer.start()
        return False
