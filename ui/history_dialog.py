"""操作记录: the undo history by name, newest first; undo back to any step in one go."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from ui.ops import OpRunner


class HistoryDialog(QDialog):
    """Lists steps that can be undone (and, greyed, those that can be redone)."""

    def __init__(self, runner: OpRunner, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.setWindowTitle(self.tr("Edit history"))
        self.resize(460, 420)
        self.steps = QListWidget(objectName="history_steps")
        self.undo_button = QPushButton(self.tr("Undo back to the selected step"),
                                       objectName="undo_to_step", enabled=False)
        self.undo_button.clicked.connect(self.undo_to_selected)
        self.steps.currentRowChanged.connect(self._selection_changed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Newest first. Undoing a step also undoes every step "
                                        "above it.")))
        layout.addWidget(self.steps)
        layout.addWidget(self.undo_button)
        layout.addWidget(buttons)
        self._undoable = self._redone = 0
        runner.undo_state_changed.connect(lambda *_: self.reload())
        self.reload()

    def reload(self) -> None:
        self._runner.call_on_db_thread(lambda ws: ws.undo_stack.history(), on_done=self._show)

    def _show(self, history: tuple[list[str], list[str]]) -> None:
        undo_labels, redo_labels = history
        self.steps.clear()
        grey = QBrush(QColor("#9E9E9E"))
        for label in reversed(redo_labels):
            item = QListWidgetItem(self.tr("(undone) {0}").format(label))
            item.setForeground(grey)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.steps.addItem(item)
        for label in undo_labels:
            self.steps.addItem(QListWidgetItem(label))
        self._undoable = len(undo_labels)
        self._redone = len(redo_labels)
        self._selection_changed(self.steps.currentRow())

    def _selection_changed(self, row: int) -> None:
        self.undo_button.setEnabled(row >= self._redone and self._undoable > 0)

    def undo_to_selected(self) -> None:
        """Undo the selected step and every newer one, one operation at a time, in order."""
        steps = self.steps.currentRow() - self._redone + 1
        for _ in range(max(0, steps)):
            self._runner.undo(self)


def open_history(parent, runner: OpRunner) -> None:
    HistoryDialog(runner, parent).exec()
