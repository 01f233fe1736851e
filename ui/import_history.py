"""导入记录: every import batch, and undoing one of them — after a restart too, when Ctrl+Z
no longer reaches it (batches are kept in the database, the undo stack only in memory)."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop import snapshots, timefmt
from desktop.changes import Changes
from desktop.importing import batches
from ui.layering_settings import recompute_all
from ui.ops import OpRunner

BatchRole = Qt.ItemDataRole.UserRole + 1


class ImportHistoryDialog(QDialog):
    def __init__(self, runner: OpRunner, reader_conn: sqlite3.Connection,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._reader = reader_conn
        self.setWindowTitle(self.tr("Import history"))
        self.list = QTreeWidget(objectName="import_batches")
        self.list.setHeaderLabels([self.tr("Time"), self.tr("Type"), self.tr("File"),
                                   self.tr("Rows"), self.tr("Created"), self.tr("Merged"),
                                   self.tr("Rejected"), self.tr("State")])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setUniformRowHeights(True)
        self.list.currentItemChanged.connect(self._update_button)
        self.empty = QLabel(self.tr("No file has been imported yet."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.undo_button = QPushButton(self.tr("Undo this import…"), objectName="undo_batch")
        self.undo_button.clicked.connect(self.undo_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(860, 420)
        # Connected to this dialog's own slot, so the connection ends when the dialog closes.
        runner.changes_applied.connect(self._changes_applied)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        kinds = {"contacts": self.tr("Contacts"), "orders": self.tr("Orders")}
        for batch in batches.list_batches(self._reader):
            state = (self.tr("Undone {0}").format(timefmt.local_text(batch.undone_at))
                     if batch.undone_at else self.tr("Imported"))
            item = QTreeWidgetItem([
                timefmt.local_text(batch.started_at), kinds.get(batch.kind, batch.kind),
                batch.file_name, f"{batch.row_count:,}", f"{batch.created:,}",
                f"{batch.merged:,}", f"{batch.rejected:,}", state])
            item.setData(0, BatchRole, batch)
            item.setToolTip(2, batch.file_name)
            for column in range(3, 7):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                      | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        has_any = self.list.topLevelItemCount() > 0
        self.list.setVisible(has_any)
        self.empty.setVisible(not has_any)
        if has_any:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self._update_button()

    def _changes_applied(self, _changes: Changes, _initiator: object) -> None:
        self.reload()  # a batch was undone (here, or its Ctrl+Z step)

    def _selected(self) -> batches.BatchInfo | None:
        item = self.list.currentItem()
        return item.data(0, BatchRole) if item is not None else None

    def _update_button(self) -> None:
        batch = self._selected()
        self.undo_button.setEnabled(batch is not None and not batch.undone_at)

    def undo_selected(self) -> None:
        """Asks first with the counts: undoing an import deletes people and cannot be redone."""
        batch = self._selected()
        if batch is None or batch.undone_at:
            return
        if batch.kind == "contacts":
            text = self.tr("This deletes the {0} contacts this import created, and restores the "
                           "fields and tags of the {1} contacts it merged into.") \
                .format(batch.created, batch.merged)
            if snapshots.recorded_by(self._reader, batch.id):
                text += " " + self.tr(
                    "It was a full export: the friends it marked lost are no longer marked, "
                    "those it found re-added are marked lost again, and its open welcome tasks "
                    "are removed.")
        else:
            text = self.tr("This deletes the {0} orders this import added.").format(batch.created)
        text += "\n\n" + self.tr("Undo import #{0} of “{1}”? This cannot be undone.") \
            .format(batch.id, batch.file_name)
        answer = QMessageBox.question(self, self.tr("Undo this import"), text,
                                      QMessageBox.StandardButton.Yes
                                      | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        batch_id = batch.id
        self._runner.run(self, lambda conn: batches.undo_batch(conn, batch_id=batch_id),
                         on_done=lambda _result: recompute_all(self, self._runner))


def open_import_history(parent: QWidget, runner: OpRunner,
                        reader_conn: sqlite3.Connection) -> ImportHistoryDialog:
    dialog = ImportHistoryDialog(runner, reader_conn, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
