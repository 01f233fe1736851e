"""任务 page: the tabs 今日 / 逾期 / 即将 / 已完成, and done / snooze / reschedule / cancel /
new / edit / open contact on the selected task — each one operation, one undo step.

Lists come from desktop.tasks.load_task_page on the read-only connection; every write goes
through OpRunner. The page reloads on changes to tasks or contacts (a trashed contact's tasks
leave the lists) — at once when shown, else when it is next shown.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop import reads, tasks, timefmt
from desktop.changes import Changes, OpResult
from ui.ops import OpRunner
from ui.page_reload import ReloadWhenShown
from ui.task_dialogs import (
    PRIORITY_NAMES,
    TaskEditDialog,
    WhenDialog,
    recurrence_text,
    tasks_text,
)

TABS = ("today", "overdue", "upcoming", "done")
SOURCE_NAMES = {"manual": QT_TRANSLATE_NOOP("Tasks", "Manual"),
                "sop": QT_TRANSLATE_NOOP("Tasks", "Automation rule"),
                "moments": QT_TRANSLATE_NOOP("Tasks", "Moments post")}
PRIORITY_COLORS = {1: QColor("#C62828"), 3: QColor("#78909C")}
OVERDUE_COLOR = QColor("#C62828")
LIMIT = 200


class TaskTableModel(QAbstractTableModel):
    """One tab's rows. Column 3 is the reminder, or on 已完成 when the task was done."""

    def __init__(self, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.rows: list[reads.TaskRow] = []

    def set_rows(self, rows: list[reads.TaskRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_of(self, task_id: int) -> int:
        return next((i for i, t in enumerate(self.rows) if t.id == task_id), -1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 8

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Task"), self.tr("Contact"), self.tr("Due"),
                self.tr("Done at") if self.kind == "done" else self.tr("Reminder"),
                self.tr("Priority"), self.tr("Repeat"), self.tr("Source"),
                self.tr("Suggested script"))[section]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        task = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(task, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 2 and self.kind == "overdue":
                return OVERDUE_COLOR
            if column == 4:
                return PRIORITY_COLORS.get(task.priority)
        if role == Qt.ItemDataRole.ToolTipRole:  # long notes and script titles in full
            return {0: task.notes, 7: task.script_title}.get(column) or None
        return None

    def _text(self, task: reads.TaskRow, column: int) -> str:
        if column == 0:
            return task.title + (self.tr(" (snoozed)") if task.status == "snoozed" else "")
        if column == 1:
            return task.contact_name
        if column == 2:
            return timefmt.local_text(task.due_at) or self.tr("No due time")
        if column == 3:
            return timefmt.local_text(task.done_at if self.kind == "done" else task.remind_at)
        if column == 4:
            return tasks_text(PRIORITY_NAMES.get(task.priority, ""))
        if column == 5:
            return recurrence_text(task.recurrence) if task.recurrence else ""
        if column == 6:
            name = SOURCE_NAMES.get(task.source)
            return tasks_text(name) if name else task.source
        return task.script_title


class TasksPage(ReloadWhenShown, QWidget):
    open_contact = Signal(int)

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, *,
                 clock: timefmt.Clock = timefmt.system_clock, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._clock = clock
        self.models: dict[str, TaskTableModel] = {}
        self.views: dict[str, QTableView] = {}
        self.tabs = QTabWidget(objectName="task_tabs")
        for kind in TABS:
            self.models[kind] = TaskTableModel(kind, self)
            self.views[kind] = self._view(kind)
            self.tabs.addTab(self.views[kind], "")
        self.tabs.currentChanged.connect(lambda _index: self._update_actions())
        self.more_label = QLabel(objectName="task_more")
        self.more_label.setStyleSheet("color: #607D8B;")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.more_label)
        runner.changes_applied.connect(self.on_changes)
        self.reload()

    def _view(self, kind: str) -> QTableView:
        view = QTableView(objectName=f"tasks_{kind}")
        view.setModel(self.models[kind])
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 130), (2, 130), (3, 130), (4, 60), (5, 80), (6, 80),
                              (7, 150)):
            view.setColumnWidth(column, width)
        view.doubleClicked.connect(lambda _index: self.edit_task())
        view.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        return view

    def _action(self, text: str, slot, *keys: str) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if keys:
            native = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({native})")
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> QToolBar:
        self.complete_action = self._action(self.tr("Done"), self.complete_task,
                                            "Ctrl+Return", "Ctrl+Enter", "D")
        self.snooze_menu = QMenu(self.tr("Snooze"), self)
        self.snooze_actions = {
            option: self.snooze_menu.addAction(text, lambda o=option: self.snooze_task(o))
            for option, text in (("15m", self.tr("15 minutes")), ("1h", self.tr("1 hour")),
                                 ("tomorrow", self.tr("Tomorrow 09:00")),
                                 ("pick", self.tr("Pick a time…")))}
        self.snooze_button = QToolButton(text=self.tr("Snooze"), objectName="snooze_button")
        self.snooze_button.setMenu(self.snooze_menu)
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.reschedule_action = self._action(self.tr("Reschedule…"), self.reschedule_task)
        self.cancel_action = self._action(self.tr("Cancel task"), self.cancel_task)
        self.new_action = self._action(self.tr("New task"), self.new_task, "Ctrl+N")
        self.edit_action = self._action(self.tr("Edit…"), self.edit_task, "F2")
        self.open_contact_action = self._action(self.tr("Open contact"), self.open_task_contact,
                                                "O")
        self.script_action = self._action(self.tr("Use a script…"), self.use_script, "Ctrl+K")
        self.export_action = QAction(self.tr("Export to calendar (.ics)…"), self)
        self.export_action.triggered.connect(
            lambda: export_tasks_to_calendar(self, self._runner, clock=self._clock))
        toolbar = QToolBar()
        toolbar.addAction(self.complete_action)
        toolbar.addWidget(self.snooze_button)
        toolbar.addActions([self.reschedule_action, self.cancel_action])
        toolbar.addSeparator()
        toolbar.addActions([self.new_action, self.edit_action, self.open_contact_action,
                            self.script_action])
        toolbar.addSeparator()
        toolbar.addAction(self.export_action)
        return toolbar

    # -- lists ---------------------------------------------------------------------------
    def on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.tasks or changes.contacts:
            self.reload_when_shown()

    def reload(self) -> None:
        """Refill the four tabs; the selected task stays selected where it still is."""
        current = self.current_task()
        keep = current.id if current else None
        keep_row = self.views[self.current_kind()].currentIndex().row()
        page = tasks.load_task_page(self._reader, clock=self._clock, limit=LIMIT)
        titles = {"today": self.tr("Today ({0})"), "overdue": self.tr("Overdue ({0})"),
                  "upcoming": self.tr("Upcoming ({0})"), "done": self.tr("Done ({0})")}
        more = []
        for position, kind in enumerate(TABS):
            shown: tasks.TaskList = getattr(page, kind)
            self.models[kind].set_rows(shown.rows)
            self.tabs.setTabText(position, titles[kind].format(shown.total))
            if shown.total > len(shown.rows):
                more.append(kind)
        self._select(keep, keep_row)
        self.more_label.setText(self.tr("Each tab shows its first {0} tasks.").format(LIMIT)
                                if more else "")
        self.more_label.setVisible(bool(more))
        self._update_actions()

    def _select(self, task_id: int | None, fallback_row: int) -> None:
        """Select `task_id` in the current tab, or the row that took its place (so after
        完成 the next task is ready for the next key press)."""
        kind = self.current_kind()
        model = self.models[kind]
        row = model.row_of(task_id) if task_id is not None else -1
        if row < 0 and model.rowCount():
            row = min(max(fallback_row, 0), model.rowCount() - 1)
        if row >= 0:
            self.views[kind].selectRow(row)

    def _show_task(self, task_id: int) -> None:
        """Go to the tab that lists `task_id` and select it (a new or moved task)."""
        for position, kind in enumerate(TABS):
            row = self.models[kind].row_of(task_id)
            if row >= 0:
                self.tabs.setCurrentIndex(position)
                self.views[kind].selectRow(row)
                return

    def current_kind(self) -> str:
        return TABS[self.tabs.currentIndex()]

    def current_task(self) -> reads.TaskRow | None:
        kind = self.current_kind()
        index = self.views[kind].currentIndex()
        if not index.isValid() or not self.views[kind].selectionModel().isSelected(index):
            return None
        return self.models[kind].rows[index.row()]

    def _update_actions(self) -> None:
        task = self.current_task()
        is_open = task is not None and task.status in ("open", "snoozed")
        for action in (self.complete_action, self.reschedule_action, self.cancel_action,
                       *self.snooze_actions.values()):
            action.setEnabled(is_open)
        self.snooze_button.setEnabled(is_open)
        self.edit_action.setEnabled(task is not None)
        self.open_contact_action.setEnabled(task is not None and task.contact_id is not None)
        self.script_action.setEnabled(task is not None and task.contact_id is not None)

    # -- actions -------------------------------------------------------------------------
    def _run(self, operation, *, follow: bool = False) -> None:
        """Run a task operation; with `follow`, show the task it returns (a created one) —
        the lists have been reloaded by then, on `changes_applied`."""
        def done(result: OpResult) -> None:
            if follow and result.value is not None:
                self._show_task(result.value)
        self._runner.run(self, operation, initiator=self, on_done=done)

    def complete_task(self) -> None:
        task = self.current_task()
        if task is not None and task.status in ("open", "snoozed"):
            self._run(lambda conn: tasks.complete_task(conn, task_id=task.id,
                                                       clock=self._clock))

    def snooze_task(self, option: str) -> None:
        task = self.current_task()
        if task is None:
            return
        until = ""
        if option == "pick":
            dialog = WhenDialog(self.tr("Snooze until"),
                                self.tr("Remind me of “{0}” again at:").format(task.title),
                                self._clock() + timedelta(hours=3), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            until = dialog.text()
        self._run(lambda conn: tasks.snooze_task(conn, task_id=task.id, option=option,
                                                 until=until, clock=self._clock))

    def reschedule_task(self) -> None:
        task = self.current_task()
        if task is None:
            return
        due = timefmt.from_db(task.due_at) if task.due_at else None
        initial = due if due and due > self._clock() else _tomorrow_at_nine(self._clock())
        dialog = WhenDialog(self.tr("Reschedule"),
                            self.tr("New due time for “{0}”:").format(task.title), initial, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        due_at = dialog.text()
        self._run(lambda conn: tasks.reschedule_task(conn, task_id=task.id, due_at=due_at))

    def cancel_task(self) -> None:
        task = self.current_task()
        if task is not None:
            self._run(lambda conn: tasks.cancel_task(conn, task_id=task.id))

    def new_task(self) -> None:
        dialog = TaskEditDialog(self._reader, now=self._clock(), parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.changes()
        self._run(lambda conn: tasks.create_task(conn, values=values, clock=self._clock),
                  follow=True)

    def edit_task(self) -> None:
        task = self.current_task()
        if task is None:
            return
        dialog = TaskEditDialog(self._reader, now=self._clock(), task=task, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        values = dialog.changes()
        if values:
            self._run(lambda conn: tasks.update_task(conn, task_id=task.id, values=values))

    def open_task_contact(self) -> None:
        task = self.current_task()
        if task is not None and task.contact_id is not None:
            self.open_contact.emit(task.contact_id)

    def use_script(self) -> None:
        """Ctrl+K: the script picker for the task's contact, the task's script first."""
        from ui.script_picker import open_script_picker
        task = self.current_task()
        if task is not None:
            open_script_picker(self, self._runner, self._reader, task.contact_id,
                               suggested_script_id=task.suggested_script_id)


def _tomorrow_at_nine(now: datetime) -> datetime:
    return datetime.combine(now.astimezone().date() + timedelta(days=1),
                            tasks.TOMORROW_AT).astimezone()


def export_tasks_to_calendar(parent: QWidget, runner: OpRunner, *,
                             clock: timefmt.Clock = timefmt.system_clock) -> None:
    """Ask where to save, write the .ics on the database thread, then say what to do with it."""
    title = QCoreApplication.translate("Tasks", "Export tasks to calendar")
    name = QCoreApplication.translate("Tasks", "Siyu tasks")
    chosen, _ = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / f"{name}.ics"),
        QCoreApplication.translate("Tasks", "Calendar files (*.ics)"))
    if not chosen:
        return
    path = Path(chosen) if chosen.lower().endswith(".ics") else Path(chosen + ".ics")
    text = QCoreApplication.translate(
        "Tasks", "Exported {0} tasks to\n{1}\n\nImport this file into your phone's calendar "
        "to get the reminders there too.")

    def export(conn: sqlite3.Connection) -> OpResult:
        from desktop import ics_export  # icalendar is imported on first export, not at start
        return OpResult(Changes(), value=ics_export.export_tasks_ics(conn, path, clock=clock))
    runner.run(parent, export, on_done=lambda result: QMessageBox.information(
        parent, title, text.format(result.value, path)))
