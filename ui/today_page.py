"""今日 page: overdue tasks, today's tasks, today's posts, and contacts who need a touch."""

from __future__ import annotations

import html
import sqlite3
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop import reads, timefmt, today
from desktop.changes import Changes
from ui import labels
from ui.ops import OpRunner
from ui.page_reload import ReloadWhenShown

KindRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


class TaskDialog(QDialog):
    """A task's details, with 'done' and 'open contact'."""

    OPEN_CONTACT = 2

    def __init__(self, task: reads.TaskRow, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Task"))
        layout = QVBoxLayout(self)
        # The operator's own words are text, never markup ('<满100减20>' must show as typed).
        text = [f"<b>{html.escape(task.title)}</b>",
                html.escape(self.tr("Due: {0}").format(timefmt.local_text(task.due_at) or "-"))]
        if task.contact_name:
            text.append(html.escape(self.tr("Contact: {0}").format(task.contact_name)))
        if task.notes:
            text.append(html.escape(task.notes).replace("\n", "<br>"))
        body = QLabel("<br>".join(text))
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setWordWrap(True)
        layout.addWidget(body)
        buttons = QDialogButtonBox()
        done = buttons.addButton(self.tr("Mark done"), QDialogButtonBox.ButtonRole.AcceptRole)
        done.setObjectName("task_done")
        if task.contact_id is not None:
            open_button = buttons.addButton(self.tr("Open contact"),
                                            QDialogButtonBox.ButtonRole.ActionRole)
            open_button.clicked.connect(lambda: self.done(self.OPEN_CONTACT))
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class TodayPage(ReloadWhenShown, QWidget):
    open_contact = Signal(int)

    def __init__(self, runner: OpRunner, reader: sqlite3.Connection, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader
        self._heading = QLabel(objectName="today_heading")
        self._heading.setStyleSheet("font-size: 20px; font-weight: 600;")
        self.overdue = self._list("overdue_tasks")
        self.tasks = self._list("todays_tasks")
        self.posts = self._list("todays_posts")
        self.touch = self._list("needs_touch")
        self._boxes = {}
        grid = QGridLayout()
        for position, (key, widget) in enumerate((("overdue", self.overdue),
                                                  ("tasks", self.tasks),
                                                  ("posts", self.posts),
                                                  ("touch", self.touch))):
            box = QGroupBox()
            QVBoxLayout(box).addWidget(widget)
            self._boxes[key] = box
            grid.addWidget(box, position // 2, position % 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self._heading)
        layout.addLayout(grid)
        runner.changes_applied.connect(self.on_changes)
        self.reload()

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget(objectName=name)
        widget.setAlternatingRowColors(True)
        widget.itemActivated.connect(self._activated)
        return widget

    def on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.tasks or changes.moments or changes.contacts or changes.contact_detail:
            # Four queries over every contact: not after each edit made on another page, only
            # when this page is looked at again.
            self.reload_when_shown()

    def reload(self) -> None:
        overview = today.load_today(self._reader)
        now = datetime.now()
        self._heading.setText(self.tr("Today, {0}").format(now.strftime("%Y-%m-%d")))
        self._boxes["overdue"].setTitle(self.tr("Overdue tasks ({0})").format(
            overview.overdue_total))
        self._boxes["tasks"].setTitle(self.tr("Today's tasks ({0})").format(
            overview.todays_total))
        self._boxes["posts"].setTitle(self.tr("Today's moments posts ({0})").format(
            len(overview.todays_posts)))
        self._boxes["touch"].setTitle(
            self.tr("Need a touch: no interaction for {0} days ({1})").format(
                overview.quiet_days, overview.needs_touch_total))
        self._fill_tasks(self.overdue, overview.overdue_tasks, overdue=True)
        self._fill_tasks(self.tasks, overview.todays_tasks, overdue=False)
        self.posts.clear()
        for post in overview.todays_posts:
            first_line = post.body.splitlines()[0] if post.body else ""
            text = (f"{timefmt.local_text(post.planned_at)[11:]}  "
                    f"[{labels.label(labels.POST_STATUS_NAMES, post.status)}] "
                    f"{labels.label(labels.CONTENT_TYPE_NAMES, post.content_type)} · "
                    f"{post.account_name}  {first_line}")
            self._add(self.posts, text, "post", post.id)
        self.touch.clear()
        for row in overview.needs_touch:
            last = timefmt.local_text(row.last_interaction_at, with_time=False)
            text = (f"{row.display_name}  ·  {labels.label(labels.TIER_NAMES, row.tier)}  ·  "
                    + (self.tr("last interaction {0}").format(last) if last
                       else self.tr("never contacted")))
            self._add(self.touch, text, "contact", row.id)
        for widget, message in ((self.overdue, self.tr("Nothing overdue.")),
                                (self.tasks, self.tr("No tasks for today.")),
                                (self.posts, self.tr("No posts planned for today.")),
                                (self.touch, self.tr("Everyone has been contacted recently."))):
            if widget.count() == 0:
                item = QListWidgetItem(message)
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                widget.addItem(item)

    def _fill_tasks(self, widget: QListWidget, tasks: list[reads.TaskRow], *,
                    overdue: bool) -> None:
        widget.clear()
        for task in tasks:
            due = timefmt.local_text(task.due_at)
            who = f" · {task.contact_name}" if task.contact_name else ""
            item = self._add(widget, f"{due[5:] if overdue else due[11:]}  {task.title}{who}",
                             "task", task.id)
            if overdue:
                item.setForeground(QColor("#C62828"))

    @staticmethod
    def _add(widget: QListWidget, text: str, kind: str, item_id: int) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(KindRole, kind)
        item.setData(IdRole, item_id)
        widget.addItem(item)
        return item

    def _activated(self, item: QListWidgetItem) -> None:
        kind, item_id = item.data(KindRole), item.data(IdRole)
        if kind == "contact":
            self.open_contact.emit(item_id)
        elif kind == "task":
            self.open_task(item_id)
        elif kind == "post":
            QMessageBox.information(self, self.tr("Moments post"), item.text())

    def open_task(self, task_id: int) -> None:
        task = reads.task(self._reader, task_id)
        if task is None:
            return
        result = TaskDialog(task, self).exec()
        if result == QDialog.DialogCode.Accepted:
            self._runner.run(self, lambda conn: today.complete_task(conn, task_id=task_id))
        elif result == TaskDialog.OPEN_CONTACT:
            self.open_contact.emit(task.contact_id)
