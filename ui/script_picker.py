"""Use a script for a contact (Ctrl+K): search, see the text rendered for this person, fix any
placeholder left, Enter → clipboard + "话术已发送" logged + usage counted.

Reads on the UI thread through `reader`; the one write (use_script) runs on the database
thread. Copying is refused while a placeholder is unknown or empty: never a literal {昵称}.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import pressure, script_settings, scripts, sequences, timefmt
from desktop.contacts import display_name, load_detail
from desktop.placeholders import Rendered, render
from ui.ops import OpRunner

ScriptRole = Qt.ItemDataRole.UserRole


def _qt_position(text: str, index: int) -> int:
    """Qt counts UTF-16 units: an emoji before a placeholder is two of them, one in Python."""
    return len(text[:index].encode("utf-16-le")) // 2


def highlight_problems(editor: QTextEdit, rendered: Rendered) -> None:
    """Mark each unknown/empty placeholder of the editor's text in red on yellow."""
    marks = []
    fmt = QTextCharFormat()
    fmt.setBackground(QColor("#FFE082"))
    fmt.setForeground(QColor("#C62828"))
    for problem in rendered.problems:
        selection = QTextEdit.ExtraSelection()
        cursor = editor.textCursor()
        cursor.setPosition(_qt_position(rendered.text, problem.start))
        cursor.setPosition(_qt_position(rendered.text, problem.end), cursor.MoveMode.KeepAnchor)
        selection.cursor, selection.format = cursor, fmt
        marks.append(selection)
    editor.setExtraSelections(marks)


class ScriptPicker(QDialog):
    def __init__(self, parent: QWidget | None, runner: OpRunner, reader: sqlite3.Connection,
                 contact_id: int, *, suggested_script_id: int | None = None,
                 clock: timefmt.Clock = timefmt.system_clock) -> None:
        super().__init__(parent, objectName="script_picker")
        self._runner, self._reader, self._clock = runner, reader, clock
        self.contact = load_detail(reader, contact_id).record
        self._settings = script_settings.load(reader)
        self._suggested = suggested_script_id
        self._next_steps = {s.script_id: s for s in sequences.next_steps(reader, self.contact)}
        self.setWindowTitle(self.tr("Use a script for {0}").format(display_name(self.contact)))
        self.resize(640, 560)

        self.search = QLineEdit(objectName="script_search", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr(
            "Type a few letters, pinyin initials or the shortcut keyword; Enter copies"))
        self.search.textChanged.connect(self.reload)
        self.search.returnPressed.connect(self.copy_and_log)
        self.search.installEventFilter(self)
        self.list = QListWidget(objectName="script_list")
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        self.list.itemActivated.connect(lambda _item: self.copy_and_log())
        self.editor = QTextEdit(objectName="script_text", acceptRichText=False)
        self.editor.textChanged.connect(self._check)
        self.problems = QLabel(objectName="script_problems", wordWrap=True)
        self.problems.setStyleSheet("color: #C62828;")
        self.pressure = QLabel(objectName="script_pressure", wordWrap=True)
        self.pressure.setStyleSheet("color: #E65100;")
        self._show_pressure()
        self.copy_button = QPushButton(self.tr("Copy and log (Enter)"), default=True)
        self.copy_button.clicked.connect(self.copy_and_log)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.copy_and_log)

        layout = QVBoxLayout(self)
        layout.addWidget(self.pressure)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 2)
        layout.addWidget(QLabel(self.tr("Text to send (edit freely; marked placeholders must be "
                                        "filled or removed):")))
        layout.addWidget(self.editor, 2)
        layout.addWidget(self.problems)
        layout.addWidget(self.copy_button)
        self.rendered = Rendered("", ())
        self.reload()

    def _show_pressure(self) -> None:
        """A warning line when this contact is at the weekly limit (sending is still allowed:
        the operator decides)."""
        contact_id = self.contact.id
        limit = pressure.load_limit(self._reader)
        sent = pressure.touches_this_week(self._reader, [contact_id], clock=self._clock)[contact_id]
        self.pressure.setText(self.tr(
            "Already messaged {0} times in the last 7 days; one more goes over the weekly limit "
            "of {1}. You can still send.").format(sent, limit) if sent >= limit else "")
        self.pressure.setVisible(sent >= limit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down in the search field move through the list, so hands stay on the keys."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            row = max(0, min(self.list.count() - 1, self.list.currentRow() + step))
            self.list.setCurrentRow(row)
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        """The matching scripts: a sequence's next step and the task's script first, then
        favourites and scripts aimed at this contact's tier/stage (when nothing is typed)."""
        text = self.search.text()
        found = scripts.search_scripts(self._reader, text=text)
        if not text.strip():
            found = scripts.for_contact(found, self.contact)
        first = {sid for sid in (self._suggested, *self._next_steps) if sid is not None}
        found.sort(key=lambda s: s.id not in first)
        self.list.clear()
        for script in found:
            step = self._next_steps.get(script.id)
            prefix = (self.tr("Next: {0} step {1} · ").format(step.sequence_name, step.position)
                      if step else "")
            star = "★ " if script.favourite else ""
            shortcut = f"  [{script.shortcut}]" if script.shortcut else ""
            item = QListWidgetItem(f"{prefix}{star}{script.title}  ·  {script.category}{shortcut}")
            item.setData(ScriptRole, script)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        if not found:
            self.editor.clear()

    def current_script(self) -> scripts.ScriptRow | None:
        item = self.list.currentItem()
        return item.data(ScriptRole) if item else None

    def _show_current(self) -> None:
        script = self.current_script()
        if script is not None:
            self.editor.setPlainText(render(script.body, self.contact, self._settings,
                                            clock=self._clock).text)

    def _check(self) -> None:
        """Re-render what is in the editor: placeholders typed by hand are filled at copy."""
        self.rendered = render(self.editor.toPlainText(), self.contact, self._settings,
                               clock=self._clock)
        highlight_problems(self.editor, self.rendered)
        self.problems.setText("\n".join(p.message for p in self.rendered.problems))
        self.copy_button.setEnabled(self.rendered.ready and bool(self.rendered.text.strip()))

    def copy_and_log(self) -> None:
        script = self.current_script()
        if script is None:
            return
        if not self.rendered.ready:
            first = self.rendered.problems[0]
            cursor = self.editor.textCursor()
            cursor.setPosition(_qt_position(self.rendered.text, first.start))
            cursor.setPosition(_qt_position(self.rendered.text, first.end),
                               cursor.MoveMode.KeepAnchor)
            self.editor.setTextCursor(cursor)
            self.editor.setFocus()
            return
        text = self.rendered.text
        QGuiApplication.clipboard().setText(text)
        contact_id, clock = self.contact.id, self._clock
        self._runner.run(self.parentWidget(), lambda conn: scripts.use_script(
            conn, script_id=script.id, contact_id=contact_id, text=text, clock=clock))
        self.accept()


def open_script_picker(parent: QWidget, runner: OpRunner, reader: sqlite3.Connection,
                       contact_id: int | None, *, suggested_script_id: int | None = None
                       ) -> ScriptPicker | None:
    """Open the picker over `parent` for a contact (nothing happens without one)."""
    if contact_id is None:
        return None
    picker = ScriptPicker(parent, runner, reader, contact_id,
                          suggested_script_id=suggested_script_id)
    picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    picker.open()
    picker.search.setFocus()
    return picker
