"""Dialogs of the task page: new/edit task, and "when?" (snooze to a picked time, reschedule).

They only gather values; the page runs the operation and OpRunner shows any validation message.
Times leave them as local text 'YYYY-MM-DD HH:MM', the form desktop/tasks.py reads.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop import reads, timefmt
from desktop.contact_query import ContactQuery, matching_ids

QT_FORMAT = "yyyy-MM-dd HH:mm"  # the Qt spelling of timefmt's local 'YYYY-MM-DD HH:MM'
PY_FORMAT = "%Y-%m-%d %H:%M"
CONTACT_RESULTS = 20

PRIORITY_NAMES = {
    1: QT_TRANSLATE_NOOP("Tasks", "High"),
    2: QT_TRANSLATE_NOOP("Tasks", "Normal"),
    3: QT_TRANSLATE_NOOP("Tasks", "Low"),
}
RECURRENCE_NAMES = {
    "": QT_TRANSLATE_NOOP("Tasks", "Does not repeat"),
    "daily": QT_TRANSLATE_NOOP("Tasks", "Every day"),
    "weekly": QT_TRANSLATE_NOOP("Tasks", "Every week"),
    "monthly": QT_TRANSLATE_NOOP("Tasks", "Every month"),
    "every": QT_TRANSLATE_NOOP("Tasks", "Every N days"),
}
# How long before the due time the reminder comes, in minutes (None: no reminder).
REMIND_LEADS = (0, 5, 15, 30, 60, 24 * 60, None)


def tasks_text(source: str) -> str:
    return QCoreApplication.translate("Tasks", source)


def recurrence_text(recurrence: str) -> str:
    """'every:3' → '每 3 天'; the named ones from RECURRENCE_NAMES."""
    if recurrence.startswith("every:"):
        days = recurrence.removeprefix("every:")
        return QCoreApplication.translate("Tasks", "Every {0} days").format(days)
    return tasks_text(RECURRENCE_NAMES.get(recurrence, recurrence))


def lead_text(minutes: int | None) -> str:
    if minutes is None:
        return QCoreApplication.translate("Tasks", "No reminder")
    if minutes == 0:
        return QCoreApplication.translate("Tasks", "At the due time")
    day, hour = 24 * 60, 60
    if minutes % day == 0:
        return QCoreApplication.translate("Tasks", "{0} day(s) before").format(minutes // day)
    if minutes % hour == 0:
        return QCoreApplication.translate("Tasks", "{0} hour(s) before").format(minutes // hour)
    return QCoreApplication.translate("Tasks", "{0} minutes before").format(minutes)


def to_qt(moment: datetime) -> QDateTime:
    return QDateTime.fromString(moment.astimezone().strftime(PY_FORMAT), QT_FORMAT)


def time_edit(initial: QDateTime, name: str) -> QDateTimeEdit:
    """A local date-time field with a calendar, minutes precision."""
    edit = QDateTimeEdit(initial, objectName=name, calendarPopup=True)
    edit.setDisplayFormat(QT_FORMAT)
    return edit


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class WhenDialog(QDialog):
    """Asks for one local time: where to snooze a task to, or its new due time."""

    def __init__(self, title: str, prompt: str, initial: datetime,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.when = time_edit(to_qt(initial), "when")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, wordWrap=True))
        layout.addWidget(self.when)
        layout.addWidget(_buttons(self))
        self.setMinimumWidth(320)

    def text(self) -> str:
        return self.when.dateTime().toString(QT_FORMAT)


class ContactPicker(QWidget):
    """A search box and the matching contacts; 'no contact' is always the first choice.

    Reads on the UI thread with the read-only connection, a moment after typing stops: the
    list holds 20 names, so one query per pause stays short even at 100,000 contacts."""

    def __init__(self, reader: sqlite3.Connection, *, contact_id: int | None, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._reader = reader
        self.search = QLineEdit(objectName="task_contact_search", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search: name, pinyin, phone…"))
        self.choice = QComboBox(objectName="task_contact")
        self.choice.setMinimumContentsLength(14)
        self._fill([] if contact_id is None else [(contact_id, name)], keep=contact_id)
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.find)
        self.search.textEdited.connect(lambda _text: self._debounce.start())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.choice, 1)

    def contact_id(self) -> int | None:
        return self.choice.currentData()

    def find(self) -> None:
        """Offer the first matches of the search text (the chosen contact stays offered)."""
        text = self.search.text().strip()
        current = (self.contact_id(), self.choice.currentText())
        found: list[tuple[int, str]] = []
        if text:
            ids = list(matching_ids(self._reader, ContactQuery(text=text))[:CONTACT_RESULTS])
            rows = reads.contact_rows(self._reader, ids)
            found = [(i, _contact_label(rows[i])) for i in ids if i in rows]
        kept = [current] if current[0] is not None and current[0] not in dict(found) else []
        self._fill(kept + found, keep=found[0][0] if found else current[0])

    def _fill(self, contacts: list[tuple[int, str]], *, keep: int | None) -> None:
        self.choice.clear()
        self.choice.addItem(self.tr("(no contact)"), None)
        for contact_id, label in contacts:
            self.choice.addItem(label, contact_id)
        self.choice.setCurrentIndex(max(0, self.choice.findData(keep)))


def _contact_label(row: reads.ListRow) -> str:
    return f"{row.remark}（{row.nickname}）" if row.remark else row.nickname


class TaskEditDialog(QDialog):
    """New task, or edit one. `changes()` gives only what the operator changed, so saving an
    untouched field never rewrites it (stored times may carry seconds the form does not show)."""

    def __init__(self, reader: sqlite3.Connection, *, now: datetime,
                 task: reads.TaskRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._task = task
        self.setWindowTitle(self.tr("Edit task") if task else self.tr("New task"))
        form = QFormLayout(self)
        self.title = QLineEdit(task.title if task else "", objectName="task_title")
        self.title.setPlaceholderText(self.tr("e.g. Call back about the order"))
        self.contact = ContactPicker(reader, contact_id=task.contact_id if task else None,
                                     name=task.contact_name if task else "")
        due = timefmt.from_db(task.due_at) if task and task.due_at else (
            now.astimezone().replace(minute=0, second=0, microsecond=0) + timedelta(hours=1))
        self.has_due = QCheckBox(self.tr("Due time"), objectName="task_has_due",
                                 checked=task is None or task.due_at is not None)
        self.due = time_edit(to_qt(due), "task_due")
        self.has_due.toggled.connect(self._due_toggled)
        self.remind = QComboBox(objectName="task_remind")
        lead = self._lead_of(task)
        for minutes in sorted({*REMIND_LEADS[:-1], lead} - {None}) + [None]:
            self.remind.addItem(lead_text(minutes), minutes)
        self.remind.setCurrentIndex(self.remind.findData(lead))
        self.priority = QComboBox(objectName="task_priority")
        for code, name in PRIORITY_NAMES.items():
            self.priority.addItem(tasks_text(name), code)
        self.priority.setCurrentIndex(self.priority.findData(task.priority if task else 2))
        self.recurrence = QComboBox(objectName="task_recurrence")
        for code in RECURRENCE_NAMES:
            self.recurrence.addItem(recurrence_text(code), code)
        recurrence = task.recurrence if task else ""
        self.every_days = QSpinBox(objectName="task_every_days", minimum=1, maximum=365,
                                   suffix=self.tr(" days"))
        if recurrence.startswith("every:"):
            self.every_days.setValue(int(recurrence.removeprefix("every:")))
            recurrence = "every"
        self.recurrence.setCurrentIndex(self.recurrence.findData(recurrence))
        self.recurrence.currentIndexChanged.connect(self._recurrence_changed)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.recurrence, 1)
        repeat_row.addWidget(self.every_days)
        self.notes = QPlainTextEdit(task.notes if task else "", objectName="task_notes")
        self.notes.setFixedHeight(80)

        form.addRow(self.tr("Task *"), self.title)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.has_due, self.due)  # unticked: a task with no due time
        form.addRow(self.tr("Reminder"), self.remind)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow(self.tr("Repeat"), repeat_row)
        form.addRow(self.tr("Notes"), self.notes)
        if task and task.script_title:
            form.addRow(self.tr("Suggested script"), QLabel(task.script_title))
        form.addRow(_buttons(self))
        self.setMinimumWidth(460)
        self._due_toggled(self.has_due.isChecked())
        self._recurrence_changed()
        self._initial = self.values()

    @staticmethod
    def _lead_of(task: reads.TaskRow | None) -> int | None:
        if task is None:
            return 0
        if task.remind_at is None or task.due_at is None:
            return None
        lead = timefmt.from_db(task.due_at) - timefmt.from_db(task.remind_at)
        return max(0, round(lead / timedelta(minutes=1)))

    def _due_toggled(self, on: bool) -> None:
        # A reminder is set relative to the due time, so without one there is none.
        self.due.setEnabled(on)
        self.remind.setEnabled(on)

    def _recurrence_changed(self) -> None:
        self.every_days.setVisible(self.recurrence.currentData() == "every")

    def values(self) -> dict[str, object]:
        """Every field as desktop.tasks takes it."""
        due = self.due.dateTime().toPython() if self.has_due.isChecked() else None
        lead = self.remind.currentData()
        recurrence = self.recurrence.currentData()
        return {
            "title": self.title.text(),
            "contact_id": self.contact.contact_id(),
            "due_at": due.strftime(PY_FORMAT) if due else "",
            "remind_at": (due - timedelta(minutes=lead)).strftime(PY_FORMAT)
            if due and lead is not None else "",
            "priority": self.priority.currentData(),
            "recurrence": f"every:{self.every_days.value()}" if recurrence == "every"
            else recurrence,
            "notes": self.notes.toPlainText(),
        }

    def changes(self) -> dict[str, object]:
        """A new task: every field; an edited one: those that differ from when it opened."""
        values = self.values()
        if self._task is None:
            return values
        return {k: v for k, v in values.items() if v != self._initial[k]}
