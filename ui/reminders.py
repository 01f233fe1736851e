"""The loops that run while the window is open: task reminders (tray message, navigation
badge) and the automatic rules (运行自动规则).

When and what to remind is desktop.reminders.ReminderSchedule with an injected clock; this
module only keeps one single-shot timer set to its `next_delay_ms` and shows what `due` gives.
Where the desktop has no system tray (some Linux desktops, the offscreen tests) the messages go
to the status bar instead.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QSystemTrayIcon

from desktop import timefmt
from desktop.changes import Changes
from desktop.reminders import ReminderSchedule
from desktop.sop import run_sop
from ui.ops import OpRunner

if TYPE_CHECKING:
    from ui.main_window import MainWindow

MESSAGE_MS = 15_000             # how long a tray message stays
STATUS_MS = 10 * 60_000         # a reminder in the status bar, where it is easier to miss
RULES_EVERY_MS = 60 * 60_000    # birthdays come due at midnight, quiet spells by the hour
RULES_SETTLE_MS = 10_000        # edits come in bursts (tagging): one run after the last
NAMES_IN_ONE_MESSAGE = 3


class TaskReminders(QObject):
    """Reminders of one app run: `start` once (one summary of what came due while closed),
    then every remind time fires once, on time. UI thread only; reads the read-only
    connection."""

    def __init__(self, window: MainWindow, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._window = window
        self._reader = reader
        self._schedule = ReminderSchedule(clock=clock)
        self.started = False
        self.timer = QTimer(self, singleShot=True, timerType=Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.fire)
        self.tray = self._make_tray() if QSystemTrayIcon.isSystemTrayAvailable() else None
        runner.changes_applied.connect(self._on_changes)

    def _make_tray(self) -> QSystemTrayIcon:
        icon = self._window.windowIcon()
        if icon.isNull():
            icon = QIcon.fromTheme("appointment-soon", self._window.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxInformation))
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip(QApplication.applicationDisplayName())
        menu = QMenu(self._window)
        menu.addAction(self.tr("Show tasks"), self.show_tasks)
        menu.addAction(self.tr("Quit"), self._window.close)
        tray.setContextMenu(menu)
        tray.activated.connect(lambda _reason: self.show_tasks())
        tray.messageClicked.connect(self.show_tasks)
        tray.show()
        return tray

    def start(self) -> None:
        """One summary for the reminders that came due while the app was closed, the badge,
        and the timer."""
        missed = self._schedule.start(self._reader)
        self.started = True
        if missed.count:
            self._notify(self.tr("Reminders while you were away"), missed.message())
        self._refresh()

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def fire(self) -> None:
        """The timer's moment: show what is due now (one message for several), then re-arm."""
        due = self._schedule.due(self._reader)
        if len(due) == 1:
            task = due[0]
            lines = [task.title]
            if task.contact_name:
                lines.append(self.tr("Contact: {0}").format(task.contact_name))
            if task.due_at:
                lines.append(self.tr("Due: {0}").format(timefmt.local_text(task.due_at)))
            self._notify(self.tr("Task reminder"), "\n".join(lines))
        elif due:
            names = "、".join(t.title for t in due[:NAMES_IN_ONE_MESSAGE])
            more = self.tr(" and more") if len(due) > NAMES_IN_ONE_MESSAGE else ""
            self._notify(self.tr("{0} task reminders").format(len(due)), names + more)
        self._refresh()

    def show_tasks(self) -> None:
        self._window.raise_to_front()
        self._window.show_tasks()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        # A new, snoozed or rescheduled task moves the next wake-up; a trashed contact's
        # tasks leave the badge.
        if self.started and (changes.tasks or changes.contacts):
            self._refresh()

    def _refresh(self) -> None:
        count = self._schedule.badge_count(self._reader)
        self._window.set_task_badge(count)
        if self.tray is not None:
            self.tray.setToolTip(self.tr("{0} — {1} tasks to do now").format(
                QApplication.applicationDisplayName(), count) if count
                else QApplication.applicationDisplayName())
        self.timer.start(self._schedule.next_delay_ms(self._reader))

    def _notify(self, title: str, text: str) -> None:
        if self.tray is not None:
            self.tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information,
                                  MESSAGE_MS)
        else:
            self._window.statusBar().showMessage(f"{title}：{text}".replace("\n", "  "),
                                                 STATUS_MS)
        QApplication.alert(self._window)


class AutoRules(QObject):
    """运行自动规则 on the database thread: when asked (after the window shows), hourly, and a
    moment after edits of contacts, orders, interactions, tags or layers (the triggers)."""

    def __init__(self, window: MainWindow, runner: OpRunner, *,
                 clock: timefmt.Clock = timefmt.system_clock, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._window = window
        self._runner = runner
        self._clock = clock
        self.hourly_timer = QTimer(self, interval=RULES_EVERY_MS)
        self.hourly_timer.timeout.connect(self.run)
        self.settle_timer = QTimer(self, singleShot=True, interval=RULES_SETTLE_MS)
        self.settle_timer.timeout.connect(self.run)
        runner.changes_applied.connect(self._on_changes)

    def run(self, then: Callable[[], None] | None = None) -> None:
        """Run the rules; `then` afterwards, whether they ran or failed. A failure goes to the
        status bar: this runs unasked, hourly, so a message box would keep coming back."""
        def failed(error: BaseException) -> None:
            self._window.statusBar().showMessage(
                self.tr("Automation rules could not run: {0}").format(error), STATUS_MS)
            if then:
                then()
        self.hourly_timer.start()
        self._runner.run(None, lambda conn: run_sop(conn, clock=self._clock),
                         on_done=lambda _result: then() if then else None, on_error=failed)

    def stop(self) -> None:
        self.hourly_timer.stop()
        self.settle_timer.stop()

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        # The hourly timer runs from the first run until stop(): the loop is on.
        if self.hourly_timer.isActive() and (changes.contacts or changes.contact_detail
                                        or changes.tags or changes.tiers):
            self.settle_timer.start()


class TaskLoops(QObject):
    """Both loops of one window; they stop when the window closes, before the database
    thread does."""

    def __init__(self, window: MainWindow, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__(window)
        self._stopped = False
        self.reminders = TaskReminders(window, runner, reader, clock=clock, parent=self)
        self.rules = AutoRules(window, runner, clock=clock, parent=self)
        window.installEventFilter(self)

    def start(self) -> None:
        """The rules first, so tasks they owe since the last run are in the first summary."""
        self.rules.run(then=lambda: None if self._stopped else self.reminders.start())

    def stop(self) -> None:
        self._stopped = True
        self.rules.stop()
        self.reminders.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.stop()
        return False
